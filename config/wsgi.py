import os

from django.core.wsgi import get_wsgi_application

from config.gc_tuning import tune

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
tune()  # after the app is loaded: its objects are what the freeze should cover

"""Celery application. Tasks live in each app's ``tasks.py`` and are autodiscovered.

Without a broker configured (see settings) tasks run eagerly, in the calling process.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("shouxian")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

"""Settings, 12-factor: everything that differs between machines comes from the environment.

With no environment at all the project runs embedded: SQLite file, no broker, Celery tasks
executed eagerly, DEBUG on. Production sets SECRET_KEY, DATABASE_URL and REDIS_URL
(see .env.example).
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from config.envparse import parse_bool, weak_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def env_bool(name: str, default: bool) -> bool:
    return parse_bool(name, env.str(name, default=None), default)


DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not DEBUG and weak_secret_key(SECRET_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY is missing or weak: with DEBUG off it must be at least 50 random characters. "
        'Generate one: python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )
if not SECRET_KEY:
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    "axes",
    "csp",
    # Shouxian
    "common",
    "regions",
    "accounts",
    "households",
    "monitoring",
    "assistance",
    "appeals",
    "employment",
    "microcredit",
    "relocation",
    "indicators",
    "assets",
    "clues",
    "grading",
    "ledgers",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A form page re-shown after a 409 refusal (已被他人修改) answers 409 (common/actions.py).
    "common.actions.RefusalStatusMiddleware",
    # /api/ answers JSON for errors DRF does not handle (500, database down → 503).
    "config.errors.ApiErrorMiddleware",
    # Last, as django-axes requires: turns a lockout into its page (or JSON under /api/).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "common.navigation.navigation",
            ],
        },
    }
]

# Database: SQLite file by default (WAL + busy timeout so the dev server and an eager task
# don't trip over each other); DATABASE_URL for PostgreSQL.
SQLITE_PATH = BASE_DIR / "db.sqlite3"
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{SQLITE_PATH}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["ATOMIC_REQUESTS"] = False  # services own their transactions
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out login before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 3600)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)

LANGUAGE_CODE = "zh-hans"
# One language: a browser asking for English still gets the Chinese UI, never a mix of the two.
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
PAGE_SIZE = 25

# Redis: broker and cache when REDIS_URL is set; otherwise eager tasks and a local cache.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# Periodic jobs. Each app's tasks are thin and idempotent, so a beat that fires twice is harmless.
CELERY_BEAT_SCHEDULE: dict = {
    "healthcheck-heartbeat": {
        "task": "common.tasks.heartbeat",
        "schedule": timedelta(minutes=5),
    },
    # -- monitoring --
    # Quarterly risk review (风险专题研判): open rounds on each quarter's first day, remind weekly,
    # escalate to the township on the quarter's last day (the task finds which day that is).
    "monitoring-open-review-rounds": {
        "task": "monitoring.tasks.open_review_rounds",
        "schedule": crontab(minute=10, hour=1, day_of_month=1, month_of_year="1,4,7,10"),
    },
    "monitoring-remind-review-rounds": {
        "task": "monitoring.tasks.remind_review_rounds",
        "schedule": crontab(minute=0, hour=8, day_of_week="mon"),
    },
    "monitoring-escalate-review-rounds": {
        "task": "monitoring.tasks.escalate_review_rounds",
        "schedule": crontab(minute=0, hour=18, day_of_month="28-31", month_of_year="3,6,9,12"),
    },
    "monitoring-quality-checks": {
        "task": "monitoring.tasks.run_quality_checks",
        "schedule": crontab(minute=30, hour=2),
    },
    # -- households: duplicate candidates (疑似重复), every county --
    "households-find-duplicates": {
        "task": "households.tasks.find_duplicates_nightly",
        "schedule": crontab(minute=30, hour=1),
    },
    # -- grading --
    "grading-recompute-grades": {
        "task": "grading.tasks.recompute_grades",
        "schedule": crontab(minute=0, hour=2),
    },
    "grading-escalate-overdue-visits": {
        "task": "grading.tasks.escalate_overdue_visits",
        "schedule": crontab(minute=0, hour=7),
    },
    # Area alerts read the grades: after the nightly recompute (02:00) has finished.
    "grading-area-alerts": {
        "task": "grading.tasks.evaluate_area_alerts",
        "schedule": crontab(minute=30, hour=4),
    },
    # -- assistance --
    # -- appeals --
    # Overdue appeals remind the users of the step they wait for and the village (once a day).
    "appeals-remind-overdue": {
        "task": "appeals.tasks.appeals_remind_overdue_task",
        "schedule": crontab(minute=15, hour=8),
    },
    # -- employment --
    # Quarterly employment follow-up (就业跟踪随访): open the quarter's follow-ups and remind the villages.
    "employment-open-follow-ups": {
        "task": "employment.tasks.open_follow_ups",
        "schedule": crontab(minute=20, hour=1, day_of_month=1, month_of_year="1,4,7,10"),
    },
    # -- microcredit --
    # Loans with arrears past the grace days fall overdue; the village (and later the township) hear.
    "microcredit-check-overdue-loans": {
        "task": "microcredit.tasks.check_overdue_loans",
        "schedule": crontab(minute=40, hour=6),
    },
    # -- clues --
    # Clues due soon remind the village, overdue ones escalate to the township (once a day).
    "clues-remind": {
        "task": "clues.tasks.clue_remind_task",
        "schedule": crontab(minute=0, hour=8),
    },
    # -- assets --
    "assets-inventories-schedule": {
        "task": "assets.tasks.inventories_schedule",
        "schedule": timedelta(hours=24),
    },
    # -- indicators --
    "indicators-snapshot-refresh": {
        "task": "indicators.tasks.snapshot_refresh",
        "schedule": crontab(hour=1, minute=30),
    },
    "indicators-dashboard-warm": {
        "task": "indicators.tasks.dashboard_warm",
        "schedule": timedelta(minutes=4),
    },
    "indicators-computed-refresh": {
        "task": "indicators.tasks.computed_refresh",
        "schedule": crontab(hour=2, minute=0),
    },
    # -- ledgers --
}

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="shouxian@localhost")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
# Notifications are in-app; with this on they are e-mailed too (at once, or in a daily digest for
# users who chose it) to users with an address.
NOTIFY_BY_EMAIL = env_bool("NOTIFY_BY_EMAIL", default=False)

# The names shown for the risk grades (stored as red/orange/yellow/green), e.g.
# GRADE_NAMES="red=高风险,orange=较高风险"; a grade not named keeps 红/橙/黄/绿.
GRADE_NAMES = env.dict("GRADE_NAMES", default={})
CELERY_BEAT_SCHEDULE["common-notifications-digest"] = {
    "task": "common.tasks.notifications_digest",
    "schedule": crontab(hour=7, minute=30),
}

# Reverse proxies in front of gunicorn that append to X-Forwarded-For (compose's Caddy: 1). 0 ignores
# the header: a client could write any address there (common/clientip.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# The public 农户申报 page (QR code, no login): at most this many submissions per client address
# per window (seconds), counted in the cache (clues.application_views).
PUBLIC_APPLICATION_RATE = (
    env.int("PUBLIC_APPLICATION_RATE_LIMIT", default=5),
    env.int("PUBLIC_APPLICATION_RATE_WINDOW", default=3600),
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # -- api --
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.KeysetPagination",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    # The client address for throttles: X-Forwarded-For only as far as our own proxies wrote it.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {
        "token": env.str("API_RATE_TOKEN", default="20000/hour"),
        "anon": env.str("API_RATE_ANON", default="30/minute"),
    },
}
# Application servers' clocks may trail the database's by this much (see api/horizon.py).
API_CLOCK_MARGIN_SECONDS = env.int("API_CLOCK_MARGIN_SECONDS", default=5)
SPECTACULAR_SETTINGS = {
    "TITLE": "守线 Shouxian API",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "DESCRIPTION": "防止返贫动态监测和帮扶数据接口。令牌认证：请求头 `Authorization: Token <令牌>`；"
    "列表按 (updated_at, id) 游标分页，配合 updated_since 增量拉取。",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # The schema maps a government register: signed-in users (token or session) only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
    # Choice sets shared by several fields get one schema name each.
    "ENUM_NAME_OVERRIDES": {
        "AssuranceEnum": "households.choices.Assurance",
        "EducationEnum": "households.choices.Education",
        "VisitKindEnum": "households.choices.VisitKind",
        "HouseholdFlagKindEnum": "households.choices.HouseholdFlagKind",
        "RiskTypeEnum": "households.choices.RiskType",
        "RelocationModeEnum": "households.choices.RelocationMode",
        "RiskGradeEnum": "grading.models.Grade",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# -- login protection (django-axes) --
# A username is locked for one client address after AXES_FAILURE_LIMIT wrong passwords, for
# AXES_COOLOFF_HOURS or until a county user or superuser lifts it (/accounts/lockouts/, logged;
# or `manage.py axes_reset_username NAME`). Pages and POST /api/v1/auth/token/ count alike.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(hours=env.float("AXES_COOLOFF_HOURS", default=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "common.clientip.client_ip"
AXES_LOCKOUT_CALLABLE = "config.errors.lockout"
AXES_RESET_ON_SUCCESS = True

# == Jobs, files, bounded parsing, backups (issue 15, items 2-5 and 8) ==========================
# Jobs always end: a task is acknowledged only when it finished, and a worker that dies (kill -9,
# memory limit) puts it back; Redis redelivers an unacknowledged message after the visibility
# timeout, which must outlast the longest task or a still-running task would be started twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
JOBS_LONGEST_TASK_SECONDS = 60 * 60  # clues.tasks.upload_process_task's hard time limit
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": JOBS_LONGEST_TASK_SECONDS + 5 * 60,
    "socket_connect_timeout": 2,
}
# Redis down: queueing fails in ~2 s with a clear message instead of hanging in retries.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY = False
# A child that grew past this (KiB) is replaced after its task: a big workbook cannot pin memory.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=768 * 1024)
# A running job without heartbeat for this long, or a pending one never picked up, is failed.
JOBS_STALE_MINUTES = env.int("JOBS_STALE_MINUTES", default=10)
JOBS_PENDING_MINUTES = env.int("JOBS_PENDING_MINUTES", default=60)
CELERY_BEAT_SCHEDULE["common-jobs-sweep"] = {
    "task": "common.tasks.jobs_sweep",
    "schedule": timedelta(minutes=1),
}
# Private media: uploads are served only by common.media_views.private_media (scope checked).
# MEDIA_ROOT must not be published by the web server; with MEDIA_X_ACCEL the proxy sends the file
# from an `internal` location at MEDIA_X_ACCEL_PREFIX (nginx X-Accel-Redirect).
MEDIA_URL = "/media/"
MEDIA_X_ACCEL = env_bool("MEDIA_X_ACCEL", default=False)
MEDIA_X_ACCEL_PREFIX = env.str("MEDIA_X_ACCEL_PREFIX", default="/protected-media/")
# Department and import files are deleted after the policy's retention period (rows kept).
CELERY_BEAT_SCHEDULE["common-files-retention"] = {
    "task": "common.tasks.files_retention_sweep",
    "schedule": crontab(hour=3, minute=15),
}

# -- HTTPS, cookies and headers --
# Behind the TLS proxy (compose: Caddy), which sets X-Forwarded-Proto. gunicorn is never exposed.

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# The container health check talks plain HTTP to gunicorn directly.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Submitting a domain to the browsers' HSTS preload list is the domain owner's decision.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Content-Security-Policy (django-csp): only our own scripts and styles, no inline <script>, no
# inline handlers, no eval. Pages ask for behaviour through data attributes (static/js/shouxian.js).
# style attributes stay allowed (style-src-attr): progress bar widths, ECharts tooltips and the
# admin set them; they cannot run code.
IMPORT_EXPORT_TOGGLE_SHA256 = "wid4zL8fR53ZYy1ljOepzR77Dn6vWUUxuNnnWWBP3I8="  # onSelectToggleChange(event)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # The one inline handler left, in a third-party admin page (django-import-export's
        # "Select all" on the export form), allowed by its exact text and nothing else.
        "script-src": [SELF, "'unsafe-hashes'", f"'sha256-{IMPORT_EXPORT_TOGGLE_SHA256}'"],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

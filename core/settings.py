"""Settings, all from the environment (django-environ).

With nothing set, the project runs embedded for a laptop: SQLite and kombu's filesystem broker
under var/. Production sets DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS, EMAIL_URL and
AUDIT_HMAC_KEY, and DEBUG=false.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["localhost", "127.0.0.1", "[::1]"]),
)
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

DEBUG = env("DEBUG")
# Without DEBUG a real key must come from the environment; the fallback only serves development.
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key" if DEBUG else environ.Env.NOTSET)
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "core.accounts.admin_site.BureauAdminConfig",  # django.contrib.admin, for superusers and system administrators only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_celery_beat",
    "core.apps.AxesConfig",  # django-axes, named in Chinese
    "core",
    "core.orgs",
    "core.accounts",
    "core.calendar",
    "core.audit",
    "core.incidents",
    "core.health",
    "core.docnumbers",
    "core.imports",
    "notifications",
    "viewflow",
    "core.apps.WorkflowConfig",  # viewflow.workflow, named in Chinese
    "workflows",
    # The item kinds, each its own app (tables, migrations, flows), on the engine of `workflows`.
    "workflows.accreditation",
    "workflows.inspection",
    "workflows.studio",
    # The REST API (workflows/api): DRF with token and session sign-in, OpenAPI 3 by drf-spectacular,
    # its Swagger UI and Redoc served from the sidecar package (no CDN is reachable from the city's network).
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]
# viewflow's own task lists and action views are not mounted (our pages read tasks through the
# scoping function), so it must not add its site and Turbo middleware either.
VIEWFLOW = {"AUTOREGISTER": False}

MIDDLEWARE = [
    "core.logs.RequestIdMiddleware",  # first: every later log line of the request carries its id
    "django.middleware.security.SecurityMiddleware",
    "core.csp.ContentSecurityPolicyMiddleware",  # outermost but one: sees every HTML response
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.request_limits.RequestBodyLimitMiddleware",  # 413 before anything reads an oversized body
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.accounts.middleware.ForcePasswordChangeMiddleware",
    # Last, as django-axes requires, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "core.urls"
WSGI_APPLICATION = "core.wsgi.application"

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
                "notifications.context_processors.bell",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite needs IMMEDIATE transactions, a busy timeout and WAL, or the web, worker and beat
# processes lock each other out.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
# An empty DATABASE_URL (`make test`'s SQLite pass sets `DATABASE_URL=`) means the default too.
DATABASES = {"default": env.db_url_config(env.str("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
    DATABASES["default"].setdefault("TEST", {})["NAME"] = str(VAR_DIR / "test-db.sqlite3")
else:
    # A new PostgreSQL connection per request cost ~10 ms of server CPU (issue "City scale"):
    # keep each worker's connection for a while, checked before reuse so a restarted server is
    # noticed instead of failing the request.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out user is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend that also reads, with each request's user, whether they are anyone's proxy.
    "core.accounts.backends.AccountBackend",
]
# The city's single sign-on (OIDC or CAS) plugs in here: name its backend's dotted path in
# SSO_BACKEND and it is tried after the lockout check. Nothing else needs to change.
if env.str("SSO_BACKEND", default=""):
    AUTHENTICATION_BACKENDS.insert(1, env.str("SSO_BACKEND"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "core.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = True  # idle expiry: the clock restarts on every request

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)  # hours
# By username only: a whole school signs in from behind one NAT address, and locking by address
# would lock out every teacher there because of one person's typos.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
# The Chinese lockout page names the time the person may try again; attempts made while locked
# do not move that time (or a colleague typing the wrong password would keep someone locked).
AXES_LOCKOUT_CALLABLE = "core.accounts.lockout.lockout_response"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("英语"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- Static and media files -----------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed but not hashed: viewflow's bundled CSS names font files the package does not
    # ship, and a manifest storage refuses to collect static files over a missing reference.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}

# Uploaded files on S3-compatible object storage (a cloud bucket, MinIO …) that every web and
# worker machine shares: set AWS_STORAGE_BUCKET_NAME, plus AWS_S3_ENDPOINT_URL for anything but
# AWS itself; credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY as boto3 reads them.
# Objects stay private: downloads go through the scope-checking view, never a public URL.
if env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "location": env.str("AWS_LOCATION", default=""),
            "default_acl": None,
            "file_overwrite": False,
        },
    }

# --- Email ----------------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="沈阳市教育局审批系统 <noreply@localhost>")
# Where links in emails and group-robot messages point.
SITE_URL = env.str("SITE_URL", default="http://localhost:8000")

# --- Caches -------------------------------------------------------------------------------
# "limits" counts requests to the public pages per address (core/rate_limits.py): in Redis when
# there is one, else in files under var/, so every web process of `make run` counts together.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "limits": ({"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env.str("REDIS_URL", default=""),
                "KEY_PREFIX": "limits"} if env.str("REDIS_URL", default="") else
               {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(VAR_DIR / "limits")}),
}
# The public certificate verification page (/verify/<code>/): lookups per address per minute.
CERTIFICATE_VERIFY_PER_MINUTE = env.int("CERTIFICATE_VERIFY_PER_MINUTE", default=30)

# --- Celery ---------------------------------------------------------------------------------
# Without REDIS_URL the broker is kombu's filesystem transport: it works across the web, worker
# and beat processes of `make run` (memory:// does not).
REDIS_URL = env.str("REDIS_URL", default="")
BROKER_DIR = VAR_DIR / "broker"
REDIS_TRANSPORT_OPTIONS = {
    # Redis redelivers an unacknowledged message after this long. Recovery never waits for it:
    # the notifications sweep republishes what a dead worker left (notifications/sweep.py).
    "visibility_timeout": 3600,
    # Publishing when Redis is down gives up after one quick retry instead of holding the
    # user's request for seconds; what was not published, the sweep publishes later.
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
    "socket_connect_timeout": 5,
}
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = REDIS_TRANSPORT_OPTIONS
else:
    for sub in ("out", "processed", "control"):
        (BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "out"),
        "data_folder_out": str(BROKER_DIR / "out"),
        "data_folder_processed": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),  # else kombu writes ./control in the cwd
    }
# Redis is the broker only: no result backend (tasks record their outcome in the database).
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# beat writes each periodic task's last run to the database right after sending it (not every
# 3 minutes): /readyz and the background watch read it there (core/health).
CELERY_BEAT_SYNC_EVERY = 1

# --- The domain -----------------------------------------------------------------------------
# Keys of the audit log's HMAC hash chains (core/audit/hashing.py), secret. AUDIT_HMAC_KEYS names
# them by id, oldest first, "1=old-key,2=new-key" (a key holds neither "," nor "="): the last one
# signs, the older ones still verify what they signed. Without it, AUDIT_HMAC_KEY is key "1".
# To rotate: append a new id and key, restart every process, run `manage.py audit_rotate_key`.
AUDIT_HMAC_KEYS = env.dict("AUDIT_HMAC_KEYS", default={}) or {
    "1": env.str("AUDIT_HMAC_KEY", default="dev-only-audit-key" if DEBUG else environ.Env.NOTSET)}
# Test-only: lets test teardown empty the append-only audit table. Never true in production.
AUDIT_ALLOW_TEST_FLUSH = False
# A deadline "N working days after" ends at this local time on that day.
WORKDAY_END = env.str("WORKDAY_END", default="17:30")
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
# One request's whole body (a decision's files together, plus its form fields): a larger declared
# Content-Length is refused with 413 unread (core/request_limits.py). Set the reverse proxy's limit
# (nginx client_max_body_size) to the same.
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=UPLOAD_MAX_BYTES + 1024 * 1024)
# 催办: one person urges one task at most once in this interval.
WORKFLOWS_URGE_INTERVAL = timedelta(hours=env.float("WORKFLOWS_URGE_INTERVAL_HOURS", default=24))
# 批量审批: the most tasks one batch approval may hold (workflows.engine.batch_approval.rules).
WORKFLOWS_BATCH_APPROVE_MAX = env.int("WORKFLOWS_BATCH_APPROVE_MAX", default=100)
# 导出 Excel: a list of more rows than this is written in the background (导出任务), at most
# EXPORTS_MAX_ROWS rows; the file is kept EXPORTS_KEEP_DAYS days, then the daily beat deletes it.
EXPORTS_BACKGROUND_ABOVE = env.int("EXPORTS_BACKGROUND_ABOVE", default=2000)
# An Excel import of more data rows is checked and written by a Celery worker, with a progress bar.
IMPORTS_BACKGROUND_ABOVE = env.int("IMPORTS_BACKGROUND_ABOVE", default=1000)
EXPORTS_MAX_ROWS = env.int("EXPORTS_MAX_ROWS", default=100000)
EXPORTS_KEEP_DAYS = env.int("EXPORTS_KEEP_DAYS", default=7)
# 常态督导: from this day of the month the daily beat reminds a 责任督学 of each school of their
# zone not yet visited this month (once per school and month).
ROUTINE_VISIT_REMIND_DAY = env.int("ROUTINE_VISIT_REMIND_DAY", default=20)
# How many background exports one person may have queued or running at once.
EXPORTS_ACTIVE_PER_USER = env.int("EXPORTS_ACTIVE_PER_USER", default=3)
# 公示异议 from the public page: at most this many per network address and per phone in the window.
NOTICES_OBJECTIONS_PER_IP = env.int("NOTICES_OBJECTIONS_PER_IP", default=10)
NOTICES_OBJECTIONS_PER_PHONE = env.int("NOTICES_OBJECTIONS_PER_PHONE", default=3)
NOTICES_OBJECTION_WINDOW = timedelta(hours=env.float("NOTICES_OBJECTION_WINDOW_HOURS", default=24))

# --- REST API (workflows/api) -------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: a request with neither gets 401 with `WWW-Authenticate: Token`.
        "workflows.api.authentication.Token",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["workflows.api.permissions.SignedIn"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "workflows.api.pagination.PageNumber",
    "PAGE_SIZE": 20,
    # The engine's errors (workflows.engine.exceptions) become 400/403/404/409 with Chinese messages.
    "EXCEPTION_HANDLER": "workflows.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "沈阳市教育局审批系统 API",
    "DESCRIPTION": "待办、事项、附件与统计。令牌认证：请求头 `Authorization: Token <令牌>`；浏览器中也可用登录会话。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Separate request and response components, so that uploads are described as binary files.
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Two choice sets share a field name ("state"): each gets a name of its own.
    "ENUM_NAME_OVERRIDES": {"ObjectionStateEnum": "workflows.engine.notices.models.ObjectionState",
                            "MeetingStateEnum": "workflows.engine.meetings.models.MeetingState",
                            "TenureStateEnum": "workflows.engine.tenure.models.TenureState",
                            "RectificationNoticeStateEnum": "workflows.inspection.routine.models.NoticeState"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "workflows.api.schema_names.drop_doubled_words",
        "workflows.api.schema_errors.document_unsupported_media",
    ],
}

# --- Production hardening (manage.py check --deploy is clean when DEBUG is off) -------------
# X-Forwarded-Proto says "https" only if a reverse proxy that terminates TLS sets it (and
# overwrites what a client sent): trusted only when BEHIND_PROXY says there is one, or any client
# reaching the application directly could claim a secure connection.
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe over plain http on the private network: the probes answer there too.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

# LOG_FORMAT=json: one JSON object per line (for a log collector); else text. Either way each line
# has its time with the +08:00 offset and the request id (core/logs.py), in web and worker alike.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"()": "core.logs.LocalTimeFormatter",
                 "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "core.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                             "formatter": "json" if LOG_FORMAT == "json" else "text"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # fontTools tells every glyph it subsets into a PDF at INFO: only its warnings matter.
    "loggers": {"fontTools": {"level": "WARNING"}},
}

"""Settings for tinhdoan, read from TINHDOAN_* environment variables."""

import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("TINHDOAN_DATA_DIR", "var")).resolve()
MEDIA_ROOT = DATA_DIR / "uploads"
# Uploads are stored whole or not at all, with a clear refusal when the disk is full.
STORAGES = {
    "default": {"BACKEND": "tinhdoan.lib.storage.UploadStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("TINHDOAN_DEBUG", False)
# Production (`tinhdoan serve` sets it): HTTPS only, and no start without a key and host names.
PRODUCTION = not DEBUG and env_bool("TINHDOAN_PRODUCTION", False)
SECRET_KEY = env_str("TINHDOAN_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("Thiếu biến môi trường TINHDOAN_SECRET_KEY.")
    SECRET_KEY = "tinhdoan-development-only-key-not-for-production"
if PRODUCTION and not env_list("TINHDOAN_ALLOWED_HOSTS"):
    raise ImproperlyConfigured(
        "Thiếu biến môi trường TINHDOAN_ALLOWED_HOSTS (tên miền của hệ thống, cách nhau bằng dấu phẩy)."
    )
ALLOWED_HOSTS = env_list("TINHDOAN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
# The address users open, for links printed by commands (two-factor invitations): by default
# the development server's, or in production https:// and the first of the allowed hosts.
SITE_URL = env_str(
    "TINHDOAN_SITE_URL", f"https://{ALLOWED_HOSTS[0]}" if PRODUCTION else "http://127.0.0.1:8000"
).rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "js_lib_htmx",
    "bootstrap",
    # Two-factor login: authenticator apps (TOTP), their throttling and clock drift.
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Rate limits: counters per user, token and address (tinhdoan.lib.ratelimits).
    "django_ratelimit",
    # Background jobs (tinhdoan.jobs): the queue, in the database unless Redis is configured.
    "django_tasks",
    "django_tasks_db",
    "tinhdoan.revisions",
    "tinhdoan.org",
    "tinhdoan.accounts",
    "tinhdoan.notices",
    "tinhdoan.jobs",
    "tinhdoan.web",
    "tinhdoan.api",
    "tinhdoan.demo",
    "tinhdoan.ingest",
    "tinhdoan.documents",
    "tinhdoan.meetings",
    "tinhdoan.programs",
    "tinhdoan.reporting",
    "tinhdoan.congresses",
    "tinhdoan.cooperation",
    "tinhdoan.rollup",
    "tinhdoan.todo",
    "tinhdoan.briefings",
    "tinhdoan.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tinhdoan.ops.middleware.ContentSecurityPolicyMiddleware",
    "tinhdoan.ops.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "tinhdoan.api.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): the session passed two-factor login (the admin requires it).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tinhdoan.web.middleware.RefusalMiddleware",
]

ROOT_URLCONF = "tinhdoan.urls"
WSGI_APPLICATION = "tinhdoan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def database_settings() -> dict:
    url = env_str("TINHDOAN_DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        config.setdefault("TEST", {})
        if env_str("TINHDOAN_TEST_DATABASE_NAME"):
            config["TEST"]["NAME"] = env_str("TINHDOAN_TEST_DATABASE_NAME")
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "tinhdoan.sqlite3",
        # Each server thread keeps its connection: opening one and setting its pragmas cost
        # about a seventh of a small API read (py-spy under wrk).
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            # WAL lets readers work while one writer commits; the busy timeout
            # makes concurrent writers wait instead of failing with "locked".
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DATABASES = {"default": database_settings()}
if env_str("TINHDOAN_REPLICA_URL"):  # report reads go there: tinhdoan.lib.replica
    DATABASES["replica"] = dj_database_url.parse(
        env_str("TINHDOAN_REPLICA_URL"), conn_max_age=60, conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["tinhdoan.lib.replica.ReplicaRouter"]


def figures_cache_settings() -> dict:
    """Where computed results are kept (`tinhdoan.rollup.cache`): files in the data
    directory on one machine, Redis where `TINHDOAN_CACHE_URL` names one (shared by every
    `serve` machine)."""
    url = env_str("TINHDOAN_CACHE_URL")
    if url:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": DATA_DIR / "cache" / "figures",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }


def ratelimits_cache_settings() -> dict:
    """Where the rate limits' counters are kept (`tinhdoan.lib.ratelimits`), shared by every
    worker: files in the data directory, counted under a lock, or Redis where
    `TINHDOAN_CACHE_URL` names one (shared by every `serve` machine)."""
    url = env_str("TINHDOAN_CACHE_URL")
    if url:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "ratelimits",
        }
    return {
        "BACKEND": "tinhdoan.lib.ratelimits.CounterFileCache",
        "LOCATION": DATA_DIR / "cache" / "ratelimits",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }


CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "figures": figures_cache_settings(),
    "ratelimits": ratelimits_cache_settings(),
    # Pieces of pages rendered from figures, kept by each server process under the figures'
    # revision (`{% cache %}` in the results page): a new deployment starts them afresh.
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "OPTIONS": {"MAX_ENTRIES": 5_000},
    },
    # The general API limit, counted by each server process (tinhdoan.lib.ratelimits).
    "ratelimits_process": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "ratelimits_process",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def tasks_url() -> str:
    """Where background jobs queue: `TINHDOAN_TASKS_URL` ("database", or a Redis URL), else the
    Redis of `TINHDOAN_CACHE_URL` when there is one, else the database."""
    return env_str("TINHDOAN_TASKS_URL") or env_str("TINHDOAN_CACHE_URL") or "database"


TASKS_URL = tasks_url()
if TASKS_URL == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:  # one Redis shared by every `serve` machine; `tinhdoan jobs-worker` runs RQ's worker
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    RQ_QUEUES = {"default": {"URL": TASKS_URL}}
    INSTALLED_APPS.append("django_rq")
# Each job runs in a process of its own (`tinhdoan run-job`) under these limits: processor
# time in seconds, and memory (address space, the process's own code included) in MB.
JOB_CPU_SECONDS = int(env_str("TINHDOAN_JOB_CPU_SECONDS", "600"))
JOB_MEMORY_MB = int(env_str("TINHDOAN_JOB_MEMORY_MB", "3072"))
# Off, a job runs in the worker's own process without its limits: the tests run jobs so.
JOB_CHILD_PROCESS = env_bool("TINHDOAN_JOB_CHILD_PROCESS", True)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "tinhdoan.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if env_bool("TINHDOAN_FAST_PASSWORD_HASHER", False):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["tinhdoan.formats"]

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# Offices often have no internet: every asset is served by the app itself,
# from the installed packages when static files were not collected.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "media/"

# Accounts and security headers. A session lasts one working day (8 hours from login) and ends
# when the browser closes: office computers are shared.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Failed logins, counted on the username as login checks it (see accounts/selectors.py):
# 5 for one account from one address in 15 minutes; 20 from one address whatever the accounts
# in 15 minutes; 10 for one account from all addresses in 24 hours (since its last success)
# lock it for 15 minutes, doubled by every further failure up to 24 hours.
LOGIN_FAILURE_LIMIT = 5
LOGIN_FAILURE_WINDOW_MINUTES = 15
LOGIN_ADDRESS_FAILURE_LIMIT = 20
LOGIN_ACCOUNT_FAILURE_LIMIT = 10
LOGIN_ACCOUNT_FAILURE_WINDOW_HOURS = 24
LOGIN_ACCOUNT_LOCK_MINUTES = 15
LOGIN_ACCOUNT_LOCK_MAX_HOURS = 24
# The limits of the files the system reads (lib/limits.py), as JSON: {"table_rows": 500000}.
TINHDOAN_FILE_LIMITS = json.loads(env_str("TINHDOAN_FILE_LIMITS", "{}"))
# Two-factor login (django-otp): an account that needs it sets up its authenticator app only
# through a one-time link from an administrator (`tinhdoan twofactor-invite`), valid this long.
TWOFACTOR_INVITATION_HOURS = int(env_str("TINHDOAN_TWOFACTOR_INVITATION_HOURS", "24"))
OTP_TOTP_ISSUER = "tinhdoan"
# After n wrong codes in a row the next is not even checked for 2^(n-1) seconds (1, 2, 4…).
OTP_TOTP_THROTTLE_FACTOR = 1
# The admin never shows an authenticator's key nor its QR code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# An API token works for this many days after it is made (`tinhdoan token`).
API_TOKEN_DAYS = int(env_str("TINHDOAN_API_TOKEN_DAYS", "180"))
# Rate limits (tinhdoan.lib.ratelimits, django-ratelimit): requests counted per API token, else
# per user (logins: per account name and per address), as "count/period" (s, m, h, d: "60/10m").
# Over a limit: 429 with Retry-After. Change some in JSON: TINHDOAN_RATE_LIMITS='{"api": "1200/m"}';
# an empty rate lifts that limit.
RATE_LIMITS = {
    "login": "30/10m",  # login and two-factor code forms sent for one account name
    "login_address": "300/10m",  # …from one address (an office behind one router)
    "upload": "60/10m",  # value files, documents to read, evidence files
    "report": "30/m",  # reports and files generated (pages and API)
    "api": "600/m",  # every API request, counted by each server process
} | json.loads(env_str("TINHDOAN_RATE_LIMITS", "{}"))
RATELIMIT_USE_CACHE = "ratelimits"
# Counters unreachable (Redis down): requests go through rather than all being refused.
RATELIMIT_FAIL_OPEN = True
# django-ratelimit lists only memcached and django-redis as supported: Django's own Redis cache
# increments atomically, and CounterFileCache increments under a file lock.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
# Behind a reverse proxy: the header carrying the visitor's address (nginx: X-Real-IP).
CLIENT_IP_HEADER = env_str("TINHDOAN_CLIENT_IP_HEADER")
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
)
if PRODUCTION:
    SECURE_SSL_REDIRECT = True
    # A load balancer probes the app over plain HTTP on the private network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env_str("TINHDOAN_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = env_list("TINHDOAN_CSRF_TRUSTED_ORIGINS")
    STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}

EMAIL_BACKEND = env_str("TINHDOAN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("TINHDOAN_LOG_LEVEL", "WARNING")},
}

"""cqportal settings: everything that differs between machines comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from cqportal.cache_url import parse_cache_url
from cqportal.env import env_bool, env_int, env_list, secret_key
from cqportal.search_url import parse_search_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CQPORTAL_VAR_DIR", BASE_DIR / "var"))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = secret_key(VAR_DIR, DEBUG)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "haystack",
    "simple_history",
    "articles.apps.AxesConfig",  # django-axes, named in Chinese in the admin
    "csp",
    "articles",
]

MIDDLEWARE = [
    # First: decides, before anything reads the database, whether this request may read the replica.
    "cqportal.db_router.ReplicaReadsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After whitenoise, which answers static files itself with their pre-compressed forms; before
    # everything that writes the body. No LocaleMiddleware: the site has one language (LANGUAGE_CODE,
    # which the admin uses too), and it would add `Vary: Accept-Language` to every page.
    "cqportal.middleware.PublicGZipMiddleware",
    "cqportal.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that a locked-out login never reaches the view.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "cqportal.urls"
WSGI_APPLICATION = "cqportal.wsgi.application"

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
                "articles.context_processors.site",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'cqportal.sqlite3'}")
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60))}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is malformed: {exc}") from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] != ":memory:":
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Readers must not fail while an import holds the write lock: WAL lets them read alongside it,
    # and synchronous=NORMAL spares an fsync per import transaction (still safe against crashes in WAL).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A PostgreSQL streaming replica for anonymous reads (cqportal/db_router.py); editors, writes and
# commands use the primary. When the replica cannot be reached its connections go to the primary.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    try:
        DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=env_int("CONN_MAX_AGE", 60))
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_REPLICA_URL is malformed: {exc}") from exc
    if DATABASES["replica"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must be a postgres:// URL (a streaming replica)")
    DATABASES["replica"]["ENGINE"] = "cqportal.db_replica"
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    # A replica host that is down must not hold a request for long before the primary is used.
    DATABASES["replica"]["OPTIONS"] = {"connect_timeout": env_int("REPLICA_CONNECT_TIMEOUT", 2)}
    # Tests run against the one test database.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["cqportal.db_router.PrimaryReplicaRouter"]
# After a replica connection fails, how long its connections go straight to the primary.
REPLICA_RETRY_SECONDS = env_int("REPLICA_RETRY_SECONDS", 5)
# After any write, how long the writer's requests read the primary (longer than the replica's lag).
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": parse_cache_url(os.environ.get("CACHE_URL", "locmem://"))}
# Rendered pages and feeds, keyed on the content revision: a new revision invalidates them all.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)


def default_search_url(var_dir: Path) -> str:
    """Xapian where its wheel installs (Linux on x86_64 and aarch64): a search stays ~25 ms at 10,000
    articles where Whoosh takes ~140 ms. Whoosh, pure Python, everywhere else (macOS)."""
    try:
        import xapian  # noqa: F401
    except ImportError:
        return f"whoosh://{var_dir / 'whoosh_index'}"
    return f"xapian://{var_dir / 'xapian_index'}"


SEARCH_URL = os.environ.get("SEARCH_URL") or default_search_url(VAR_DIR)
HAYSTACK_CONNECTIONS = {"default": parse_search_url(SEARCH_URL, BASE_DIR)}
# No index work in a request: a change records an IndexDebt row in its own transaction, and the
# import's indexer, `manage.py sync_index` or the worker beside gunicorn works it off (articles.indexing).
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"
# How long a drain waits for another process's index writer before it gives up (the debt stays).
INDEX_LOCK_WAIT_SECONDS = env_int("INDEX_LOCK_WAIT_SECONDS", 120)
# Only articles are indexed; a model filter would cost Whoosh a pass over every document per search.
HAYSTACK_LIMIT_TO_REGISTERED_MODELS = False
# The importer refuses bigger files (a page dump is tens of kilobytes), saying so.
IMPORT_MAX_FILE_BYTES = env_int("IMPORT_MAX_FILE_BYTES", 5 * 1024 * 1024)
ARTICLES_PER_PAGE = env_int("ARTICLES_PER_PAGE", 20)
# Xapian: facets and the number of results are exact up to this many matches; beyond it the
# facets are counted over an even sample of about this many matches and scaled, and the search
# page says so. Counting costs ~1 µs a match: 10,000 exact took most of the 10 ms a search may take.
SEARCH_EXACT_COUNTS_UP_TO = env_int("SEARCH_EXACT_COUNTS_UP_TO", 1_000)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
# Chinese for what ships without it (django-axes' admin section): locale/zh_Hans.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Secure by default. LOCAL_HTTP=1 (set by `make serve`) serves plain HTTP on this machine.
HTTPS = not DEBUG and not env_bool("LOCAL_HTTP", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = HTTPS
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
SESSION_COOKIE_HTTPONLY = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# A username is locked per address after AXES_FAILURE_LIMIT failures, and everywhere after
# AXES_USERNAME_FAILURE_LIMIT failures from any addresses (articles/lockout.py): one address's
# failures never lock other users out, and guesses spread over many addresses still lock the account.
AXES_HANDLER = "articles.lockout.LockoutHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["username"]]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_USERNAME_FAILURE_LIMIT = env_int("AXES_USERNAME_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = 1  # hours
AXES_RESET_ON_SUCCESS = True
# The lock-out page in the admin's look and in Chinese (axes' own is one English sentence).
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
# Behind the proxy every request comes from the proxy: the client is the right-most entry of
# X-Forwarded-For, the one our proxy appended (entries to its left are whatever the client sent).
AXES_PROXY_SETTINGS = {
    "AXES_IPWARE_PROXY_ORDER": "right-most",
    "AXES_IPWARE_META_PRECEDENCE_ORDER": ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"),
}
if BEHIND_PROXY:
    globals().update(AXES_PROXY_SETTINGS)

LOGIN_URL = "admin:login"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"without_traceback": {"()": "cqportal.log.WithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # A bad Host header is the client's mistake (or a scan): one line each.
        "django.security.DisallowedHost": {"filters": ["without_traceback"]},
    },
}

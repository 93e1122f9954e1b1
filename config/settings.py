"""Quire settings: the environment decides, read through one django-environ object.

Production runs this module as is. Development conveniences switch on only with DEBUG=true.
"""

from datetime import timedelta
from pathlib import Path

import environ

from config.caches import page_cache, shared_cache
from config.content_security_policy import site_policy
from config.databases import (
    add_read_only_aliases,
    add_replicas,
    keep_connections_healthy,
    postgresql_databases,
)
from config.logging_config import one_line_per_record
from config.media import media_storage
from config.middleware import middleware
from config.required import one_of, secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
LOCAL_DATA_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

# Required, unless DEBUG is on (config/required.py).
SECRET_KEY = secret_key(env.str("SECRET_KEY", default=""), debug=DEBUG)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "axes",
    "apps.multidb",
    "apps.accounts",
    "apps.blog",
    "apps.analytics",
]

# The order a request passes through, and why: config/middleware.py.
MIDDLEWARE = middleware()

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
                "config.web.site_urls.site_urls",
                "apps.blog.site_content.site",
            ],
        },
    },
]

# --- Databases -------------------------------------------------------------------------------
# Users, auth, sessions and the admin log live in `default`; the blog app lives in `blog_db`; post
# views in `analytics`. With no URL set, each alias falls back to a SQLite file for a local run.
DATABASE_APPS_MAPPING = {"blog": "blog_db", "analytics": "analytics"}
DATABASE_ROUTERS = ["apps.multidb.router.AppLabelRouter"]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{LOCAL_DATA_DIR / 'default.sqlite3'}"),
    "blog_db": env.db("BLOG_DATABASE_URL", default=f"sqlite:///{LOCAL_DATA_DIR / 'blog.sqlite3'}"),
    "analytics": env.db(
        "ANALYTICS_DATABASE_URL", default=f"sqlite:///{LOCAL_DATA_DIR / 'analytics.sqlite3'}"
    ),
}
# Aliases whose outage degrades the site without taking it out of rotation: /readyz lists them
# but still answers 200 (config/web/health.py). Views wait in memory meanwhile (apps/analytics/).
OPTIONAL_DATABASES = ["analytics"]
# How long a counted post view may wait in a web process's memory before it is written.
ANALYTICS_FLUSH_SECONDS = env.float("ANALYTICS_FLUSH_SECONDS", default=10)
# Each process writes its views from a thread of its own (apps/analytics/recorder.py).
ANALYTICS_FLUSH_THREAD = True

# Streaming replicas serve reads (apps/multidb/router.py): `<primary>_replica_<n>`, in the order of
# the comma-separated URLs, reading their primary's test database in tests (config/databases.py).
REPLICA_URLS = {
    "default": env.list("DATABASE_REPLICA_URLS", default=[]),
    "blog_db": env.list("BLOG_DATABASE_REPLICA_URLS", default=[]),
}
DATABASE_REPLICAS = add_replicas(DATABASES, REPLICA_URLS)
# Reports read the analytics database through a connection of their own on which every
# transaction is read-only (apps/analytics/reports.py; the alias is built in config/databases.py).
DATABASE_READ_ONLY_ALIASES = {"analytics_reports": "analytics"}
add_read_only_aliases(DATABASES, DATABASE_READ_ONLY_ALIASES)
# A replica further behind its primary than this is not read from (bytes of WAL).
REPLICA_MAX_LAG_BYTES = env.int("REPLICA_MAX_LAG_BYTES", default=8 * 1024 * 1024)
# How often each process re-checks its replicas' health and lag.
REPLICA_CHECK_SECONDS = env.float("REPLICA_CHECK_SECONDS", default=5)

_postgresql = postgresql_databases(DATABASES)
if len(_postgresql) < len(DATABASES):
    LOCAL_DATA_DIR.mkdir(exist_ok=True)  # for the SQLite files of a local run
if _postgresql:
    # PostgreSQL connections are reused and checked before use; attempts give up fast
    # (config/databases.py). Read only when a PostgreSQL database is configured.
    keep_connections_healthy(
        _postgresql,
        max_age=env.int("DB_CONN_MAX_AGE", default=60),
        connect_timeout=env.int("DB_CONNECT_TIMEOUT", default=3),
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Login throttling ------------------------------------------------------------------------
# django-axes records failed logins in `default` (shared by every worker) and locks a username
# from an address after AXES_FAILURE_LIMIT failures, for the site's and the admin's login alike.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Reverse proxies in front of gunicorn (1 behind a TLS proxy): the client address is read from
# X-Forwarded-For through that many hops instead of the proxy's own address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "apps.accounts.client_ip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# --- Rate limits (apps/accounts/ratelimits.py) ------------------------------------------------
# Counted in `default`, shared by every worker and host, as (actions, window seconds); 0 lifts a
# limit. Comments per account and per client address; sign-ups per client address (the address
# seen through TRUSTED_PROXY_COUNT).
# false closes /accounts/signup/ (403); staff still create accounts and invite people in the admin.
SIGNUP_OPEN = env.bool("SIGNUP_OPEN", default=True)

# Which new comments wait for approval before readers see them: none, the first ones of an account
# (until one of its comments is approved), or all. The post's author and staff who may remove
# comments are never held (apps/blog/moderation.py).
COMMENT_MODERATION = one_of(
    "COMMENT_MODERATION", env.str("COMMENT_MODERATION", default="none"), ("none", "first", "all")
)

RATE_LIMITS = {
    "comment": [
        (env.int("COMMENT_LIMIT_PER_MINUTE", default=5), 60),
        (env.int("COMMENT_LIMIT_PER_DAY", default=50), 86_400),
    ],
    # Per client address too, so new accounts cannot each spend a fresh allowance; higher, as
    # one address can be a whole office or campus behind NAT.
    "comment_client": [
        (env.int("COMMENT_CLIENT_LIMIT_PER_MINUTE", default=20), 60),
        (env.int("COMMENT_CLIENT_LIMIT_PER_DAY", default=500), 86_400),
    ],
    "signup": [(env.int("SIGNUP_LIMIT_PER_HOUR", default=5), 3_600)],
    # Previews of the post form per account: each renders a body of up to 100,000 characters.
    "post_preview": [(env.int("PREVIEW_LIMIT_PER_MINUTE", default=60), 60)],
    # Saves of the post form (new posts and edits) per account: each renders the body, may
    # store a cover image and renders cached pages again.
    "post_save": [
        (env.int("POST_SAVE_LIMIT_PER_MINUTE", default=20), 60),
        (env.int("POST_SAVE_LIMIT_PER_DAY", default=500), 86_400),
    ],
    # Uploads to the image library per account: each stores several renditions on MEDIA_ROOT.
    "image_upload": [
        (env.int("IMAGE_UPLOAD_LIMIT_PER_MINUTE", default=10), 60),
        (env.int("IMAGE_UPLOAD_LIMIT_PER_DAY", default=200), 86_400),
    ],
    # Password-reset mail (apps/accounts/reset_limits.py): per e-mail address typed and per
    # account, and requests per client address.
    "password_reset_email": [(env.int("PASSWORD_RESET_LIMIT_PER_HOUR", default=3), 3_600)],
    "password_reset_account": [(env.int("PASSWORD_RESET_LIMIT_PER_HOUR", default=3), 3_600)],
    "password_reset_client": [(env.int("PASSWORD_RESET_CLIENT_LIMIT_PER_HOUR", default=10), 3_600)],
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-us"
# The zone publication times are entered and shown in; the databases store UTC.
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Static files ----------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# --- Uploaded images (apps/core/images.py) -----------------------------------------------------
# Stored under MEDIA_ROOT and served at MEDIA_URL by the reverse proxy (by Django with DEBUG), or
# in an S3-compatible bucket when MEDIA_S3_BUCKET is set (docs/deployment.md#uploaded-images);
# boto3 finds the bucket's credentials itself (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, a role).
MEDIA_ROOT = env.path("MEDIA_ROOT", default=LOCAL_DATA_DIR / "media")
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
# An upload's limits: bytes (counted as it arrives, apps/core/upload_limits.py) and pixels (read
# from its header before any is decoded, apps/core/image_uploads.py). A request body as a whole is
# bounded by nginx and gunicorn at 16 MiB: keep IMAGE_UPLOAD_MAX_MB below 15.
IMAGE_UPLOAD_MAX_BYTES = env.int("IMAGE_UPLOAD_MAX_MB", default=10) * 1024 * 1024
IMAGE_UPLOAD_MAX_PIXELS = env.int("IMAGE_UPLOAD_MAX_MEGAPIXELS", default=40) * 1_000_000
FILE_UPLOAD_HANDLERS = [
    "apps.core.upload_limits.UploadSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# An S3-compatible bucket when MEDIA_S3_BUCKET is set, else MEDIA_ROOT (config/media.py).
MEDIA_S3_BUCKET = env.str("MEDIA_S3_BUCKET", default="")
MEDIA_STORAGE = media_storage(
    bucket=MEDIA_S3_BUCKET,
    endpoint_url=env.str("MEDIA_S3_ENDPOINT_URL", default=""),
    region=env.str("MEDIA_S3_REGION", default=""),
    custom_domain=env.str("MEDIA_S3_CUSTOM_DOMAIN", default=""),
    prefix=env.str("MEDIA_S3_PREFIX", default=""),
)
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Hashed names (app.3f2a1c.css) are cached for ten years and marked immutable by whitenoise;
# files requested by their plain name for a day.
WHITENOISE_MAX_AGE = 0 if DEBUG else 86_400

# --- Caches (apps/blog/caching/) -------------------------------------------------------------
# `default` is shared by every gunicorn worker (a file cache: those of one host; CACHE_URL=redis://
# for several hosts), so one write reaches them all; it holds the content version. `pages`
# lives in each worker's memory and holds rendered anonymous pages and content fragments keyed by
# that version. Sessions and login throttling live in the `default` database, not in a cache.
CACHES = {
    # Timeouts for Redis, room for files, bounds on memory: config/caches.py.
    "default": shared_cache(
        env.cache_url("CACHE_URL", default=f"filecache://{LOCAL_DATA_DIR / 'cache'}")
    ),
    "pages": page_cache(env.cache_url("PAGE_CACHE_URL", default="locmemcache://quire-pages")),
}
# How long an anonymous page may be served from memory; 0 turns the page cache off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# How long content fragments (list cards and totals, articles, comment threads) rendered for
# every reader may be reused; 0 renders and counts them on every request.
CONTENT_CACHE_SECONDS = env.int("CONTENT_CACHE_SECONDS", default=300)

# --- Email -----------------------------------------------------------------------------------
# Production sends through an SMTP server (Django's own default, localhost:25, unless EMAIL_URL
# names a relay); `check --deploy` refuses backends that print or drop mail (accounts.E001).
# Only DEBUG prints mail, reset links included, to the console.
vars().update(
    env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Quire <noreply@localhost>")

# --- Security --------------------------------------------------------------------------------
HTTPS_ONLY = env.bool("HTTPS_ONLY", default=False)
SECURE_SSL_REDIRECT = HTTPS_ONLY
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS_ONLY else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS_ONLY
SECURE_HSTS_PRELOAD = HTTPS_ONLY
# Behind TLS the proxy says the request was https; trusted only when HTTPS_ONLY says there is one.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS_ONLY else None
# Load balancers and container healthchecks probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sent by config.web.security.ContentSecurityPolicyMiddleware (config/content_security_policy.py).
CONTENT_SECURITY_POLICY = site_policy()

# --- Logging ---------------------------------------------------------------------------------
# One line per record on stdout, each with its request id and, for database errors, the alias
# (config/logging_config.py).
LOGGING = one_line_per_record(level=env.str("LOG_LEVEL", default="INFO"))

"""Django's and the libraries' settings, read from the environment (newsportal/settings/)."""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from js_asset import Script

from articles.embeds import FRAME_SOURCES as EMBED_FRAME_SOURCES

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG=0 the site needs a long random SECRET_KEY "
            'in the environment, e.g. python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env.str("SITE_NAME", default="")

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before django.contrib.admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "csp",
    "reversion",
    "django_prose_editor",
    "articles",
    "articles.related",
    "articles.wordpress",
    "comments",
    "corsheaders",
    "auditlog",
    "newsportal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "newsportal.tracking.TrackingParametersMiddleware",
    "newsportal.replicas.ReplicaMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "newsportal.audit.AuditMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "newsportal.twofactor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "articles.wordpress.middleware.OldAddressRedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Sign-in lockout (django-axes): after LOGIN_FAILURE_LIMIT failures for one user name from one
# address, that pair is refused for LOGIN_LOCKOUT_MINUTES or until an editor unlocks it
# (admin → Axes → access attempts); with 0, until an editor does. Kept in the database, so it
# holds across app servers; the client's address is read as the comments read it
# (TRUSTED_PROXY_COUNT).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
_lockout_minutes = env.int("LOGIN_LOCKOUT_MINUTES", default=15)
if _lockout_minutes < 0:
    raise ImproperlyConfigured(
        "LOGIN_LOCKOUT_MINUTES must be 0 (locked until an editor unlocks) or more minutes."
    )
AXES_COOLOFF_TIME = timedelta(minutes=_lockout_minutes) if _lockout_minutes else None
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes_lockout.html"
AXES_VERBOSE = False

# Two-step sign-in (newsportal/twofactor.py): compulsory for editors and administrators when
# on (the default with DEBUG=0), optional for writers and moderators.
STAFF_TWO_FACTOR = env.bool("STAFF_TWO_FACTOR", default=not DEBUG)
OTP_TOTP_ISSUER = SITE_NAME or "Newsroom"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # nobody, superusers included, reads another's secret key

# The admin's address (a less guessable one keeps password-guessing robots away), and how long
# a signed-in staff member may stay idle before signing in again (readers have no session).
ADMIN_URL = env.str("ADMIN_URL", default="admin/").strip("/") + "/"
SESSION_COOKIE_AGE = env.int("STAFF_SESSION_IDLE_MINUTES", default=60) * 60
SESSION_SAVE_EVERY_REQUEST = True  # each request moves the expiry: an idle time, not a lifetime
# CSRF failures get the site's own 403 page, in the reader's language.
CSRF_FAILURE_VIEW = "newsportal.views.csrf_failure"

# The story editor (django-prose-editor): the newsroom's preset, its tools in
# articles/html.py; the toolbar in one row of buttons, no drop-downs.
DJANGO_PROSE_EDITOR_PRESETS = {
    "newsroom": [
        Script("django_prose_editor/editor.js", type="module"),
        Script("articles/editor/newsroom.js", type="module"),
    ],
}
DJANGO_PROSE_EDITOR_MENU_GROUPS = [
    {"group": "blockType -lists"},
    {"group": "lists"},
    {"group": "nodes -blockType -lists"},
    {"group": "marks"},
    {"group": "link"},
    {"group": "newsroom"},
    {"group": "history"},
]
# The article form autosaves the writer's text this often (seconds), and when it is left.
EDITOR_AUTOSAVE_SECONDS = env.int("EDITOR_AUTOSAVE_SECONDS", default=30)

# A strict Content-Security-Policy for the reader's site: the pages carry no inline script,
# style or event handler (JSON-LD is data, not script). The admin, which inlines some of its
# own scripts, is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": [f"/{ADMIN_URL}", f"/en/{ADMIN_URL}"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *env.list("CSP_IMG_SRC", default=[])],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        # Embedded posts load their player only when the reader asks (static/js/embeds.js).
        "frame-src": EMBED_FRAME_SOURCES,
    },
}

ROOT_URLCONF = "newsportal.urls"
WSGI_APPLICATION = "newsportal.wsgi.application"

# The readers' pages in Jinja2 (newsportal/templating.py), found first; the admin, e-mails and
# form widgets in Django's engine.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "newsportal.templating.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "newsportal.context_processors.site",
            ],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsportal.context_processors.site",
            ],
        },
    },
]

# An empty variable counts as unset (the embedded default), as in most deployment tools.
DATABASES = {
    "default": env.db_url_config(
        env.str("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    ),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Connections are kept between requests, SQLite's too (not opened and closed on every page);
# a dropped PostgreSQL connection is noticed and opened anew.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# PostgreSQL plans a page's few queries once per connection, not on every page: parameters
# bound on the server and statements prepared after their second use (psycopg's prepared
# statements; planning was two thirds of the server's time on an article page). Off for a
# pooler in transaction mode that cannot keep them (PgBouncer before 1.21).
DATABASE_PREPARED_STATEMENTS = env.bool("DATABASE_PREPARED_STATEMENTS", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("TEST", {})["NAME"] = env.str(
        "TEST_DATABASE_NAME", default="test_newsportal"
    )
    if DATABASE_PREPARED_STATEMENTS:
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=2
        )

# Read replicas (newsportal/replicas.py): DATABASE_REPLICA_URLS, comma-separated, take the
# public pages' reads; the tests mirror them onto the primary.
DATABASE_REPLICAS = []
for _number, _url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), start=1):
    _alias = f"replica{_number}"
    DATABASES[_alias] = env.db_url_config(_url)
    DATABASES[_alias]["CONN_MAX_AGE"] = DATABASES["default"].get("CONN_MAX_AGE", 0)
    if DATABASES[_alias]["ENGINE"] == DATABASES["default"]["ENGINE"]:
        DATABASES[_alias].setdefault("OPTIONS", {}).update(DATABASES["default"].get("OPTIONS", {}))
    DATABASES[_alias]["CONN_HEALTH_CHECKS"] = True  # a restarted replica: a new connection
    DATABASES[_alias]["TEST"] = {"MIRROR": "default"}
    DATABASE_REPLICAS.append(_alias)
DATABASE_ROUTERS = ["newsportal.replicas.ReplicaRouter"]
REPLICA_PIN_SECONDS = env.int("REPLICA_PIN_SECONDS", default=5)
# Pages drawn just after a purge may have read a replica that had not caught up: with
# replicas, every purge is made again this many seconds later.
REPLICA_REPURGE_SECONDS = env.int("REPLICA_REPURGE_SECONDS", default=5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The sitemap's covering index (articles.Article) carries its columns on PostgreSQL; SQLite
# makes it a plain index, which is all it needs there.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

CACHES = {
    "default": env.cache_url_config(env.str("CACHE_URL", default="") or "locmemcache://newsportal")
}
CACHES["default"]["KEY_PREFIX"] = env.str("CACHE_KEY_PREFIX", default="newsportal")
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # Pages and their keys' tokens share it: room for a newsroom's pages (Django's default: 300).
    CACHES["default"].setdefault("OPTIONS", {})["MAX_ENTRIES"] = 20_000
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Redis down: pages are served uncached rather than failing (newsportal/cache.py).
    CACHES["default"]["BACKEND"] = "newsportal.cache.ResilientRedisCache"
if not DEBUG and CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # View counts, flood limits and page invalidation must be shared by every process.
    raise ImproperlyConfigured(
        "CACHE_URL is not set. With DEBUG=0 the site needs a shared cache, e.g. "
        "CACHE_URL=redis://127.0.0.1:6379/1"
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language and locale: Arabic first, English second; Kuwait time.
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Kuwait"
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "ar"
MODELTRANSLATION_LANGUAGES = ("ar", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("ar",)

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# How many app servers run this code, and whether MEDIA_ROOT is storage they all share (an NFS
# or similar mount): `manage.py check` warns when several servers keep media on local disk.
APP_SERVERS = env.int("APP_SERVERS", default=1)
# Serve MEDIA_ROOT from the app itself with DEBUG=0 (`make serve` on one machine); a real host
# has its front web server or an object store serve them.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=False)
MEDIA_SHARED = env.bool("MEDIA_SHARED", default=False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="newsroom@localhost")
# A mail server that hangs must not hang the request that sends (a reader's comment).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# Without a Celery broker, background jobs run in a thread of the web process after the
# commit (newsportal/background.py); the tests turn this off to see their effects at once.
BACKGROUND_THREAD = True

if not DEBUG:
    # HTTPS only, behind a TLS-terminating proxy that sets this header (empty: no proxy).
    _proxy_header = env.str("SECURE_PROXY_SSL_HEADER", default="X-Forwarded-Proto")
    if _proxy_header:
        SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers and Varnish probe the app over plain HTTP on the private network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    CSRF_COOKIE_HTTPONLY = True  # the admin's scripts read the form's token, not the cookie
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = env.str(
        "SECURE_REFERRER_POLICY", default="strict-origin-when-cross-origin"
    )
    SECURE_CROSS_ORIGIN_OPENER_POLICY = env.str(
        "SECURE_CROSS_ORIGIN_OPENER_POLICY", default="same-origin"
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"level": env.str("LOG_LEVEL", default="INFO")},
        "django.db.backends": {"level": "INFO"},
    },
}

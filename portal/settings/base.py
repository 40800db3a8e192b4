"""Settings shared by every environment. Everything that varies is read from the environment."""

from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from .env import env_bool, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-do-not-use-in-production")
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "community",
    "standards",
    "adoption",
    "whitenoise.runserver_nostatic",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "simple_history",
    "django_tasks_db",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.table_block",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Serves the API reference's Swagger UI from our own static files, not a CDN.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The API's preflights and HEAD requests, before the page cache (portal.api.middleware).
    "portal.api.middleware.ApiMethodsMiddleware",
    # Before sessions: a signed-out visitor's cached page skips everything below (portal.caching).
    "portal.caching.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A signed-in person's own copy of catalogue pages (portal.caching).
    "portal.caching.SignedInPageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Nothing reads the body before the view stage (CSRF reads the form in process_view), so an
    # oversized request is refused here unread, and its 413 page still gets the CSP header.
    "portal.middleware.RequestBodyLimitMiddleware",
    "portal.middleware.AdminContentSecurityPolicyMiddleware",
    "portal.middleware.AdminAccessMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.service",
            ],
            "builtins": ["portal.templatetags.govuk"],
        },
    },
]
# Every form, ours, allauth's and Wagtail front-end ones, renders through the GOV.UK templates.
FORM_RENDERER = "portal.forms.GovukFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env_str("DATABASE_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's search backend uses PostgreSQL's full-text search through this app.
    INSTALLED_APPS.append("django.contrib.postgres")

AUTH_USER_MODEL = "community.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "account_overview"

# django-allauth: email is the only identifier, and it must be verified before first sign-in.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Social housing data standards: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env_str("ACCOUNT_DEFAULT_HTTP_PROTOCOL", "http")
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
ACCOUNT_FORMS = {
    "login": "portal.account_forms.SignInForm",
    "signup": "portal.account_forms.SignUpForm",
    "reset_password": "portal.account_forms.PasswordResetRequestForm",
    # Every form that takes a new address refuses quoted local parts and control characters.
    "add_email": "portal.account_forms.AddEmailForm",
    "change_email": "portal.account_forms.ChangeEmailForm",
}
# Rate limits count per client address. Behind load balancers or proxies, allauth must be told
# how many of them to trust in X-Forwarded-For (or which header the last one sets), or every
# visitor shares the proxy's address and five bad sign-ins lock everyone out.
ALLAUTH_TRUSTED_PROXY_COUNT = int(env_str("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("TRUSTED_CLIENT_IP_HEADER", "") or None
# The portal's own rate limits, in allauth's notation ("amount/period/per"), counted with the
# same visitor address as sign-in (portal.ratelimits): checks of files by signed-out visitors,
# per address, and test events, per webhook endpoint.
PORTAL_RATE_LIMITS = {
    "checker": env_str("CHECKER_RATE_LIMIT", "20/m/ip"),
    "webhook_test_event": env_str("WEBHOOK_TEST_RATE_LIMIT", "5/10m/key"),
    # The public API: per visitor address, and per personal access token.
    "api": env_str("API_RATE_LIMIT", "600/m/ip"),
    "api_token": env_str("API_TOKEN_RATE_LIMIT", "1200/m/key"),
}
# Webhooks: the whole of one delivery (connect, send and read) must end within this, and
# endpoints may use only these ports (the SSRF guard in standards.webhooks).
WEBHOOKS_DELIVERY_SECONDS = float(env_str("WEBHOOKS_DELIVERY_SECONDS", "15"))
WEBHOOKS_ALLOWED_PORTS = [int(port) for port in env_list("WEBHOOKS_ALLOWED_PORTS", "443")]
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Social housing data standards"

# ``default`` is shared by every app server (rate limits, the page cache's content generation);
# ``renders`` is each process's own memory, for page bodies and immutable renders of published
# versions (portal.caching). Production puts ``default`` in the database.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "renders": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "renders",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
}
# How long a signed-out visitor's page may be served from the cache (0 turns it off). Any write
# retires cached pages at once; this bounds what writes that bypass model signals can leave.
PAGE_CACHE_SECONDS = int(env_str("PAGE_CACHE_SECONDS", "60"))
# How long a process trusts its copy of the shared content generation: other app servers see a
# write this much later at most.
PAGE_CACHE_GENERATION_SECONDS = float(env_str("PAGE_CACHE_GENERATION_SECONDS", "1"))
# Part of every immutable render's key: set it to the commit being deployed.
DEPLOY_REVISION = env_str("DEPLOY_REVISION", "")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "frontend" / "dist",
    BASE_DIR / "frontend" / "static",
    # govuk-frontend's fonts, images and scripts, straight from the npm package.
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", "") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Social housing data standards <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MAILERS = {
    "default": {
        "BACKEND": env_str("EMAIL_BACKEND_CLASS", "django.core.mail.backends.console.EmailBackend"),
    }
}

# Background work (email, Wagtail's search and reference indexes) runs through Django tasks.
# Production queues it in the database for `manage.py db_worker`; development runs it at once.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Tasks queued with a version's id when it is published. This is how the adoption register
# hears of a new version without importing adoption
# (docs/adr/0017-capability-packages.md).
VERSION_PUBLISHED_TASKS = ["adoption.register.tasks.send_version_superseded"]

WAGTAIL_SITE_NAME = "Social housing data standards"
# The public address of the site: links in emails and the $id of published schemas use it.
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "json", "pdf", "xlsx", "zip"]
# allauth is the only door for signing in, resetting passwords and changing email addresses
# (with MFA, rate limits and verification); Wagtail's own versions of them are switched off.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
# Shared page and document passwords would be a second, unlimited password form.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
# The admin must not call out to third parties: no avatars from Gravatar, no update check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILUSERS_PASSWORD_ENABLED = False

SERVICE_NAME = "Social housing data standards"
FEEDBACK_URL = env_str("FEEDBACK_URL", "mailto:data-standards@example.gov.uk")

# Request size. Bodies over MAX_REQUEST_BODY_BYTES are refused with a 413 before they are read
# (room for the 50 MB conformance-checker upload); the proxy in front should refuse them too.
# Form fields other than files may hold up to 10 MB (a pasted schema); files over 5 MB stream
# to a temporary file rather than memory.
MAX_REQUEST_BODY_BYTES = int(env_str("MAX_REQUEST_BODY_BYTES", str(60 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

INLINE_SCRIPT_HASH = "'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    # The one inline script, in base.html, is allowed by its hash (the one GOV.UK Frontend
    # publishes), so pages carry no per-response nonce and can be cached whole. A template that
    # uses {{ csp_nonce }} still gets a nonce, and its page is then never cached.
    "script-src": [CSP.SELF, INLINE_SCRIPT_HASH, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Wagtail logs every page edit at INFO; that is audit noise on the console.
    "loggers": {"wagtail": {"level": "WARNING"}, "django.tasks": {"level": "WARNING"}},
}

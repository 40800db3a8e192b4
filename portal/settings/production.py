"""Production settings: secrets come from the environment, or the process will not start."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *

for _required in ("SECRET_KEY", "ALLOWED_HOSTS"):
    if not os.environ.get(_required):
        raise ImproperlyConfigured(f"Set the {_required} environment variable in production.")

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

# Connections are kept (and checked before reuse) rather than opened for every request: under
# `make bench-http`, opening one was most of the cost of a signed-in page served from cache.
DATABASES["default"]["CONN_MAX_AGE"] = int(env_str("DATABASE_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(env_str("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": int(env_str("EMAIL_PORT", "587")),
            "username": env_str("EMAIL_HOST_USER", ""),
            "password": env_str("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", default=True),
        },
    }
}
# Shared by every app server through PostgreSQL, with no other service to run: rate limits and
# the page cache's content generation (one small row read at most once a second per process).
# Page bodies and immutable renders stay in each process's memory (``renders``, from base).
CACHES = {
    **CACHES,
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_cache",
    },
}

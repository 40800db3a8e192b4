from .base import *

SECRET_KEY = "test-only-secret-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Tasks run in-process so tests see their effects (emails) without a worker.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PORTAL_BASE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"

# Static files come from the finders here; there is no collectstatic output to serve.
STATIC_ROOT = None
# Tests deliver webhooks to a receiving server on 127.0.0.1; the SSRF tests turn this off.
WEBHOOKS_ALLOW_LOOPBACK = True

# Tests see every page rendered afresh; tests/portal/test_caching*.py turn caching on.
PAGE_CACHE_SECONDS = 0
CACHES = {**CACHES, "renders": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

from .base import *

DEBUG = env_bool("DEBUG", default=True)

# Static files come from the finders here; there is no collectstatic output to serve.
STATIC_ROOT = None

if not env_bool("USE_TASK_WORKER", default=False):
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# Webhooks may go to http://127.0.0.1 here, such as the demo's local receiver (never in production).
WEBHOOKS_ALLOW_LOOPBACK = env_bool("WEBHOOKS_ALLOW_LOOPBACK", default=True)

# Pages are rendered afresh while developing; set PAGE_CACHE_SECONDS to try the page cache.
PAGE_CACHE_SECONDS = int(env_str("PAGE_CACHE_SECONDS", "0"))

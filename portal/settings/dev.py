from .base import *

DEBUG = env_bool("DEBUG", default=True)

# Static files come from the finders here; there is no collectstatic output to serve.
STATIC_ROOT = None

if not env_bool("USE_TASK_WORKER", default=False):
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

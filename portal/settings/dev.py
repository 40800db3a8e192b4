from .base import *

DEBUG = env_bool("DEBUG", default=True)

# Static files come from the finders here; there is no collectstatic output to serve.
STATIC_ROOT = None

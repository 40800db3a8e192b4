"""Settings for ``make bench-http``: production settings with one extra, trivial view.

The trivial view sits behind the same settings and middleware as every page, so the benchmark
can say how close a page comes to the framework's own speed on the same machine in the same run.
Static files are collected into a scratch directory, so a benchmark never touches the checkout.
"""

from pathlib import Path

from .production import *

ROOT_URLCONF = "portal.bench_urls"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(STATIC_ROOT)))

"""Rate limits for the portal's own actions, counted the way allauth counts sign-ins.

allauth already finds each visitor's own address behind our proxies (``TRUSTED_PROXY_COUNT``
or ``TRUSTED_CLIENT_IP_HEADER``), truncates IPv6 addresses to their network, and keeps its
counts in the shared ``default`` cache under a lock. This reuses all of that rather than
counting a second way, and adds what allauth's helper does not say: how long until the next
try is allowed, so a refusal can tell people when to come back (and set ``Retry-After``).

Limits are set in ``settings.PORTAL_RATE_LIMITS``, in allauth's notation: ``"20/m/ip"`` is 20
a minute per visitor address, ``"5/10m/key"`` 5 in ten minutes per key (an endpoint, say).
"""

import math
import time

from allauth.core.internal import ratelimit as allauth_ratelimit
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

APP = "portal"


def rate_limit_consume(
    *,
    action: str,
    request: HttpRequest | None = None,
    key: str | None = None,
    allow_concurrent: bool = False,
) -> int | None:
    """Count one use of ``action``. None when it is allowed; otherwise the whole seconds to
    wait before it is allowed again (nothing is counted then).

    ``request`` is needed for per-address limits, ``key`` for per-key ones. A use that arrives
    while another of the same visitor or key is being counted is refused as a burst, unless
    ``allow_concurrent``: the API lets it through uncounted, because a program may rightly send
    requests in parallel.
    """
    rates = allauth_ratelimit.parse_rates(settings.PORTAL_RATE_LIMITS.get(action))
    for rate in rates:
        cache_key = allauth_ratelimit.get_cache_key(
            request, app=APP, action=action, rate=rate, key=key
        )
        with allauth_ratelimit.cache_lock(cache_key) as locked:
            if not locked:
                # Someone else is counting this very visitor or key right now: a burst.
                if allow_concurrent:
                    continue
                return 1
            now = time.time()
            history = cache.get(cache_key, [])
            allowed, history = allauth_ratelimit.apply_rate(history, now, rate)
            if not allowed:
                # The history is newest first: the oldest use in the window frees a place.
                return max(1, math.ceil(history[-1] + rate.duration - now))
            cache.set(cache_key, history, rate.duration)
    return None


def wait_words(seconds: int) -> str:
    """``"30 seconds"``, ``"1 minute"``, ``"4 minutes"``: how long to wait, for a message."""
    if seconds < 60:
        return f"{seconds} second{'' if seconds == 1 else 's'}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'' if minutes == 1 else 's'}"

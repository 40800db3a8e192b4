"""Limit and offset pagination with links, for every list the API serves.

A list answers ``{"count": 42, "limit": 20, "offset": 0, "links": {"self": …, "next": …,
"prev": null}, "items": […]}`` and the same links in a ``Link`` header (RFC 8288). ``count``
is the number of items across all pages.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Schema

from portal.links import absolute_url

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_OFFSET = 100_000


class Links(Schema):
    self: str
    next: str | None = None
    prev: str | None = None


def _address(request: HttpRequest, offset: int, limit: int) -> str:
    query = request.GET.copy()
    query["limit"] = str(limit)
    query["offset"] = str(offset)
    return absolute_url(f"{request.path}?{query.urlencode()}")


def page(request: HttpRequest, items, *, limit: int, offset: int, response) -> dict[str, Any]:
    """One page of ``items`` (a queryset or a list), with its links.

    ``response`` is the operation's temporal response, which gets the ``Link`` header.
    """
    count = items.count() if hasattr(items, "count") and not isinstance(items, list) else None
    if count is None:
        count = len(items)
    rows = list(items[offset : offset + limit])
    links = {
        "self": _address(request, offset, limit),
        "next": _address(request, offset + limit, limit) if offset + limit < count else None,
        "prev": _address(request, max(0, offset - limit), limit) if offset > 0 else None,
    }
    response["Link"] = ", ".join(
        f'<{url}>; rel="{rel}"' for rel, url in links.items() if url and rel != "self"
    )
    if not response["Link"]:
        del response["Link"]
    return {"count": count, "limit": limit, "offset": offset, "links": links, "items": rows}

"""Absolute URLs for links that leave the site (emails, feeds, webhooks)."""

from django.conf import settings


def absolute_url(path: str) -> str:
    # Tasks run outside a request, so links are built on the configured public base URL.
    return settings.PORTAL_BASE_URL.rstrip("/") + path


API_PREFIX = "/api/v1"


def api_url(path: str) -> str:
    """The absolute address of ``path`` in the public API, such as ``/standards/damp-and-mould``.

    Built as a string so webhooks, feeds and JSON downloads can point at the API without
    importing it (docs/adr/0018-public-api.md).
    """
    return absolute_url(API_PREFIX + path)

"""Absolute URLs for links that leave the site (emails, feeds, webhooks)."""

from django.conf import settings


def absolute_url(path: str) -> str:
    # Tasks run outside a request, so links are built on the configured public base URL.
    return settings.PORTAL_BASE_URL.rstrip("/") + path

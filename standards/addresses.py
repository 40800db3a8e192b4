"""Where things of the standard live in the public API, as absolute addresses.

Web pages have ``get_absolute_url``; these are the API's counterparts, used by the API itself
and by everything that announces a thing elsewhere (webhooks, JSON downloads), so each
announcement says where a program can read it (docs/adr/0018-public-api.md).
"""

from portal.links import api_url


def standard_api_url(slug: str) -> str:
    return api_url(f"/standards/{slug}")


def version_api_url(slug: str, number: str) -> str:
    return api_url(f"/standards/{slug}/versions/{number}")


def component_api_url(slug: str, number: str, key: str) -> str:
    return api_url(f"/standards/{slug}/versions/{number}/components/{key}")


def proposal_api_url(slug: str, reference: str) -> str:
    return api_url(f"/standards/{slug}/proposals/{reference}")


def release_api_url(slug: str, number: str) -> str:
    return api_url(f"/standards/{slug}/releases/{number}")

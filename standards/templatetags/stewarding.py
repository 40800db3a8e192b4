"""Template helpers for the stewards' "Manage" blocks on the standard and version pages."""

from django import template

from standards.catalogue.lookups import can_see_drafts

register = template.Library()


@register.simple_tag(takes_context=True)
def is_steward_here(context) -> bool:
    """Whether the person viewing the page is a steward, asked at most once per request."""
    request = context.get("request")
    return request is not None and can_see_drafts(request)

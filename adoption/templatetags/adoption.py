"""Inclusion tags that put adoption data on standards pages (ADR 0012).

Standards templates load these; ``standards`` never imports ``adoption`` in Python. Each tag
runs a small, fixed number of queries.
"""

from django import template

from adoption import permissions
from adoption.register import selectors as selectors_register
from standards.engine.diff import Impact

register = template.Library()


def _pk(value) -> int | None:
    return getattr(value, "pk", value)


@register.inclusion_tag("adoption/register/includes/version_adopters.html")
def version_adopters(version):
    """Organisations that declare they use this version, with their components."""
    if version.is_draft:
        return {"version": version, "records": [], "draft": True}
    return {"version": version, "records": selectors_register.version_adopters(version=version)}


@register.inclusion_tag("adoption/register/includes/component_adopters.html")
def component_adopters(version, component):
    """Organisations that use this component in this version. ``component`` is the
    ``standards.Component`` (the identity across versions) or its id."""
    if version.is_draft:
        return {"version": version, "records": [], "draft": True}
    return {
        "version": version,
        "component_id": _pk(component),
        "records": selectors_register.component_adopters(version=version, component=_pk(component)),
    }


@register.inclusion_tag("adoption/register/includes/proposal_impact.html", takes_context=True)
def proposal_impact(context, proposal, operations, impact=None, before_submit=False):
    """ "Would affect N organisations using these components"; names for working-group members
    and stewards. ``before_submit`` is the author's check-your-answers page, where a major
    change says so plainly."""
    user = context["request"].user
    keys = {operation.component for operation in operations}
    affected = selectors_register.proposal_affected(
        standard_id=proposal.standard_id, component_keys=keys
    )
    is_major = impact is not None and int(impact) >= Impact.MAJOR
    return {
        "proposal": proposal,
        "affected": affected,
        "count": len(affected),
        "show_names": bool(affected) and permissions.can_see_affected_names(user),
        "is_major": is_major,
        "before_submit": before_submit,
        "has_changes": bool(keys),
    }

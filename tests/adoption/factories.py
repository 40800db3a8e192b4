"""Factories for the adoption register. Declarations go through the service, so each has its
event and history, as a person's would."""

from standards.models import Component
from tests.community.factories import MemberUserFactory


def declare(
    *,
    version,
    keys=("work-order", "property"),
    member=None,
    status="in_production",
    system_name="Repairs Hub",
):
    """A declaration for ``version`` by ``member`` (a new verified member by default)."""
    from adoption.register.services import adoption_declare

    member = member or MemberUserFactory()
    components = Component.objects.filter(standard_id=version.standard_id, key__in=keys)
    return adoption_declare(
        actor=member,
        organisation=member.organisation,
        version=version,
        components=components,
        status=status,
        system_name=system_name,
    )

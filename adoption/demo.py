"""Demo declarations on the adoption register, made through the services. Idempotent.

The issue's example first: Brookvale Homes uses Damp and mould 1.1.0 (work orders and
properties) in production. Two more show the other statuses and an older version. A
declaration that already exists (same organisation, version and system) is left alone, and
anything whose standard, version, organisation or person is missing is skipped.
"""

from adoption.register.services import adoption_declare
from community.models import Organisation, User
from standards.models import Component, StandardVersion

from .models import AdoptionRecord

SLUG = "damp-and-mould"

# (person's email, organisation identifier, version, component keys, status, system name)
DECLARATIONS = [
    (
        "ha-member@brookvalehomes.example.org.uk",
        "L4390",
        "1.1.0",
        ["work-order", "property"],
        "in_production",
        "Brookvale Repairs Hub",
    ),
    (
        "la-member@northmere.example.gov.uk",
        "E06000099",
        "1.0.0",
        ["property", "tenancy", "tenant-person"],
        "in_development",
        "Northmere Housing Online",
    ),
    (
        "supplier-member@keystone-systems.example.co.uk",
        "SC123456",
        "1.1.0",
        ["work-order", "available-appointment", "property"],
        "planned",
        "Keystone Repairs Cloud",
    ),
]


def load() -> int:
    """Make the demo declarations that are missing; return how many were made."""
    made = 0
    for email, identifier, number, keys, status, system in DECLARATIONS:
        person = User.objects.filter(email=email).first()
        organisation = Organisation.objects.filter(identifier=identifier).first()
        version = (
            StandardVersion.objects.filter(standard__slug=SLUG)
            .with_number(number)
            .select_related("standard")
            .first()
        )
        if person is None or organisation is None or version is None or version.is_draft:
            continue
        exists = AdoptionRecord.objects.filter(
            organisation=organisation,
            version=version,
            system_name__iexact=system,
            withdrawn_at__isnull=True,
        ).exists()
        components = list(
            Component.objects.filter(
                standard_id=version.standard_id, key__in=keys, versions__version=version
            )
        )
        if exists or not components:
            continue
        adoption_declare(
            actor=person,
            organisation=organisation,
            version=version,
            components=components,
            status=status,
            system_name=system,
        )
        made += 1
    return made

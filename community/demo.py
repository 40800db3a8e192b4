"""Demo organisations, working groups and users for a first run. Idempotent.

Every demo person signs in with DEMO_PASSWORD. The organisations are fictional, but their
identifiers have real formats and their email domains sit under example domains, so no demo
email can reach a real council, housing association or company.

Each group's convener and member has an email address at their organisation's domain, so they
act for it (ADR 0016) with no confirmation. One person has only chosen an organisation
(self-declared) and asked to join its group, so its convener can try confirming them.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from community.choices import (
    EventKind,
    MembershipRole,
    MembershipStatus,
    OrganisationType,
)
from community.models import (
    JoinRequest,
    Membership,
    MembershipEvent,
    Organisation,
    OrganisationDomain,
    User,
    WorkingGroup,
)
from community.permissions import STEWARDS_GROUP

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - documented, for local demo sign-ins only
DEMO_REASON = "Demo data"
EDITORS_GROUP = "Editors"

ORGANISATIONS = [
    {
        "key": "council",
        "name": "Northmere Borough Council",
        "type": OrganisationType.LOCAL_AUTHORITY,
        "identifier": "E06000099",
        "domain": "northmere.example.gov.uk",
        "verified": True,
    },
    {
        "key": "association",
        "name": "Brookvale Homes",
        "type": OrganisationType.HOUSING_ASSOCIATION,
        "identifier": "L4390",
        "domain": "brookvalehomes.example.org.uk",
        "verified": True,
    },
    {
        "key": "supplier",
        "name": "Keystone Housing Systems Ltd",
        "type": OrganisationType.TECHNOLOGY_SUPPLIER,
        "identifier": "SC123456",
        "domain": "keystone-systems.example.co.uk",
        "verified": True,
    },
    {
        "key": "unverified",
        "name": "Harbourside Community Housing",
        "type": OrganisationType.HOUSING_ASSOCIATION,
        "identifier": "4838",
        "domain": "harbourside.example.org.uk",
        "verified": False,
    },
]

# (description, email, first name, last name, organisation key, group slug, role)
PEOPLE = [
    (
        "Local authorities convener",
        "la-convener@northmere.example.gov.uk",
        "Aisha",
        "Khan",
        "council",
        "local-authorities",
        MembershipRole.CONVENER,
    ),
    (
        "Local authorities member",
        "la-member@northmere.example.gov.uk",
        "David",
        "Jones",
        "council",
        "local-authorities",
        MembershipRole.MEMBER,
    ),
    (
        "Housing associations convener",
        "ha-convener@brookvalehomes.example.org.uk",
        "Gemma",
        "Hughes",
        "association",
        "housing-associations",
        MembershipRole.CONVENER,
    ),
    (
        "Housing associations member",
        "ha-member@brookvalehomes.example.org.uk",
        "Tunde",
        "Adeyemi",
        "association",
        "housing-associations",
        MembershipRole.MEMBER,
    ),
    (
        "Technology suppliers convener",
        "supplier-convener@keystone-systems.example.co.uk",
        "Mark",
        "Reilly",
        "supplier",
        "technology-suppliers",
        MembershipRole.CONVENER,
    ),
    (
        "Technology suppliers member",
        "supplier-member@keystone-systems.example.co.uk",
        "Hannah",
        "Clarke",
        "supplier",
        "technology-suppliers",
        MembershipRole.MEMBER,
    ),
]
NEW_MEMBER = (
    "Person with no group yet (try joining)",
    "new-member@brookvalehomes.example.org.uk",
    "Chris",
    "Taylor",
)
# Says they work for Brookvale Homes from an address elsewhere: self-declared until the
# housing associations convener (or a steward) confirms it.
SELF_DECLARED = (
    "Person whose organisation is self-declared (asks to join; a convener can confirm them)",
    "sam.okafor@example.org",
    "Sam",
    "Okafor",
    "association",
    "housing-associations",
)
STEWARD = ("Steward (data team)", "steward@example.gov.uk", "Priya", "Shah")
EDITOR = ("Guidance editor", "editor@example.gov.uk", "Tom", "Evans")

# The three groups come from a data migration; the demo only falls back to creating them
# if that data was removed.
GROUPS = {
    "local-authorities": ("Local authorities", [OrganisationType.LOCAL_AUTHORITY]),
    "housing-associations": ("Housing associations", [OrganisationType.HOUSING_ASSOCIATION]),
    "technology-suppliers": ("Technology suppliers", [OrganisationType.TECHNOLOGY_SUPPLIER]),
}


def _person(email: str, first_name: str, last_name: str, organisation=None) -> User:
    user, _ = User.objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name}
    )
    changed = []
    for field, value in (
        ("first_name", first_name),
        ("last_name", last_name),
        ("organisation", organisation),
        ("is_active", True),
    ):
        if getattr(user, field) != value:
            setattr(user, field, value)
            changed.append(field)
    if not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        changed.append("password")
    if changed:
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _organisation(spec: dict, steward: User) -> Organisation:
    organisation = Organisation.objects.filter(identifier=spec["identifier"]).first()
    if organisation is None:
        organisation = Organisation(
            name=spec["name"],
            type=spec["type"],
            identifier=spec["identifier"],
            verified_at=timezone.now() if spec["verified"] else None,
            verified_by=steward if spec["verified"] else None,
        )
        organisation._history_user = steward
        organisation._change_reason = DEMO_REASON
        organisation.save()
        MembershipEvent.objects.create(
            kind=EventKind.ORGANISATION_REGISTERED,
            actor=steward,
            organisation=organisation,
            reason=DEMO_REASON,
        )
    OrganisationDomain.objects.get_or_create(organisation=organisation, domain=spec["domain"])
    return organisation


def _group(slug: str) -> WorkingGroup:
    name, organisation_types = GROUPS[slug]
    group, _ = WorkingGroup.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "remit": f"For {name.lower()}.",
            "organisation_types": organisation_types,
        },
    )
    return group


def _membership(person: User, group: WorkingGroup, role: str, steward: User) -> None:
    if Membership.objects.filter(user=person, group=group, status=MembershipStatus.ACTIVE).exists():
        return
    membership = Membership(user=person, group=group, role=role)
    membership._history_user = steward
    membership._change_reason = DEMO_REASON
    membership.save()
    MembershipEvent.objects.create(
        kind=EventKind.MEMBER_JOINED,
        actor=steward,
        subject=person,
        group=group,
        reason=DEMO_REASON,
        details={"role": role, "membership": membership.pk},
    )


def _join_request(person: User, group: WorkingGroup, statement: str) -> None:
    if JoinRequest.objects.filter(user=person, group=group).exists():
        return
    join_request = JoinRequest(user=person, group=group, statement=statement)
    join_request._history_user = person
    join_request._change_reason = DEMO_REASON
    join_request.save()
    MembershipEvent.objects.create(
        kind=EventKind.REQUEST_MADE,
        actor=person,
        subject=person,
        group=group,
        reason=DEMO_REASON,
        details={"join_request": join_request.pk},
    )


@transaction.atomic
def load() -> list[tuple[str, str]]:
    """Create the demo data and return (description, email) pairs of demo sign-ins."""
    description, email, first, last = STEWARD
    steward = _person(email, first, last)
    steward.groups.add(Group.objects.get_or_create(name=STEWARDS_GROUP)[0])
    sign_ins = [(description, email)]

    description, email, first, last = EDITOR
    editor = _person(email, first, last)
    editor.groups.add(Group.objects.get_or_create(name=EDITORS_GROUP)[0])
    sign_ins.append((description, email))

    organisations = {spec["key"]: _organisation(spec, steward) for spec in ORGANISATIONS}
    for description, email, first, last, organisation_key, slug, role in PEOPLE:
        person = _person(email, first, last, organisations[organisation_key])
        _membership(person, _group(slug), role, steward)
        sign_ins.append((description, email))

    description, email, first, last = NEW_MEMBER
    _person(email, first, last, organisation=None)
    sign_ins.append((description, email))

    description, email, first, last, organisation_key, slug = SELF_DECLARED
    person = _person(email, first, last, organisations[organisation_key])
    if not Membership.objects.filter(user=person, status=MembershipStatus.ACTIVE).exists():
        _join_request(
            person,
            _group(slug),
            "I look after repairs data at Brookvale Homes, using my own email address for now.",
        )
    sign_ins.append((description, email))
    return sign_ins

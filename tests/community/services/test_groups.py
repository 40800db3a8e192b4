import pytest

from community.choices import (
    EventKind,
    GroupStatus,
    InvitationStatus,
    JoinRequestStatus,
    OrganisationType,
)
from community.exceptions import DuplicateError, InvalidStateError, NotAllowedError
from community.models import MembershipEvent, WorkingGroup
from community.services import groups as services_groups
from tests.community.factories import InvitationFactory, JoinRequestFactory


def test_a_steward_creates_a_group(steward):
    group = services_groups.group_create(
        actor=steward,
        name="Cross-sector steering group",
        remit="Sets priorities across the sector.",
        organisation_types=[OrganisationType.LOCAL_AUTHORITY, OrganisationType.OTHER],
    )

    assert group.slug == "cross-sector-steering-group"
    assert group.status == GroupStatus.ACTIVE
    assert MembershipEvent.objects.filter(kind=EventKind.GROUP_CREATED, group=group).exists()


def test_a_group_name_already_in_use_is_refused(steward, group):
    with pytest.raises(DuplicateError, match="already a group called"):
        services_groups.group_create(
            actor=steward, name=group.name.upper(), remit="Again", organisation_types=[]
        )


def test_only_stewards_create_groups(convener):
    with pytest.raises(NotAllowedError):
        services_groups.group_create(
            actor=convener, name="Mine", remit="Mine", organisation_types=[]
        )
    assert not WorkingGroup.objects.filter(name="Mine").exists()


def test_archiving_closes_pending_requests_and_invitations(steward, group, mailoutbox, send_emails):
    join_request = JoinRequestFactory(group=group)
    invitation = InvitationFactory(group=group)

    with send_emails:
        services_groups.group_archive(
            actor=steward, group=group, reason="Merged into another group"
        )

    group.refresh_from_db()
    join_request.refresh_from_db()
    invitation.refresh_from_db()
    assert group.status == GroupStatus.ARCHIVED
    assert join_request.status == JoinRequestStatus.REJECTED
    assert invitation.status == InvitationStatus.REVOKED
    assert MembershipEvent.objects.get(kind=EventKind.GROUP_ARCHIVED).reason == (
        "Merged into another group"
    )
    assert mailoutbox[0].to == [join_request.user.email]


def test_archiving_keeps_memberships(steward, group, member_membership):
    services_groups.group_archive(actor=steward, group=group, reason="Done")

    member_membership.refresh_from_db()
    assert member_membership.is_active


def test_archiving_twice_is_refused(steward, group):
    services_groups.group_archive(actor=steward, group=group, reason="Done")

    with pytest.raises(InvalidStateError, match="already archived"):
        services_groups.group_archive(actor=steward, group=group, reason="Again")


def test_only_stewards_archive_groups(convener, group):
    with pytest.raises(NotAllowedError):
        services_groups.group_archive(actor=convener, group=group, reason="Mine")


def test_a_steward_changes_a_groups_remit_and_keeps_its_slug(steward, group):
    slug = group.slug

    services_groups.group_update(
        actor=steward, group=group, name="Renamed", remit="New remit", organisation_types=[]
    )

    group.refresh_from_db()
    assert (group.name, group.slug, group.remit) == ("Renamed", slug, "New remit")
    assert MembershipEvent.objects.filter(kind=EventKind.GROUP_CHANGED).exists()


def test_the_three_working_groups_are_seeded(db):
    groups = {group.slug: group for group in WorkingGroup.objects.all()}

    assert groups["local-authorities"].organisation_types == ["local_authority"]
    assert groups["housing-associations"].organisation_types == ["housing_association"]
    assert groups["technology-suppliers"].organisation_types == ["technology_supplier"]
    assert all(group.remit for group in groups.values())

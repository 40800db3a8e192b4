import pytest

from community.choices import EventKind, OrganisationType
from community.exceptions import CommunityError, DuplicateError, InvalidStateError, NotAllowedError
from community.models import MembershipEvent, Organisation
from community.services import organisations as services_organisations
from tests.community.factories import MemberUserFactory, OrganisationFactory, UserFactory


def _register(actor, **overrides):
    fields = {
        "name": "Riverside Council",
        "type": OrganisationType.LOCAL_AUTHORITY,
        "identifier": "e06 000 023",
        "email_domains": "riverside.example.gov.uk",
    } | overrides
    return services_organisations.organisation_register(actor=actor, **fields)


def test_registering_an_organisation_leaves_it_unverified(user):
    organisation = _register(user)

    assert organisation.identifier == "E06000023"
    assert not organisation.is_verified
    assert organisation.registered_by == user
    assert list(organisation.domains.values_list("domain", flat=True)) == [
        "riverside.example.gov.uk"
    ]


def test_registering_an_organisation_attaches_the_person_to_it(user):
    organisation = _register(user)

    user.refresh_from_db()
    assert user.organisation == organisation


def test_registering_writes_events(user):
    _register(user)

    kinds = set(MembershipEvent.objects.filter(actor=user).values_list("kind", flat=True))
    assert kinds == {EventKind.ORGANISATION_REGISTERED, EventKind.PERSON_ORGANISATION_SET}


def test_stewards_are_emailed_about_a_new_organisation(user, steward, mailoutbox, send_emails):
    with send_emails:
        _register(user)

    assert mailoutbox[0].to == [steward.email]
    assert "Riverside Council" in mailoutbox[0].subject


def test_a_malformed_identifier_is_refused(user):
    with pytest.raises(CommunityError, match="a letter then 8 numbers") as refusal:
        _register(user, identifier="E123")
    assert refusal.value.field == "identifier"
    assert not Organisation.objects.exists()


def test_a_duplicate_identifier_is_refused_naming_the_existing_organisation(user):
    OrganisationFactory(name="Bristol City Council", council=True, identifier="E06000023")

    with pytest.raises(DuplicateError, match="Bristol City Council is already registered"):
        _register(user)
    assert Organisation.objects.count() == 1
    user.refresh_from_db()
    assert user.organisation is None


def test_a_duplicate_name_is_refused_whatever_its_case(user):
    OrganisationFactory(name="Riverside Council", council=True)

    with pytest.raises(DuplicateError, match="called Riverside Council"):
        _register(user, name="riverside  council", identifier="E06000024")


def test_a_shared_email_domain_is_refused(user):
    with pytest.raises(CommunityError, match="shared by many") as refusal:
        _register(user, email_domains="gmail.com")
    assert refusal.value.field == "email_domains"


def test_a_steward_verifies_an_organisation_and_its_people_are_told(
    steward, mailoutbox, send_emails
):
    person = MemberUserFactory(organisation__unverified=True)

    with send_emails:
        services_organisations.organisation_verify(actor=steward, organisation=person.organisation)

    person.organisation.refresh_from_db()
    assert person.organisation.verified_by == steward
    assert MembershipEvent.objects.filter(kind=EventKind.ORGANISATION_VERIFIED).exists()
    assert mailoutbox[0].to == [person.email]


def test_verifying_twice_is_refused(steward):
    organisation = OrganisationFactory()

    with pytest.raises(InvalidStateError, match="already verified"):
        services_organisations.organisation_verify(actor=steward, organisation=organisation)


def test_only_stewards_verify_organisations(user):
    organisation = OrganisationFactory(unverified=True)

    with pytest.raises(NotAllowedError):
        services_organisations.organisation_verify(actor=user, organisation=organisation)
    organisation.refresh_from_db()
    assert not organisation.is_verified


def test_a_person_chooses_their_organisation(user):
    organisation = OrganisationFactory()

    services_organisations.person_organisation_set(actor=user, organisation=organisation)

    user.refresh_from_db()
    assert user.organisation == organisation
    event = MembershipEvent.objects.get(kind=EventKind.PERSON_ORGANISATION_SET)
    assert event.details == {"from": None, "to": organisation.pk}


def test_choosing_the_same_organisation_again_changes_nothing(user):
    organisation = OrganisationFactory()
    services_organisations.person_organisation_set(actor=user, organisation=organisation)

    services_organisations.person_organisation_set(actor=user, organisation=organisation)

    assert MembershipEvent.objects.filter(actor=user).count() == 1


def test_a_steward_creates_an_organisation_already_verified(steward):
    organisation = services_organisations.organisation_create(
        actor=steward,
        name="Keystone Housing Systems Ltd",
        type=OrganisationType.TECHNOLOGY_SUPPLIER,
        identifier="sc123456",
        email_domains=["keystone.example.co.uk"],
    )

    assert organisation.is_verified
    assert organisation.identifier == "SC123456"


def test_only_stewards_create_or_change_organisations_directly(user):
    organisation = OrganisationFactory()

    with pytest.raises(NotAllowedError):
        services_organisations.organisation_update(
            actor=user,
            organisation=organisation,
            name="Renamed",
            type=organisation.type,
            identifier=organisation.identifier,
            email_domains=[],
        )


def test_a_steward_changes_an_organisation_and_the_change_is_logged(steward):
    organisation = OrganisationFactory(name="Old name", domains=["old.example.org.uk"])

    services_organisations.organisation_update(
        actor=steward,
        organisation=organisation,
        name="New name",
        type=organisation.type,
        identifier=organisation.identifier,
        email_domains="new.example.org.uk",
    )

    organisation.refresh_from_db()
    assert organisation.name == "New name"
    assert list(organisation.domains.values_list("domain", flat=True)) == ["new.example.org.uk"]
    event = MembershipEvent.objects.get(kind=EventKind.ORGANISATION_CHANGED)
    assert event.details["changes"]["name"] == {"from": "Old name", "to": "New name"}
    assert organisation.history.first().history_user == steward


def test_people_can_register_only_when_signed_in(db):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAllowedError):
        _register(AnonymousUser())


def test_registering_keeps_the_person_out_of_every_group(db):
    person = UserFactory()

    _register(person)

    assert not person.memberships.exists()

"""Earned affiliation (ADR 0016): who acts for an organisation, and how they stop.

A person acts for the organisation they chose only when their verified email address is at one
of its domains, or a steward or convener confirmed it and the confirmation still stands. The
predicate and its SQL twin (used for lists and emails) must agree; losing the proof removes the
power at once; the confirmation journey is tested for every transition, allowed and refused.
"""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from community.choices import (
    AFFILIATION_TRANSITIONS,
    ConfirmationStatus,
    EventKind,
    can_transition,
)
from community.exceptions import CommunityError, InvalidStateError, NotAllowedError
from community.models import AffiliationConfirmation, MembershipEvent, OrganisationDomain
from community.permissions import acts_for_organisation, affiliation
from community.selectors import people_acting_for
from community.services import affiliations as services_affiliations
from community.services import organisations as services_organisations
from tests.community.factories import (
    AffiliationConfirmationFactory,
    ConvenerFactory,
    JoinRequestFactory,
    MembershipFactory,
    MemberUserFactory,
    OrganisationFactory,
    StewardFactory,
    UserFactory,
)

DOMAIN = "brookvale.example.org.uk"


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Brookvale Homes", domains=[DOMAIN])


def _person(organisation, email, *, verified=True):
    return UserFactory(email=email, organisation=organisation, verified=verified)


# The predicate, and its SQL twin ----------------------------------------------------------------


def _case_domain(organisation):
    return _person(organisation, f"jo@{DOMAIN}"), True


def _case_domain_in_capitals(organisation):
    person = _person(organisation, "Jo@BrookVale.Example.org.uk", verified=False)
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    return person, True


def _case_subdomain(organisation):
    return _person(organisation, f"jo@tenants.{DOMAIN}"), False


def _case_lookalike(organisation):
    return _person(organisation, f"jo@not{DOMAIN}"), False


def _case_unverified_address(organisation):
    person = _person(organisation, f"jo@{DOMAIN}", verified=False)
    EmailAddress.objects.create(user=person, email=person.email, verified=False, primary=True)
    return person, False


def _case_self_declared(organisation):
    return _person(organisation, "x@evil.example"), False


def _case_confirmed(organisation):
    person = _person(organisation, "jo@elsewhere.example")
    AffiliationConfirmationFactory(person=person)
    return person, True


def _case_confirmed_but_unverified_address(organisation):
    person = _person(organisation, "jo@elsewhere.example", verified=False)
    AffiliationConfirmationFactory(person=person)
    return person, False


def _case_confirmed_for_another_organisation(organisation):
    person = _person(organisation, "jo@elsewhere.example")
    AffiliationConfirmationFactory(person=person, organisation=OrganisationFactory())
    return person, False


def _case_revoked(organisation):
    person = _person(organisation, "jo@elsewhere.example")
    confirmation = AffiliationConfirmationFactory(person=person)
    services_affiliations.affiliation_revoke(
        actor=confirmation.confirmed_by, confirmation=confirmation, reason="Left"
    )
    return person, False


def _case_public_email_domain(organisation):
    # Refused when typed in; a row put in some other way still proves nothing.
    OrganisationDomain.objects.create(organisation=organisation, domain="gmail.com")
    return _person(organisation, "jo@gmail.com"), False


def _case_inactive_account(organisation):
    person = _person(organisation, f"jo@{DOMAIN}")
    person.is_active = False
    person.save()
    return person, None  # acts on its own terms, but never sent organisation email


CASES = [
    _case_domain,
    _case_domain_in_capitals,
    _case_subdomain,
    _case_lookalike,
    _case_unverified_address,
    _case_self_declared,
    _case_confirmed,
    _case_confirmed_but_unverified_address,
    _case_confirmed_for_another_organisation,
    _case_revoked,
    _case_public_email_domain,
]


@pytest.mark.parametrize("case", CASES, ids=[case.__name__[6:] for case in CASES])
def test_the_predicate_and_the_query_agree(organisation, case):
    person, expected = case(organisation)

    assert acts_for_organisation(person, organisation) is expected
    assert affiliation(person).is_proven is expected
    assert people_acting_for(organisation_id=organisation.pk).filter(pk=person.pk).exists() is (
        expected
    )


def test_inactive_people_are_never_sent_the_organisations_news(organisation):
    person, _ = _case_inactive_account(organisation)

    assert not people_acting_for(organisation_id=organisation.pk).filter(pk=person.pk).exists()


def test_a_person_acts_only_for_the_organisation_they_chose(organisation):
    person = _person(organisation, f"jo@{DOMAIN}")
    other = OrganisationFactory(domains=[DOMAIN])

    assert acts_for_organisation(person, organisation)
    assert not acts_for_organisation(person, other)
    assert not acts_for_organisation(person, None)


def test_the_affiliation_says_who_confirmed_it(organisation):
    person = _person(organisation, "jo@elsewhere.example")
    assert affiliation(person).label == "Self-declared"
    AffiliationConfirmationFactory(person=person)

    assert affiliation(person).label == "Confirmed by a steward"
    assert affiliation(_person(organisation, f"sam@{DOMAIN}")).label == "Email domain matches"
    assert affiliation(UserFactory()) is None


# Losing the proof removes the power at once -----------------------------------------------------


def test_changing_email_address_removes_the_power_at_once(organisation):
    person = _person(organisation, f"jo@{DOMAIN}")
    assert acts_for_organisation(person, organisation)

    # What allauth does when a person makes a new, verified address their primary one.
    address = EmailAddress.objects.create(user=person, email="jo@personal.example", verified=True)
    address.set_as_primary()
    person.refresh_from_db()

    assert person.email == "jo@personal.example"
    assert not acts_for_organisation(person, organisation)
    assert not people_acting_for(organisation_id=organisation.pk).exists()


def test_removing_the_domain_removes_the_power_at_once(organisation):
    person = _person(organisation, f"jo@{DOMAIN}")
    assert acts_for_organisation(person, organisation)

    services_organisations.organisation_update(
        actor=StewardFactory(),
        organisation=organisation,
        name=organisation.name,
        type=organisation.type,
        identifier=organisation.identifier,
        email_domains=["brookvalehomes.example.org.uk"],
    )

    assert not acts_for_organisation(person, organisation)


def test_revoking_the_confirmation_removes_the_power_at_once(organisation):
    person = _person(organisation, "jo@elsewhere.example")
    confirmation = services_affiliations.affiliation_confirm(actor=StewardFactory(), person=person)
    assert acts_for_organisation(person, organisation)

    services_affiliations.affiliation_revoke(
        actor=StewardFactory(), confirmation=confirmation, reason="Left"
    )

    assert not acts_for_organisation(person, organisation)


def test_choosing_another_organisation_lapses_the_confirmation_for_good(organisation):
    person = _person(organisation, "jo@elsewhere.example")
    confirmation = services_affiliations.affiliation_confirm(actor=StewardFactory(), person=person)
    other = OrganisationFactory()

    services_organisations.person_organisation_set(actor=person, organisation=other)
    confirmation.refresh_from_db()
    assert confirmation.status == ConfirmationStatus.LAPSED
    assert confirmation.ended_by == person
    assert MembershipEvent.objects.filter(
        kind=EventKind.AFFILIATION_LAPSED, subject=person, organisation=organisation
    ).exists()
    assert not acts_for_organisation(person, other)

    # Coming back does not bring the old confirmation back: someone must confirm again.
    services_organisations.person_organisation_set(actor=person, organisation=organisation)
    assert not acts_for_organisation(person, organisation)


def test_a_confirmation_for_the_old_organisation_counts_for_nothing_even_before_it_lapses(
    organisation,
):
    """If a steward changes someone's organisation in the admin's user editor, the services do
    not run; the predicate still ignores a confirmation for another organisation."""
    person = _person(organisation, "jo@elsewhere.example")
    AffiliationConfirmationFactory(person=person)
    person.organisation = OrganisationFactory()
    person.save()

    assert not acts_for_organisation(person, person.organisation)
    assert not acts_for_organisation(person, organisation)


# Confirming: who may, and when ------------------------------------------------------------------


@pytest.fixture
def group_with_self_declared(organisation):
    membership = MembershipFactory(user=_person(organisation, "x@elsewhere.example"))
    convener = ConvenerFactory(group=membership.group).user
    return membership.group, membership.user, convener


def test_a_steward_confirms_and_the_person_is_emailed(organisation, send_emails):
    steward = StewardFactory()
    person = _person(organisation, "jo@elsewhere.example")

    with send_emails:
        confirmation = services_affiliations.affiliation_confirm(
            actor=steward, person=person, reason="Checked with their director"
        )

    assert (confirmation.status, confirmation.confirmed_as) == ("active", "steward")
    assert confirmation.group is None
    assert acts_for_organisation(person, organisation)
    event = MembershipEvent.objects.get(kind=EventKind.AFFILIATION_CONFIRMED)
    assert (event.actor, event.subject, event.organisation) == (steward, person, organisation)
    assert event.reason == "Checked with their director"
    assert event.summary == f"{steward} confirmed that {person} works for Brookvale Homes"
    assert confirmation.history.count() == 1
    assert [message.to for message in mail.outbox] == [[person.email]]
    assert mail.outbox[0].subject == "You can now act for Brookvale Homes"


def test_a_convener_confirms_a_member_of_their_group(group_with_self_declared):
    group, person, convener = group_with_self_declared

    confirmation = services_affiliations.affiliation_confirm(actor=convener, person=person)

    assert (confirmation.confirmed_as, confirmation.group) == ("convener", group)
    assert MembershipEvent.objects.filter(
        kind=EventKind.AFFILIATION_CONFIRMED, group=group
    ).exists()


def test_a_convener_confirms_someone_who_asked_to_join(organisation):
    join_request = JoinRequestFactory(user=_person(organisation, "x@elsewhere.example"))
    convener = ConvenerFactory(group=join_request.group).user

    confirmation = services_affiliations.affiliation_confirm(
        actor=convener, person=join_request.user
    )

    assert confirmation.group == join_request.group


@pytest.mark.parametrize(
    "who",
    ["themselves", "member_of_the_group", "other_convener", "archived_group_convener", "nobody"],
)
def test_only_stewards_and_the_persons_conveners_may_confirm(group_with_self_declared, who):
    group, person, _ = group_with_self_declared
    actor = {
        "themselves": lambda: person,
        "member_of_the_group": lambda: MembershipFactory(group=group).user,
        "other_convener": lambda: ConvenerFactory().user,
        "archived_group_convener": lambda: _archived_group_convener(person),
        "nobody": lambda: MemberUserFactory(),
    }[who]()

    with pytest.raises(NotAllowedError):
        services_affiliations.affiliation_confirm(actor=actor, person=person)
    assert not AffiliationConfirmation.objects.exists()
    assert not MembershipEvent.objects.filter(kind=EventKind.AFFILIATION_CONFIRMED).exists()


def _archived_group_convener(person):
    membership = ConvenerFactory(group__archived=True)
    MembershipFactory(group=membership.group, user=person)
    return membership.user


def test_a_steward_cannot_confirm_themselves(organisation):
    steward = StewardFactory(email="steward@elsewhere.example", organisation=organisation)

    with pytest.raises(NotAllowedError, match="cannot confirm your own organisation"):
        services_affiliations.affiliation_confirm(actor=steward, person=steward)


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda o: UserFactory(), "has not said which organisation"),
        (
            lambda o: _person(OrganisationFactory(unverified=True), "x@elsewhere.example"),
            "has not been verified yet",
        ),
        (lambda o: _person(o, f"jo@{DOMAIN}"), "already proven"),
        (
            lambda o: AffiliationConfirmationFactory(person=_person(o, "x@e.example")).person,
            "already",
        ),
    ],
    ids=["no_organisation", "unverified_organisation", "proven_by_domain", "already_confirmed"],
)
def test_confirming_when_there_is_nothing_to_confirm_is_refused(organisation, setup, message):
    person = setup(organisation)
    before = AffiliationConfirmation.objects.count()

    with pytest.raises(InvalidStateError, match=message):
        services_affiliations.affiliation_confirm(actor=StewardFactory(), person=person)
    assert AffiliationConfirmation.objects.count() == before


# Revoking, and every transition -----------------------------------------------------------------


def test_a_convener_revokes_and_the_person_is_emailed(group_with_self_declared, send_emails):
    _, person, convener = group_with_self_declared
    confirmation = services_affiliations.affiliation_confirm(actor=StewardFactory(), person=person)

    with send_emails:
        services_affiliations.affiliation_revoke(
            actor=convener, confirmation=confirmation, reason="They have left"
        )

    confirmation.refresh_from_db()
    assert (confirmation.status, confirmation.ended_by) == ("revoked", convener)
    assert confirmation.ended_reason == "They have left"
    assert MembershipEvent.objects.filter(
        kind=EventKind.AFFILIATION_REVOKED, actor=convener, subject=person
    ).exists()
    assert mail.outbox[-1].subject == "You can no longer act for Brookvale Homes"
    assert "They have left" in mail.outbox[-1].body


@pytest.mark.parametrize("who", ["themselves", "other_convener", "member_of_the_group"])
def test_only_stewards_and_the_persons_conveners_may_revoke(group_with_self_declared, who):
    group, person, _ = group_with_self_declared
    confirmation = services_affiliations.affiliation_confirm(actor=StewardFactory(), person=person)
    actor = {
        "themselves": lambda: person,
        "other_convener": lambda: ConvenerFactory().user,
        "member_of_the_group": lambda: MembershipFactory(group=group).user,
    }[who]()

    with pytest.raises(NotAllowedError):
        services_affiliations.affiliation_revoke(
            actor=actor, confirmation=confirmation, reason="No"
        )
    confirmation.refresh_from_db()
    assert confirmation.is_active


def test_revoking_needs_a_reason(organisation):
    confirmation = AffiliationConfirmationFactory(person=_person(organisation, "x@e.example"))

    with pytest.raises(CommunityError, match="Enter a reason") as refusal:
        services_affiliations.affiliation_revoke(
            actor=StewardFactory(), confirmation=confirmation, reason=" "
        )
    assert refusal.value.field == "reason"


STATUSES = list(ConfirmationStatus)


@pytest.mark.parametrize("current", STATUSES)
@pytest.mark.parametrize("new", STATUSES)
def test_the_transition_table(current, new):
    allowed = current == ConfirmationStatus.ACTIVE and new != ConfirmationStatus.ACTIVE
    assert can_transition(AFFILIATION_TRANSITIONS, current, new) is allowed


@pytest.mark.parametrize("ended", [ConfirmationStatus.REVOKED, ConfirmationStatus.LAPSED])
def test_an_ended_confirmation_cannot_be_revoked(organisation, ended):
    person = _person(organisation, "x@elsewhere.example")
    confirmation = services_affiliations.affiliation_confirm(actor=StewardFactory(), person=person)
    if ended == ConfirmationStatus.REVOKED:
        services_affiliations.affiliation_revoke(
            actor=StewardFactory(), confirmation=confirmation, reason="x"
        )
    else:
        services_organisations.person_organisation_set(
            actor=person, organisation=OrganisationFactory()
        )

    with pytest.raises(InvalidStateError, match=f"was already {ended.label.lower()}"):
        services_affiliations.affiliation_revoke(
            actor=StewardFactory(), confirmation=confirmation, reason="y"
        )


def test_confirming_again_after_a_revocation_writes_a_new_row(organisation):
    person = _person(organisation, "x@elsewhere.example")
    steward = StewardFactory()
    first = services_affiliations.affiliation_confirm(actor=steward, person=person)
    services_affiliations.affiliation_revoke(actor=steward, confirmation=first, reason="Mistake")

    second = services_affiliations.affiliation_confirm(actor=StewardFactory(), person=person)

    assert second.pk != first.pk
    assert list(person.affiliation_confirmations.values_list("status", flat=True)) == [
        "active",
        "revoked",
    ]


# Pages ------------------------------------------------------------------------------------------


def test_the_account_page_labels_a_self_declared_organisation_and_says_how_to_prove_it(
    client, organisation
):
    person = _person(organisation, "x@elsewhere.example")
    client.force_login(person)

    page = client.get(reverse("account_overview")).text

    assert "Self-declared" in page
    assert "add an email address" in page
    assert "ask a convener of your working group or the data standards team" in page
    assert "Manage webhook endpoints" not in page


def test_the_account_page_says_who_confirmed_it(client, organisation):
    person = _person(organisation, "x@elsewhere.example")
    steward = StewardFactory(first_name="Priya", last_name="Shah")
    services_affiliations.affiliation_confirm(actor=steward, person=person)
    client.force_login(person)

    page = client.get(reverse("account_overview")).text

    assert "Confirmed by a steward" in page
    assert "Priya Shah confirmed that you work for Brookvale Homes" in page
    assert "Manage webhook endpoints" in page


def test_choosing_an_organisation_says_it_is_self_declared(client, organisation):
    person = UserFactory(email="x@elsewhere.example")
    client.force_login(person)

    response = client.post(
        reverse("community:organisation_choose") + "?q=Brookvale",
        {"organisation": organisation.pk},
        follow=True,
    )

    assert "It is self-declared until you use an email address" in response.text


def test_a_convener_confirms_from_the_members_page(client, group_with_self_declared):
    group, person, convener = group_with_self_declared
    client.force_login(convener)
    members_url = reverse("community:group_members_manage", args=[group.slug])
    page = client.get(members_url).text
    assert "Self-declared" in page
    confirm_url = reverse("community:affiliation_confirm", args=[person.pk])
    assert confirm_url in page

    response = client.post(f"{confirm_url}?next={members_url}", {"reason": "I know them"})

    assert response.status_code == 302
    assert response["Location"] == members_url
    page = client.get(members_url).text
    assert f"You confirmed that {person} works for Brookvale Homes" in page
    assert "Confirmed" in page
    assert reverse("community:affiliation_revoke", args=[person.pk]) in page


def test_an_unsafe_next_address_is_ignored(client, group_with_self_declared):
    group, person, convener = group_with_self_declared
    client.force_login(convener)

    response = client.post(
        reverse("community:affiliation_confirm", args=[person.pk]) + "?next=https://evil.example/",
        {"reason": ""},
    )

    assert response["Location"] == reverse("community:group_members_manage", args=[group.slug])


def test_a_refusal_is_shown_on_the_confirmation_page(client, organisation):
    person = _person(organisation, f"jo@{DOMAIN}")
    client.force_login(StewardFactory())

    response = client.post(
        reverse("community:affiliation_confirm", args=[person.pk]), {"reason": ""}
    )

    assert response.status_code == 200
    assert "already proven" in response.text
    assert not AffiliationConfirmation.objects.exists()


def test_revoking_from_the_page_needs_a_reason(client, organisation):
    person = _person(organisation, "x@elsewhere.example")
    AffiliationConfirmationFactory(person=person)
    client.force_login(StewardFactory())

    response = client.post(
        reverse("community:affiliation_revoke", args=[person.pk]), {"reason": ""}
    )

    assert response.status_code == 200
    assert "Enter a reason" in response.text


def test_revoking_when_nothing_is_confirmed_is_a_404(client, organisation):
    person = _person(organisation, "x@elsewhere.example")
    client.force_login(StewardFactory())

    assert client.get(reverse("community:affiliation_revoke", args=[person.pk])).status_code == 404


@pytest.mark.parametrize("size", [1, 15])
def test_the_stewards_list_of_affiliations(
    client, organisation, django_assert_max_num_queries, size
):
    for index in range(size):
        _person(organisation, f"self{index}@elsewhere.example")
        AffiliationConfirmationFactory(
            person=_person(organisation, f"confirmed{index}@elsewhere.example")
        )
    proven = _person(organisation, f"jo@{DOMAIN}")
    client.force_login(StewardFactory())

    with django_assert_max_num_queries(8):
        page = client.get(reverse("community:affiliation_list")).text

    assert page.count("Self-declared") == size
    assert page.count("Revoke confirmation") == size
    assert page.count("Confirm where they work") == size
    assert proven.email not in page

from allauth.account.models import EmailAddress

from community import demo
from community.choices import MembershipRole, MembershipStatus
from community.models import Membership, MembershipEvent, Organisation, User
from community.permissions import acts_for_organisation, affiliation, is_steward


def test_the_demo_loader_returns_every_sign_in(db):
    emails = [email for _, email in demo.load()]

    assert "steward@example.gov.uk" in emails
    assert "editor@example.gov.uk" in emails
    assert "new-member@brookvalehomes.example.org.uk" in emails
    assert "sam.okafor@example.org" in emails
    assert len(emails) == 10


def test_every_demo_person_signs_in_with_the_documented_password(db):
    demo.load()

    for user in User.objects.all():
        assert user.check_password(demo.DEMO_PASSWORD)
        assert EmailAddress.objects.get(user=user).verified


def test_each_working_group_has_a_demo_convener_and_member(db):
    demo.load()

    for slug in ("local-authorities", "housing-associations", "technology-suppliers"):
        roles = sorted(
            Membership.objects.filter(group__slug=slug, status=MembershipStatus.ACTIVE).values_list(
                "role", flat=True
            )
        )
        assert roles == [MembershipRole.CONVENER, MembershipRole.MEMBER]


def test_the_steward_is_a_steward_but_not_staff(db):
    demo.load()

    steward = User.objects.get(email="steward@example.gov.uk")
    assert is_steward(steward)
    assert not steward.is_staff


def test_one_demo_organisation_waits_for_verification(db):
    demo.load()

    assert list(
        Organisation.objects.filter(verified_at__isnull=True).values_list("name", flat=True)
    ) == ["Harbourside Community Housing"]


def test_the_demo_loader_is_idempotent(db):
    demo.load()
    counts = (User.objects.count(), Membership.objects.count(), MembershipEvent.objects.count())

    demo.load()

    assert (
        User.objects.count(),
        Membership.objects.count(),
        MembershipEvent.objects.count(),
    ) == counts


def test_the_new_member_has_no_group_and_no_organisation(db):
    demo.load()

    person = User.objects.get(email="new-member@brookvalehomes.example.org.uk")
    assert person.organisation is None
    assert not person.memberships.exists()


def test_demo_group_people_act_for_their_organisations_and_one_is_self_declared(db):
    """ADR 0016: the demo's conveners and members are proven by their email domains."""
    demo.load()

    for _, email, *_rest in demo.PEOPLE:
        person = User.objects.get(email=email)
        assert affiliation(person).standing == "email_domain"
        assert acts_for_organisation(person, person.organisation)
    self_declared = User.objects.get(email="sam.okafor@example.org")
    assert affiliation(self_declared).standing == "self_declared"
    assert not acts_for_organisation(self_declared, self_declared.organisation)
    assert self_declared.join_requests.filter(status="pending").count() == 1

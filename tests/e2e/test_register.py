"""The adoption register in a real browser, with JavaScript on and off.

The journey of issue 13: a member declares that their organisation uses Damp and mould 1.1.0
(Work order and Property, in production, in a named system); the public register, the version
page and a proposal's page show it; the member changes and withdraws it; a steward hides and
shows a declaration. Every new page joins the axe sweep.
"""

from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, expect

from adoption.models import AdoptionRecord
from standards.choices import OperationKind
from standards.engine.changesets import Operation
from tests.adoption.factories import declare
from tests.community.factories import (
    DEFAULT_PASSWORD,
    MembershipFactory,
    MemberUserFactory,
    OrganisationFactory,
    StewardFactory,
    UserFactory,
)
from tests.e2e.conftest import assert_accessible, sign_in
from tests.standards.factories import ProposalFactory, build_standard

MEMBER = "ha-member@brookvalehomes.example.org.uk"
STEWARD = "steward@example.gov.uk"
AUTHOR = "author@northmere.example.gov.uk"
REGISTER = "/adoption/register/"


@pytest.fixture
def world():
    steward = StewardFactory(email=STEWARD)
    catalogue = build_standard(steward=steward)
    # The member's address is at the organisation's domain, so they act for it (ADR 0016).
    organisation = OrganisationFactory(
        name="Brookvale Homes", domains=["brookvalehomes.example.org.uk"]
    )
    member = MemberUserFactory(email=MEMBER, organisation=organisation)
    author = MembershipFactory(user__email=AUTHOR).user
    return SimpleNamespace(catalogue=catalogue, member=member, steward=steward, author=author)


@pytest.fixture(params=[True, False], ids=["javascript-on", "javascript-off"])
def javascript(request) -> bool:
    return request.param


def _axe(page: Page, javascript: bool) -> None:
    """Axe itself needs JavaScript to run."""
    if javascript:
        assert_accessible(page)


def test_a_member_declares_changes_and_withdraws(open_page, world, javascript):
    page = open_page(javascript=javascript)
    page.goto(REGISTER)
    expect(
        page.get_by_text("No organisation has declared that it uses a standard yet.")
    ).to_be_visible()
    _axe(page, javascript)

    sign_in(page, email=MEMBER, password=DEFAULT_PASSWORD)
    page.goto(REGISTER)
    page.get_by_role("link", name="Declare that Brookvale Homes uses a standard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Which version of a standard does Brookvale Homes use?"
    )
    _axe(page, javascript)
    page.get_by_role("button", name="Continue").click()
    expect(
        page.get_by_role("link", name="Select the version your organisation uses")
    ).to_be_visible()
    _axe(page, javascript)
    page.get_by_label("Damp and mould 1.1.0").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "How do you use Damp and mould 1.1.0?"
    )
    _axe(page, javascript)

    # Nothing chosen: errors, and what was typed is kept.
    page.get_by_label("System name").fill("Brookvale Repairs Hub")
    page.get_by_role("button", name="Declare").click()
    expect(page.get_by_role("link", name="Select the components your system uses")).to_be_visible()
    expect(page.get_by_label("System name")).to_have_value("Brookvale Repairs Hub")
    _axe(page, javascript)

    page.get_by_label("Work order").check()
    page.get_by_label("Property").check()
    page.get_by_label("In production").check()
    page.get_by_role("button", name="Declare").click()
    expect(
        page.get_by_text(
            "You declared that Brookvale Homes uses Damp and mould 1.1.0 in Brookvale Repairs Hub"
        )
    ).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Brookvale Repairs Hub")
    _axe(page, javascript)

    # The public register and the version page show it.
    page.goto(REGISTER)
    expect(page.get_by_role("cell", name="Brookvale Homes")).to_be_visible()
    _axe(page, javascript)
    page.get_by_role("link", name="Damp and mould 1.1.0").first.click()
    expect(page.get_by_role("heading", name="Adopters of each component")).to_be_visible()
    _axe(page, javascript)
    page.goto(world.catalogue.v2.get_absolute_url())
    expect(page.get_by_role("link", name="Brookvale Homes: Brookvale Repairs Hub")).to_be_visible()

    # Change it, then withdraw it.
    page.get_by_role("link", name="Brookvale Homes: Brookvale Repairs Hub").click()
    page.get_by_role("link", name="Change declaration").click()
    _axe(page, javascript)
    page.get_by_label("In development").check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Your declaration has been updated")).to_be_visible()
    expect(page.get_by_text("In development").first).to_be_visible()
    page.get_by_role("link", name="Withdraw declaration").click()
    _axe(page, javascript)
    page.get_by_role("button", name="Withdraw declaration").click()
    expect(
        page.get_by_text("Your declaration for Brookvale Repairs Hub has been withdrawn")
    ).to_be_visible()
    assert AdoptionRecord.objects.get().is_withdrawn


def test_a_steward_hides_and_shows_a_declaration(open_page, world, javascript):
    record = declare(version=world.catalogue.v2, member=world.member, system_name="Made up")
    page = open_page(javascript=javascript)
    sign_in(page, email=STEWARD, password=DEFAULT_PASSWORD)
    page.goto(record.get_absolute_url())
    page.get_by_role("link", name="Hide from the register").click()
    _axe(page, javascript)
    page.get_by_role("button", name="Hide declaration").click()
    expect(
        page.get_by_role("link", name="Enter why you are hiding this declaration")
    ).to_be_visible()
    _axe(page, javascript)
    page.get_by_label("Why are you hiding this declaration?").fill("There is no such system")
    page.get_by_role("button", name="Hide declaration").click()
    expect(page.get_by_text("The declaration is hidden from the public register")).to_be_visible()
    expect(page.get_by_text("because: There is no such system")).to_be_visible()
    _axe(page, javascript)
    page.get_by_role("link", name="Show on the register again").click()
    _axe(page, javascript)
    page.get_by_role("button", name="Show declaration").click()
    expect(
        page.get_by_text("The declaration is shown on the public register again")
    ).to_be_visible()


def test_proposal_pages_show_who_would_be_affected(open_page, world, javascript):
    declare(version=world.catalogue.v2, member=world.member, system_name="Brookvale Repairs Hub")
    proposal = ProposalFactory(
        author=world.author,
        base_version=world.catalogue.v2,
        title="Redefine descriptions",
        operations=[
            Operation(
                kind=OperationKind.CHANGE_ATTRIBUTE,
                component="work-order",
                member="description",
                values={"definition": "Why the job was raised."},
                changes_meaning=True,
            )
        ],
    )
    page = open_page(javascript=javascript)
    sign_in(page, email=AUTHOR, password=DEFAULT_PASSWORD)
    page.goto(proposal.get_absolute_url())
    page.get_by_role("link", name="Check and submit for comment").click()
    expect(
        page.get_by_text("This is a major change. It would affect 1 organisation")
    ).to_be_visible()
    expect(
        page.get_by_text("Brookvale Homes: work-order (in Brookvale Repairs Hub)")
    ).to_be_visible()
    _axe(page, javascript)
    page.get_by_role("button", name="Submit for comment").click()
    expect(page.get_by_text("Would affect 1 organisation using these components.")).to_be_visible()

    # Signed out: the count, not the names.
    public = open_page(javascript=javascript)
    public.goto(proposal.get_absolute_url())
    expect(
        public.get_by_text("Would affect 1 organisation using these components.")
    ).to_be_visible()
    expect(public.get_by_text("Brookvale Homes: work-order")).to_have_count(0)


def test_someone_without_a_verified_organisation_is_told_why(open_page, world):
    UserFactory(email="nobody@example.org")
    page = open_page(javascript=True)
    sign_in(page, email="nobody@example.org", password=DEFAULT_PASSWORD)
    page.goto("/adoption/register/declare/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You cannot declare for an organisation yet"
    )
    assert_accessible(page)

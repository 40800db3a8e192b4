"""The stewards' pages for standards and drafts: who may use them, and what each one does."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from standards.choices import DataType, VersionStatus
from standards.models import ComponentVersion, Release, ReleaseStatus, Standard, StandardVersion
from standards.versions.services import version_draft_create
from tests.community.factories import ConvenerFactory, MembershipFactory
from tests.standards.factories import AttributeFactory, ComponentVersionFactory

SLUG = "damp-and-mould"


@pytest.fixture
def draft(catalogue, steward):
    """1.2.0, a draft copied from 1.1.0 (the current version of the catalogue)."""
    return version_draft_create(
        actor=steward, standard=catalogue.standard, number="1.2.0", base=catalogue.v2
    )


def url(name: str, *, version: str | None = None, standard: str = SLUG) -> str:
    if name == "standard_create":
        return reverse("standards:standard_create")
    kwargs = {"standard": standard}
    if version is not None:
        kwargs["version"] = version
    return reverse(f"standards:{name}", kwargs=kwargs)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# Permissions -------------------------------------------------------------------------------------

PAGES = [
    ("standard_create", None),
    ("standard_manage", None),
    ("draft_open", None),
    ("draft_notes", "1.2.0"),
    ("draft_delete", "1.2.0"),
    ("version_publish", "1.2.0"),
    ("version_withdraw", "1.1.0"),
]


@pytest.fixture
def people(steward):
    return {
        "member": MembershipFactory().user,
        "convener": ConvenerFactory().user,
        "steward": steward,
    }


@pytest.mark.parametrize(("name", "version"), PAGES)
@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 302), ("member", 403), ("convener", 403), ("steward", 200)]
)
def test_only_stewards_may_open_the_pages(client, draft, people, name, version, who, status):
    if who != "anonymous":
        client.force_login(people[who])

    response = client.get(url(name, version=version))

    assert response.status_code == status
    if who == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(("name", "version"), PAGES)
@pytest.mark.parametrize("who", ["anonymous", "member", "convener"])
def test_others_cannot_post_to_the_pages(client, draft, people, name, version, who):
    if who != "anonymous":
        client.force_login(people[who])
    data = {"name": "Repairs", "slug": "repairs", "number": "1.3.0", "start": "empty"}

    response = client.post(url(name, version=version), {**data, "reason": "Because"})

    assert response.status_code in (302, 403)
    assert not Standard.objects.filter(slug="repairs").exists()
    assert set(StandardVersion.objects.values_list("status", flat=True)) == {
        VersionStatus.SUPERSEDED,
        VersionStatus.PUBLISHED,
        VersionStatus.DRAFT,
    }
    assert StandardVersion.objects.count() == 3


def test_the_manage_blocks_show_only_to_stewards(client, draft, people):
    published = url("version_detail", version="1.1.0")
    for path in (url("standard_detail"), published):
        assert "Only stewards see this" not in client.get(path).text
    client.force_login(people["member"])
    for path in (url("standard_detail"), published):
        assert "Only stewards see this" not in client.get(path).text

    client.force_login(people["steward"])

    assert url("standard_manage") in client.get(url("standard_detail")).text
    page = client.get(published).text
    assert url("version_withdraw", version="1.1.0") in page
    page = client.get(url("version_detail", version="1.2.0")).text
    assert url("version_publish", version="1.2.0") in page
    assert url("draft_delete", version="1.2.0") in page
    assert f"{reverse('standards:import_upload')}?version={draft.pk}" in page


# Creating a standard ----------------------------------------------------------------------------


def test_a_steward_creates_a_standard(client, steward):
    client.force_login(steward)

    response = client.post(
        url("standard_create"),
        {
            "name": "Repairs",
            "slug": "repairs",
            "description": "Jobs at a property.",
            "proposal_prefix": "rp",
        },
    )

    standard = Standard.objects.get(slug="repairs")
    assert response.status_code == 302
    assert response["Location"] == url("standard_manage", standard="repairs")
    assert (standard.name, standard.description, standard.reference_prefix) == (
        "Repairs",
        "Jobs at a property.",
        "RP",
    )
    assert messages_of(response) == ["Repairs was created. Now open its first draft version"]
    assert standard.history.get().history_user == steward


def test_a_duplicate_short_name_is_refused_keeping_what_was_typed(client, steward, catalogue):
    client.force_login(steward)

    response = client.post(url("standard_create"), {"name": "Damp again", "slug": SLUG})

    assert response.status_code == 200
    assert f"A standard with the short name “{SLUG}” already exists" in response.text
    assert 'value="Damp again"' in response.text
    assert response.context["form"].errors["slug"]
    assert Standard.objects.count() == 1


def test_a_proposal_prefix_in_use_is_refused(client, steward, catalogue):
    client.force_login(steward)

    response = client.post(
        url("standard_create"), {"name": "Data model", "slug": "data-model", "proposal_prefix": ""}
    )

    assert response.status_code == 200
    assert "Damp and mould already starts its proposal references with DM" in response.text
    assert response.context["form"].errors["proposal_prefix"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "slug": "repairs"}, "Enter the name of the standard"),
        ({"name": "Repairs", "slug": "Repairs Data"}, "Short name must only include lowercase"),
        ({"name": "Repairs", "slug": "repairs", "proposal_prefix": "R-P"}, "letters and numbers"),
    ],
)
def test_create_form_errors(client, steward, data, message):
    client.force_login(steward)

    response = client.post(url("standard_create"), data)

    assert response.status_code == 200
    assert message in response.text
    assert "There is a problem" in response.text
    assert not Standard.objects.exists()


# Opening a draft ---------------------------------------------------------------------------------


def test_the_open_draft_page_suggests_the_next_minor_version(client, steward, catalogue):
    client.force_login(steward)

    response = client.get(url("draft_open"))

    assert response.context["form"]["number"].value() == "1.2.0"
    assert "A copy of version 1.1.0, the current version" in response.text


def test_a_new_standard_suggests_0_1_0_and_offers_only_an_empty_draft(client, steward):
    Standard.objects.create(name="Repairs", slug="repairs")
    client.force_login(steward)

    response = client.get(url("draft_open", standard="repairs"))

    assert response.context["form"]["number"].value() == "0.1.0"
    assert "start" not in response.context["form"].fields

    response = client.post(url("draft_open", standard="repairs"), {"number": "0.1.0"})

    draft = StandardVersion.objects.get(standard__slug="repairs")
    assert response["Location"] == draft.get_absolute_url()
    assert (draft.number, draft.status, draft.based_on) == ("0.1.0", VersionStatus.DRAFT, None)
    assert messages_of(response) == ["Draft version 0.1.0 was opened, empty"]


def test_a_steward_opens_a_draft_copied_from_the_current_version(client, steward, catalogue):
    client.force_login(steward)

    response = client.post(url("draft_open"), {"number": "1.2.0", "start": "current"})

    draft = StandardVersion.objects.get(standard=catalogue.standard, minor=2)
    assert response.status_code == 302
    assert draft.based_on == catalogue.v2
    assert draft.component_versions.count() == catalogue.v2.component_versions.count()
    assert messages_of(response) == ["Draft version 1.2.0 was opened, copied from version 1.1.0"]


def test_a_steward_opens_an_empty_draft_of_a_published_standard(client, steward, catalogue):
    client.force_login(steward)

    client.post(url("draft_open"), {"number": "2.0.0", "start": "empty"})

    draft = StandardVersion.objects.get(standard=catalogue.standard, major=2)
    assert not draft.component_versions.exists()


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("1.2", "Enter a version number in the format 1.2.3"),
        ("", "Enter a version number"),
        ("1.0.5", "The version number must be later than 1.1.0"),
        ("1.1.0", "Version 1.1.0 of Damp and mould already exists"),
    ],
)
def test_a_bad_version_number_is_refused(client, steward, catalogue, number, message):
    client.force_login(steward)

    response = client.post(url("draft_open"), {"number": number, "start": "current"})

    assert response.status_code == 200
    assert message in response.text
    assert response.context["form"].errors["number"]
    assert not StandardVersion.objects.filter(status=VersionStatus.DRAFT).exists()


def test_choosing_what_the_draft_starts_with_is_required(client, steward, catalogue):
    client.force_login(steward)

    response = client.post(url("draft_open"), {"number": "1.2.0"})

    assert "Select what the draft should start with" in response.text


# Release notes -----------------------------------------------------------------------------------


def test_a_steward_edits_a_drafts_release_notes(client, steward, draft):
    client.force_login(steward)

    response = client.post(url("draft_notes", version="1.2.0"), {"release_notes": "Adds dates."})

    draft.refresh_from_db()
    assert draft.release_notes == "Adds dates."
    assert response["Location"] == draft.get_absolute_url()
    assert messages_of(response) == ["The release notes of version 1.2.0 were saved"]


def test_the_release_notes_of_a_published_version_cannot_be_edited(client, steward, catalogue):
    client.force_login(steward)

    response = client.get(url("draft_notes", version="1.1.0"))
    assert response["Location"] == catalogue.v2.get_absolute_url()

    response = client.post(url("draft_notes", version="1.1.0"), {"release_notes": "Late"})

    assert response.status_code == 200
    assert "is published, so it cannot be changed" in response.text
    catalogue.v2.refresh_from_db()
    assert catalogue.v2.release_notes != "Late"


# Deleting a draft --------------------------------------------------------------------------------


def test_a_steward_deletes_a_draft_after_confirming(client, steward, draft):
    client.force_login(steward)

    page = client.get(url("draft_delete", version="1.2.0"))
    assert "Are you sure you want to delete draft version 1.2.0?" in page.text

    response = client.post(url("draft_delete", version="1.2.0"))

    assert response["Location"] == url("standard_manage")
    assert not StandardVersion.objects.filter(pk=draft.pk).exists()
    assert not ComponentVersion.objects.filter(version_id=draft.pk).exists()
    assert messages_of(response) == ["Draft version 1.2.0 of Damp and mould was deleted"]


def test_deleting_a_published_version_is_refused(client, steward, catalogue):
    client.force_login(steward)

    response = client.get(url("draft_delete", version="1.1.0"))
    assert response["Location"] == catalogue.v2.get_absolute_url()

    response = client.post(url("draft_delete", version="1.1.0"))

    assert response.status_code == 200
    assert "is published, so it cannot be deleted" in response.text
    assert StandardVersion.objects.filter(pk=catalogue.v2.pk).exists()


# Publishing --------------------------------------------------------------------------------------


def test_the_publish_page_says_the_current_version_will_be_superseded(client, steward, draft):
    client.force_login(steward)

    response = client.get(url("version_publish", version="1.2.0"))

    assert "Ask a second steward to publish version 1.2.0" in response.text
    assert "Version 1.1.0, the current version, becomes superseded" in response.text


def test_a_steward_asks_a_second_steward_to_publish_a_draft(client, steward, draft, catalogue):
    client.force_login(steward)

    response = client.post(url("version_publish", version="1.2.0"), {"release_notes": "Notes."})

    draft.refresh_from_db()
    catalogue.v2.refresh_from_db()
    release = Release.objects.get(version=draft)
    assert response["Location"] == reverse(
        "standards:release_detail", args=[catalogue.standard.slug, release.pk]
    )
    assert (draft.status, catalogue.v2.status) == (VersionStatus.DRAFT, VersionStatus.PUBLISHED)
    assert (release.status, release.built_by, release.notes) == (
        ReleaseStatus.AWAITING_APPROVAL,
        steward,
        "Notes.",
    )
    assert messages_of(response) == [
        "Version 1.2.0 is waiting for another steward to approve it. We have emailed the other "
        "stewards"
    ]


def test_publishing_a_draft_whose_references_dangle_is_refused(client, steward, catalogue):
    draft = version_draft_create(actor=steward, standard=catalogue.standard, number="2.0.0")
    survey = ComponentVersionFactory(version=draft, component__key="survey", name="Survey")
    AttributeFactory(
        component_version=survey,
        key="property",
        name="property",
        data_type=DataType.REFERENCE,
        references=catalogue.v2.component_versions.get(component__key="property").component,
    )
    client.force_login(steward)

    response = client.post(url("version_publish", version="2.0.0"), {"release_notes": "Notes."})

    assert response.status_code == 400
    assert "You cannot publish version 2.0.0 yet" in response.text
    assert "There is a problem" in response.text
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_a_published_version_has_no_publish_page(client, steward, catalogue):
    client.force_login(steward)

    response = client.get(url("version_publish", version="1.1.0"))

    assert response["Location"] == catalogue.v2.get_absolute_url()
    assert messages_of(response) == ["Version 1.1.0 is published, so it cannot be published again"]


# Withdrawing -------------------------------------------------------------------------------------


def test_a_steward_withdraws_a_version_giving_a_reason(client, steward, catalogue):
    client.force_login(steward)

    response = client.post(url("version_withdraw", version="1.0.0"), {"reason": "Wrong codes."})

    catalogue.v1.refresh_from_db()
    assert catalogue.v1.status == VersionStatus.WITHDRAWN
    assert catalogue.v1.withdrawn_reason == "Wrong codes."
    assert response["Location"] == catalogue.v1.get_absolute_url()
    assert messages_of(response) == ["Version 1.0.0 of Damp and mould was withdrawn"]


def test_withdrawing_the_current_version_warns_nothing_takes_its_place(client, steward, catalogue):
    client.force_login(steward)

    response = client.get(url("version_withdraw", version="1.1.0"))

    assert "will have no current version until you publish another" in response.text


def test_withdrawing_without_a_reason_is_refused(client, steward, catalogue):
    client.force_login(steward)

    response = client.post(url("version_withdraw", version="1.1.0"), {"reason": "  "})

    assert response.status_code == 200
    assert "Enter why you are withdrawing this version" in response.text
    catalogue.v2.refresh_from_db()
    assert catalogue.v2.status == VersionStatus.PUBLISHED


def test_a_draft_cannot_be_withdrawn(client, steward, draft):
    client.force_login(steward)

    response = client.get(url("version_withdraw", version="1.2.0"))
    assert response["Location"] == draft.get_absolute_url()

    response = client.post(url("version_withdraw", version="1.2.0"), {"reason": "No"})

    assert "is draft, so you cannot withdraw it" in response.text


# The manage page and the import page -------------------------------------------------------------


def test_the_manage_page_lists_drafts_and_published_versions(
    client, steward, draft, django_assert_max_num_queries
):
    client.force_login(steward)

    with django_assert_max_num_queries(12):
        response = client.get(url("standard_manage"))

    assert url("version_publish", version="1.2.0") in response.text
    assert url("version_withdraw", version="1.1.0") in response.text
    assert url("version_withdraw", version="1.0.0") in response.text


def test_the_import_page_links_to_open_a_draft_when_there_is_none(client, steward, catalogue):
    client.force_login(steward)

    response = client.get(reverse("standards:import_upload"))

    assert "there are no draft versions" in response.text
    assert url("draft_open") in response.text
    assert "Check the file" not in response.text


def test_the_import_page_offers_to_create_a_standard_when_there_is_none(client, steward):
    client.force_login(steward)

    response = client.get(reverse("standards:import_upload"))

    assert reverse("standards:standard_create") in response.text


def test_import_from_a_drafts_page_chooses_that_draft(client, steward, draft):
    client.force_login(steward)

    response = client.get(reverse("standards:import_upload"), {"version": draft.pk})

    assert response.context["form"]["version"].value() == draft.pk
    assert url("draft_open") in response.text


def test_a_new_standard_with_no_versions_has_a_page(client, steward):
    Standard.objects.create(name="Repairs", slug="repairs")
    client.force_login(steward)

    response = client.get(url("standard_detail", standard="repairs"))

    assert response.status_code == 200
    assert url("draft_open", standard="repairs") in response.text
    assert client.get(url("standard_manage", standard="repairs")).status_code == 200

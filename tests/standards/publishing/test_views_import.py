import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from standards.demo.catalogue import data_dir
from standards.models import Attribute, ComponentVersion, ImportRun, ImportRunStatus
from tests.standards.factories import AttributeFactory, VersionFactory

UPLOAD_URL = reverse("standards:import_upload")
WORK_ORDER = data_dir() / "ukhds-damp-and-mould" / "work_order.schema.json"


@pytest.fixture
def draft(db):
    return VersionFactory(standard__name="Damp and mould")


def upload(client, draft, path=WORK_ORDER, **extra):
    data = {
        "version": draft.pk,
        "format": "json_schema",
        "file": SimpleUploadedFile(path.name, path.read_bytes()),
        **extra,
    }
    return client.post(UPLOAD_URL, data)


@pytest.fixture
def previewed(client, steward, draft):
    client.force_login(steward)
    upload(client, draft)
    return ImportRun.objects.get()


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(UPLOAD_URL)

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_signed_in_non_steward_is_forbidden(client, user):
    client.force_login(user)

    assert client.get(UPLOAD_URL).status_code == 403


def test_non_steward_cannot_see_a_preview(client, user, previewed):
    client.force_login(user)

    response = client.get(reverse("standards:import_preview", kwargs={"run": previewed.pk}))

    assert response.status_code == 403


def test_steward_sees_the_upload_form(client, steward, draft):
    client.force_login(steward)

    response = client.get(UPLOAD_URL)

    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.text
    assert "Damp and mould 1.0.0 (draft)" in response.text


def test_upload_shows_report_and_writes_nothing(client, steward, draft):
    client.force_login(steward)

    response = upload(client, draft)
    page = client.get(response["Location"])

    assert ComponentVersion.objects.count() == 0
    assert "14 created" in page.text
    assert "/definitions/work_element/properties/trade_code/$ref" in page.text
    assert "Import this file" in page.text


def test_confirm_applies_the_import(client, previewed):
    url = reverse("standards:import_preview", kwargs={"run": previewed.pk})

    response = client.post(url)

    assert response.status_code == 302
    previewed.refresh_from_db()
    assert previewed.status == ImportRunStatus.APPLIED
    assert ComponentVersion.objects.filter(version=previewed.version).count() == 14


def test_confirm_refused_when_draft_changed_meanwhile(client, previewed):
    AttributeFactory(component_version__version=previewed.version, key="meanwhile")
    url = reverse("standards:import_preview", kwargs={"run": previewed.pk})

    response = client.post(url)

    assert response.status_code == 200
    assert "The draft has changed since this import was checked" in response.text
    previewed.refresh_from_db()
    assert previewed.status == ImportRunStatus.PREVIEWED
    assert Attribute.objects.count() == 1


def test_confirm_after_refresh_applies(client, previewed):
    AttributeFactory(component_version__version=previewed.version, key="meanwhile")
    url = reverse("standards:import_preview", kwargs={"run": previewed.pk})
    client.post(url)

    client.post(url)

    assert ComponentVersion.objects.filter(version=previewed.version).count() == 15


def test_another_steward_cannot_confirm(client, previewed, db):
    from tests.community.factories import StewardFactory

    client.force_login(StewardFactory())
    url = reverse("standards:import_preview", kwargs={"run": previewed.pk})

    assert client.post(url).status_code == 404
    assert ComponentVersion.objects.count() == 0


def test_file_with_errors_shows_them_and_offers_no_confirm(client, steward, draft, tmp_path):
    client.force_login(steward)
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name\nA,Apple\nA,Again\n")

    response = upload(client, draft, bad, format="csv_code_list", key="fruit", name="Fruit")
    page = client.get(response["Location"])

    assert "Code A is already on line 2" in page.text
    assert "Import this file" not in page.text


def test_csv_needs_key_and_name(client, steward, draft):
    client.force_login(steward)
    path = data_dir() / "person-alert-codes.csv"

    response = upload(client, draft, path, format="csv_code_list")

    assert response.status_code == 200
    assert "Enter a code list key" in response.text
    assert ImportRun.objects.count() == 0


def test_json_nested_too_deep_is_a_form_error_and_nothing_is_stored(
    client, steward, draft, tmp_path
):
    client.force_login(steward)
    deep = tmp_path / "deep.schema.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)

    response = upload(client, draft, deep)

    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert ImportRun.objects.count() == 0


def test_csv_field_over_the_limit_is_a_form_error_naming_the_line(client, steward, draft, tmp_path):
    client.force_login(steward)
    long = tmp_path / "long.csv"
    long.write_text("code,name\nA," + "x" * 200_000 + "\n")

    response = upload(client, draft, long, format="csv_code_list", key="fruit", name="Fruit")

    assert response.status_code == 200
    assert "line 2" in response.text
    assert ImportRun.objects.count() == 0


def test_upload_that_is_not_utf8_names_the_first_bad_line(client, steward, draft):
    client.force_login(steward)
    response = client.post(
        UPLOAD_URL,
        {
            "version": draft.pk,
            "format": "csv_code_list",
            "key": "codes",
            "name": "Codes",
            "file": SimpleUploadedFile("codes.csv", b"code,label\nA,Alpha\nB,B\xe9ta\n"),
        },
    )

    assert response.status_code == 200
    assert "Line 3 has a character that is not UTF-8" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_semicolon_separated_upload_is_refused_on_the_form(client, steward, draft):
    client.force_login(steward)
    response = client.post(
        UPLOAD_URL,
        {
            "version": draft.pk,
            "format": "csv_code_list",
            "key": "codes",
            "name": "Codes",
            "file": SimpleUploadedFile("codes.csv", b"code;label\nA;Alpha\n"),
        },
    )

    assert response.status_code == 200
    assert "separated by semicolons" in response.content.decode()
    assert not ImportRun.objects.exists()

"""The checker's pages and HTTP endpoint: public, refusing bad files clearly, storing nothing."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from adoption.checker.report import report_token
from tests.adoption.checker.test_catalogue import HEADER, build_checker_standard
from tests.community.factories import ConvenerFactory, MemberUserFactory, UserFactory

pytestmark = pytest.mark.django_db

GOOD = "WO-1,EMG,open,12.5,2026-01-01T09:00:00Z,,true,2,,,,"
BAD = "X-2,ZZZ,open,abc,2026-01-01T09:00:00Z,,true,2,,,,"
START = reverse("adoption:checker_start")
API = reverse("adoption:checker_api")
DOWNLOAD = reverse("adoption:checker_download")


@pytest.fixture
def repairs(steward):
    return build_checker_standard(steward=steward)


def upload_url(repairs) -> str:
    return reverse(
        "adoption:checker_upload",
        kwargs={"standard": "repairs", "number": repairs.version.number},
    )


def extract(*rows, name="orders.csv", header=HEADER) -> SimpleUploadedFile:
    content = "\n".join([header, *rows]).encode() + b"\n"
    return SimpleUploadedFile(name, content, content_type="text/csv")


def post_extract(client, repairs, upload, component=None):
    component = component or repairs.order
    return client.post(upload_url(repairs), {"component": component.pk, "file": upload})


def table_count() -> int:
    return len(connection.introspection.table_names())


def people(kind, steward):
    if kind == "anonymous":
        return None
    if kind == "non-member":
        return UserFactory()
    if kind == "member":
        return MemberUserFactory()
    if kind == "convener":
        return ConvenerFactory().user
    return steward


@pytest.mark.parametrize("kind", ["anonymous", "non-member", "member", "convener", "steward"])
def test_everyone_can_use_every_page(client, repairs, steward, kind):
    user = people(kind, steward)
    if user is not None:
        client.force_login(user)

    assert client.get(START).status_code == 200
    assert client.get(upload_url(repairs)).status_code == 200
    response = post_extract(client, repairs, extract(GOOD))
    assert response.status_code == 200
    assert "Your file fits Work order" in response.text


def test_the_journey_chooses_a_version_then_shows_the_report(client, repairs):
    page = client.get(START)
    assert "Repairs 1.0.0" in page.text
    assert "We do not keep your file" in page.text

    chosen = client.get(START, {"version": repairs.version.pk})
    assert chosen.status_code == 302
    assert chosen["Location"] == upload_url(repairs)

    form = client.get(chosen["Location"])
    assert "Work order" in form.text
    assert "Site" in form.text
    assert "Priority codes" not in form.text  # code lists are not extracts

    report = post_extract(client, repairs, extract(GOOD, BAD, "WO-3,OLD,,,,,,,,,,"))
    assert report.status_code == 200
    page = report.text
    assert "Does not fit" in page
    assert "Wrong type: 1" in page
    assert "Not in the code list: 1" in page
    assert "Does not match the pattern: 1" in page
    assert "Required value missing: 1" in page
    assert "Code OLD" in page
    assert "RTN" in page
    assert "Attribute old_reference" in page
    assert "We do not keep your file" in page


def test_only_published_and_superseded_versions_are_offered(client, repairs, steward):
    page = client.get(START).text
    assert "Repairs 1.0.0" in page
    assert "Repairs 1.1.0" not in page  # the draft
    assert "Repairs 0.9.0" not in page  # withdrawn
    for version in (repairs.draft, repairs.withdrawn):
        url = reverse(
            "adoption:checker_upload", kwargs={"standard": "repairs", "number": version.number}
        )
        assert client.get(url).status_code == 404
    assert client.get(START, {"version": repairs.draft.pk}).status_code == 200


@pytest.mark.parametrize("number", ["1.0", "01.0.0", "9.9.9", "x"])
def test_unknown_or_malformed_versions_are_not_found(client, repairs, number):
    url = reverse("adoption:checker_upload", kwargs={"standard": "repairs", "number": number})
    assert client.get(url).status_code == 404


def test_choosing_no_version_explains_what_to_do(client, repairs):
    response = client.get(START, {"version": ""})
    assert "Select a version of a standard" in response.text
    assert response.text.count("govuk-error-summary") >= 1


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("orders.csv", b""), "The selected file is empty"),
        (
            SimpleUploadedFile("orders.xlsx", b"PK\x03\x04"),
            "The selected file must be a CSV, JSON or NDJSON file",
        ),
        (
            SimpleUploadedFile("orders.csv", b"order_id,priority\nWO-1,EMG\nWO-2,\xff\xfe\n"),
            "Line 3 has characters that are not UTF-8",
        ),
        (
            SimpleUploadedFile("orders.csv", HEADER.encode() + b"\r\n"),
            "The selected file has a header row but no data",
        ),
        (SimpleUploadedFile("orders.json", b"{not json"), "The selected file is not valid JSON"),
        (SimpleUploadedFile("orders.csv", b"\x00\x01\x02"), "None of the columns"),
    ],
)
def test_bad_files_get_a_clear_error_and_nothing_is_stored(client, repairs, upload, message):
    tables = table_count()

    response = post_extract(client, repairs, upload)

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert message in response.text
    assert "<title>Error:" in response.text
    # The component chosen is kept.
    assert f'value="{repairs.order.pk}" selected' in response.text
    assert table_count() == tables


def test_a_missing_file_and_component_are_explained(client, repairs):
    response = client.post(upload_url(repairs), {})
    assert "Select a component" in response.text
    assert "Select a file" in response.text


def test_a_file_over_the_limit_is_refused(client, repairs, settings, monkeypatch):
    monkeypatch.setattr("adoption.checker.views.MAX_UPLOAD_BYTES", 1000)
    monkeypatch.setattr("adoption.checker.views.FORM_OVERHEAD_BYTES", 100_000)
    monkeypatch.setattr("adoption.checker.forms.MAX_UPLOAD_BYTES", 1000)

    response = post_extract(client, repairs, extract(*[GOOD] * 100))

    assert "The selected file must be smaller than 50 MB" in response.text


def test_a_declared_length_over_the_limit_is_refused_before_the_body_is_read(client, repairs):
    response = client.post(
        upload_url(repairs),
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(55 * 1024 * 1024),
    )

    assert response.status_code == 413
    assert "The selected file must be smaller than 50 MB" in response.text
    assert response["Connection"] == "close"


def test_a_500_mb_upload_attempt_is_refused_early(client, repairs):
    for url in (upload_url(repairs), API):
        response = client.post(
            url,
            data=b"",
            content_type="multipart/form-data; boundary=x",
            CONTENT_LENGTH=str(500 * 1024 * 1024),
        )
        assert response.status_code == 413


def test_the_upload_handler_stops_a_body_longer_than_it_claimed(client, repairs, monkeypatch):
    monkeypatch.setattr("adoption.checker.views.MAX_UPLOAD_BYTES", 1000)
    monkeypatch.setattr("adoption.checker.views.FORM_OVERHEAD_BYTES", 10**9)

    response = post_extract(client, repairs, extract(*[GOOD] * 100))

    assert response.status_code == 200
    assert "The selected file must be smaller than 50 MB" in response.text


def test_the_page_needs_a_csrf_token(repairs):
    client = Client(enforce_csrf_checks=True)
    response = post_extract(client, repairs, extract(GOOD))
    assert response.status_code == 403


def test_the_report_downloads_as_json_and_csv(client, repairs):
    page = post_extract(client, repairs, extract(GOOD, BAD))
    token = page.context["token"]

    as_json = client.post(DOWNLOAD, {"report": token, "format": "json"})
    assert as_json["Content-Type"] == "application/json"
    assert 'filename="conformance-report-work-order-1.0.0.json"' in as_json["Content-Disposition"]
    report = json.loads(as_json.content)
    assert report["errors"]["total"] == 3
    assert report["file"]["rows"] == 2

    as_csv = client.post(DOWNLOAD, {"report": token, "format": "csv"})
    assert as_csv["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(as_csv.content.decode())))
    errors = [(row["type"], row["row"], row["column"]) for row in rows if row["section"] == "error"]
    assert errors == [
        ("wrong_type", "3", "cost"),
        ("pattern", "3", "order_id"),
        ("not_in_code_list", "3", "priority"),
    ]


@pytest.mark.parametrize(
    "data",
    [
        {"report": "forged", "format": "json"},
        {"report": report_token({"a": 1}) + "x", "format": "csv"},
        {"format": "json"},
        {"report": report_token({"a": 1}), "format": "xml"},
    ],
)
def test_a_forged_or_broken_download_is_refused(client, data):
    response = client.post(DOWNLOAD, data)
    assert response.status_code == 400
    assert "The report could not be downloaded" in response.text


def test_the_download_accepts_only_post(client):
    assert client.get(DOWNLOAD).status_code == 405


def test_the_api_returns_the_report_as_json(repairs):
    client = Client(enforce_csrf_checks=True)  # safe without a token: it changes nothing
    response = client.post(
        API,
        {
            "standard": "repairs",
            "version": "1.0.0",
            "component": "work-order",
            "file": extract(GOOD, BAD),
        },
    )

    assert response.status_code == 200
    report = response.json()
    assert report["errors"]["total"] == 3
    assert report["component"] == {"key": "work-order", "name": "Work order"}


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        ({"standard": "repairs", "version": "1.1.0", "component": "work-order"}, 404, None),
        ({"standard": "repairs", "version": "0.9.0", "component": "work-order"}, 404, None),
        ({"standard": "nope", "version": "1.0.0", "component": "work-order"}, 404, None),
        ({"standard": "repairs", "version": "1.0.0", "component": "nope"}, 404, None),
        ({"standard": "repairs", "version": "1.0.0", "component": "priority-codes"}, 404, None),
        ({"standard": "repairs", "version": "1.0.0", "component": "work-order"}, 400, "no_file"),
    ],
)
def test_the_api_explains_what_is_wrong(client, repairs, data, status, code):
    response = client.post(API, data)
    assert response.status_code == status
    assert response.json()["error"]["message"]
    if code:
        assert response.json()["error"]["code"] == code


def test_the_api_refuses_files_it_cannot_read(client, repairs):
    response = client.post(
        API,
        {
            "standard": "repairs",
            "version": "1.0.0",
            "component": "work-order",
            "file": SimpleUploadedFile("a.csv", b"order_id\n\xff\n"),
        },
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "not_utf8"
    assert "Line 2" in response.json()["error"]["message"]


def test_the_api_accepts_only_post(client):
    assert client.get(API).status_code == 405


def test_query_counts_are_fixed(client, repairs, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get(START)
    with django_assert_max_num_queries(6):
        client.get(upload_url(repairs))
    many = extract(*[GOOD, BAD] * 500)
    with django_assert_max_num_queries(14):
        post_extract(client, repairs, many)


def test_values_from_the_file_are_escaped(client, repairs):
    response = post_extract(client, repairs, extract("<script>x</script>,EMG,,,,,,,,,,"))
    assert "<script>x</script>" not in response.text
    assert "&lt;script&gt;x&lt;/script&gt;" in response.text

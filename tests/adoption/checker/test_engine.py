"""The checker engine on invented extracts (exact counts) and on the shared real files."""

import json
import tracemalloc
from pathlib import Path

import pytest

from adoption.checker.engine import LISTED_PER_TYPE, CheckRefused, check_extract, checker_for
from adoption.checker.report import report_csv, report_rows
from standards.demo import catalogue as demo
from standards.models import ComponentVersion, StandardVersion
from tests.adoption.checker.test_catalogue import HEADER, build_checker_standard

pytestmark = pytest.mark.django_db

SHARED_DATA = Path("/work/shared/data")

# Row 2 is right; the others each go wrong in known ways (see the counts in the test).
EXTRACT = "\n".join(
    [
        HEADER + ",Colour",
        'WO-1,EMG,open,12.5,2026-01-01T09:00:00Z,2026-02-01,true,2,,"[""a""]",a@example.com,'
        '"{""site_id"": ""S1""}",red',
        "WO-2,URG,closed,abc,yesterday,2026-02-30,maybe,1.5,,notjson,x@example.com,,blue",
        "X-3,ZZZ,pending,20000,2026-01-01T09:00:00Z,,,,,,not-an-email,,",
        ",,,,,,,,,,,,",
        "WO-6,OLD,,,2026-01-01T09:00:00Z,,,,LEGACY-6,,,,",
        'WO-7,RTN,,,2026-01-01T09:00:00+01:00,,,,,"[1]",,{},',
        "WO-8,OLD,,,2026-01-01T09:00:00Z,,,,,,,,",
    ]
)


@pytest.fixture
def repairs(steward):
    return build_checker_standard(steward=steward)


def check(repairs, content, name="extract.csv", chunk=7):
    data = content.encode() if isinstance(content, str) else content
    chunks = [data[i : i + chunk] for i in range(0, len(data), chunk)]
    return check_extract(
        version=repairs.version, component=repairs.order, name=name, chunks=chunks
    ).as_dict()


def totals(report) -> dict:
    return {group["type"]: group["total"] for group in report["errors"]["by_type"]}


def listed(report, kind) -> list[tuple[int, str]]:
    group = next(g for g in report["errors"]["by_type"] if g["type"] == kind)
    return [(item["row"], item["column"]) for item in group["listed"]]


def test_an_invented_csv_extract_gets_exact_counts_of_each_error(repairs):
    report = check(repairs, EXTRACT)

    assert report["file"] == {"name": "extract.csv", "format": "CSV", "rows": 7}
    assert totals(report) == {
        "wrong_type": 8,
        "pattern": 1,
        "not_in_code_list": 2,
        "required_missing": 4,
        "other_rule": 1,
    }
    assert report["errors"]["total"] == 16
    assert report["conforms"] is False
    assert listed(report, "wrong_type") == [
        (3, "cost"),
        (3, "raised_at"),
        (3, "due_on"),
        (3, "urgent"),
        (3, "visits"),
        (3, "tags"),
        (4, "contact"),
        (7, "tags/0"),
    ]
    assert listed(report, "pattern") == [(4, "order_id")]
    assert listed(report, "not_in_code_list") == [(4, "priority"), (4, "status")]
    assert listed(report, "required_missing") == [
        (5, "order_id"),
        (5, "priority"),
        (5, "raised_at"),
        (7, "site/site_id"),
    ]
    assert listed(report, "other_rule") == [(4, "cost")]


def test_columns_are_matched_and_reported(repairs):
    report = check(repairs, EXTRACT)

    columns = report["columns"]
    assert [m["attribute"] for m in columns["matched"]] == HEADER.split(",")
    assert columns["unrecognised"] == ["Colour"]
    assert columns["missing_required"] == []


def test_deprecated_attributes_and_codes_are_warned_about_with_their_replacements(repairs):
    report = check(repairs, EXTRACT)

    warnings = {(w["type"], w["attribute"], w["code"]): w for w in report["warnings"]}
    attribute = warnings[("deprecated_attribute", "old_reference", "")]
    assert attribute["replaced_by"] == "order_id"
    assert "Use the order's own ID." in attribute["message"]
    code = warnings[("deprecated_code", "priority", "OLD")]
    assert code["replaced_by"] == "RTN"
    assert (code["rows"], code["first_row"]) == (2, 6)
    assert len(warnings) == 2


def test_headings_match_as_the_code_list_importer_matches_them(repairs):
    content = "\ufeffOrder ID, PRIORITY ,Raised-At\nWO-1,EMG,2026-01-01T09:00:00Z\n"

    report = check(repairs, content)

    assert report["columns"]["matched"] == [
        {"column": "Order ID", "attribute": "order_id"},
        {"column": " PRIORITY ", "attribute": "priority"},
        {"column": "Raised-At", "attribute": "raised_at"},
    ]
    assert report["errors"]["total"] == 0
    assert report["conforms"] is True


def test_required_columns_missing_from_the_header_are_listed_once(repairs):
    report = check(repairs, "order_id,status\nWO-1,open\nWO-2,closed\n")

    assert report["columns"]["missing_required"] == ["priority", "raised_at"]
    assert report["errors"]["total"] == 0
    assert report["conforms"] is False


def test_only_the_first_hundred_of_each_type_are_listed_but_all_are_counted(repairs):
    rows = "\n".join(f"WO-{n},NOPE,,,2026-01-01T09:00:00Z" for n in range(250))
    report = check(repairs, f"order_id,priority,status,cost,raised_at\n{rows}\n", chunk=4096)

    group = next(g for g in report["errors"]["by_type"] if g["type"] == "not_in_code_list")
    assert group["total"] == 250
    assert len(group["listed"]) == LISTED_PER_TYPE
    assert group["listed"][0]["row"] == 2


def test_a_json_extract_is_validated_with_the_published_schema(repairs):
    records = [
        {"order_id": "WO-1", "priority": "EMG", "raised_at": "2026-01-01T09:00:00Z"},
        {"order_id": "X", "priority": "ZZZ", "raised_at": 5, "colour": "red"},
        {"priority": "OLD", "raised_at": "2026-01-01T09:00:00Z", "due_on": None},
        ["not", "an", "object"],
    ]

    report = check(repairs, json.dumps(records), name="orders.json")

    assert report["file"]["rows"] == 4
    assert totals(report) == {
        "wrong_type": 2,
        "pattern": 1,
        "not_in_code_list": 1,
        "required_missing": 1,
        "other_rule": 0,  # the component does not forbid other properties, such as colour
    }
    assert listed(report, "wrong_type") == [(2, "raised_at"), (4, "")]
    assert listed(report, "required_missing") == [(3, "order_id")]
    assert listed(report, "pattern") == [(2, "order_id")]
    assert listed(report, "not_in_code_list") == [(2, "priority")]
    assert report["columns"]["unrecognised"] == ["colour"]
    assert [w["code"] for w in report["warnings"]] == ["OLD"]


def test_ndjson_gives_the_same_report_as_a_json_list(repairs):
    records = [
        {"order_id": "WO-1", "priority": "EMG", "raised_at": "2026-01-01T09:00:00Z"},
        {"order_id": "X", "priority": "EMG", "raised_at": "2026-01-01"},
    ]
    as_list = check(repairs, json.dumps(records), name="a.json")
    as_lines = check(repairs, "\n".join(json.dumps(r) for r in records), name="a.ndjson")

    assert as_lines["errors"] == as_list["errors"]
    assert totals(as_lines)["pattern"] == 1
    assert totals(as_lines)["wrong_type"] == 1


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [
        ("a.csv", b"", "empty", "The selected file is empty"),
        ("a.csv", b"\n\n", "empty", "The selected file is empty"),
        ("a.csv", HEADER.encode() + b"\n", "header_only", "has a header row but no data"),
        ("a.csv", b"colour,size\nred,big\n", "no_columns", "None of the columns"),
        ("a.csv", HEADER.replace(",", ";").encode() + b"\n", "wrong_separator", "by semicolons"),
        ("a.csv", HEADER.replace(",", "\t").encode() + b"\n", "wrong_separator", "by tabs"),
        ("a.csv", b"order_id\nWO-1\nWO-\xe92\n", "not_utf8", "Line 3 has characters"),
        ("a.xlsx", b"PK\x03\x04", "wrong_type", "must be a CSV, JSON or NDJSON file"),
        ("a.json", b'[{"order_id": ', "invalid_json", "not valid JSON"),
        ("a.json", b"[]", "header_only", "has no records"),
        ("a.csv", b'order_id\n"WO-1\n' + b"x" * 200_000, "unreadable_csv", "could not be read"),
    ],
)
def test_files_that_cannot_be_checked_are_refused_with_a_clear_message(
    repairs, name, content, code, message
):
    with pytest.raises(CheckRefused) as refused:
        check(repairs, content, name=name, chunk=1000)

    assert refused.value.code == code
    assert message in refused.value.message


def test_drafts_and_withdrawn_versions_cannot_be_checked_against(repairs):
    for version in (repairs.draft, repairs.withdrawn):
        with pytest.raises(CheckRefused):
            checker_for(version=version, component=repairs.order)


def test_memory_stays_flat_as_the_file_grows(repairs):
    def extract(rows):
        yield (HEADER + "\n").encode()
        line = b"WO-1,EMG,open,12.5,2026-01-01T09:00:00Z,,true,2,,,,\n"
        bad = b"WO-1,NOPE,open,x,2026-01-01T09:00:00Z,,true,2,,,,\n"
        for start in range(0, rows, 500):
            yield b"".join(bad if n % 7 == 0 else line for n in range(start, start + 500))

    peaks = []
    for rows in (2_000, 40_000):
        tracemalloc.start()
        report = check_extract(
            version=repairs.version, component=repairs.order, name="a.csv", chunks=extract(rows)
        )
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        assert report.rows == rows
    assert peaks[1] < peaks[0] * 1.5 + 200_000


def test_the_csv_download_lists_the_same_findings_and_defuses_formulas(repairs):
    report = check(repairs, "order_id,priority,raised_at\n=HYPERLINK(1),EMG,x\n")

    text = report_csv(report)
    assert "'=HYPERLINK(1)" in text
    rows = list(report_rows(report))
    errors = [row for row in rows if row["section"] == "error"]
    assert [(row["type"], row["row"], row["column"]) for row in errors] == [
        ("wrong_type", 2, "raised_at"),
        ("pattern", 2, "order_id"),
    ]


# The shared real files: the demo's "Damp and mould 1.1.0", imported as the demo imports it.


@pytest.fixture
def damp_and_mould(steward, monkeypatch, tmp_path):
    # The damp and mould schemas and the person alert codes, as the demo's own copy holds them.
    for source in [
        *(SHARED_DATA / "ukhds-damp-and-mould").glob("*.json"),
        SHARED_DATA / "person-alert-codes.csv",
    ]:
        (tmp_path / source.name).write_bytes(source.read_bytes())
    monkeypatch.setenv("SHARED_DATA_DIR", str(tmp_path))
    demo.load()
    version = StandardVersion.objects.get(standard__slug=demo.SLUG, status="published")
    assert version.number == "1.1.0"
    return version


def test_a_work_order_extract_is_checked_against_damp_and_mould_1_1_0(damp_and_mould):
    work_order = ComponentVersion.objects.select_related("component").get(
        version=damp_and_mould, component__key="work-order"
    )
    header = (
        "Work order ID,Address ID,Work priority ID,Date raised,Date reported,Planned start date,"
        "Planned finish date,Actual start date time,Actual completion date time,Estimated cost,"
        "Trade"
    )
    good = "WO1,A1,P1,2026-01-05T09:00:00Z,2026-01-04T18:00:00Z,2026-01-06T08:00:00Z,"
    good += "2026-01-06T17:00:00Z,2026-01-06T08:10:00Z,2026-01-06T16:00:00Z,120.50,plumber"
    rows = [good] * 4
    rows.append(good.replace("120.50", "lots"))  # wrong type
    rows.append(good.replace("2026-01-05T09:00:00Z", "05/01/2026"))  # wrong type
    rows.append(good.replace("WO1,A1", "WO7,"))  # required value missing
    content = header + "\n" + "\n".join(rows) + "\n"

    report = check_extract(
        version=damp_and_mould,
        component=work_order,
        name="work-orders.csv",
        chunks=[content.encode()],
    ).as_dict()

    assert report["file"]["rows"] == 7
    assert report["columns"]["unrecognised"] == ["Trade"]
    assert report["columns"]["missing_required"] == []
    assert len(report["columns"]["matched"]) == 10
    assert totals(report) == {
        "wrong_type": 2,
        "pattern": 0,
        "not_in_code_list": 0,
        "required_missing": 1,
        "other_rule": 0,
    }
    assert listed(report, "wrong_type") == [(6, "estimated_cost"), (7, "date_raised")]
    assert listed(report, "required_missing") == [(8, "address_id")]
    assert report["schema"].endswith("/standards/damp-and-mould/1.1.0/work-order.schema.json")


def test_a_json_extract_of_addresses_is_validated_against_damp_and_mould(damp_and_mould):
    address = ComponentVersion.objects.select_related("component").get(
        version=damp_and_mould, component__key="address"
    )
    records = [
        {"address_id": 1, "unit_id": 2, "country": "England", "post_code": "M1 1AA"},
        {"address_id": "1", "unit_id": 2, "country": "England"},
        {"address_id": 3, "unit_id": 4, "country": "England", "county": "Kent"},
        {"address_id": 5, "unit_id": 6},
    ]

    report = check_extract(
        version=damp_and_mould,
        component=address,
        name="addresses.json",
        chunks=[json.dumps(records).encode()],
    ).as_dict()

    assert listed(report, "wrong_type") == [(2, "address_id")]
    # The draft's additionalProperties: false is in the published artefact.
    assert listed(report, "other_rule") == [(3, "county")]
    assert listed(report, "required_missing") == [(4, "country")]
    assert report["columns"]["unrecognised"] == ["county"]

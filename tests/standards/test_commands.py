import pytest
from django.core.management import CommandError, call_command

from standards.demo.catalogue import data_dir
from standards.models import Code, ComponentVersion
from tests.standards.factories import VersionFactory

WORK_ORDER = str(data_dir() / "ukhds-damp-and-mould" / "work_order.schema.json")
ALERTS = str(data_dir() / "person-alert-codes.csv")


@pytest.fixture
def draft(db):
    return VersionFactory(standard__slug="damp")


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_json_schema_prints_counts_and_warnings(draft, steward):
    output = run("import_json_schema", "damp", "1.0.0", WORK_ORDER, "--actor", steward.email)

    assert "components: 14 created, 0 updated, 0 unchanged" in output
    assert "warning missing_ref [/definitions/work_element/properties/trade_code/$ref]" in output
    assert ComponentVersion.objects.filter(version=draft).count() == 14


def test_import_json_schema_dry_run_writes_nothing(draft, steward):
    output = run("import_json_schema", "damp", "1.0.0", WORK_ORDER, "--dry-run")

    assert output.startswith("Dry run")
    assert ComponentVersion.objects.count() == 0


def test_import_code_list(draft, steward):
    output = run(
        "import_code_list",
        "damp",
        "1.0.0",
        ALERTS,
        "--key",
        "person-alert-codes",
        "--name",
        "Person alert codes",
    )

    assert "codes: 146 created" in output
    assert "warning parent_added [line 2]" in output
    assert Code.objects.count() == 146


def test_refused_import_fails_and_writes_nothing(draft, steward, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name\nA,Apple\nA,Again\n")

    with pytest.raises(CommandError, match="Nothing was imported"):
        run("import_code_list", "damp", "1.0.0", str(bad), "--key", "c", "--name", "C")

    assert Code.objects.count() == 0


def test_unknown_version_fails(draft, steward):
    with pytest.raises(CommandError, match=r"There is no version 9\.9\.9"):
        run("import_json_schema", "damp", "9.9.9", WORK_ORDER)

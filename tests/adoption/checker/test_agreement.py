"""The compiled CSV rules find exactly what jsonschema finds in the same coerced rows.

CSV is checked with rules compiled from the artefact, for speed. This test is what allows
that: for generated rows, good and bad, it checks each coerced row with ``jsonschema`` against
the whole published component schema and compares every finding (row, column, type).
"""

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adoption.checker.engine import Report, checker_for, worst_errors
from tests.adoption.checker.test_catalogue import HEADER, build_checker_standard

pytestmark = pytest.mark.django_db

COLUMNS = HEADER.split(",")
# Per column: values that are right, wrong in each way, borderline or odd.
CANDIDATES = {
    "order_id": ["WO-1", "WO-", "X-1", "wo-1", "WO-12x", " WO-1"],
    "priority": ["EMG", "URG", "RTN", "OLD", "emg", "ZZZ", "1"],
    "status": ["open", "closed", "Open", "pending"],
    "cost": ["12", "12.5", "-0.5", "10000", "10000.01", "1e3", "1e400", "abc", "1,000", ".5"],
    "raised_at": [
        "2026-01-01T09:00:00Z",
        "2026-01-01t09:00:00z",
        "2026-01-01 09:00:00+01:00",
        "2026-01-01T09:00:00.123Z",
        "2026-01-01T09:00:00",
        "2026-02-30T09:00:00Z",
        "2026-01-01T25:00:00Z",
        "2026-01-01",
    ],
    "due_on": ["2026-02-01", "2026-02-30", "2026-2-1", "20260201", "2026-02-01T00:00:00Z"],
    "urgent": ["true", "false", "TRUE", "yes", "No", "1", "0", "maybe"],
    "visits": ["0", "12", "-3", "007", "1.5", "1e2", "twelve", "١٢"],
    "old_reference": ["LEGACY-1", "anything"],
    "tags": ['["a"]', "[]", "[1]", '["a", null]', "a", '{"a": 1}', "NaN", "[1"],
    "contact": ["a@example.com", "not-an-email", "@", "a@b"],
    "site": ['{"site_id": "S1"}', "{}", '{"site_id": 5}', "[]", "S1", "null"],
}


def cells_for(column: str):
    odd = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=0, max_size=6)
    return st.one_of(st.just(""), st.sampled_from(CANDIDATES[column]), odd)


ROWS = st.lists(st.tuples(*(cells_for(column) for column in COLUMNS)), min_size=1, max_size=8)


def as_csv(rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()


def compiled_findings(checker, text: str) -> set:
    report = Report("", "", "", "", "", "a.csv", "CSV")
    checker.check_csv([text], report)
    return {
        (item["row"], item["column"], kind)
        for kind, tally in report.errors.items()
        for item in tally.listed
    }


def schema_findings(checker, rows) -> set:
    columns = checker.match_columns(COLUMNS, Report("", "", "", "", "", "a.csv", "CSV"))
    findings = set()
    for number, cells in enumerate(rows, start=2):
        record = checker.coerced_row(list(cells), columns)
        for where, (kind, _error) in worst_errors(
            checker.validator.iter_errors(record), ""
        ).items():
            findings.add((number, where, kind))
    return findings


def test_compiled_rules_agree_with_jsonschema_on_coerced_rows(steward):
    repairs = build_checker_standard(steward=steward)
    checker = checker_for(version=repairs.version, component=repairs.order)

    @settings(
        max_examples=150,
        derandomize=True,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(ROWS)
    def agree(rows):
        assert compiled_findings(checker, as_csv(rows)) == schema_findings(checker, rows)

    agree()


def test_the_agreement_test_would_notice_a_difference(steward):
    """A compiled rule that is wrong (here: a pattern dropped) is caught by the comparison."""
    repairs = build_checker_standard(steward=steward)
    checker = checker_for(version=repairs.version, component=repairs.order)
    rows = [("X-1", "EMG", "", "", "2026-01-01T09:00:00Z", "", "", "", "", "", "", "")]
    assert compiled_findings(checker, as_csv(rows)) == schema_findings(checker, rows)

    next(rule for rule, _ in checker.rules if rule.name == "order_id").pattern = None

    assert compiled_findings(checker, as_csv(rows)) != schema_findings(checker, rows)

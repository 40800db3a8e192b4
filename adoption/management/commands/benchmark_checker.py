"""Time the conformance checker on a synthetic 100,000-row CSV extract of work orders.

Everything happens in a throwaway test database (created, migrated and destroyed here, as
``benchmark_catalogue`` does): the demo's "Damp and mould" versions are imported into it from
the real community files, and the extract is checked against the published 1.1.0 *Work order*
component. The target is 20,000 rows a second.

Then the worst cases of each kind of hostile upload, through the HTTP endpoint: a header of
millions of columns, one line with no newline, over-long cells, deep JSON, records just inside
every limit, and a file where every cell is wrong. Each row gives the answer, the time and the
size of the answer, which must stay in proportion to the upload (or small, when it is refused).
"""

import random
import time
import tracemalloc
from collections.abc import Iterator

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import (
    override_settings,
    setup_test_environment,
    teardown_test_environment,
)
from django.urls import reverse

from adoption.checker.engine import MAX_CELL_CHARS, MAX_COLUMNS, MAX_UPLOAD_BYTES, check_extract
from adoption.checker.reading import CHUNK_BYTES, MAX_DEPTH, MAX_LINE_CHARS
from standards.demo import catalogue as demo
from standards.models import ComponentVersion, StandardVersion

TARGET_ROWS_PER_SECOND = 20_000
COMPONENT = "work-order"


def synthetic_rows(attributes: list, rows: int, *, seed: int = 2026) -> Iterator[list[str]]:
    """Rows of plausible values; about one row in 50 has a mistake in one cell."""
    chance = random.Random(seed)  # noqa: S311 - test data, not security
    for number in range(rows):
        cells = []
        for attribute in attributes:
            kind = attribute.data_type
            if kind == "integer":
                cell = str(chance.randint(1, 99_999))
            elif kind == "number":
                cell = f"{chance.uniform(0, 5000):.2f}"
            elif kind == "boolean":
                cell = chance.choice(("true", "false"))
            elif kind == "date":
                cell = f"2026-{chance.randint(1, 12):02d}-{chance.randint(1, 28):02d}"
            elif kind == "date-time":
                cell = f"2026-{chance.randint(1, 12):02d}-{chance.randint(1, 28):02d}T09:30:00Z"
            else:
                cell = f"{attribute.name[:3].upper()}-{number:06d}"
            cells.append(cell)
        if chance.random() < 0.02:
            cells[chance.randrange(len(cells))] = chance.choice(("", "not a value", "2026-13-45"))
        yield cells


def synthetic_csv(attributes: list, rows: int) -> bytes:
    header = ",".join(attribute.name for attribute in attributes)
    body = "\n".join(",".join(cells) for cells in synthetic_rows(attributes, rows))
    return f"{header}\n{body}\n".encode()


def chunked(content: bytes) -> Iterator[bytes]:
    for start in range(0, len(content), CHUNK_BYTES):
        yield content[start : start + CHUNK_BYTES]


class Command(BaseCommand):
    help = "Time the conformance checker on a synthetic 100,000-row CSV extract."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000)

    def handle(self, *args, **options):
        setup_test_environment()
        old_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
        try:
            self._benchmark(options["rows"])
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            teardown_test_environment()

    def _benchmark(self, rows: int) -> None:
        demo.load()
        version = (
            StandardVersion.objects.filter(standard__slug=demo.SLUG, status="published")
            .select_related("standard")
            .first()
        )
        if version is None:
            raise CommandError("The demo standard could not be loaded: no files to import")
        component = ComponentVersion.objects.select_related("component").get(
            version=version, component__key=COMPONENT
        )
        attributes = list(component.attributes.order_by("sort_order"))
        content = synthetic_csv(attributes, rows)
        self.stdout.write(
            f"Extract: {rows:,} rows x {len(attributes)} columns, "
            f"{len(content) / 1024 / 1024:.1f} MB, checked against {component.name} in "
            f"{version.standard.name} {version.number}"
        )

        started = time.perf_counter()
        report = check_extract(
            version=version, component=component, name="bench.csv", chunks=chunked(content)
        )
        seconds = time.perf_counter() - started
        rate = report.rows / seconds
        verdict = "meets" if rate >= TARGET_ROWS_PER_SECOND else "MISSES"
        self.stdout.write(
            f"Checker: {report.rows:,} rows in {seconds:.2f} s = {rate:,.0f} rows per second "
            f"({verdict} the target of {TARGET_ROWS_PER_SECOND:,}); "
            f"{report.error_total:,} errors found"
        )

        started = time.perf_counter()
        response = Client().post(
            reverse("adoption:checker_api"),
            {
                "standard": version.standard.slug,
                "version": version.number,
                "component": COMPONENT,
                "file": SimpleUploadedFile("bench.csv", content, content_type="text/csv"),
            },
        )
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"HTTP endpoint (upload, parse and check): status {response.status_code}, "
            f"{seconds:.2f} s = {rows / seconds:,.0f} rows per second"
        )

        small = synthetic_csv(attributes, rows // 10)
        peaks = []
        for extract in (small, content):
            tracemalloc.start()
            check_extract(
                version=version, component=component, name="b.csv", chunks=chunked(extract)
            )
            peaks.append(tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
        self.stdout.write(
            f"Peak memory while checking (not counting the extract itself): "
            f"{peaks[0] / 1024 / 1024:.1f} MB for {rows // 10:,} rows, "
            f"{peaks[1] / 1024 / 1024:.1f} MB for {rows:,} rows"
        )
        self._worst_cases(version, attributes)
        if rate < TARGET_ROWS_PER_SECOND:
            raise CommandError("The checker is slower than its target")

    def _worst_cases(self, version, attributes: list) -> None:
        near_limit = MAX_UPLOAD_BYTES - 1024 * 1024
        header = ",".join(attribute.name for attribute in attributes)
        wrong_row = ",".join("not a value" for _ in attributes)
        wide_row = ",".join(["x" * (MAX_LINE_CHARS // MAX_COLUMNS - 2)] * (MAX_COLUMNS - 1))
        deep_record = '{"a":' + "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2) + "}\n"
        cases = [
            ("20 MB header of x,x,x,...", "wide.csv", b"x," * (10 * 1024 * 1024)),
            (
                f"header of {MAX_COLUMNS + 1:,} columns inside the line limit",
                "columns.csv",
                ("x," * MAX_COLUMNS + "x\n" + "1\n").encode(),
            ),
            ("49 MB on one line, no newline", "line.csv", b"a" * near_limit),
            (
                f"a cell of {MAX_CELL_CHARS + 1:,} characters",
                "cell.csv",
                f"{header}\n{'x' * (MAX_CELL_CHARS + 1)}\n".encode(),
            ),
            (
                "49 MB of rows just inside the line limit",
                "wide-rows.csv",
                _repeated(f"{header}\n", f"{wide_row}\n", near_limit),
            ),
            (
                "49 MB where every cell is wrong",
                "wrong.csv",
                _repeated(f"{header}\n", f"{wrong_row}\n", near_limit),
            ),
            ('JSON: [{"a": then 49 MB of [', "deep.json", b'[{"a":' + b"[" * near_limit),
            ("NDJSON: 50,000 [ on one line", "deep.ndjson", b'{"a":' + b"[" * 50_000),
            (
                f"49 MB of NDJSON records nested {MAX_DEPTH - 1} deep",
                "nested.ndjson",
                _repeated("", deep_record, near_limit),
            ),
        ]
        self.stdout.write("Worst cases, through the HTTP endpoint:")
        # Every case is one visitor's; the rate limit would only measure itself.
        with override_settings(PORTAL_RATE_LIMITS={"checker": ""}):
            for label, name, content in cases:
                started = time.perf_counter()
                response = Client().post(
                    reverse("adoption:checker_api"),
                    {
                        "standard": version.standard.slug,
                        "version": version.number,
                        "component": COMPONENT,
                        "file": SimpleUploadedFile(name, content),
                    },
                )
                seconds = time.perf_counter() - started
                answer = response.json()
                outcome = answer["error"]["code"] if "error" in answer else "checked"
                self.stdout.write(
                    f"  {label}: {len(content) / 1024 / 1024:.1f} MB in, status "
                    f"{response.status_code} ({outcome}), {seconds:.2f} s, "
                    f"{len(response.content) / 1024:,.0f} KB out"
                )


def _repeated(first: str, line: str, size: int) -> bytes:
    """``first``, then ``line`` as many times as fit in ``size`` bytes."""
    head, body = first.encode(), line.encode()
    return head + body * max(1, (size - len(head)) // len(body))

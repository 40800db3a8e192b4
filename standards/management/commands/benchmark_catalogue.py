"""Time the catalogue at scale: import, export, publication and the main pages.

Everything happens in a throwaway test database (created, migrated and destroyed here, as the
test runner does), so the benchmark leaves nothing behind in the real one. Published versions
are immutable, so a throwaway database is also the only clean way to remove them again.
"""

import json
import statistics
import time
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import setup_test_environment, teardown_test_environment

from community.permissions import STEWARDS_GROUP
from standards.choices import OperationKind
from standards.engine.changesets import Operation
from standards.interchange import artefacts
from standards.interchange.importers import json_schema_parse
from standards.models import Attribute, ComponentVersion
from standards.proposals.selectors import changeset_outcome
from standards.releases import services as services_releases
from standards.versions import services

TARGET_PUBLISH_SECONDS = 30
TARGET_PAGE_MS = 300
TARGET_CHANGESET_SECONDS = 1
TARGET_DRAFT_COPY_SECONDS = 5
DRAFT_COPY_LABEL = "new draft copied from it"
CHANGESET_OPERATIONS = 500
CHANGESET_LABEL = f"change set of {CHANGESET_OPERATIONS} operations (apply, classify)"


def synthetic_schema(*, entities: int, code_lists: int, attributes: int, codes: int) -> dict:
    """A JSON Schema with ``entities`` objects and ``code_lists`` enums, all described."""
    per_entity, extra_attributes = divmod(attributes, entities)
    per_list, extra_codes = divmod(codes, code_lists)
    definitions: dict = {}
    for number in range(code_lists):
        definitions[f"code_list_{number:04d}"] = {
            "description": f"Synthetic code list {number}.",
            "enum": [
                f"C{number:03d}.{code:05d}" for code in range(per_list + (number < extra_codes))
            ],
        }
    for number in range(entities):
        properties = {}
        for index in range(per_entity + (number < extra_attributes)):
            name = f"attribute_{index:03d}"
            if index == 1:
                properties[name] = {
                    "$ref": f"#/definitions/code_list_{number % code_lists:04d}",
                    "description": "A coded value.",
                }
            elif index == 2 and number:
                properties[name] = {
                    "$ref": f"#/definitions/entity_{number - 1:04d}",
                    "description": "The previous entity.",
                }
            else:
                kind = ("string", "integer", "number", "boolean")[index % 4]
                properties[name] = {"type": [kind, "null"], "description": f"Field {index}."}
        definitions[f"entity_{number:04d}"] = {
            "type": "object",
            "description": f"Synthetic entity {number}.",
            "properties": properties,
            "required": ["attribute_000"],
        }
    return {"$schema": "http://json-schema.org/draft-07/schema#", "definitions": definitions}


@contextmanager
def stopwatch(results: dict, label: str):
    start = time.perf_counter()
    yield
    results[label] = time.perf_counter() - start


class Command(BaseCommand):
    help = (
        "Benchmark a synthetic standard (default: 1,000 components, 20,000 attributes and "
        "50,000 codes) in a throwaway database, and report import, export and publication "
        "times and page response times."
    )

    def add_arguments(self, parser):
        parser.add_argument("--components", type=int, default=1000)
        parser.add_argument("--code-lists", type=int, default=50)
        parser.add_argument("--attributes", type=int, default=20000)
        parser.add_argument("--codes", type=int, default=50000)
        parser.add_argument("--runs", type=int, default=5, help="Requests per page (median)")

    def handle(self, *args, **options):
        setup_test_environment()
        old_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
        try:
            self._benchmark(options)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            teardown_test_environment()

    def _benchmark(self, options) -> None:
        entities = options["components"] - options["code_lists"]
        results: dict[str, float] = {}
        steward = get_user_model().objects.create_user(email="bench@example.gov.uk")
        steward.groups.add(Group.objects.get_or_create(name=STEWARDS_GROUP)[0])
        approver = get_user_model().objects.create_user(email="bench-approver@example.gov.uk")
        approver.groups.add(Group.objects.get_or_create(name=STEWARDS_GROUP)[0])

        def publish(version):
            # Four eyes, as on the pages: one steward asks, another approves and publishes.
            release = services_releases.release_request(
                actor=steward, version=version, notes="Benchmark release."
            )
            services_releases.release_approve(actor=approver, release=release)
            version.refresh_from_db()
            return version

        standard = services.standard_create(actor=steward, name="Benchmark", slug="benchmark")
        draft = services.version_draft_create(actor=steward, standard=standard, number="1.0.0")
        content = json.dumps(
            synthetic_schema(
                entities=entities,
                code_lists=options["code_lists"],
                attributes=options["attributes"],
                codes=options["codes"],
            )
        )
        self.stdout.write(f"Synthetic schema: {len(content) / 1e6:.1f} MB of JSON")

        with stopwatch(results, "import (parse and apply)"):
            plan = json_schema_parse(content, source="benchmark.schema.json")
            report = services.import_apply(actor=steward, version=draft, plan=plan)
        totals = report.totals()
        self.stdout.write(
            f"Imported {totals['components']['created']} components, "
            f"{totals['attributes']['created']} attributes, {totals['codes']['created']} codes"
        )
        with stopwatch(results, "export (every artefact, rendered)"):
            rendered = artefacts.artefacts_render(version=draft)
        self.stdout.write(
            f"{len(rendered)} artefacts, {sum(a.size for a in rendered) / 1e6:.1f} MB in all"
        )
        with stopwatch(results, "publication (with artefacts stored)"):
            published = publish(draft)
        with stopwatch(results, DRAFT_COPY_LABEL):
            second = services.version_draft_create(
                actor=steward, standard=standard, number="1.1.0", base=published
            )
        self._change(second, steward)
        publish(second)
        self._changeset(published, entities, results)

        for label, seconds in results.items():
            self.stdout.write(f"{label:<50} {seconds:8.2f} s")
        publish = results["publication (with artefacts stored)"]
        verdict = "meets" if publish < TARGET_PUBLISH_SECONDS else "MISSES"
        self.stdout.write(f"Publication {verdict} the {TARGET_PUBLISH_SECONDS} s target")
        copy = results[DRAFT_COPY_LABEL]
        verdict = "meets" if copy < TARGET_DRAFT_COPY_SECONDS else "MISSES"
        self.stdout.write(
            f"Opening a draft copied from it {verdict} the {TARGET_DRAFT_COPY_SECONDS} s target"
        )
        changeset = results[CHANGESET_LABEL]
        verdict = "meets" if changeset < TARGET_CHANGESET_SECONDS else "MISSES"
        self.stdout.write(f"The change set {verdict} the {TARGET_CHANGESET_SECONDS} s target")
        self._pages(standard.slug, f"entity-{entities // 2:04d}", options["runs"])

    def _change(self, version, steward) -> None:
        """A few edits, so the version diff has something to show."""
        with transaction.atomic():
            services.version_draft_lock(actor=steward, version=version)
            for row in ComponentVersion.objects.filter(version=version).order_by("pk")[:5]:
                row.definition += " Updated."
                row.save(update_fields=["definition"])
            attribute = Attribute.objects.filter(component_version__version=version).first()
            attribute.definition += " Updated."
            attribute.save(update_fields=["definition"])

    def _changeset(self, version, entities: int, results: dict) -> None:
        """Apply and classify a change set of 500 operations on half the entities.

        Each entity gets a new optional attribute and a changed definition, which is what a
        large proposal (or a release combining several) looks like.
        """
        operations = []
        for number in range(CHANGESET_OPERATIONS // 2):
            key = f"entity-{number % entities:04d}"
            operations.append(
                Operation(
                    OperationKind.ADD_ATTRIBUTE,
                    key,
                    "benchmark_added",
                    {"name": "benchmark_added", "data_type": "string"},
                )
            )
            operations.append(
                Operation(
                    OperationKind.CHANGE_ATTRIBUTE,
                    key,
                    "attribute_000",
                    {"definition": "Changed by the benchmark."},
                )
            )
        with stopwatch(results, CHANGESET_LABEL):
            outcome = changeset_outcome(version=version, operations=operations)
        self.stdout.write(
            f"Change set: {len(outcome.classified)} operations applied, "
            f"{len(outcome.problems)} refused, impact {outcome.impact.label}"
        )

    def _pages(self, slug: str, component: str, runs: int) -> None:
        client = Client()
        pages = {
            "component list": f"/standards/{slug}/1.0.0/",
            "component page": f"/standards/{slug}/1.0.0/{component}/",
            "version diff": f"/standards/{slug}/compare/1.0.0...1.1.0/",
            "version diff (JSON)": f"/standards/{slug}/compare/1.0.0...1.1.0.json",
        }
        for label, url in pages.items():
            timings = []
            status = None
            try:
                for _ in range(runs + 1):
                    start = time.perf_counter()
                    status = client.get(url).status_code
                    timings.append((time.perf_counter() - start) * 1000)
            except Exception as error:
                self.stdout.write(f"{label:<50}      n/a ({type(error).__name__}: {error})")
                continue
            if status != 200:
                self.stdout.write(f"{label:<50}      n/a (HTTP {status} for {url})")
                continue
            median = statistics.median(timings[1:])
            verdict = "ok" if median < TARGET_PAGE_MS else f"over {TARGET_PAGE_MS} ms"
            self.stdout.write(f"{label:<50} {median:8.0f} ms  median of {runs} ({verdict})")

"""Time the relationship diagrams of the synthetic standard ``benchmark_catalogue`` builds.

By default 1,000 components, in a throwaway test database as that benchmark uses. Reports the
time to read the links and write the whole-version diagram (DOT and Mermaid: beyond
``MAX_DRAWN_COMPONENTS`` the site offers those instead of an SVG), to lay out an SVG of the
largest version the site does draw, to draw every component's diagram, and to produce every
diagram file as publication does. ``--draw-whole`` lays out the whole version as SVG too.
"""

import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import setup_test_environment, teardown_test_environment

from community.permissions import STEWARDS_GROUP
from standards.diagrams import drawing as diagrams
from standards.interchange.importers import json_schema_parse
from standards.versions import services

from .benchmark_catalogue import stopwatch, synthetic_schema

WHOLE_VERSION_LABEL = "whole-version diagram (DOT and Mermaid)"


class Command(BaseCommand):
    help = (
        "Benchmark the relationship diagrams of a synthetic standard (default: 1,000 "
        "components) in a throwaway database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--components", type=int, default=1000)
        parser.add_argument("--code-lists", type=int, default=50)
        parser.add_argument("--attributes", type=int, default=20000)
        parser.add_argument("--codes", type=int, default=50000)
        parser.add_argument(
            "--draw-whole",
            action="store_true",
            help="Lay out the whole version as SVG too, however large. At 1,000 components "
            "Graphviz needs many minutes and gigabytes, which is why the site does not.",
        )

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
        steward = get_user_model().objects.create_user(email="bench-diagrams@example.gov.uk")
        steward.groups.add(Group.objects.get_or_create(name=STEWARDS_GROUP)[0])
        standard = services.standard_create(actor=steward, name="Benchmark", slug="benchmark")
        draft = services.version_draft_create(actor=steward, standard=standard, number="1.0.0")
        content = json.dumps(
            synthetic_schema(
                entities=options["components"] - options["code_lists"],
                code_lists=options["code_lists"],
                attributes=options["attributes"],
                codes=options["codes"],
            )
        )
        plan = json_schema_parse(content, source="benchmark.schema.json")
        services.import_apply(actor=steward, version=draft, plan=plan)

        results: dict[str, float] = {}
        with stopwatch(results, "read components and links (2 queries)"):
            whole = diagrams.version_diagram(version=draft)
        self.stdout.write(f"{len(whole.nodes)} components and {len(whole.links)} links")
        with stopwatch(results, WHOLE_VERSION_LABEL):
            dot = diagrams.diagram_dot(whole)
            diagrams.diagram_mermaid(whole)
            svg = diagrams.diagrams_svg([whole])[0] if options["draw_whole"] else None
        # The largest version the site draws: its first MAX_DRAWN_COMPONENTS components.
        limit = diagrams.MAX_DRAWN_COMPONENTS
        keys = {node.key for node in whole.nodes[:limit]}
        largest = diagrams.Diagram(
            title=whole.title,
            nodes=whole.nodes[:limit],
            links=[link for link in whole.links if {link.source, link.target} <= keys],
        )
        with stopwatch(results, f"SVG layout at the drawing limit ({limit} components)"):
            diagrams.diagrams_svg([largest])
        parts = [diagrams.neighbourhood(whole, node.key, title=node.name) for node in whole.nodes]
        with stopwatch(results, f"{len(parts)} component diagrams (SVG, batched)"):
            diagrams.diagrams_svg(parts)
        with stopwatch(results, "every diagram file, as publication makes them"):
            files = diagrams.diagram_files(version=draft)

        for label, seconds in results.items():
            self.stdout.write(f"{label:<50} {seconds:8.2f} s")
        drawing = f"whole-version SVG {len(svg) / 1e6:.1f} MB" if svg else "no whole-version SVG"
        self.stdout.write(f"DOT {len(dot) / 1e3:.0f} kB; {drawing}")
        self.stdout.write(
            f"{len(files)} diagram files, {sum(len(f[2]) for f in files) / 1e6:.1f} MB in all"
        )
        drawn = "drawn" if len(whole.nodes) <= diagrams.MAX_DRAWN_COMPONENTS else "not drawn"
        self.stdout.write(
            f"At {len(whole.nodes)} components the site's whole-version diagram is {drawn} "
            f"(limit {diagrams.MAX_DRAWN_COMPONENTS}); the DOT and Mermaid files always are."
        )

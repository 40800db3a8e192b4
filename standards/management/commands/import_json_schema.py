from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from standards.interchange.importers import json_schema_parse

from ._importing import add_common_arguments, run, version_find


class Command(BaseCommand):
    help = (
        "Import JSON Schema files (draft-07, 2019-09 or 2020-12) into a draft version: each "
        "definition becomes a component. All files are imported together, or none is. "
        "Example: manage.py import_json_schema damp-and-mould 1.0.0 work_order.schema.json"
    )

    def add_arguments(self, parser):
        add_common_arguments(parser)
        parser.add_argument("files", nargs="+", help="JSON Schema files")

    def handle(self, *args, **options):
        version = version_find(options["standard"], options["version"])
        plans = []
        for name in options["files"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"There is no file at {path}")
            plans.append(json_schema_parse(path.read_bytes(), source=path.name))
        run(self, version=version, plans=plans, options=options)

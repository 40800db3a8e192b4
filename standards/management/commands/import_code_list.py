from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from standards.interchange.importers import code_list_parse

from ._importing import add_common_arguments, run, version_find


class Command(BaseCommand):
    help = (
        "Import a CSV file as one code list in a draft version. Example: manage.py "
        "import_code_list damp-and-mould 1.0.0 person-alert-codes.csv "
        '--key person-alert-codes --name "Person alert codes"'
    )

    def add_arguments(self, parser):
        add_common_arguments(parser)
        parser.add_argument("file", help="CSV file with a code column and a name or label column")
        parser.add_argument("--key", required=True, help="The code list's component key")
        parser.add_argument("--name", required=True, help="The code list's name")
        parser.add_argument("--definition", default="", help="What the code list is for")

    def handle(self, *args, **options):
        version = version_find(options["standard"], options["version"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"There is no file at {path}")
        plan = code_list_parse(
            path.read_bytes(),
            source=path.name,
            key=options["key"],
            name=options["name"],
            definition=options["definition"],
        )
        run(self, version=version, plans=[plan], options=options)

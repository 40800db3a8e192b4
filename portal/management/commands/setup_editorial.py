from django.core.management.base import BaseCommand

from portal.editorial import editorial_setup_ensure


class Command(BaseCommand):
    help = "Create or repair the Editors and Stewards groups and the steward approval workflow."

    def handle(self, *args, **options):
        workflow = editorial_setup_ensure()
        self.stdout.write(self.style.SUCCESS(f"Editorial workflow ready: {workflow.name}"))

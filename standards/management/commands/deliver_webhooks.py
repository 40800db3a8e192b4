"""Send or retry every webhook delivery that is due: for a cron job, and wherever the task
backend cannot run work later (the immediate backend of development and tests)."""

from django.core.management.base import BaseCommand

from standards.webhooks.services import deliveries_retry_due


class Command(BaseCommand):
    help = (
        "Attempt every webhook delivery that is waiting or due for a retry, to active endpoints. "
        "Safe to run at any time, and alongside the task worker: each attempt claims its delivery."
    )

    def handle(self, *args, **options):
        attempted = deliveries_retry_due()
        self.stdout.write(
            f"Attempted {attempted} {'delivery' if attempted == 1 else 'deliveries'}."
        )

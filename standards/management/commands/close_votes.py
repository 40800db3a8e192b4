"""Close every vote past its deadline: for a cron job where no task worker runs."""

from django.core.management.base import BaseCommand

from standards.proposals.voting.services import ballots_close_due


class Command(BaseCommand):
    help = (
        "Close every vote on a proposal whose deadline has passed and record its decision. "
        "Safe to run at any time; votes are also closed when anyone reads or votes on them."
    )

    def handle(self, *args, **options):
        closed = ballots_close_due()
        self.stdout.write(f"Closed {closed} {'vote' if closed == 1 else 'votes'}.")

"""What the import commands share: finding the draft and the actor, and printing reports."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction

from community.permissions import STEWARDS_GROUP
from standards.exceptions import StandardsError
from standards.interchange.importers import ImportPlan, ImportRefused
from standards.models import StandardVersion
from standards.versions import services


def add_common_arguments(parser) -> None:
    parser.add_argument("standard", help="The standard's short name (slug)")
    parser.add_argument("version", help="The draft version's number, for example 1.1.0")
    parser.add_argument(
        "--dry-run", action="store_true", help="Report what would change, and write nothing"
    )
    parser.add_argument(
        "--actor",
        help="Email of the steward doing the import (default: the first steward)",
    )


def version_find(slug: str, number: str) -> StandardVersion:
    try:
        return (
            StandardVersion.objects.select_related("standard")
            .filter(standard__slug=slug)
            .with_number(number)
            .get()
        )
    except StandardsError as error:
        raise CommandError(str(error)) from error
    except StandardVersion.DoesNotExist as error:
        raise CommandError(f"There is no version {number} of a standard called “{slug}”") from error


def actor_find(email: str | None):
    users = get_user_model().objects.filter(is_active=True)
    if email:
        actor = users.filter(email__iexact=email).first()
        if actor is None:
            raise CommandError(f"There is no active user with the email {email}")
        return actor
    actor = users.filter(groups__name=STEWARDS_GROUP).order_by("pk").first()
    if actor is None:
        raise CommandError("There is no steward to import as. Pass --actor with a steward's email")
    return actor


def run(command, *, version: StandardVersion, plans: list[ImportPlan], options) -> None:
    """Preview (``--dry-run``) or apply every plan in one transaction, printing each report."""
    dry_run = options["dry_run"]
    if dry_run:
        reports = [services.import_preview(version=version, plan=plan) for plan in plans]
        _print(command, reports, heading="Dry run: nothing was written")
        if any(report.errors for report in reports):
            raise CommandError("The import would be refused because of the errors above")
        return
    actor = actor_find(options.get("actor"))
    reports = []
    try:
        with transaction.atomic():
            for plan in plans:
                reports.append(services.import_apply(actor=actor, version=version, plan=plan))
    except ImportRefused as refused:
        _print(command, [*reports, refused.report], heading="Refused: nothing was written")
        raise CommandError(str(refused)) from refused
    except StandardsError as error:
        raise CommandError(str(error)) from error
    _print(command, reports, heading=f"Imported as {actor.email}")


def _print(command, reports, *, heading: str) -> None:
    command.stdout.write(heading)
    for report in reports:
        for line in report.text_lines():
            command.stdout.write(line)

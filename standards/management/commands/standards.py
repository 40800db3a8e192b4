"""Manage standards and their versions from the command line, through the same services as the
stewards' pages.

    manage.py standards create_standard repairs --name "Repairs" [--description …] [--prefix RP]
    manage.py standards open_draft repairs 0.1.0 [--from-current | --empty] [--notes …]
    manage.py standards release_notes repairs 0.1.0 --notes "…"
    manage.py standards publish_version repairs 0.1.0 [--as steward@example.gov.uk]
        [--notes "…"] [--approved-by steward2@example.gov.uk]
    manage.py standards withdraw_version repairs 0.1.0 --reason "…" [--as …]
    manage.py standards delete_draft repairs 0.2.0 [--as …]

Each acts as the steward given with ``--as`` (by default, the first steward). A refusal prints
the service's message and exits with a non-zero status.

Nobody publishes alone (ADR 0015): ``publish_version`` asks for approval as ``--as``, like
the stewards' page, and a second steward approves on the release page. A script that must
publish in one go names that second steward with ``--approved-by``: the approval then goes
through the same service and the same four-eyes rule as the page, so it is refused if that
steward asked for it, worked on the draft or wrote one of its proposals.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from community.permissions import STEWARDS_GROUP
from standards.catalogue import selectors
from standards.exceptions import StandardsError
from standards.models import Standard
from standards.releases import services as services_releases
from standards.versions import services

from ._importing import version_find


def _actor(email: str | None):
    users = get_user_model().objects.filter(is_active=True)
    if email:
        actor = users.filter(email__iexact=email).first()
        if actor is None:
            raise CommandError(f"There is no active user with the email {email}")
        return actor
    actor = users.filter(groups__name=STEWARDS_GROUP).order_by("pk").first()
    if actor is None:
        raise CommandError("There is no steward to act as. Pass --as with a steward's email")
    return actor


def _standard(slug: str) -> Standard:
    try:
        return selectors.standard_get(slug=slug)
    except Standard.DoesNotExist as error:
        raise CommandError(f"There is no standard called “{slug}”") from error


class Command(BaseCommand):
    help = (
        "Create standards, and open, publish, withdraw or delete their versions, as a steward. "
        "Run “manage.py standards <subcommand> --help” for each subcommand's options."
    )

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True)

        def add(name: str, help: str, *, version: bool = True):
            sub = subcommands.add_parser(name, help=help, description=help)
            sub.add_argument("standard", help="The standard's short name, for example repairs")
            if version:
                sub.add_argument("number", help="The version number, for example 1.1.0")
            sub.add_argument(
                "--as",
                dest="actor",
                metavar="EMAIL",
                help="Email of the steward to act as (default: the first steward)",
            )
            return sub

        sub = add("create_standard", "Create a standard with no versions.", version=False)
        sub.add_argument("--name", required=True, help="For example “Damp and mould”")
        sub.add_argument("--description", default="")
        sub.add_argument(
            "--prefix", default="", help="Starts each proposal reference, as DM in DM-0007"
        )

        sub = add(
            "open_draft",
            "Open a draft version: a copy of the current version (the default when there is "
            "one), or empty.",
        )
        start = sub.add_mutually_exclusive_group()
        start.add_argument(
            "--from-current",
            action="store_const",
            dest="start",
            const="current",
            help="Copy every component of the current version",
        )
        start.add_argument(
            "--empty", action="store_const", dest="start", const="empty", help="Start empty"
        )
        sub.add_argument("--notes", default="", help="Release notes")

        sub = add("release_notes", "Replace a draft version's release notes.")
        sub.add_argument("--notes", required=True, help="The new release notes")

        sub = add(
            "publish_version",
            "Ask a second steward to publish a draft version, or with --approved-by, approve "
            "it as that steward too. The current version then becomes superseded.",
        )
        sub.add_argument("--notes", default=None, help="Release notes (default: the draft's)")
        sub.add_argument(
            "--approved-by",
            dest="approved_by",
            metavar="EMAIL",
            help="Email of a second steward who approves the publication",
        )
        sub = add("withdraw_version", "Withdraw a published or superseded version.")
        sub.add_argument("--reason", required=True, help="Why: everyone will see it")
        add("delete_draft", "Delete a draft version and everything in it.")

    def handle(self, *args, subcommand: str, **options):
        handler = getattr(self, f"_{subcommand}")
        actor = _actor(options.pop("actor"))
        try:
            message = handler(actor=actor, **options)
        except StandardsError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(f"{message} (as {actor.email})"))

    def _create_standard(self, *, actor, standard, name, description, prefix, **options) -> str:
        created = services.standard_create(
            actor=actor, name=name, slug=standard, description=description, proposal_prefix=prefix
        )
        return f"Created {created.name} ({created.slug})"

    def _open_draft(self, *, actor, standard, number, start, notes, **options) -> str:
        standard = _standard(standard)
        current = selectors.version_latest_published(standard=standard)
        if start == "current" and current is None:
            raise CommandError(
                f"{standard} has no current version to copy. Use --empty to open an empty draft"
            )
        base = None if start == "empty" else current
        draft = services.version_draft_create(
            actor=actor, standard=standard, number=number, base=base, release_notes=notes
        )
        copied = f", copied from version {base.number}" if base else ", empty"
        return f"Opened draft version {draft.number} of {standard}{copied}"

    def _release_notes(self, *, actor, standard, number, notes, **options) -> str:
        version = version_find(standard, number)
        services.version_draft_update(actor=actor, version=version, release_notes=notes)
        return f"Saved the release notes of version {version.number} of {version.standard}"

    def _publish_version(self, *, actor, standard, number, notes, approved_by, **options) -> str:
        version = version_find(standard, number)
        approver = _actor(approved_by) if approved_by else None
        if approver is not None and approver.pk == actor.pk:
            raise CommandError(
                "Nobody publishes alone: --approved-by must name a second steward, not the one "
                "acting with --as"
            )
        with transaction.atomic():
            release = services_releases.release_request(actor=actor, version=version, notes=notes)
            if approver is None:
                return (
                    f"Asked a second steward to publish version {version.number} of "
                    f"{version.standard}. They approve it on its release page"
                )
            services_releases.release_approve(actor=approver, release=release)
        return (
            f"Published version {version.number} of {version.standard}, approved by "
            f"{approver.email}"
        )

    def _withdraw_version(self, *, actor, standard, number, reason, **options) -> str:
        version = version_find(standard, number)
        services.version_withdraw(actor=actor, version=version, reason=reason)
        return f"Withdrew version {version.number} of {version.standard}"

    def _delete_draft(self, *, actor, standard, number, **options) -> str:
        version = version_find(standard, number)
        services.version_draft_delete(actor=actor, version=version)
        return f"Deleted draft version {version.number} of {version.standard}"

"""Governance integrity (issue 18).

- Needing a rebase becomes a flag beside the status: each proposal whose status was "stale"
  gets back the status it had before (the "stale" event's ``from_status``, else open if it was
  ever opened, else draft), with ``needs_rebase`` set. Earlier events are left as written.
- A release may have no base (a standard's first version) and may be rejected with a reason;
  ``withdrawn_reason`` becomes ``decision_reason`` for both.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def stale_to_flag(apps, schema_editor):
    Proposal = apps.get_model("standards", "Proposal")
    ProposalEvent = apps.get_model("standards", "ProposalEvent")
    for proposal in Proposal.objects.filter(status="stale"):
        event = (
            ProposalEvent.objects.filter(
                proposal=proposal, kind="status_changed", to_status="stale"
            )
            .order_by("-at", "-pk")
            .first()
        )
        if event is not None and event.from_status in ("draft", "open"):
            status = event.from_status
        else:
            status = "open" if proposal.opened_at else "draft"
        Proposal.objects.filter(pk=proposal.pk).update(status=status, needs_rebase=True)


def flag_to_stale(apps, schema_editor):
    Proposal = apps.get_model("standards", "Proposal")
    Proposal.objects.filter(needs_rebase=True).update(status="stale")


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("standards", "0005_artefact_compressed_content"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="proposal",
            name="standards_proposal_status_valid",
        ),
        migrations.RemoveConstraint(
            model_name="proposalevent",
            name="standards_proposalevent_kind_valid",
        ),
        migrations.RemoveConstraint(
            model_name="release",
            name="standards_release_status",
        ),
        migrations.RemoveConstraint(
            model_name="versionevent",
            name="standards_versionevent_kind",
        ),
        migrations.RenameField(
            model_name="historicalrelease",
            old_name="withdrawn_reason",
            new_name="decision_reason",
        ),
        migrations.RenameField(
            model_name="release",
            old_name="withdrawn_reason",
            new_name="decision_reason",
        ),
        migrations.AddField(
            model_name="historicalproposal",
            name="needs_rebase",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="proposal",
            name="needs_rebase",
            field=models.BooleanField(default=False),
        ),
        migrations.AlterField(
            model_name="historicalproposal",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("open", "Open for comment"),
                    ("voting", "Voting"),
                    ("accepted", "Accepted"),
                    ("rejected", "Rejected"),
                    ("withdrawn", "Withdrawn"),
                    ("released", "Released"),
                ],
                default="draft",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="historicalrelease",
            name="status",
            field=models.CharField(
                choices=[
                    ("awaiting_approval", "Awaiting approval"),
                    ("published", "Published"),
                    ("rejected", "Rejected"),
                    ("withdrawn", "Request withdrawn"),
                ],
                default="awaiting_approval",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="proposal",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("open", "Open for comment"),
                    ("voting", "Voting"),
                    ("accepted", "Accepted"),
                    ("rejected", "Rejected"),
                    ("withdrawn", "Withdrawn"),
                    ("released", "Released"),
                ],
                default="draft",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="proposalevent",
            name="from_status",
            field=models.CharField(
                blank=True,
                choices=[
                    ("draft", "Draft"),
                    ("open", "Open for comment"),
                    ("voting", "Voting"),
                    ("accepted", "Accepted"),
                    ("rejected", "Rejected"),
                    ("withdrawn", "Withdrawn"),
                    ("released", "Released"),
                ],
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="proposalevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("created", "Draft started"),
                    ("edited", "Details edited"),
                    ("change_set_edited", "Change set edited"),
                    ("status_changed", "Status changed"),
                    ("commented", "Commented"),
                    ("comment_edited", "Comment edited"),
                    ("comment_hidden", "Comment hidden"),
                    ("position_cast", "Position cast"),
                    ("objection_answered", "Objection answered"),
                    ("decided", "Decided"),
                    ("needs_rebase", "Needs rebase"),
                    ("rebased", "Rebased"),
                ],
                max_length=30,
            ),
        ),
        migrations.AlterField(
            model_name="proposalevent",
            name="to_status",
            field=models.CharField(
                blank=True,
                choices=[
                    ("draft", "Draft"),
                    ("open", "Open for comment"),
                    ("voting", "Voting"),
                    ("accepted", "Accepted"),
                    ("rejected", "Rejected"),
                    ("withdrawn", "Withdrawn"),
                    ("released", "Released"),
                ],
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="release",
            name="base_version",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="standards.standardversion",
            ),
        ),
        migrations.AlterField(
            model_name="release",
            name="status",
            field=models.CharField(
                choices=[
                    ("awaiting_approval", "Awaiting approval"),
                    ("published", "Published"),
                    ("rejected", "Rejected"),
                    ("withdrawn", "Request withdrawn"),
                ],
                default="awaiting_approval",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="versionevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("created", "Draft created"),
                    ("notes_edited", "Release notes edited"),
                    ("approval_requested", "Approval requested"),
                    ("request_withdrawn", "Approval request withdrawn"),
                    ("request_rejected", "Approval request rejected"),
                    ("published", "Published"),
                    ("superseded", "Superseded"),
                    ("withdrawn", "Withdrawn"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(stale_to_flag, flag_to_stale),
        migrations.AddConstraint(
            model_name="proposal",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "status__in",
                        [
                            "draft",
                            "open",
                            "voting",
                            "accepted",
                            "rejected",
                            "withdrawn",
                            "released",
                        ],
                    )
                ),
                name="standards_proposal_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="proposalevent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        [
                            "created",
                            "edited",
                            "change_set_edited",
                            "status_changed",
                            "commented",
                            "comment_edited",
                            "comment_hidden",
                            "position_cast",
                            "objection_answered",
                            "decided",
                            "needs_rebase",
                            "rebased",
                        ],
                    )
                ),
                name="standards_proposalevent_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="release",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status__in", ["awaiting_approval", "published", "rejected", "withdrawn"])
                ),
                name="standards_release_status",
            ),
        ),
        migrations.AddConstraint(
            model_name="versionevent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        [
                            "created",
                            "notes_edited",
                            "approval_requested",
                            "request_withdrawn",
                            "request_rejected",
                            "published",
                            "superseded",
                            "withdrawn",
                        ],
                    )
                ),
                name="standards_versionevent_kind",
            ),
        ),
    ]

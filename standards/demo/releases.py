"""Demo releases: the whole story of a change, and a release waiting for approval. Idempotent.

``load_released`` runs before ``standards.demo.proposals``: a proposal that adds an attribute
is drafted, discussed, voted on and accepted against version 1.1.0, released in 1.2.0 by the
demo steward and approved by the second demo steward. Its page then shows "Released in 1.2.0"
with the change set as it was decided. ``load`` runs after the other demo proposals: the demo
steward builds a release of the accepted proposal among them, which waits for the second
steward to approve it (four eyes).
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from community.permissions import STEWARDS_GROUP
from standards.choices import OperationKind, ProposalStatus, Stance, VersionStatus
from standards.demo import proposals as demo_proposals
from standards.demo.catalogue import DEMO_STEWARD_EMAIL, SECOND_STEWARD, SLUG, second_steward
from standards.engine.changesets import Operation
from standards.models import Proposal, ReleaseProposal, ReleaseStatus, StandardVersion
from standards.releases.selectors import release_preview
from standards.releases.services import release_approve, release_build

ACCEPTED_TITLE = "Label the age group codes clearly"
RELEASED = {
    "author": demo_proposals.HA_MEMBER,
    "title": "Record who inspected a hazard",
    "problem": "Nobody can tell from the data who judged how serious a hazard was.",
    "use_case": "A landlord follows up a disputed assessment with the person who made it.",
    "affected": "Systems that produce or read investigation hazards.",
    "operations": [
        Operation(
            OperationKind.ADD_ATTRIBUTE,
            demo_proposals.HAZARD,
            "inspected_by",
            {
                "name": "inspected_by",
                "definition": "Who inspected the hazard: a name or a staff reference.",
            },
        ),
    ],
    "status": ProposalStatus.ACCEPTED,
    "opened_days_ago": 60,
    "comments": [
        (
            demo_proposals.LA_MEMBER,
            "A staff reference is enough for us; we would not want names in every extract.",
        ),
    ],
    "mover": demo_proposals.LA_CONVENER,
    "votes": [
        (demo_proposals.LA_MEMBER, demo_proposals.LA, Stance.APPROVE, ""),
        (demo_proposals.HA_MEMBER, demo_proposals.HA, Stance.APPROVE, ""),
        (demo_proposals.SUPPLIER_MEMBER, demo_proposals.SUPPLIERS, Stance.APPROVE, ""),
    ],
}


def _demo_steward():
    return (
        get_user_model()
        .objects.filter(email__iexact=DEMO_STEWARD_EMAIL, groups__name=STEWARDS_GROUP)
        .first()
    )


def _current():
    return StandardVersion.objects.filter(
        standard__slug=SLUG, status=VersionStatus.PUBLISHED
    ).first()


def _build(*, steward, proposal: Proposal):
    preview = release_preview(standard=proposal.standard, proposals=[proposal])
    if not preview.ok:
        print(f"Skipped a demo release: {preview.errors[0]}")
        return None
    return release_build(
        actor=steward,
        standard=proposal.standard,
        proposals=[proposal],
        number=None,
        notes=preview.notes,
    )


def load_released() -> None:
    """A proposal taken all the way: accepted, released in 1.2.0, approved by a second steward."""
    steward, current = _demo_steward(), _current()
    users = {user.email: user for user in get_user_model().objects.all()}
    if steward is None or current is None or RELEASED["author"] not in users:
        print("Skipped the released demo proposal: no demo steward, members or standard")
        return
    if Proposal.objects.filter(standard=current.standard, title=RELEASED["title"]).exists():
        return
    with transaction.atomic():
        demo_proposals.create(current, users, RELEASED)
        proposal = Proposal.objects.get(standard=current.standard, title=RELEASED["title"])
        release = _build(steward=steward, proposal=proposal)
        if release is not None:
            release_approve(actor=second_steward(), release=release)


def load() -> list[tuple[str, str]]:
    """Make sure the second steward exists and a release awaits approval. Returns the second
    steward's (description, email) sign-in, for the list ``load_demo`` prints."""
    second_steward()
    sign_in = [SECOND_STEWARD[:2]]
    steward, current = _demo_steward(), _current()
    if steward is None or current is None:
        print("Skipped the demo release: no demo steward or published demo standard")
        return sign_in
    if ReleaseProposal.objects.filter(
        proposal__title=ACCEPTED_TITLE, release__standard=current.standard
    ).exists():
        return sign_in
    proposal = Proposal.objects.filter(
        standard=current.standard, title=ACCEPTED_TITLE, status=ProposalStatus.ACCEPTED
    ).first()
    if proposal is None:
        print("Skipped the demo release: the accepted demo proposal is not there")
        return sign_in
    with transaction.atomic():
        release = _build(steward=steward, proposal=proposal)
    if release is not None and release.status != ReleaseStatus.AWAITING_APPROVAL:
        print("The demo release is not awaiting approval")
    return sign_in

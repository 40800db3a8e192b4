"""A demo release awaiting approval, built from the demo's accepted proposal. Idempotent.

The demo steward builds it; a second demo steward, who neither built it nor wrote its
proposal, can approve it (four eyes). Runs after ``standards.demo_proposals``.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from community.demo import DEMO_PASSWORD
from community.permissions import STEWARDS_GROUP

from .choices import ProposalStatus, VersionStatus
from .demo import DEMO_STEWARD_EMAIL, SLUG
from .models import Proposal, Release, StandardVersion
from .services_releases import release_build, release_preview

SECOND_STEWARD = ("Second steward (approves releases)", "steward2@example.gov.uk", "Ade", "Okafor")
ACCEPTED_TITLE = "Label the age group codes clearly"


def second_steward():
    """The demo's second steward, with a verified address, in the Stewards group."""
    _description, email, first_name, last_name = SECOND_STEWARD
    users = get_user_model().objects
    user, _ = users.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name}
    )
    if not user.check_password(DEMO_PASSWORD) or not user.is_active:
        user.set_password(DEMO_PASSWORD)
        user.is_active = True
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    user.groups.add(Group.objects.get_or_create(name=STEWARDS_GROUP)[0])
    return user


def load() -> list[tuple[str, str]]:
    """Make sure the second steward exists and a release awaits approval. Returns the second
    steward's (description, email) sign-in, for the list ``load_demo`` prints."""
    second_steward()
    sign_in = [SECOND_STEWARD[:2]]
    steward = (
        get_user_model()
        .objects.filter(email__iexact=DEMO_STEWARD_EMAIL, groups__name=STEWARDS_GROUP)
        .first()
    )
    current = StandardVersion.objects.filter(
        standard__slug=SLUG, status=VersionStatus.PUBLISHED
    ).first()
    if steward is None or current is None:
        print("Skipped the demo release: no demo steward or published demo standard")
        return sign_in
    if Release.objects.filter(standard=current.standard).exists():
        return sign_in
    proposal = Proposal.objects.filter(
        standard=current.standard, title=ACCEPTED_TITLE, status=ProposalStatus.ACCEPTED
    ).first()
    if proposal is None:
        print("Skipped the demo release: the accepted demo proposal is not there")
        return sign_in
    preview = release_preview(standard=current.standard, proposals=[proposal])
    if not preview.ok:
        print(f"Skipped the demo release: {preview.errors[0]}")
        return sign_in
    with transaction.atomic():
        release_build(
            actor=steward,
            standard=current.standard,
            proposals=[proposal],
            number=None,
            notes=preview.notes,
        )
    return sign_in

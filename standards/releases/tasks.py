"""Emails about releases. Services queue these after their transaction commits."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.tasks import task
from django.urls import reverse

from community.permissions import STEWARDS_GROUP
from portal.links import absolute_url
from portal.mail import send_email
from standards.models import Release


def release_url(release: Release) -> str:
    return reverse(
        "standards:release_detail",
        kwargs={"standard": release.standard.slug, "release": release.pk},
    )


@task
def send_release_approval_requested(release_id: int) -> int:
    """To every other active steward: a release is waiting for their approval."""
    release = Release.objects.select_related("standard", "version", "built_by").get(pk=release_id)
    stewards = (
        get_user_model()
        .objects.filter(Q(groups__name=STEWARDS_GROUP) | Q(is_superuser=True), is_active=True)
        .exclude(pk=release.built_by_id)
        .values_list("email", flat=True)
        .distinct()
    )
    return send_email(
        to=[email for email in stewards if email],
        template="standards/email/release_approval_requested",
        context={
            "release": release,
            "proposals": [entry.proposal for entry in release.entries.select_related("proposal")],
            "release_url": absolute_url(release_url(release)),
        },
    )


@task
def send_release_rejected(release_id: int) -> int:
    """To the steward who asked for publication: who rejected it, why, and where to fix it."""
    release = Release.objects.select_related("standard", "version", "built_by", "decided_by").get(
        pk=release_id
    )
    return send_email(
        to=[release.built_by.email] if release.built_by.is_active else [],
        template="standards/email/release_rejected",
        context={"release": release, "release_url": absolute_url(release_url(release))},
    )

"""The payloads of webhook events and changelog links."""

from django.urls import reverse

from portal.links import absolute_url
from standards.addresses import proposal_api_url, standard_api_url, version_api_url
from standards.changelog.selectors import changelog_entry
from standards.choices import ProposalStatus
from standards.models import Proposal, StandardVersion, WebhookEventType


def _standard_data(standard) -> dict:
    return {
        "slug": standard.slug,
        "name": standard.name,
        "url": absolute_url(standard.get_absolute_url()),
        "api_url": standard_api_url(standard.slug),
    }


def changelog_url(standard) -> str:
    return absolute_url(reverse("standards:changelog", kwargs={"standard": standard.slug}))


def version_event(*, version: StandardVersion, event_type: str) -> tuple[str, dict]:
    """The message id and body of ``version.published`` or ``version.withdrawn``."""
    entry = changelog_entry(version=version)
    version = entry.version
    standard = version.standard
    at = version.withdrawn_at if event_type == WebhookEventType.VERSION_WITHDRAWN else None
    at = at or version.published_at
    data = {
        "standard": _standard_data(standard),
        "version": version.number,
        "status": version.status,
        "published_at": version.published_at.isoformat() if version.published_at else None,
        "impact": entry.impact,
        "proposals": [proposal.reference for proposal in entry.proposals],
        "url": absolute_url(version.get_absolute_url()),
        "api_url": version_api_url(standard.slug, version.number),
        "changelog_url": changelog_url(standard),
        "bundle_url": absolute_url(
            reverse(
                "standards:download",
                kwargs={
                    "standard": standard.slug,
                    "version": version.number,
                    "name": "bundle.schema.json",
                },
            )
        ),
    }
    if version.withdrawn_at:
        data["withdrawn_at"] = version.withdrawn_at.isoformat()
        data["withdrawn_reason"] = version.withdrawn_reason
    message_id = f"msg_{event_type.replace('.', '_')}_{version.pk}"
    return message_id, {"type": str(event_type), "timestamp": at.isoformat(), "data": data}


def proposal_event(*, proposal: Proposal) -> tuple[str, str, dict]:
    """The event type, message id and body of ``proposal.accepted`` or ``proposal.rejected``."""
    accepted = proposal.status == ProposalStatus.ACCEPTED
    event_type = (
        WebhookEventType.PROPOSAL_ACCEPTED if accepted else WebhookEventType.PROPOSAL_REJECTED
    )
    result = "accepted" if accepted else "rejected"
    at = proposal.closed_at or proposal.updated_at
    data = {
        "standard": _standard_data(proposal.standard),
        "reference": proposal.reference,
        "title": proposal.title,
        "result": result,
        "impact": proposal.impact or None,
        "base_version": proposal.base_version.number,
        "decided_at": at.isoformat(),
        "url": absolute_url(proposal.get_absolute_url()),
        "api_url": proposal_api_url(proposal.standard.slug, proposal.reference),
    }
    message_id = f"msg_proposal_{result}_{proposal.pk}_{int(at.timestamp())}"
    return (
        str(event_type),
        message_id,
        {"type": str(event_type), "timestamp": at.isoformat(), "data": data},
    )

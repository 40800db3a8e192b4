"""A proposal as a JSON document: what its page shows, for its ``.json`` download and the API.

One builder, so the page's download and the API never disagree about a proposal.
"""

from portal.links import absolute_url
from standards import permissions
from standards.addresses import proposal_api_url
from standards.engine.changesets import changeset_apply
from standards.models import Proposal
from standards.proposals.pages import operation_rows
from standards.proposals.selectors import (
    changeset_base,
    proposal_comments,
    proposal_conflicts,
    proposal_operations,
    proposal_timeline,
    release_of_proposal,
)
from standards.proposals.voting import selectors as voting_selectors


def _name(user) -> str | None:
    return (user.get_full_name() or None) if user is not None else None


def _iso(moment):
    return moment.isoformat() if moment else None


def proposal_summary(proposal: Proposal, *, components: list[str] | None = None) -> dict:
    """The fields a list of proposals shows for each; ``components`` are the keys it touches."""
    return {
        "reference": proposal.reference,
        "standard": proposal.standard.slug,
        "title": proposal.title,
        "status": proposal.status,
        "needs_rebase": proposal.needs_rebase,
        "impact": proposal.impact or None,
        "components": components if components is not None else [],
        "base_version": proposal.base_version.number,
        "created_at": _iso(proposal.created_at),
        "url": absolute_url(proposal.get_absolute_url()),
        "api_url": proposal_api_url(proposal.standard.slug, proposal.reference),
    }


def _comment(comment) -> dict:
    hidden = comment.hidden_at is not None
    return {
        "id": comment.pk,
        "author": _name(comment.author),
        "organisation": comment.author.organisation.name if comment.author.organisation else None,
        "body": None if hidden else comment.body,
        "hidden_reason": comment.hidden_reason if hidden else None,
        "created_at": _iso(comment.created_at),
        "edited": comment.edited_at is not None,
    }


def _tally(proposal: Proposal, user) -> dict | None:
    ballot = voting_selectors.ballot_current(proposal=proposal)
    if ballot is None:
        return None
    view = voting_selectors.ballot_tally(ballot=ballot)
    names = permissions.can_see_voter_names(user)
    decision = getattr(ballot, "decision", None) if not ballot.is_open else None
    return {
        "status": "open" if ballot.is_open else "closed",
        "opened_at": _iso(ballot.opened_at),
        "closes_at": _iso(ballot.closes_at),
        "closed_at": _iso(ballot.closed_at),
        **view.tally.as_json(),
        "objections": [
            {
                "id": position.pk,
                "group": position.group.name,
                "voter": _name(position.voter) if names else None,
                "reason": position.reason,
                "answers": [
                    {"kind": answer.kind, "text": answer.text, "at": _iso(answer.responded_at)}
                    for answer in position.answers
                ],
            }
            for position in voting_selectors.objections(ballot=ballot)
        ],
        "decision": decision.result if decision is not None else None,
    }


def proposal_document(proposal: Proposal, *, user) -> dict:
    """Everything about ``proposal`` that ``user`` may see on its page, as JSON-ready data."""
    operations = proposal_operations(proposal=proposal)
    outcome = changeset_apply(
        changeset_base(version=proposal.base_version, operations=operations), operations
    )
    rows = operation_rows(operations, outcome)
    release = release_of_proposal(proposal=proposal)
    return {
        **proposal_summary(proposal, components=outcome.touched_keys()),
        "impact": outcome.impact.label if operations else None,
        "revision": proposal.revision,
        "author": _name(proposal.author),
        "organisation": proposal.organisation.name if proposal.organisation else None,
        "problem": proposal.problem,
        "use_case": proposal.use_case,
        "affected": proposal.affected,
        "opened_at": _iso(proposal.opened_at),
        "released_in": release.version.number if release is not None else None,
        "operations": [
            {
                **row.operation.as_json(),
                "position": row.number,
                "impact": row.impact.label if row.impact is not None else None,
                "rule": row.rule.id if row.rule else None,
                "breaks": row.rule.breaks.value if row.rule else None,
                "reason": row.rule.reason if row.rule else None,
                "problems": [problem.message for problem in row.problems],
            }
            for row in rows
        ],
        "conflicts": [
            {
                "reference": conflict.proposal.reference,
                "url": absolute_url(conflict.proposal.get_absolute_url()),
                "paths": list(conflict.paths),
            }
            for conflict in proposal_conflicts(proposal=proposal)
        ],
        "comments": [
            {**_comment(comment), "replies": [_comment(reply) for reply in comment.replies.all()]}
            for comment in proposal_comments(proposal=proposal)
        ],
        "timeline": [
            {
                "kind": event.kind,
                "at": _iso(event.at),
                "actor": _name(event.actor),
                "revision": event.revision,
                "from_status": event.from_status or None,
                "to_status": event.to_status or None,
            }
            for event in proposal_timeline(proposal=proposal)
        ],
        "tally": _tally(proposal, user),
    }

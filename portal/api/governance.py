"""Proposals, their discussion and votes, and releases: read by anyone, written with a token.

Every write calls the service its web form calls, with the token's owner as the actor, so the
API refuses exactly what the pages refuse, in the same words (tests/portal/test_api_writes.py).
A draft proposal is visible only to its author and the stewards, here as on its page.
"""

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Query, Router, Status

from community.choices import TokenScope
from community.models import WorkingGroup
from portal.api import schemas
from portal.api.core import READ_AUTH, WRITE_AUTH, reader, writer
from portal.api.lookups import standard_or_404
from portal.api.paging import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, page
from portal.api.problems import Problem
from portal.links import absolute_url
from standards import permissions
from standards.addresses import proposal_api_url, version_api_url
from standards.catalogue import selectors as catalogue
from standards.choices import OperationKind, ReleaseStatus
from standards.engine.changesets import Operation
from standards.models import Position, Proposal, ProposalComment, Release, Standard
from standards.proposals import refusals
from standards.proposals import selectors as proposals_selectors
from standards.proposals import services as proposals_services
from standards.proposals.documents import proposal_document, proposal_summary
from standards.proposals.voting import selectors as voting_selectors
from standards.proposals.voting import services as voting_services

router = Router(tags=["Proposals and releases"])

WRITE_ERRORS = dict.fromkeys((400, 401, 403, 404, 409, 422, 429), schemas.ProblemOut)


def _proposal(request: HttpRequest, standard: str, reference: str) -> Proposal:
    """A proposal the caller may see, its vote closed first if its deadline has passed."""
    missing = Http404(f"There is no proposal {reference[:20]} in {standard[:100]}")
    try:
        proposal = proposals_selectors.proposal_get(standard_slug=standard, reference=reference)
    except Proposal.DoesNotExist as error:
        raise missing from error
    if not permissions.can_view_proposal(reader(request), proposal):
        raise missing
    if voting_services.ballot_close_if_due(proposal=proposal) is not None:
        proposal = proposals_selectors.proposal_get(standard_slug=standard, reference=reference)
    return proposal


def _operations(items: list[schemas.OperationIn]) -> list[Operation]:
    return [
        Operation(
            kind=item.kind,
            component=item.component,
            member=item.member,
            values=item.values,
            changes_meaning=item.changes_meaning,
        )
        for item in items
    ]


def _kind_check(items: list[schemas.OperationIn]) -> None:
    errors = [
        {
            "pointer": f"#/operations/{index}/kind",
            "detail": "Choose a kind of change, such as add_attribute",
        }
        for index, item in enumerate(items)
        if item.kind not in OperationKind.values
    ]
    if errors:
        raise Problem(400, errors[0]["detail"], code="invalid_request", errors=errors)


# Reading --------------------------------------------------------------------------------------


@router.get(
    "/standards/{standard}/proposals",
    response={200: schemas.ProposalPage, **schemas.READ_ERRORS},
    auth=READ_AUTH,
    summary="List proposals",
    description=(
        "Newest first. Filter by `component` key, `status` (repeatable: draft, open, voting, "
        "accepted, rejected, withdrawn, released) and `impact` (repeatable: patch, minor, "
        "major). Drafts are listed only to their author."
    ),
)
def proposal_list(
    request,
    response: HttpResponse,
    standard: str,
    component: str = Query("", max_length=100),
    status: list[schemas.ProposalStatusName] = Query([]),
    impact: list[schemas.ImpactName] = Query([]),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    found = standard_or_404(standard)
    filters = proposals_selectors.ProposalFilters(
        statuses=tuple(status), component=component.strip(), impacts=tuple(impact)
    )
    rows = proposals_selectors.proposal_list(
        standard=found, filters=filters, include_drafts_of=reader(request)
    )
    result = page(request, rows, limit=limit, offset=offset, response=response)
    touched = proposals_selectors.touched_components(proposals=result["items"])
    result["items"] = [
        proposal_summary(proposal, components=touched.get(proposal.pk, []))
        for proposal in result["items"]
    ]
    return result


@router.get(
    "/standards/{standard}/proposals/{reference}",
    response={200: schemas.ProposalOut, **schemas.READ_ERRORS},
    auth=READ_AUTH,
    summary="Get a proposal with its change set, comments, timeline and tally",
)
def proposal_detail(request, standard: str, reference: str):
    proposal = _proposal(request, standard, reference)
    return proposal_document(proposal, user=reader(request))


def _release_out(release: Release) -> dict:
    version = release.version
    return {
        "version": version.number,
        "status": release.status,
        "impact": release.impact or None,
        "requested_at": release.requested_at,
        "decided_at": release.decided_at,
        "decision_reason": release.decision_reason,
        "release_notes": release.notes,
        "proposals": [
            {
                "reference": entry.proposal.reference,
                "title": entry.proposal.title,
                "url": absolute_url(entry.proposal.get_absolute_url()),
                "api_url": proposal_api_url(release.standard.slug, entry.proposal.reference),
            }
            for entry in release.entries.all()
        ],
        "url": absolute_url(version.get_absolute_url()),
        "version_api_url": version_api_url(release.standard.slug, version.number),
    }


def _releases(standard: Standard):
    # Waiting, rejected and withdrawn requests are about drafts, which only stewards may see.
    return (
        Release.objects.filter(standard=standard, status=ReleaseStatus.PUBLISHED)
        .select_related("standard", "version__standard")
        .prefetch_related("entries__proposal__standard")
        .order_by("-version__major", "-version__minor", "-version__patch")
    )


@router.get(
    "/standards/{standard}/releases",
    response={200: schemas.ReleasePage, **schemas.READ_ERRORS},
    auth=READ_AUTH,
    summary="List the published releases",
    description="Each release: its version, impact, notes and the proposals it brought in.",
)
def release_list(
    request,
    response: HttpResponse,
    standard: str,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    rows = _releases(standard_or_404(standard))
    result = page(request, rows, limit=limit, offset=offset, response=response)
    result["items"] = [_release_out(release) for release in result["items"]]
    return result


@router.get(
    "/standards/{standard}/releases/{version}",
    response={200: schemas.ReleaseOut, **schemas.READ_ERRORS},
    auth=READ_AUTH,
    summary="Get a published release",
)
def release_detail(request, standard: str, version: str):
    found = standard_or_404(standard)
    release = next(
        (row for row in _releases(found) if row.version.number == version),
        None,
    )
    if release is None:
        raise Http404(f"No release of {standard} published version {version[:50]}")
    return _release_out(release)


# Writing --------------------------------------------------------------------------------------


def _authors_draft(request: HttpRequest, actor, standard: str, reference: str) -> Proposal:
    """The actor's own draft, refused as the draft's web pages refuse (``pages._author_draft``)."""
    proposal = _proposal(request, standard, reference)
    if not permissions.is_author(actor, proposal):
        raise Problem(403, refusals.AUTHOR_ONLY, code="not_allowed")
    if not proposal.is_draft:
        raise Problem(409, refusals.draft_closed(proposal), code="invalid_state")
    return proposal


def _done(proposal: Proposal, message: str) -> dict:
    return {
        "detail": message,
        "api_url": proposal_api_url(proposal.standard.slug, proposal.reference),
    }


@router.post(
    "/standards/{standard}/proposals",
    response={201: schemas.ProposalOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Draft a proposal",
    description=(
        "Starts a draft against the current published version, with the change set given. "
        "Needs the `proposals:write` scope, and the same standing as on the web: a confirmed "
        "email address and membership of a working group."
    ),
)
def proposal_create(request, standard: str, payload: schemas.ProposalIn):
    actor = writer(request, TokenScope.PROPOSALS_WRITE)
    found = standard_or_404(standard)
    base = catalogue.version_latest_published(standard=found)
    if base is None:
        raise Http404(f"{found.name} has no published version to propose changes to")
    _kind_check(payload.operations)
    proposal = proposals_services.proposal_create(
        actor=actor,
        base_version=base,
        title=payload.title,
        problem=payload.problem,
        use_case=payload.use_case,
        affected=payload.affected,
        operations=_operations(payload.operations),
    )
    return Status(201, proposal_document(proposal, user=actor))


@router.put(
    "/standards/{standard}/proposals/{reference}/operations",
    response={200: schemas.ProposalOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Replace a draft's change set",
    description=(
        "Only the author, only while it is a draft. Give `expected_revision` to have the "
        "change refused (409) if the draft was saved since you read it."
    ),
)
def proposal_operations_set(request, standard: str, reference: str, payload: schemas.OperationsIn):
    actor = writer(request, TokenScope.PROPOSALS_WRITE)
    proposal = _authors_draft(request, actor, standard, reference)
    _kind_check(payload.operations)
    proposal = proposals_services.proposal_operations_set(
        actor=actor,
        proposal=proposal,
        operations=_operations(payload.operations),
        expected_revision=payload.expected_revision,
    )
    return proposal_document(proposal, user=actor)


@router.post(
    "/standards/{standard}/proposals/{reference}/submit",
    response={200: schemas.Done, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Submit a draft for comment",
)
def proposal_submit(request, standard: str, reference: str):
    actor = writer(request, TokenScope.PROPOSALS_WRITE)
    proposal = proposals_services.proposal_submit(
        actor=actor, proposal=_authors_draft(request, actor, standard, reference)
    )
    return _done(proposal, f"{proposal.reference} is open for comment")


@router.post(
    "/standards/{standard}/proposals/{reference}/comments",
    response={201: schemas.Done, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Comment on a proposal, or reply to a comment",
)
def comment_create(request, standard: str, reference: str, payload: schemas.CommentIn):
    actor = writer(request, TokenScope.PROPOSALS_WRITE)
    proposal = _proposal(request, standard, reference)
    parent = None
    if payload.reply_to is not None:
        parent = ProposalComment.objects.filter(proposal=proposal, pk=payload.reply_to).first()
        if parent is None:
            raise Problem(
                422,
                "Reply to a comment on this proposal",
                code="invalid_reply",
                errors=[{"pointer": "#/reply_to", "detail": "Reply to a comment on this proposal"}],
            )
    comment = proposals_services.comment_add(
        actor=actor, proposal=proposal, body=payload.body, parent=parent
    )
    return Status(201, _done(proposal, f"Your comment was added (comment {comment.pk})"))


def _open_ballot(proposal: Proposal):
    ballot = voting_selectors.ballot_current(proposal=proposal)
    if ballot is None or not ballot.is_open:
        raise Problem(409, f"Voting on {proposal.reference} is not open", code="invalid_state")
    return ballot


@router.post(
    "/standards/{standard}/proposals/{reference}/positions",
    response={201: schemas.Done, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Vote: cast or change your position for a working group",
    description="Needs the `votes:write` scope and a place in that group's vote.",
)
def position_create(request, standard: str, reference: str, payload: schemas.PositionIn):
    actor = writer(request, TokenScope.VOTES_WRITE)
    proposal = _proposal(request, standard, reference)
    ballot = _open_ballot(proposal)
    groups = {
        group.slug: group for group in voting_selectors.eligible_groups(ballot=ballot, user=actor)
    }
    if not groups:
        raise Problem(403, refusals.NOT_IN_THE_VOTE, code="not_allowed")
    group = groups.get(payload.group)
    if group is None:
        if WorkingGroup.objects.filter(slug=payload.group).exists():
            message = "You cannot vote for that group on this proposal"
        else:
            message = f"There is no working group '{payload.group[:100]}'"
        raise Problem(
            422, message, code="invalid_group", errors=[{"pointer": "#/group", "detail": message}]
        )
    voting_services.position_cast(
        actor=actor, proposal=proposal, group=group, stance=payload.stance, reason=payload.reason
    )
    return Status(
        201, _done(proposal, f"Your vote on {proposal.reference} for {group} is recorded")
    )


@router.post(
    "/standards/{standard}/proposals/{reference}/objections/{objection}/answers",
    response={201: schemas.Done, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Answer an objection, as the author or a convener",
    description="Needs the `votes:write` scope. Refused once the vote has closed.",
)
def objection_answer(
    request, standard: str, reference: str, objection: int, payload: schemas.AnswerIn
):
    actor = writer(request, TokenScope.VOTES_WRITE)
    proposal = _proposal(request, standard, reference)
    if not permissions.can_answer_objection(actor, proposal):
        raise Problem(403, refusals.ANSWERING, code="not_allowed")
    position = (
        Position.objects.filter(pk=objection, ballot__proposal=proposal, stance="object")
        .select_related("voter", "group")
        .first()
    )
    if position is None:
        raise Http404("No such objection")
    voting_services.objection_respond(
        actor=actor, objection=position, kind=payload.kind, text=payload.text
    )
    return Status(201, _done(proposal, "Your answer is published and the objector has been told"))

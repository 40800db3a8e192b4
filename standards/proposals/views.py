"""Change proposals: the list, a proposal's page, composing a draft, and the discussion.

Thin views: each validates a form, calls one service from ``standards.proposals.services``, puts
a refusal (a ``StandardsError``) back on the form with what the person typed, and otherwise
redirects with a success message. Drafts are their author's working copy: everyone else, except
stewards, gets the same 404 as for a proposal that does not exist.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from community.selectors import group_list_public
from standards import permissions
from standards.catalogue import selectors
from standards.catalogue.lookups import diff_url, standard_or_404, standards_crumbs
from standards.choices import OperationKind, ProposalStatus
from standards.engine.workflow import PROPOSAL_TRANSITIONS
from standards.exceptions import ChangeSetInvalid, StandardsError
from standards.models import (
    ComponentVersion,
    Proposal,
    ProposalComment,
)
from standards.proposals import refusals
from standards.proposals import selectors as proposals_selectors
from standards.proposals import services as services_proposals
from standards.proposals.documents import proposal_document
from standards.proposals.forms import CommentEditForm, CommentForm, ProposalDetailsForm, ReasonForm
from standards.proposals.lookups import proposal_crumbs, proposal_list_url, proposal_or_404
from standards.proposals.pages import _changeset, _url
from standards.proposals.selectors import (
    ProposalFilters,
    is_watching,
    proposal_comments,
    proposal_conflicts,
    proposal_list,
    proposal_timeline,
)
from standards.proposals.voting import services as services_voting
from standards.proposals.voting.context import proposal_with_vote_settled, voting_context

K = OperationKind
PAGE_SIZE = 25
GET_AND_POST = require_http_methods(["GET", "POST"])
WITHDRAWABLE = frozenset(
    current for (current, target) in PROPOSAL_TRANSITIONS if target == ProposalStatus.WITHDRAWN
)


# Helpers ------------------------------------------------------------------------------------------


# The list and the feed's page ---------------------------------------------------------------------


def _filter_query(filters: ProposalFilters) -> str:
    pairs = [("q", filters.query)] if filters.query else []
    pairs += [("status", status) for status in filters.statuses]
    pairs += [("impact", impact) for impact in filters.impacts]
    if filters.component:
        pairs.append(("component", filters.component))
    if filters.group:
        pairs.append(("group", filters.group))
    return f"{urlencode(pairs)}&" if pairs else ""


def proposal_list_view(request: HttpRequest, standard: str) -> HttpResponse:
    standard = standard_or_404(standard)
    filters = ProposalFilters.from_params(request.GET)
    rows = proposal_list(standard=standard, filters=filters, include_drafts_of=request.user)
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    current = selectors.version_latest_published(standard=standard)
    components = (
        list(
            ComponentVersion.objects.filter(version=current)
            .order_by("name")
            .values_list("component__key", "name")
        )
        if current
        else []
    )
    context = {
        "standard": standard,
        "current": current,
        "filters": filters,
        "page_obj": page_obj,
        "query_prefix": _filter_query(filters),
        "status_options": [
            (value, label, value in filters.statuses)
            for value, label in ProposalStatus.choices
            if value != ProposalStatus.DRAFT or request.user.is_authenticated
        ],
        "impact_options": [
            (value, value.capitalize(), value in filters.impacts)
            for value in ("patch", "minor", "major")
        ],
        "component_options": components,
        "group_options": list(group_list_public().values_list("slug", "name")),
        "can_draft": current is not None and permissions.can_draft_proposal(request.user),
        "crumbs": standards_crumbs(standard),
    }
    return render(request, "standards/proposals/list.html", context)


# A proposal ---------------------------------------------------------------------------------------


def _detail_context(
    request: HttpRequest,
    proposal: Proposal,
    *,
    comment_form: CommentForm | None = None,
    reply_form: CommentForm | None = None,
    reply_to: int | None = None,
) -> dict:
    user = request.user
    status = proposal.status
    can_comment = not proposal.is_draft and not proposal.is_closed and permissions.can_comment(user)
    can_moderate = permissions.can_moderate(user)
    period_ends = proposals_selectors.comment_period_ends(proposal)
    may_start_voting = can_moderate and status == ProposalStatus.OPEN
    period_over = period_ends is not None and period_ends <= timezone.now()
    failing = comment_form if comment_form is not None and comment_form.errors else reply_form
    return {
        "standard": proposal.standard,
        "proposal": proposal,
        **_changeset(proposal),
        "conflicts": proposal_conflicts(proposal=proposal),
        "comments": proposal_comments(proposal=proposal),
        "timeline": proposals_selectors.timeline_folded(proposal_timeline(proposal=proposal)),
        "watching": is_watching(user=user, proposal=proposal),
        "is_author": permissions.is_author(user, proposal),
        "can_edit": permissions.can_edit_proposal(user, proposal),
        "can_withdraw": permissions.can_withdraw_proposal(user, proposal)
        and status in WITHDRAWABLE,
        "can_comment": can_comment,
        "can_moderate": can_moderate,
        # The button shows only once voting can start; before then, the page says when.
        "can_open_voting": may_start_voting and period_over,
        "voting_opens_at": period_ends if may_start_voting and not period_over else None,
        "comment_period_ends": period_ends,
        "comment_form": comment_form or CommentForm(auto_id="comment-%s"),
        "reply_form": reply_form,
        "reply_to": reply_to,
        # The failing form, so the page title says "Error:" and the summary lists its errors.
        "form": failing if failing is not None and failing.errors else None,
        "crumbs": proposal_crumbs(proposal.standard),
        **voting_context(request, proposal),
        **proposal_release_context(request, proposal),
    }


def proposal_detail(request: HttpRequest, standard: str, reference: str) -> HttpResponse:
    proposal = proposal_with_vote_settled(request, standard, reference)
    return render(request, "standards/proposals/detail.html", _detail_context(request, proposal))


def proposal_json(request: HttpRequest, standard: str, reference: str) -> HttpResponse:
    proposal = proposal_or_404(request, standard, reference)
    data = proposal_document(proposal, user=request.user)
    return JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})


# Starting and editing a draft ---------------------------------------------------------------------


@login_required
@GET_AND_POST
def proposal_start(request: HttpRequest, standard: str) -> HttpResponse:
    standard = standard_or_404(standard)
    if not permissions.can_draft_proposal(request.user):
        raise PermissionDenied(refusals.DRAFTING)
    version = selectors.version_latest_published(standard=standard)
    if version is None:
        raise Http404("This standard has no published version to propose changes to")
    component_key = request.GET.get("component", "").strip()[:100]
    component = (
        ComponentVersion.objects.filter(version=version, component__key=component_key).first()
        if component_key
        else None
    )
    form = ProposalDetailsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services_proposals.proposal_create(
                actor=request.user, base_version=version, **form.details()
            )
        except StandardsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, f"You started {proposal.reference}. Now add the changes you propose"
            )
            return redirect(
                _url(
                    "proposal_changes",
                    proposal,
                    {"component": component.component.key if component else ""},
                )
            )
    return render(
        request,
        "standards/proposals/start.html",
        {
            "standard": standard,
            "version": version,
            "component": component,
            "form": form,
            "crumbs": [*standards_crumbs(standard), ("Proposals", proposal_list_url(standard))],
        },
    )


# The change set ----------------------------------------------------------------------------------


# The lifecycle, watching -------------------------------------------------------------------------


def _confirm(request, form, action, *, proposal, success, title, body, button, warning=False):
    """Ask before a change that is hard to undo, then run ``action`` with the form's reason."""
    if request.method == "POST" and form.is_valid():
        try:
            action(actor=request.user, reason=form.cleaned_data["reason"])
        except StandardsError as error:
            form.add_error("reason" if "reason" in form.fields else None, error.message)
        else:
            messages.success(request, success)
            return redirect(proposal)
    return render(
        request,
        "standards/proposals/confirm.html",
        {
            "standard": proposal.standard,
            "proposal": proposal,
            "form": form,
            "title": title,
            "body": body,
            "button": button,
            "warning": warning,
            "back_url": proposal.get_absolute_url(),
            "crumbs": proposal_crumbs(proposal.standard, proposal),
        },
    )


@login_required
@GET_AND_POST
def proposal_withdraw(request: HttpRequest, standard: str, reference: str) -> HttpResponse:
    proposal = proposal_or_404(request, standard, reference)
    if not permissions.can_withdraw_proposal(request.user, proposal):
        raise PermissionDenied
    form = ReasonForm(
        request.POST or None,
        label="Why are you withdrawing it? (optional)",
        required=False,
        hint="Everyone who can see the proposal will see your reason.",
    )

    def action(*, actor, reason):
        return services_proposals.proposal_withdraw(actor=actor, proposal=proposal, reason=reason)

    return _confirm(
        request,
        form,
        action,
        proposal=proposal,
        success=f"{proposal.reference} was withdrawn",
        title=f"Are you sure you want to withdraw {proposal.reference}?",
        body="A withdrawn proposal cannot be reopened. Its page, comments and timeline stay "
        "visible.",
        button="Withdraw proposal",
        warning=True,
    )


@login_required
@require_POST
def proposal_voting_open(request: HttpRequest, standard: str, reference: str) -> HttpResponse:
    proposal = proposal_or_404(request, standard, reference)
    if not permissions.can_open_voting(request.user):
        raise PermissionDenied
    try:
        services_voting.proposal_voting_open(actor=request.user, proposal=proposal)
    except StandardsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Voting on {proposal.reference} has started")
    return redirect(proposal)


@login_required
@require_POST
def proposal_watch(request: HttpRequest, standard: str, reference: str) -> HttpResponse:
    """Watch, or stop watching: the button says which, and the form says which it meant."""
    proposal = proposal_or_404(request, standard, reference)
    watch = request.POST.get("watch") != "0"
    service = services_proposals.proposal_watch if watch else services_proposals.proposal_unwatch
    try:
        service(actor=request.user, proposal=proposal)
    except StandardsError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"You are watching {proposal.reference}. We will email you about comments and "
            "changes of status"
            if watch
            else f"You are no longer watching {proposal.reference}",
        )
    return redirect(proposal)


# Comments ---------------------------------------------------------------------------------------


@login_required
@require_POST
def proposal_comment(request: HttpRequest, standard: str, reference: str) -> HttpResponse:
    proposal = proposal_or_404(request, standard, reference)
    parent_id = request.POST.get("parent") or None
    reply_to = None
    if parent_id:
        try:
            reply_to = int(parent_id)
        except ValueError:
            reply_to = None
    auto_id = f"reply-{reply_to}-%s" if reply_to else "comment-%s"
    form = CommentForm(request.POST, auto_id=auto_id)
    if form.is_valid():
        parent = None
        if reply_to is not None:
            parent = ProposalComment.objects.filter(proposal=proposal, pk=reply_to).first()
            if parent is None:
                form.add_error("body", "Reply to a comment on this proposal")
        if not form.errors:
            try:
                comment = services_proposals.comment_add(
                    actor=request.user,
                    proposal=proposal,
                    body=form.cleaned_data["body"],
                    parent=parent,
                )
            except StandardsError as error:
                form.add_error("body", error.message)
            else:
                messages.success(request, "Your comment was added")
                return redirect(f"{proposal.get_absolute_url()}#comment-{comment.pk}")
    context = (
        _detail_context(request, proposal, reply_form=form, reply_to=reply_to)
        if reply_to
        else _detail_context(request, proposal, comment_form=form)
    )
    return render(request, "standards/proposals/detail.html", context, status=400)


def _comment_or_404(request, standard: str, reference: str, comment: int):
    proposal = proposal_or_404(request, standard, reference)
    comment = get_object_or_404(
        ProposalComment.objects.select_related("author", "hidden_by"), pk=comment, proposal=proposal
    )
    return proposal, comment


@login_required
@GET_AND_POST
def comment_edit(request: HttpRequest, standard: str, reference: str, comment: int):
    proposal, comment = _comment_or_404(request, standard, reference, comment)
    if not permissions.can_edit_comment(request.user, comment):
        raise PermissionDenied
    form = CommentEditForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            services_proposals.comment_edit(
                actor=request.user, comment=comment, body=form.cleaned_data["body"]
            )
        except StandardsError as error:
            form.add_error("body", error.message)
        else:
            messages.success(request, "Your comment was updated")
            return redirect(f"{proposal.get_absolute_url()}#comment-{comment.pk}")
    return render(
        request,
        "standards/proposals/comment_edit.html",
        {
            "standard": proposal.standard,
            "proposal": proposal,
            "comment": comment,
            "form": form,
            "crumbs": proposal_crumbs(proposal.standard, proposal),
        },
    )


@login_required
@GET_AND_POST
def comment_hide(request: HttpRequest, standard: str, reference: str, comment: int):
    proposal, comment = _comment_or_404(request, standard, reference, comment)
    if not permissions.can_moderate(request.user):
        raise PermissionDenied
    form = ReasonForm(
        request.POST or None,
        label="Why are you hiding this comment?",
        hint="Everyone who can see the proposal will see your name and this reason in place of "
        "the comment.",
        required_message="Enter why you are hiding this comment",
    )

    def action(*, actor, reason):
        return services_proposals.comment_hide(actor=actor, comment=comment, reason=reason)

    author = comment.author.get_full_name() or "a member"
    return _confirm(
        request,
        form,
        action,
        proposal=proposal,
        success="The comment was hidden",
        title=f"Hide the comment by {author}",
        body=f"Written on {timezone.localtime(comment.created_at):%-d %B %Y}. People will see "
        "that a comment was hidden, by whom and why.",
        button="Hide comment",
        warning=True,
    )


def proposal_release_context(request: HttpRequest, proposal: Proposal) -> dict:
    """ "Released in 1.2.0", with the diff that contains it, for a released proposal; the rebase
    button for its author when the proposal needs a rebase."""
    release = proposals_selectors.release_of_proposal(proposal=proposal)
    released_in = release.version if release else None
    return {
        "released_in": released_in,
        "released_diff_url": diff_url(release) if release else None,
        "can_rebase": proposal.needs_rebase and permissions.is_author(request.user, proposal),
        "rebase_problems": [],
    }


@login_required
@require_POST
def proposal_rebase(request: HttpRequest, standard: str, reference: str) -> HttpResponse:
    """Replay the change set on the current version. If some changes no longer apply, the page
    lists them, with the choice to drop them and rebase the rest."""
    # Imported here: the proposals views import this module for the page's context.

    proposal = proposal_or_404(request, standard, reference)
    if not permissions.is_author(request.user, proposal):
        raise PermissionDenied
    drop = []
    for value in request.POST.getlist("drop"):
        try:
            drop.append(int(value))
        except ValueError:
            continue
    try:
        proposal = services_proposals.proposal_rebase(
            actor=request.user, proposal=proposal, drop_positions=drop
        )
    except ChangeSetInvalid as error:
        operations = list(proposal.operations.order_by("position"))
        problems = []
        for problem in error.problems:
            if problem.index < len(operations):
                problems.append((problem.index + 1, operations[problem.index], problem.message))
        context = _detail_context(request, proposal)
        context.update(
            rebase_error=error.message,
            rebase_problems=problems,
            rebase_dropped=drop,
        )
        return render(request, "standards/proposals/detail.html", context, status=400)
    except StandardsError as error:
        messages.error(request, error.message)
        return redirect(proposal)
    messages.success(
        request,
        f"{proposal.reference} now changes version {proposal.base_version.number} and is "
        f"{proposal.get_status_display().lower()} again",
    )
    return redirect(proposal)

"""Votes on proposals: the panel on the proposal page, casting, answering objections, closing
early, and the stewards' decision rule settings.

Thin views over ``standards.proposals.voting.services``. Every page that shows a vote first
closes it if its deadline has passed, so nobody sees, or casts on, a vote that should be over.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from community.choices import GroupStatus
from community.models import WorkingGroup
from standards import permissions
from standards.catalogue.lookups import standard_or_404, standards_crumbs
from standards.engine.tally import rule_words
from standards.exceptions import StandardsError
from standards.models import DecisionRule, Position
from standards.models.voting import IMPACT_CHOICES
from standards.proposals import refusals
from standards.proposals.lookups import proposal_crumbs
from standards.proposals.voting import selectors as selectors_voting
from standards.proposals.voting import services as services_voting
from standards.proposals.voting.context import proposal_with_vote_settled
from standards.proposals.voting.forms import DecisionRuleForm, ObjectionAnswerForm, PositionForm

GET_AND_POST = require_http_methods(["GET", "POST"])


def _open_ballot_or_redirect(request, proposal):
    ballot = selectors_voting.ballot_current(proposal=proposal)
    if ballot is None or not ballot.is_open:
        messages.error(request, f"Voting on {proposal.reference} is not open")
        return None
    return ballot


@login_required
@GET_AND_POST
def vote(request: HttpRequest, standard: str, reference: str) -> HttpResponse:
    """Cast or change a position. One question: how do you vote?"""
    proposal = proposal_with_vote_settled(request, standard, reference)
    ballot = _open_ballot_or_redirect(request, proposal)
    if ballot is None:
        return redirect(f"{proposal.get_absolute_url()}#voting")
    groups = selectors_voting.eligible_groups(ballot=ballot, user=request.user)
    if not groups:
        raise PermissionDenied(refusals.NOT_IN_THE_VOTE)
    current = {
        p.group_id: p
        for p in selectors_voting.current_positions(ballot=ballot)
        if p.voter_id == request.user.pk
    }
    initial = {}
    if len(groups) == 1 and groups[0].pk in current:
        mine = current[groups[0].pk]
        initial = {"stance": mine.stance, "reason": mine.reason}
    form = PositionForm(request.POST or None, groups=groups, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_voting.position_cast(
                actor=request.user,
                proposal=proposal,
                group=form.cleaned_data["group"],
                stance=form.cleaned_data["stance"],
                reason=form.cleaned_data["reason"],
            )
        except StandardsError as error:
            form.add_error(None, error.message)
        else:
            stance = dict(form.fields["stance"].choices)[form.cleaned_data["stance"]]
            messages.success(
                request,
                f"Your vote on {proposal.reference} for {form.cleaned_data['group']} is "
                f"recorded: {stance.lower()}. You can change it until voting closes.",
            )
            return redirect(f"{proposal.get_absolute_url()}#voting")
    return render(
        request,
        "standards/voting/vote.html",
        {
            "standard": proposal.standard,
            "proposal": proposal,
            "ballot": ballot,
            "form": form,
            "current": [current[group.pk] for group in groups if group.pk in current],
            "crumbs": proposal_crumbs(proposal.standard, proposal),
        },
    )


@login_required
@GET_AND_POST
def objection_answer(
    request: HttpRequest, standard: str, reference: str, position: int
) -> HttpResponse:
    proposal = proposal_with_vote_settled(request, standard, reference)
    if not permissions.can_answer_objection(request.user, proposal):
        raise PermissionDenied(refusals.ANSWERING)
    objection = (
        Position.objects.filter(pk=position, ballot__proposal=proposal, stance="object")
        .select_related("voter", "group")
        .first()
    )
    if objection is None:
        raise Http404("No such objection")
    form = ObjectionAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_voting.objection_respond(
                actor=request.user,
                objection=objection,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
            )
        except StandardsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Your answer is published and the objector has been told")
            return redirect(f"{proposal.get_absolute_url()}#objections")
    return render(
        request,
        "standards/voting/answer.html",
        {
            "standard": proposal.standard,
            "proposal": proposal,
            "objection": objection,
            "form": form,
            "show_names": permissions.can_see_voter_names(request.user),
            "crumbs": proposal_crumbs(proposal.standard, proposal),
        },
    )


@login_required
@GET_AND_POST
def close_early(request: HttpRequest, standard: str, reference: str) -> HttpResponse:
    """A convener or steward closes a vote that every deciding group already passes."""
    proposal = proposal_with_vote_settled(request, standard, reference)
    if not permissions.can_close_early(request.user):
        raise PermissionDenied
    error = None
    if request.method == "POST":
        try:
            decision = services_voting.ballot_close(
                actor=request.user, proposal=proposal, early=True
            )
        except StandardsError as refusal:
            error = refusal.message
        else:
            messages.success(
                request,
                f"Voting on {proposal.reference} is closed: "
                f"{decision.get_result_display().lower()}",
            )
            return redirect(f"{proposal.get_absolute_url()}#voting")
    return render(
        request,
        "standards/voting/close.html",
        {
            "standard": proposal.standard,
            "proposal": proposal,
            "error": error,
            "crumbs": proposal_crumbs(proposal.standard, proposal),
        },
        status=400 if error else 200,
    )


@login_required
@GET_AND_POST
def decision_rules(request: HttpRequest, standard: str) -> HttpResponse:
    """Stewards set how each standard's groups decide: a default rule and impact profiles."""
    standard = standard_or_404(standard)
    if not permissions.can_manage_decision_rules(request.user):
        raise PermissionDenied
    impact = request.GET.get("impact", "")
    if impact not in dict(IMPACT_CHOICES):
        raise Http404("No such profile")
    rule = DecisionRule.objects.filter(standard=standard, impact=impact).first()
    groups = WorkingGroup.objects.filter(status=GroupStatus.ACTIVE).order_by("name")
    initial = _rule_initial(rule or DecisionRule())
    form = DecisionRuleForm(request.POST or None, groups=groups, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        required, advisory = data.pop("required_groups"), data.pop("advisory_groups")
        try:
            services_voting.decision_rule_update(
                actor=request.user,
                standard=standard,
                impact=impact,
                required_groups=list(required),
                advisory_groups=list(advisory),
                **data,
            )
        except StandardsError as error:
            form.add_error(None, error.message)
        else:
            label = dict(IMPACT_CHOICES)[impact].lower()
            messages.success(request, f"The decision rule for {label} changes is saved")
            return redirect(f"{reverse('standards:decision_rules', args=[standard.slug])}")
    return render(
        request,
        "standards/voting/rules.html",
        {
            "standard": standard,
            "impact": impact,
            "impact_label": dict(IMPACT_CHOICES)[impact],
            "profiles": IMPACT_CHOICES,
            "rules": {r.impact: r for r in selectors_voting.decision_rules(standard=standard)},
            "rule_words": rule_words(selectors_voting.rule_snapshot(rule=rule, impact=impact)),
            "form": form,
            "crumbs": standards_crumbs(standard),
        },
    )


def _rule_initial(rule: DecisionRule) -> dict:
    initial = {name: getattr(rule, name) for name in services_voting.RULE_FIELDS}
    if rule.pk:
        initial["required_groups"] = list(rule.required_groups.all())
        initial["advisory_groups"] = list(rule.advisory_groups.all())
    return initial

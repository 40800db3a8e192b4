"""Change proposals: the list, a proposal's page, composing a draft, and the discussion.

Thin views: each validates a form, calls one service from ``standards.services_proposals``, puts
a refusal (a ``StandardsError``) back on the form with what the person typed, and otherwise
redirects with a success message. Drafts are their author's working copy: everyone else, except
stewards, gets the same 404 as for a proposal that does not exist.
"""

from dataclasses import dataclass, field
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from community.selectors import group_list_public

from .. import permissions, selectors, services_proposals, services_voting
from ..changesets import Classified, Operation, Outcome, Problem, changeset_apply
from ..choices import ComponentKind, OperationKind, ProposalStatus
from ..diff import FIELD_LABELS, Impact, display_value
from ..exceptions import ChangeSetInvalid, EditConflict, StandardsError
from ..forms_proposals import (
    ChangeChooseForm,
    ChangesFromFileForm,
    CommentEditForm,
    CommentForm,
    DeprecateForm,
    MemberChooseForm,
    ProposalDetailsForm,
    ProposalEditForm,
    ReasonForm,
    RemoveForm,
    operation_form_class,
)
from ..importers import plan_parse
from ..models import ComponentVersion, Proposal, ProposalComment
from ..plan_operations import candidate_keys, operations_from_plan
from ..selectors_proposals import (
    ProposalFilters,
    changeset_base,
    is_watching,
    proposal_comments,
    proposal_conflicts,
    proposal_list,
    proposal_operations,
    proposal_timeline,
)
from ..workflow import PROPOSAL_TRANSITIONS
from . import proposal_crumbs, proposal_list_url, proposal_or_404, standard_or_404, standards_crumbs
from .releases import proposal_release_context
from .voting import proposal_with_vote_settled, voting_context

K = OperationKind
PAGE_SIZE = 25
GET_AND_POST = require_http_methods(["GET", "POST"])
WITHDRAWABLE = frozenset(
    current for (current, target) in PROPOSAL_TRANSITIONS if target == ProposalStatus.WITHDRAWN
)
MEMBER_NOUNS = {"attributes": "attribute", "codes": "code"}


# Helpers ------------------------------------------------------------------------------------------


def _url(name: str, proposal: Proposal, query: dict | None = None, **kwargs) -> str:
    url = reverse(
        f"standards:{name}",
        kwargs={"standard": proposal.standard.slug, "reference": proposal.reference, **kwargs},
    )
    query = {key: value for key, value in (query or {}).items() if value}
    return f"{url}?{urlencode(query)}" if query else url


def _author_draft(view):
    """For the composing pages: the author's own draft, or a refusal.

    Someone who may not see the draft gets a 404; a steward who is not the author, a 403. Once
    the draft has been submitted, its composing pages lead back to the proposal.
    """

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, standard: str, reference: str, **kwargs):
        proposal = proposal_or_404(request, standard, reference)
        if not permissions.is_author(request.user, proposal):
            raise PermissionDenied
        if not proposal.is_draft:
            messages.info(
                request,
                f"{proposal.reference} is {proposal.get_status_display().lower()}, so its "
                "draft can no longer be edited",
            )
            return redirect(proposal)
        return view(request, proposal, **kwargs)

    return wrapper


def _rebind_revision(form, revision: int):
    """After an edit conflict: keep what they typed, but let a second save go through."""
    data = form.data.copy()
    data[form.add_prefix("revision")] = str(revision)
    form.data = data


@dataclass
class OperationRow:
    """One operation of a change set as the pages show it."""

    number: int
    operation: Operation
    component_name: str
    member_name: str
    classified: Classified | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def impact(self) -> Impact | None:
        return self.classified.impact if self.classified else None

    @property
    def rule(self):
        return self.classified.main_rule if self.classified else None

    @property
    def summary(self) -> list[tuple[str, str]]:
        """The values it sets, as (label, text) pairs."""
        labels = {**FIELD_LABELS, "kind": "Kind", "value": "Code"}
        pairs = []
        for name, value in self.operation.values.items():
            if name == "kind":
                value = ComponentKind(value).label if value in ComponentKind.values else value
            pairs.append(
                (labels.get(name, name.replace("_", " ").capitalize()), display_value(value))
            )
        if self.operation.changes_meaning:
            pairs.append(("Changes the meaning", "Yes"))
        return pairs


def _names(outcome: Outcome, key: str, member: str, index: dict | None = None):
    component = outcome.after.get(key) or outcome.before.get(key)
    if component is None:
        entry = (index or {}).get(key)
        return (entry["name"] if entry else key), member
    name = component["name"]
    for collection, label in (("attributes", "name"), ("codes", "value")):
        for snapshot in (outcome.after.get(key), outcome.before.get(key)):
            if snapshot and member in snapshot.get(collection, {}):
                return name, snapshot[collection][member][label]
    return name, member


def operation_rows(operations: list[Operation], outcome: Outcome) -> list[OperationRow]:
    classified = iter(outcome.classified)
    rows = []
    for index, operation in enumerate(operations):
        problems = outcome.problems_for(index)
        component_name, member_name = _names(outcome, operation.component, operation.member)
        rows.append(
            OperationRow(
                number=index + 1,
                operation=operation,
                component_name=component_name,
                member_name=member_name,
                classified=None if problems else next(classified, None),
                problems=problems,
            )
        )
    return rows


def _changeset(proposal: Proposal) -> dict:
    """The change set, its outcome and redline: a fixed number of queries however many ops."""
    operations = proposal_operations(proposal=proposal)
    outcome = changeset_apply(
        changeset_base(version=proposal.base_version, operations=operations), operations
    )
    return {
        "operations": operations,
        "outcome": outcome,
        "rows": operation_rows(operations, outcome),
        "component_diffs": outcome.component_diffs(),
        "overall_impact": outcome.impact,
    }


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
    failing = comment_form if comment_form is not None and comment_form.errors else reply_form
    return {
        "standard": proposal.standard,
        "proposal": proposal,
        **_changeset(proposal),
        "conflicts": proposal_conflicts(proposal=proposal),
        "comments": proposal_comments(proposal=proposal),
        "timeline": list(proposal_timeline(proposal=proposal)),
        "watching": is_watching(user=user, proposal=proposal),
        "is_author": permissions.is_author(user, proposal),
        "can_edit": permissions.can_edit_proposal(user, proposal),
        "can_withdraw": permissions.can_withdraw_proposal(user, proposal)
        and status in WITHDRAWABLE,
        "can_comment": can_comment,
        "can_moderate": can_moderate,
        "can_open_voting": can_moderate and status == ProposalStatus.OPEN,
        "comment_period_ends": services_proposals.comment_period_ends(proposal),
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
    changeset = _changeset(proposal)
    author = proposal.author
    data = {
        "reference": proposal.reference,
        "url": request.build_absolute_uri(proposal.get_absolute_url()),
        "standard": proposal.standard.slug,
        "title": proposal.title,
        "status": proposal.status,
        "needs_rebase": proposal.needs_rebase,
        "base_version": proposal.base_version.number,
        "revision": proposal.revision,
        "impact": changeset["overall_impact"].label if changeset["operations"] else None,
        "author": author.get_full_name() or None,
        "organisation": proposal.organisation.name if proposal.organisation else None,
        "problem": proposal.problem,
        "use_case": proposal.use_case,
        "affected": proposal.affected,
        "created_at": proposal.created_at.isoformat(),
        "opened_at": proposal.opened_at.isoformat() if proposal.opened_at else None,
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
            for row in changeset["rows"]
        ],
        "conflicts": [
            {
                "reference": conflict.proposal.reference,
                "url": request.build_absolute_uri(conflict.proposal.get_absolute_url()),
                "paths": list(conflict.paths),
            }
            for conflict in proposal_conflicts(proposal=proposal)
        ],
        "timeline": [
            {
                "kind": event.kind,
                "at": event.at.isoformat(),
                "actor": (event.actor.get_full_name() or None) if event.actor else None,
                "revision": event.revision,
                "from_status": event.from_status or None,
                "to_status": event.to_status or None,
            }
            for event in proposal_timeline(proposal=proposal)
        ],
    }
    return JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})


# Starting and editing a draft ---------------------------------------------------------------------


@login_required
@GET_AND_POST
def proposal_start(request: HttpRequest, standard: str) -> HttpResponse:
    standard = standard_or_404(standard)
    if not permissions.can_draft_proposal(request.user):
        raise PermissionDenied
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


@_author_draft
@GET_AND_POST
def proposal_edit(request: HttpRequest, proposal: Proposal) -> HttpResponse:
    current = None
    if request.method == "POST":
        form = ProposalEditForm(request.POST)
        if form.is_valid():
            try:
                services_proposals.proposal_update(
                    actor=request.user,
                    proposal=proposal,
                    expected_revision=form.cleaned_data["revision"],
                    **form.details(),
                )
            except EditConflict as error:
                current = Proposal.objects.get(pk=proposal.pk)
                form.add_error(None, error.message)
                _rebind_revision(form, current.revision)
            except StandardsError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Your changes to the details were saved")
                after = (
                    "proposal_check" if request.GET.get("next") == "check" else "proposal_changes"
                )
                return redirect(_url(after, proposal))
    else:
        form = ProposalEditForm(
            initial={
                "title": proposal.title,
                "problem": proposal.problem,
                "use_case": proposal.use_case,
                "affected": proposal.affected,
                "revision": proposal.revision,
            }
        )
    conflict_rows = []
    if current is not None:
        for name in ("title", "problem", "use_case", "affected"):
            conflict_rows.append(
                (form.fields[name].label, getattr(current, name), form.data.get(name, ""))
            )
    return render(
        request,
        "standards/proposals/edit.html",
        {
            "standard": proposal.standard,
            "proposal": proposal,
            "form": form,
            "conflict_rows": conflict_rows,
            "crumbs": proposal_crumbs(proposal.standard, proposal),
        },
    )


# The change set ----------------------------------------------------------------------------------


@_author_draft
@GET_AND_POST
def proposal_changes(request: HttpRequest, proposal: Proposal) -> HttpResponse:
    """The draft's change set, with a Remove button for each operation."""
    if request.method == "POST":
        try:
            position = int(request.POST.get("remove", ""))
            revision = int(request.POST.get("revision", ""))
        except ValueError:
            messages.error(request, "Choose a change to remove")
            return redirect(_url("proposal_changes", proposal))
        try:
            services_proposals.proposal_operation_remove(
                actor=request.user, proposal=proposal, position=position, expected_revision=revision
            )
        except ChangeSetInvalid as error:
            problem = error.problems[0]
            messages.error(
                request,
                f"You cannot remove change {position}: change {problem.index + 2} needs it. "
                f"{problem.message}",
            )
        except StandardsError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Change {position} was removed")
        return redirect(_url("proposal_changes", proposal))
    component = request.GET.get("component", "").strip()[:100]
    return render(
        request,
        "standards/proposals/changes.html",
        {
            "standard": proposal.standard,
            "proposal": proposal,
            **_changeset(proposal),
            "add_url": _url("proposal_change_add", proposal, {"component": component}),
            "crumbs": proposal_crumbs(proposal.standard, proposal),
        },
    )


@dataclass
class WorkingState:
    """The draft's change set applied so far: what the next operation starts from."""

    operations: list[Operation]
    outcome: Outcome
    index: dict[str, dict]
    base_components: dict[str, dict]

    def component(self, key: str) -> dict | None:
        if key in self.outcome.after:
            return self.outcome.after[key]
        if key in self.outcome.before:  # touched but gone: removed by the change set
            return None
        return self.base_components.get(key)

    def component_choices(self, kind: str | None = None) -> list[tuple[str, str]]:
        return [
            (key, entry["name"])
            for key, entry in sorted(
                self.index.items(), key=lambda item: item[1]["name"].casefold()
            )
            if kind is None or entry["kind"] == kind
        ]


def working_state(proposal: Proposal, keys=()) -> WorkingState:
    """Apply the draft's operations, loading also the components named by ``keys``."""
    operations = proposal_operations(proposal=proposal)
    probes = [Operation(kind=K.CHANGE_COMPONENT, component=key) for key in keys if key]
    base = changeset_base(version=proposal.base_version, operations=[*operations, *probes])
    outcome = changeset_apply(base, operations)
    index = dict(base.index)
    for key in outcome.touched_keys():
        after = outcome.after.get(key)
        if after is None:
            index.pop(key, None)
        else:
            index[key] = {
                "kind": after["kind"],
                "name": after["name"],
                "deprecated": after["deprecated"],
            }
    return WorkingState(operations, outcome, index, base.components)


@_author_draft
@GET_AND_POST
def proposal_change_add(request: HttpRequest, proposal: Proposal) -> HttpResponse:
    """Step 1 of adding a change: what kind of change, and to which component."""
    state = working_state(proposal)
    components = state.index
    if request.method == "POST":
        form = ChangeChooseForm(request.POST, components=components)
        if form.is_valid():
            query = {"component": form.chosen_component}
            return redirect(
                _url("proposal_change_form", proposal, query, kind=form.cleaned_data["kind"])
            )
    else:
        preset = request.GET.get("component", "")
        form = ChangeChooseForm(
            initial={"component": preset if preset in components else ""},
            components=components,
        )
    return render(
        request,
        "standards/proposals/change_choose.html",
        {
            "standard": proposal.standard,
            "proposal": proposal,
            "form": form,
            "crumbs": proposal_crumbs(proposal.standard, proposal),
        },
    )


def _members(component: dict, collection: str) -> list[tuple[str, str]]:
    label = "name" if collection == "attributes" else "value"
    rows = []
    for key, member in component[collection].items():
        text = member[label]
        if collection == "codes" and member.get("label"):
            text = f"{text}: {member['label']}"
        if member.get("deprecated"):
            text = f"{text} (deprecated)"
        rows.append((key, text))
    return sorted(rows, key=lambda row: row[1].casefold())


def _change_context(state: WorkingState, component_key: str, component, member: str) -> dict:
    """The choices the step 2 forms offer, from the state after the change set so far."""
    context = {
        "components": state.component_choices(),
        "replacements": [
            (key, name) for key, name in state.component_choices() if key != component_key
        ],
    }
    if component is not None:
        if component["kind"] == ComponentKind.ENTITY:
            context["member_replacements"] = [
                row for row in _members(component, "attributes") if row[0] != member
            ]
        else:
            context["member_replacements"] = [
                row for row in _members(component, "codes") if row[0] != member
            ]
            context["parents"] = [
                (
                    code["value"],
                    f"{code['value']}: {code['label']}" if code["label"] else code["value"],
                )
                for key, code in component["codes"].items()
                if key != member
            ]
    return context


@_author_draft
@GET_AND_POST
def proposal_change_form(request: HttpRequest, proposal: Proposal, kind: str) -> HttpResponse:
    """Step 2: the fields for one kind of change. Member changes first ask which member."""
    if kind not in K.values:
        raise Http404("No such kind of change")
    component_key = request.GET.get("component", "").strip()[:100]
    member = request.GET.get("member", "").strip()[:200]
    state = working_state(proposal, keys=[component_key])
    back_url = _url("proposal_change_add", proposal, {"component": component_key})
    component = state.component(component_key) if kind != K.ADD_COMPONENT else None
    if kind != K.ADD_COMPONENT and component is None:
        messages.error(request, "Select the component you want to change")
        return redirect(back_url)
    is_member_op = kind not in {
        K.ADD_COMPONENT,
        K.CHANGE_COMPONENT,
        K.DEPRECATE_COMPONENT,
        K.REMOVE_COMPONENT,
    }
    collection = "codes" if kind.endswith("_code") else "attributes"
    if is_member_op:
        wanted = ComponentKind.CODE_LIST if collection == "codes" else ComponentKind.ENTITY
        if component["kind"] != wanted:
            messages.error(request, "Select a component of the right kind for that change")
            return redirect(back_url)
    base = {
        "standard": proposal.standard,
        "proposal": proposal,
        "kind": K(kind),
        "component_key": component_key,
        "component": component,
        "back_url": back_url,
        "crumbs": proposal_crumbs(proposal.standard, proposal),
    }
    noun = MEMBER_NOUNS[collection]
    needs_member = is_member_op and not kind.startswith("add_")
    if needs_member and member not in component[collection]:
        choices = _members(component, collection)
        if kind.startswith("remove_"):
            base_component = state.base_components.get(component_key) or {}
            choices = [
                row
                for row in choices
                if base_component.get(collection, {}).get(row[0], {}).get("deprecated")
            ]
        chooser = MemberChooseForm(
            request.GET if "member" in request.GET else None,
            label=f"Which {noun} of {component['name']}?",
            members=choices,
        )
        if chooser.is_bound:
            chooser.is_valid()
        return render(
            request,
            "standards/proposals/change_member.html",
            {**base, "form": chooser, "noun": noun, "has_choices": bool(choices)},
        )
    member_state = component[collection][member] if needs_member else None
    if kind in {K.CHANGE_COMPONENT, K.DEPRECATE_COMPONENT, K.REMOVE_COMPONENT}:
        member_state = component
    context = _change_context(state, component_key, component, member)
    if kind.startswith("deprecate_") and is_member_op:
        context["replacements"] = context["member_replacements"]
    form_class = operation_form_class(kind)
    kwargs = {
        "component": component_key,
        "member": member,
        "state": member_state,
        "context": context,
        "initial": {"revision": proposal.revision},
    }
    if form_class is None:
        form_class = DeprecateForm if kind.startswith("deprecate_") else RemoveForm
        kwargs["kind"] = kind
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        new_index = len(state.operations)
        try:
            services_proposals.proposal_operation_add(
                actor=request.user,
                proposal=proposal,
                operation=form.operation(),
                expected_revision=form.cleaned_data["revision"],
            )
        except ChangeSetInvalid as error:
            for problem in error.problems:
                if problem.index == new_index:
                    form.add_error(form.field_for(problem.field), problem.message)
                else:
                    form.add_error(None, f"Change {problem.index + 1}: {problem.message}")
        except EditConflict as error:
            form.add_error(None, error.message)
            _rebind_revision(form, Proposal.objects.get(pk=proposal.pk).revision)
        except StandardsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Change added: {K(kind).label.lower()}")
            return redirect(_url("proposal_changes", proposal))
    return render(
        request,
        "standards/proposals/change_form.html",
        {**base, "form": form, "member": member, "member_state": member_state, "noun": noun},
    )


@_author_draft
@GET_AND_POST
def proposal_from_file(request: HttpRequest, proposal: Proposal) -> HttpResponse:
    """Turn a revised JSON Schema or CSV code list into operations, appended to the draft."""
    state = working_state(proposal)
    code_lists = state.component_choices(ComponentKind.CODE_LIST)
    form = ChangesFromFileForm(
        request.POST or None,
        request.FILES or None,
        code_lists=code_lists,
        initial={"revision": proposal.revision},
    )
    plan = None
    notes: list[str] = []
    if request.method == "POST" and form.is_valid():
        source, content = form.cleaned_data["file"]
        plan = plan_parse(
            format=form.cleaned_data["format"],
            content=content,
            source=source,
            options=form.options(),
        )
        for issue in plan.errors:
            location = f" ({issue.location})" if issue.location else ""
            form.add_error("file", f"{issue.message}{location}")
        if plan.ok:
            state = working_state(proposal, keys=candidate_keys(plan))
            operations, notes = operations_from_plan(plan, state)
            if not operations:
                form.add_error(
                    "file",
                    "The file matches the standard with your changes so far, so there is "
                    "nothing to add",
                )
            else:
                try:
                    services_proposals.proposal_operations_set(
                        actor=request.user,
                        proposal=proposal,
                        operations=[*state.operations, *operations],
                        expected_revision=form.cleaned_data["revision"],
                    )
                except ChangeSetInvalid as error:
                    for problem in error.problems[:20]:
                        operation = ([*state.operations, *operations])[problem.index]
                        form.add_error(
                            "file",
                            f"{K(operation.kind).label} {operation.path}: {problem.message}",
                        )
                except EditConflict as error:
                    form.add_error(None, error.message)
                    _rebind_revision(form, Proposal.objects.get(pk=proposal.pk).revision)
                except StandardsError as error:
                    form.add_error(None, error.message)
                else:
                    count = len(operations)
                    messages.success(
                        request,
                        f"{count} change{'' if count == 1 else 's'} from {source} "
                        f"{'was' if count == 1 else 'were'} added. Check them below",
                    )
                    for note in notes[:10]:
                        messages.info(request, note)
                    return redirect(_url("proposal_changes", proposal))
    return render(
        request,
        "standards/proposals/from_file.html",
        {
            "standard": proposal.standard,
            "proposal": proposal,
            "form": form,
            "warnings": plan.warnings if plan is not None else [],
            "notes": notes,
            "crumbs": proposal_crumbs(proposal.standard, proposal),
        },
    )


@_author_draft
@GET_AND_POST
def proposal_check(request: HttpRequest, proposal: Proposal) -> HttpResponse:
    """Check your answers, then submit the draft for comment."""
    refusal = ""
    if request.method == "POST":
        try:
            services_proposals.proposal_submit(actor=request.user, proposal=proposal)
        except StandardsError as error:
            refusal = error.message
        else:
            messages.success(
                request,
                f"{proposal.reference} is open for comment. We will email you when people comment",
            )
            return redirect(proposal)
    return render(
        request,
        "standards/proposals/check.html",
        {
            "standard": proposal.standard,
            "proposal": proposal,
            **_changeset(proposal),
            "refusal": refusal,
            "crumbs": proposal_crumbs(proposal.standard, proposal),
        },
        status=400 if refusal else 200,
    )


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

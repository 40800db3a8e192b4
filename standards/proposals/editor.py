"""The change-set editor: the author's pages that build a proposal's change set.

Thin views over ``standards.proposals.services``.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from standards.choices import ComponentKind, OperationKind
from standards.exceptions import ChangeSetInvalid, EditConflict, StandardsError
from standards.interchange.importers import plan_parse
from standards.interchange.plan_operations import candidate_keys, operations_from_plan
from standards.models import Proposal
from standards.proposals import services as services_proposals
from standards.proposals.forms import (
    ChangeChooseForm,
    ChangesFromFileForm,
    DeprecateForm,
    MemberChooseForm,
    ProposalEditForm,
    RemoveForm,
    operation_form_class,
)
from standards.proposals.lookups import proposal_crumbs
from standards.proposals.pages import _author_draft, _changeset, _rebind_revision, _url
from standards.proposals.working import WorkingState, working_state

K = OperationKind


GET_AND_POST = require_http_methods(["GET", "POST"])


MEMBER_NOUNS = {"attributes": "attribute", "codes": "code"}


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

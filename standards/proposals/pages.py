"""What the proposal pages share: the author-draft guard, operation rows, the change set shown."""

from dataclasses import dataclass, field
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse

from standards import permissions
from standards.choices import ComponentKind, OperationKind
from standards.engine.changesets import Classified, Operation, Outcome, Problem, changeset_apply
from standards.engine.diff import FIELD_LABELS, Impact, display_value
from standards.models import Proposal
from standards.proposals import refusals
from standards.proposals.lookups import proposal_or_404
from standards.proposals.selectors import (
    changeset_base,
    proposal_operations,
)

K = OperationKind


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
            raise PermissionDenied(refusals.AUTHOR_ONLY)
        if not proposal.is_draft:
            messages.info(request, refusals.draft_closed(proposal))
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

"""The working state of a change set being edited."""

from dataclasses import dataclass

from standards.choices import OperationKind
from standards.engine.changesets import Operation, Outcome, changeset_apply
from standards.models import Proposal
from standards.proposals.selectors import (
    changeset_base,
    proposal_operations,
)

K = OperationKind


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

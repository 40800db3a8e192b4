"""Would this revised file be a compatible change? A dry run of "start from a file".

Someone who keeps the standard's schema in their own system sends their revised JSON Schema
(or a code list as CSV). The same importer and planner as a draft's "Start from a file" turn it
into operations against a published version, and the same change engine classifies them: each
change with its impact rule, whom it breaks and why, the overall impact, and the smallest
version number a release of it would need. Nothing is saved, like the Confluent registry's
verbose compatibility check or Apicurio's dry run.
"""

import json
from dataclasses import dataclass, field

from standards.choices import ComponentKind, OperationKind
from standards.engine.changesets import Operation, Outcome
from standards.engine.diff import Impact
from standards.engine.versioning import next_number
from standards.exceptions import StandardsError
from standards.interchange.importers import plan_parse
from standards.interchange.plan_operations import (
    CSV_FORMAT,
    SCHEMA_SUFFIX,
    candidate_keys,
    operations_from_plan,
)
from standards.models import ComponentVersion, ImportFormat, StandardVersion
from standards.proposals.selectors import changeset_base, changeset_outcome
from standards.proposals.working import WorkingState

K = OperationKind


class CompatibilityRefused(StandardsError):  # noqa: N818 - reads as an outcome, like its siblings
    """The file cannot be read, or names no code list to compare with."""

    code = "unreadable_file"


@dataclass
class CompatibilityReport:
    version: StandardVersion
    operations: list[Operation]
    outcome: Outcome | None
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def impact(self) -> Impact:
        return self.outcome.impact if self.outcome is not None else Impact.NONE

    @property
    def applies(self) -> bool:
        """Whether every change could be made to the version (a proposal could hold them)."""
        return self.outcome is None or self.outcome.ok

    @property
    def next_version(self) -> str | None:
        if not self.operations or not self.applies:
            return None
        return str(next_number(self.version.number_tuple, self.impact))


def _state(version: StandardVersion, keys: list[str]) -> WorkingState:
    probes = [Operation(kind=K.CHANGE_COMPONENT, component=key) for key in keys if key]
    base = changeset_base(version=version, operations=probes)
    outcome = changeset_outcome(version=version, operations=[])
    return WorkingState([], outcome, dict(base.index), base.components)


def _schema_source(content: str, component: str | None) -> str:
    """The file name the importer keys the schema's root by, as "Start from a file" would.

    A revised copy of a component's download (``work-order.schema.json``) means that component:
    named by ``component``, else by the file name at the end of the schema's ``$id``.
    """
    if component:
        return f"{component}{SCHEMA_SUFFIX}"
    try:
        schema_id = json.loads(content).get("$id")
    except (ValueError, AttributeError, RecursionError):
        schema_id = None
    if isinstance(schema_id, str) and schema_id.endswith(SCHEMA_SUFFIX):
        return schema_id.rsplit("/", 1)[-1]
    return "schema.json"


def compatibility_check(
    *,
    version: StandardVersion,
    content: str,
    csv_code_list: str | None = None,
    component: str | None = None,
) -> CompatibilityReport:
    """Compare ``content`` with ``version``: a JSON Schema (of ``component``, or of the
    component its ``$id`` names), or a CSV code list whose key is ``csv_code_list``. Raises
    ``CompatibilityRefused`` with every reading error in its message.
    """
    if csv_code_list is None:
        plan = plan_parse(
            format=ImportFormat.JSON_SCHEMA,
            content=content,
            source=_schema_source(content, component),
            options={},
        )
    else:
        code_list = (
            ComponentVersion.objects.filter(
                version=version,
                component__key=csv_code_list,
                component__kind=ComponentKind.CODE_LIST,
            )
            .only("name", "definition")
            .first()
        )
        if code_list is None:
            raise CompatibilityRefused(
                f"Version {version.number} has no code list '{csv_code_list[:100]}'",
                field="code_list",
            )
        plan = plan_parse(
            format=CSV_FORMAT,
            content=content,
            source=f"{csv_code_list}.csv",
            options={"key": csv_code_list, "name": code_list.name},
        )
    if not plan.ok:
        raise CompatibilityRefused(
            "; ".join(
                f"{issue.message}{f' ({issue.location})' if issue.location else ''}"
                for issue in plan.errors[:10]
            )
        )
    state = _state(version, candidate_keys(plan))
    operations, notes = operations_from_plan(plan, state)
    outcome = changeset_outcome(version=version, operations=operations) if operations else None
    return CompatibilityReport(
        version=version,
        operations=operations,
        outcome=outcome,
        warnings=[issue.message for issue in plan.warnings],
        notes=notes,
    )

"""Compare a plan with a draft version, and write the difference.

Components are matched by key, ``$id`` or title (``identity``); attributes by key or else name,
and codes by key or else value, inside their component. Fields the file's format cannot express
(a code's label in a JSON Schema enum, say) keep the draft's values, and an unchanged order keeps
its sort numbers. Only fields that differ are written, so importing the same file twice, or
re-importing a download of the version the draft was copied from, changes nothing.
A component the file does not mention is left alone (other files may supply it); an attribute
or code the file no longer has is removed from the draft, so the draft matches the file. The
report lists each of those before anything is written.
"""

import hashlib
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Prefetch
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from standards.catalogue.selectors import component_versions_for
from standards.choices import ComponentKind, DataType
from standards.exceptions import StandardsError
from standards.interchange import exporters
from standards.interchange.importers.identity import Known, plan_identify
from standards.interchange.importers.plan import AttributePlan, ComponentPlan, ImportPlan, Issue
from standards.models import Attribute, Code, Component, ComponentVersion, StandardVersion

CREATED, UPDATED, UNCHANGED, REMOVED = "created", "updated", "unchanged", "removed"
COMPONENT_FIELDS = ("name", "definition", "deprecated", "deprecation_note", "extra")
ATTRIBUTE_FIELDS = (
    "name",
    "definition",
    "data_type",
    "format",
    "pattern",
    "required",
    "nullable",
    "cardinality",
    "references",
    "enum_values",
    "example",
    "deprecated",
    "deprecation_note",
    "sort_order",
    "extra",
)
CODE_FIELDS = (
    "value",
    "label",
    "definition",
    "parent_value",
    "properties",
    "deprecated",
    "deprecation_note",
    "replaced_by",
    "sort_order",
)


@dataclass
class RowChange:
    key: str
    action: str
    # Field name -> [old, new], for updated rows only.
    changes: dict[str, list] = field(default_factory=dict)


@dataclass
class ComponentChange:
    key: str
    name: str
    kind: str
    action: str
    changes: dict[str, list] = field(default_factory=dict)
    attributes: list[RowChange] = field(default_factory=list)
    codes: list[RowChange] = field(default_factory=list)

    @property
    def attribute_counts(self) -> Counter:
        return Counter(row.action for row in self.attributes)

    @property
    def code_counts(self) -> Counter:
        return Counter(row.action for row in self.codes)

    @property
    def changed_rows(self) -> list[RowChange]:
        return [row for row in (*self.attributes, *self.codes) if row.action != UNCHANGED]


@dataclass
class ImportReport:
    source: str
    format: str
    version: str
    components: list[ComponentChange] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    applied: bool = False
    notes: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def totals(self) -> dict[str, dict[str, int]]:
        components = Counter(component.action for component in self.components)
        attributes: Counter = Counter()
        codes: Counter = Counter()
        for component in self.components:
            attributes.update(component.attribute_counts)
            codes.update(component.code_counts)
        actions = (CREATED, UPDATED, UNCHANGED, REMOVED)
        return {
            "components": {action: components[action] for action in actions[:3]},
            "attributes": {action: attributes[action] for action in actions},
            "codes": {action: codes[action] for action in actions},
        }

    @property
    def has_changes(self) -> bool:
        return any(
            component.action != UNCHANGED or component.changed_rows for component in self.components
        )

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "ImportReport":
        components = []
        for item in data.get("components", []):
            item = dict(item)
            item["attributes"] = [RowChange(**row) for row in item.get("attributes", [])]
            item["codes"] = [RowChange(**row) for row in item.get("codes", [])]
            components.append(ComponentChange(**item))
        return cls(
            source=data["source"],
            format=data["format"],
            version=data["version"],
            components=components,
            warnings=[Issue.from_dict(issue) for issue in data.get("warnings", [])],
            errors=[Issue.from_dict(issue) for issue in data.get("errors", [])],
            applied=data.get("applied", False),
            notes=[Issue.from_dict(issue) for issue in data.get("notes", [])],
        )

    def text_lines(self) -> list[str]:
        """The report as plain lines, for management commands."""
        lines = [f"{self.source} into {self.version}"]
        for what, counts in self.totals().items():
            summary = ", ".join(f"{count} {action}" for action, count in counts.items())
            lines.append(f"  {what}: {summary}")
        for component in self.components:
            if component.action == UNCHANGED and not component.changed_rows:
                continue
            lines.append(f"  {component.action} {component.kind} {component.key}")
            for name in component.changes:
                lines.append(f"      changed {name}")
            for row in component.changed_rows:
                fields = f" ({', '.join(row.changes)})" if row.changes else ""
                lines.append(f"      {row.action} {row.key}{fields}")
        issues_by_label = (("note", self.notes), ("warning", self.warnings), ("error", self.errors))
        for label, issues in issues_by_label:
            for issue in issues:
                where = f" [{issue.location}]" if issue.location else ""
                lines.append(f"  {label} {issue.code}{where}: {issue.message}")
        return lines


@dataclass
class _Work:
    """What the comparison found in the database, kept for the write."""

    components: dict[str, Component]
    component_versions: dict[str, ComponentVersion]


def draft_fingerprint(*, version: StandardVersion) -> str:
    """SHA-256 of everything in a version, to tell whether a draft changed since a preview."""
    components = component_versions_for(version=version, with_members=True)
    document = exporters.version_json(version=version, components=components)
    document["version"].pop("release_notes", None)
    return hashlib.sha256(exporters.dumps(document).encode("utf-8")).hexdigest()


def import_compare(*, version: StandardVersion, plan: ImportPlan) -> tuple[ImportReport, _Work]:
    """What applying ``plan`` to ``version`` would do. Reads only."""
    report = ImportReport(
        source=plan.source,
        format=plan.format,
        version=f"{version.standard.name} {version.number}",
        warnings=list(plan.warnings),
        errors=list(plan.errors),
        notes=list(plan.notes),
    )
    if not version.is_draft:
        report.errors.append(Issue("not_draft", version.immutable_message()))
    known = {
        key: Known(key, name, kind)
        for key, name, kind in ComponentVersion.objects.filter(version=version).values_list(
            "component__key", "name", "component__kind"
        )
    }
    plan_identify(plan, standard=version.standard.slug, known=known)
    report.notes = list(plan.notes)
    report.warnings = list(plan.warnings)
    keys = [component.key for component in plan.components]
    components = {
        component.key: component
        for component in Component.objects.filter(standard=version.standard_id, key__in=keys)
    }
    component_versions = {
        row.component.key: row
        for row in ComponentVersion.objects.filter(version=version, component__key__in=keys)
        .select_related("component")
        .prefetch_related(
            Prefetch("attributes", queryset=Attribute.objects.select_related("references")),
            "codes",
        )
    }
    report.errors.extend(_too_long(plan))
    for planned in plan.components:
        existing = components.get(planned.key)
        if existing is not None and existing.kind != planned.kind:
            report.errors.append(
                Issue(
                    "kind_mismatch",
                    f"{planned.key} is already a {existing.get_kind_display().lower()} in this "
                    f"standard, so it cannot be imported as a "
                    f"{ComponentKind(planned.kind).label.lower()}",
                )
            )
        row = component_versions.get(planned.key)
        if row is not None:
            _align(planned, row, plan)
        report.components.append(_compare_component(planned, row))
    return report, _Work(components=components, component_versions=component_versions)


def _too_long(plan: ImportPlan) -> list[Issue]:
    """Values longer than their column holds: refused here, by pointer or line, not left to
    fail on writing."""
    issues = []

    def check(model, row, names, what: str, *, pointer=None, line=None) -> None:
        for name in names:
            value = getattr(row, name, None)
            limit = getattr(model._meta.get_field(name), "max_length", None)
            if isinstance(value, str) and limit and len(value) > limit:
                issues.append(
                    Issue(
                        "too_long",
                        f"{what}: its {name.replace('_', ' ')} is {len(value):,} characters "
                        f"long; it can be at most {limit:,}",
                        pointer=pointer,
                        line=line,
                    )
                )

    for planned in plan.components:
        where = {"pointer": planned.pointer}
        check(Component, planned, ("key",), f"Component {planned.key[:100]}", **where)
        check(
            ComponentVersion, planned, COMPONENT_FIELDS, f"Component {planned.key[:100]}", **where
        )
        for attribute in planned.attributes:
            what = f"Attribute {attribute.key[:100]} of {planned.key[:100]}"
            fields = ("key", *ATTRIBUTE_FIELDS[:-1])
            check(Attribute, attribute, fields, what, pointer=attribute.pointer)
        for code in planned.codes:
            what = f"Code {code.key[:100]} of {planned.key}"
            check(Code, code, ("key", *CODE_FIELDS), what, pointer=code.pointer, line=code.line)
    return issues


def _align(planned: ComponentPlan, row: ComponentVersion, plan: ImportPlan) -> None:
    """Match the plan's members to the draft's, in place, and keep what the file cannot say."""
    attributes = list(row.attributes.all())
    codes = list(row.codes.all())
    _match_members(planned.attributes, attributes, "name")
    _match_members(planned.codes, codes, "value")
    _keep(planned, row, plan.kept_fields.get("component", ()))
    _keep_extra(planned, row, plan.kept_extra.get("component", ()))
    for members, old_rows, kind in (
        (planned.attributes, attributes, "attribute"),
        (planned.codes, codes, "code"),
    ):
        old = {member.key: member for member in old_rows}
        for member in members:
            if member.key in old:
                _keep(member, old[member.key], plan.kept_fields.get(kind, ()))
                _keep_extra(member, old[member.key], plan.kept_extra.get(kind, ()))
        _keep_sort_order(members, old_rows)


def _match_members(planned: list, existing: list, field_name: str) -> None:
    """A member whose key is new but whose name (or value) is an existing member's takes its key."""
    keys = {member.key for member in existing}
    by_name = {getattr(member, field_name): member.key for member in existing}
    taken = {member.key for member in planned} & keys
    for member in planned:
        if member.key in keys:
            continue
        key = by_name.get(getattr(member, field_name))
        if key is not None and key not in taken:
            member.key = key
            taken.add(key)


def _keep(planned, old, names) -> None:
    for name in names:
        if not getattr(planned, name):
            setattr(planned, name, getattr(old, name))


def _keep_extra(planned, old, names) -> None:
    old_extra = getattr(old, "extra", None) or {}
    for name in names:
        if name not in planned.extra and name in old_extra:
            planned.extra[name] = old_extra[name]


def _keep_sort_order(members: list, old_rows: list) -> None:
    """Keep the draft's sort numbers when the file lists the same members in the same order."""
    old_order = [row.key for row in sorted(old_rows, key=lambda row: (row.sort_order, row.pk))]
    if [member.key for member in members] == old_order:
        numbers = {row.key: row.sort_order for row in old_rows}
        for member in members:
            member.sort_order = numbers[member.key]


def _attribute_values(row: Attribute) -> dict[str, Any]:
    values = {name: getattr(row, name) for name in ATTRIBUTE_FIELDS if name != "references"}
    values["references"] = row.references.key if row.references_id else ""
    return values


def _differences(old: dict, new: dict, names) -> dict[str, list]:
    return {name: [old[name], new[name]] for name in names if old[name] != new[name]}


def _compare_component(planned: ComponentPlan, row: ComponentVersion | None) -> ComponentChange:
    change = ComponentChange(key=planned.key, name=planned.name, kind=planned.kind, action=CREATED)
    if row is None:
        change.attributes = [RowChange(a.key, CREATED) for a in planned.attributes]
        change.codes = [RowChange(c.key, CREATED) for c in planned.codes]
        return change
    old = {name: getattr(row, name) for name in COMPONENT_FIELDS}
    new = {name: getattr(planned, name) for name in COMPONENT_FIELDS}
    change.changes = _differences(old, new, COMPONENT_FIELDS)
    change.attributes = _compare_rows(
        {a.key: _attribute_values(a) for a in row.attributes.all()},
        {a.key: {name: getattr(a, name) for name in ATTRIBUTE_FIELDS} for a in planned.attributes},
        ATTRIBUTE_FIELDS,
    )
    change.codes = _compare_rows(
        {c.key: {name: getattr(c, name) for name in CODE_FIELDS} for c in row.codes.all()},
        {c.key: {name: getattr(c, name) for name in CODE_FIELDS} for c in planned.codes},
        CODE_FIELDS,
    )
    # A component is updated when its own fields or any of its members change.
    change.action = UPDATED if change.changes or change.changed_rows else UNCHANGED
    return change


def _compare_rows(old: dict[str, dict], new: dict[str, dict], names) -> list[RowChange]:
    rows = []
    for key, values in new.items():
        if key not in old:
            rows.append(RowChange(key, CREATED))
            continue
        differences = _differences(old[key], values, names)
        rows.append(RowChange(key, UPDATED if differences else UNCHANGED, differences))
    rows.extend(RowChange(key, REMOVED) for key in old if key not in new)
    return rows


# Writing ----------------------------------------------------------------------------------------


def import_write(
    *, actor, version: StandardVersion, plan: ImportPlan, report: ImportReport, work: _Work
) -> None:
    """Write what ``import_compare`` found. The caller holds the draft's lock."""
    components = dict(work.components)
    new_components = [
        Component(standard_id=version.standard_id, key=planned.key, kind=planned.kind)
        for planned in plan.components
        if planned.key not in components
    ]
    for component in Component.objects.bulk_create(new_components):
        components[component.key] = component

    rows = dict(work.component_versions)
    new_rows = [
        ComponentVersion(
            version=version,
            component=components[planned.key],
            **{name: getattr(planned, name) for name in COMPONENT_FIELDS},
        )
        for planned in plan.components
        if planned.key not in rows
    ]
    for row in bulk_create_with_history(new_rows, ComponentVersion, default_user=actor):
        rows[row.component.key] = row
    changes = {change.key: change for change in report.components}
    updated = []
    for planned in plan.components:
        if changes[planned.key].changes:
            row = rows[planned.key]
            for name in changes[planned.key].changes:
                setattr(row, name, getattr(planned, name))
            if not row.deprecated:
                row.replaced_by = None
            updated.append(row)
    if updated:
        bulk_update_with_history(
            updated, ComponentVersion, [*COMPONENT_FIELDS, "replaced_by"], default_user=actor
        )
    _write_members(actor, plan, changes, rows, components, work)


def _write_members(actor, plan, changes, rows, components, work) -> None:
    new_attributes, changed_attributes, new_codes, changed_codes = [], [], [], []
    removed: list[Attribute | Code] = []
    for planned in plan.components:
        row = rows[planned.key]
        existing = work.component_versions.get(planned.key)
        old_attributes = {a.key: a for a in existing.attributes.all()} if existing else {}
        old_codes = {c.key: c for c in existing.codes.all()} if existing else {}
        actions = {r.key: r for r in changes[planned.key].attributes}
        for attribute in planned.attributes:
            values = _attribute_fields(attribute, components)
            if actions[attribute.key].action == CREATED:
                new_attributes.append(Attribute(component_version=row, key=attribute.key, **values))
            elif actions[attribute.key].action == UPDATED:
                changed_attributes.append(_assign(old_attributes[attribute.key], values))
        removed.extend(old_attributes[r.key] for r in actions.values() if r.action == REMOVED)
        actions = {r.key: r for r in changes[planned.key].codes}
        for code in planned.codes:
            values = {name: getattr(code, name) for name in CODE_FIELDS}
            if actions[code.key].action == CREATED:
                new_codes.append(Code(component_version=row, key=code.key, **values))
            elif actions[code.key].action == UPDATED:
                changed_codes.append(_assign(old_codes[code.key], values))
        removed.extend(old_codes[r.key] for r in actions.values() if r.action == REMOVED)
    for row in removed:
        row._history_user = actor
        row.delete()
    if changed_attributes:
        bulk_update_with_history(
            changed_attributes, Attribute, [*ATTRIBUTE_FIELDS, "replaced_by"], default_user=actor
        )
    if changed_codes:
        bulk_update_with_history(changed_codes, Code, list(CODE_FIELDS), default_user=actor)
    bulk_create_with_history(new_attributes, Attribute, default_user=actor, batch_size=2000)
    bulk_create_with_history(new_codes, Code, default_user=actor, batch_size=2000)


def _attribute_fields(attribute: AttributePlan, components: dict[str, Component]) -> dict:
    values = {name: getattr(attribute, name) for name in ATTRIBUTE_FIELDS}
    target = values.pop("references")
    values["references"] = components[target] if target else None
    if values["data_type"] != DataType.REFERENCE:
        values["references"] = None
    return values


def _assign[Row: (Attribute, Code)](row: Row, values: dict) -> Row:
    for name, value in values.items():
        setattr(row, name, value)
    if not row.deprecated:
        row.replaced_by = ""
    return row


class ImportRefused(StandardsError):  # noqa: N818 - reads as an outcome, like its siblings
    """The file has errors, so nothing was imported. ``report`` says what they are."""

    code = "import_refused"

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        count = len(report.errors)
        super().__init__(
            f"Nothing was imported because the file has {count} "
            f"{'error' if count == 1 else 'errors'}. Fix {'it' if count == 1 else 'them'} "
            "and try again"
        )


class ImportStale(StandardsError):  # noqa: N818
    code = "import_stale"
    default_message = (
        "The draft has changed since this import was checked. Check the updated report, "
        "then confirm again"
    )

"""What an importer produces: a plan of components, attributes and codes, plus its findings.

Parsing is pure: it reads bytes and returns an ``ImportPlan`` without touching the database, so
the same plan can be previewed, dry-run, stored for a later confirmation, and applied.
Warnings say what was imported differently from the file or not at all; errors refuse the
whole import. Each names where it was found: a JSON pointer, or a line number for CSV.
"""

from dataclasses import asdict, dataclass, field
from typing import Any

from standards.choices import Cardinality, ComponentKind, DataType


@dataclass(frozen=True)
class Issue:
    code: str
    message: str
    pointer: str | None = None
    line: int | None = None

    @property
    def location(self) -> str:
        if self.line is not None:
            return f"line {self.line}"
        if self.pointer is not None:
            return self.pointer or "/"
        return ""

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Issue":
        return cls(**data)


@dataclass
class AttributePlan:
    key: str
    name: str
    definition: str = ""
    data_type: str = DataType.STRING
    format: str = ""
    pattern: str = ""
    required: bool = False
    nullable: bool = False
    cardinality: str = Cardinality.ONE
    # The key of the component this reference points to; resolved when the plan is applied.
    references: str = ""
    enum_values: list = field(default_factory=list)
    example: Any = None
    deprecated: bool = False
    deprecation_note: str = ""
    sort_order: int = 0
    extra: dict = field(default_factory=dict)
    # A ``$ref`` outside the file (an absolute address) and its pointer: the portal's own
    # per-component downloads refer to each other so, and ``identity`` may recognise them.
    external_ref: str = ""
    external_ref_pointer: str | None = None
    # Where in the file the attribute was read from, for messages about it.
    pointer: str | None = None


@dataclass
class CodePlan:
    key: str
    value: str
    label: str = ""
    definition: str = ""
    parent_value: str = ""
    properties: dict = field(default_factory=dict)
    deprecated: bool = False
    deprecation_note: str = ""
    # The value of the code that replaces this one, when it is deprecated.
    replaced_by: str = ""
    sort_order: int = 0
    # Where in the file the code was read from (a JSON Pointer, or a CSV line), for messages.
    pointer: str | None = None
    line: int | None = None


@dataclass
class ComponentPlan:
    key: str
    name: str
    kind: str = ComponentKind.ENTITY
    definition: str = ""
    deprecated: bool = False
    deprecation_note: str = ""
    extra: dict = field(default_factory=dict)
    # Where in the source file the component was read from (JSON Pointer), if it was.
    pointer: str | None = None
    # The absolute ``$id`` the file gives the component, if any: one way to recognise it.
    source_id: str = ""
    # Whether the key was made up from the file's name (a JSON Schema root) rather than given.
    key_from_file_name: bool = False
    attributes: list[AttributePlan] = field(default_factory=list)
    codes: list[CodePlan] = field(default_factory=list)


@dataclass
class ImportPlan:
    source: str
    format: str
    components: list[ComponentPlan] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    # How the file was read (for example which column became what): neither a fault nor a
    # change of meaning, so not a warning.
    notes: list[Issue] = field(default_factory=list)
    # Fields the file's format cannot express, by row kind ("component", "attribute", "code"):
    # importing into a component that exists keeps the draft's value of each when the file
    # gives none, so re-importing a download never wipes what it could not carry.
    kept_fields: dict[str, list[str]] = field(default_factory=dict)
    # The same for keys of a row's ``extra`` ("component" and "attribute"): what the file kept
    # for reference only, which no download carries.
    kept_extra: dict[str, list[str]] = field(default_factory=dict)

    def note(self, code: str, message: str, *, pointer=None, line=None) -> None:
        self.notes.append(Issue(code, message, pointer=pointer, line=line))

    def warn(self, code: str, message: str, *, pointer=None, line=None) -> None:
        self.warnings.append(Issue(code, message, pointer=pointer, line=line))

    def error(self, code: str, message: str, *, pointer=None, line=None) -> None:
        self.errors.append(Issue(code, message, pointer=pointer, line=line))

    @property
    def ok(self) -> bool:
        return not self.errors

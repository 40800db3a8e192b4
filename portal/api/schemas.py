"""The shapes the API answers with and accepts. Field names are the standard's own terms.

Every timestamp is ISO 8601 with its offset (UTC). Every ``url`` is the web page of the thing,
every ``api_url`` its address in this API; both are absolute.
"""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import AfterValidator, Field

from portal.api.paging import Links
from portal.text import text_problem

Impact = Literal["none", "patch", "minor", "major"]
ImpactName = Literal["patch", "minor", "major"]
ProposalStatusName = Literal[
    "draft", "open", "voting", "accepted", "rejected", "withdrawn", "released"
]


class Paged(Schema):
    count: int = Field(description="Items across every page")
    limit: int
    offset: int
    links: Links


class ProblemError(Schema):
    pointer: str | None = Field(None, description="Where in the request body, as a JSON Pointer")
    parameter: str | None = Field(None, description="Which query or path parameter")
    detail: str


class ProblemOut(Schema):
    """RFC 9457 problem details, served as application/problem+json."""

    type: str = Field(examples=["about:blank"])
    title: str = Field(examples=["Not Found"])
    status: int = Field(examples=[404])
    detail: str = Field(examples=["There is no standard called 'gas-safety'"])
    code: str = Field(examples=["not_found"])
    instance: str
    errors: list[ProblemError] = Field(default_factory=list)


# Errors every read may answer with; writes and checks add their own.
READ_ERRORS = dict.fromkeys((400, 401, 404, 429), ProblemOut)


class Root(Schema):
    name: str = Field(examples=["Social housing data standards portal API"])
    version: str = Field(examples=["1"])
    openapi: str = Field(description="The OpenAPI 3.1 document")
    docs: str = Field(description="The reference, as a page")
    guidance: str = Field(description="How to use the API, with examples")
    links: dict[str, str]


# The catalogue --------------------------------------------------------------------------------


class VersionRef(Schema):
    number: str = Field(examples=["1.1.0"])
    status: str = Field(examples=["published"], description="published, superseded or withdrawn")
    published_at: datetime | None
    url: str
    api_url: str


class StandardOut(Schema):
    slug: str = Field(examples=["damp-and-mould"])
    name: str = Field(examples=["Damp and mould"])
    description: str
    current_version: str | None = Field(examples=["1.2.0"], description="The published version")
    url: str
    api_url: str


class StandardPage(Paged):
    items: list[StandardOut]


class StandardDetail(StandardOut):
    versions: list[VersionRef] = Field(description="Newest first; drafts are never listed")


class ComponentRef(Schema):
    key: str = Field(examples=["hazard-inspection"])
    kind: str = Field(examples=["entity"], description="entity or code_list")
    name: str
    deprecated: bool
    api_url: str


class VersionOut(Schema):
    standard: str
    number: str
    status: str
    based_on: str | None
    published_at: datetime | None
    release_notes: str = Field(description="Markdown")
    url: str
    api_url: str
    downloads: dict[str, str] = Field(description="File name to address, such as version.json")
    components: list[ComponentRef]


class AttributeOut(Schema):
    key: str
    name: str = Field(description="The property name as it appears in data")
    definition: str
    data_type: str
    format: str
    pattern: str
    required: bool
    nullable: bool
    cardinality: str
    references: str | None = Field(description="The key of the component it refers to")
    enum_values: list[Any]
    example: Any = None
    deprecated: bool
    deprecation_note: str
    replaced_by: str
    extra: dict[str, Any]


class CodeOut(Schema):
    key: str
    value: str = Field(description="The code as it appears in data")
    label: str
    definition: str
    parent_value: str
    properties: dict[str, Any]
    deprecated: bool
    deprecation_note: str
    replaced_by: str


class ComponentOut(Schema):
    standard: str
    version: str
    key: str
    kind: str
    name: str
    definition: str
    deprecated: bool
    deprecation_note: str
    replaced_by: str | None
    url: str
    api_url: str
    schema_url: str = Field(description="Its JSON Schema download")
    attributes: list[AttributeOut]
    codes: list[CodeOut]


class CodeStatus(Schema):
    value: str
    label: str
    definition: str
    status: Literal["active", "deprecated", "removed"]
    replaced_by: str | None = Field(description="For a deprecated code: the code to use instead")
    deprecation_note: str
    removed_in: str | None = Field(description="For a removed code: the version that dropped it")


class CodeListOut(Schema):
    standard: str
    version: str = Field(description="The version the code list is shown as of")
    as_of: date | None = Field(description="The date asked for, if one was")
    key: str
    name: str
    definition: str
    codes: list[CodeStatus]


class FieldChangeOut(Schema):
    field: str
    old: Any = None
    new: Any = None
    impact: str
    rule: str
    breaks: str = Field(description="nobody, producers, consumers or both")
    reason: str


class ItemChangeOut(Schema):
    key: str
    name: str
    change: Literal["added", "removed", "changed"]
    impact: str
    rule: str | None = Field(description="For an added or removed item; a change lists fields")
    breaks: str | None
    reason: str | None
    old: dict[str, Any] | None = None
    new: dict[str, Any] | None = None
    fields: list[FieldChangeOut]


class ComponentChangeOut(ItemChangeOut):
    kind: str
    attributes: list[ItemChangeOut]
    codes: list[ItemChangeOut]


class DiffSummary(Schema):
    added: int
    removed: int
    changed: int


class DiffOut(Schema):
    standard: str
    from_version: str = Field(alias="from")
    to_version: str = Field(alias="to")
    impact: str
    summary: DiffSummary
    url: str
    components: list[ComponentChangeOut]


class ProposalRef(Schema):
    reference: str
    title: str
    url: str
    api_url: str


class ReleaseOut(Schema):
    version: str
    status: str = Field(description="awaiting_approval, published, rejected or withdrawn")
    impact: str | None
    requested_at: datetime | None
    decided_at: datetime | None
    decision_reason: str
    release_notes: str = Field(description="Markdown")
    proposals: list[ProposalRef]
    url: str
    version_api_url: str


class ReleasePage(Paged):
    items: list[ReleaseOut]


class ChangelogEntryOut(Schema):
    version: str
    status: str
    published_at: datetime | None
    impact: str | None
    notes: str = Field(description="Markdown")
    proposals: list[ProposalRef]
    url: str
    api_url: str
    withdrawn_at: datetime | None = None
    withdrawn_reason: str | None = None


class ChangelogOut(Schema):
    standard: str
    since: str | None
    releases: list[ChangelogEntryOut]


# Proposals ------------------------------------------------------------------------------------


class OperationIn(Schema):
    kind: str = Field(
        examples=["add_attribute"],
        description="add_, change_, deprecate_ or remove_ followed by component, attribute or code",
    )
    component: str = Field(examples=["hazard-inspection"], max_length=100)
    member: str = Field("", description="The attribute or code key", max_length=200)
    values: dict[str, Any] = Field(
        default_factory=dict, examples=[{"name": "inspectorRole", "data_type": "string"}]
    )
    changes_meaning: bool = False


class OperationOut(Schema):
    position: int
    kind: str
    path: str
    component: str
    member: str
    values: dict[str, Any]
    changes_meaning: bool
    impact: str | None
    rule: str | None
    breaks: str | None
    reason: str | None
    problems: list[str]


class TimelineEntry(Schema):
    kind: str
    at: datetime
    actor: str | None
    revision: int | None
    from_status: str | None
    to_status: str | None


class CommentOut(Schema):
    id: int
    author: str | None
    organisation: str | None
    body: str | None = Field(description="Null when a moderator hid it")
    hidden_reason: str | None
    created_at: datetime
    edited: bool
    replies: list["CommentOut"] = Field(default_factory=list)


class GroupTally(Schema):
    group_id: int
    group: str
    advisory: bool = Field(description="An advisory group's vote is counted but does not decide")
    eligible: int
    approve: int
    object: int
    abstain: int
    quorum_needed: int
    quorum_met: bool
    threshold_met: bool
    passes: bool
    still_needed: str


class TallyOut(Schema):
    status: Literal["open", "closed"]
    opened_at: datetime
    closes_at: datetime
    closed_at: datetime | None
    passes: bool
    groups: list[GroupTally]
    objections: list[dict[str, Any]]
    decision: str | None


class ProposalSummary(Schema):
    reference: str = Field(examples=["DM-0001"])
    standard: str
    title: str
    status: str
    needs_rebase: bool
    impact: str | None
    components: list[str]
    base_version: str
    created_at: datetime
    url: str
    api_url: str


class ProposalPage(Paged):
    items: list[ProposalSummary]


class ProposalOut(ProposalSummary):
    revision: int
    author: str | None
    organisation: str | None
    problem: str
    use_case: str
    affected: str
    opened_at: datetime | None
    released_in: str | None
    operations: list[OperationOut]
    comments: list[CommentOut]
    timeline: list[TimelineEntry]
    tally: TallyOut | None


def _hygienic(value: str) -> str:
    if problem := text_problem(value):
        raise ValueError(problem)
    return value


# Free text a person writes: the one hidden-character rule of every form (portal.text).
UserText = Annotated[str, AfterValidator(_hygienic)]


class ProposalIn(Schema):
    # Each defaults to empty, so leaving one out is refused by the service in the web's words.
    title: UserText = Field("", examples=["Record who inspected a hazard"], max_length=1000)
    problem: UserText = Field("", examples=["Landlords cannot tell who inspected a hazard"])
    use_case: UserText = Field("", examples=["A surveyor records their role on an inspection"])
    affected: UserText = Field("", examples=["Repairs platforms and housing management systems"])
    operations: list[OperationIn] = Field(default_factory=list, max_length=200)


class OperationsIn(Schema):
    operations: list[OperationIn] = Field(max_length=200)
    expected_revision: int | None = Field(
        None, description="The revision you last read; a later save refuses yours (409)"
    )


class CommentIn(Schema):
    body: UserText = Field(max_length=20000)
    reply_to: int | None = Field(None, description="The id of a top-level comment to answer")


class PositionIn(Schema):
    group: str = Field(examples=["suppliers"], description="The working group's slug")
    stance: str = Field(examples=["approve"], description="approve, object or abstain")
    reason: UserText = Field("", max_length=20000, description="Required to object")


class AnswerIn(Schema):
    kind: str = Field(
        examples=["not_persuasive"], description="persuasive, not_persuasive or out_of_scope"
    )
    text: UserText = Field(max_length=20000)


class Done(Schema):
    detail: str
    api_url: str


# Checks ---------------------------------------------------------------------------------------


class CompatibilityChange(Schema):
    kind: str
    path: str
    values: dict[str, Any]
    impact: str | None
    rule: str | None
    breaks: str | None
    reason: str | None
    problems: list[str]


class CompatibilityOut(Schema):
    standard: str
    version: str
    compatible: bool = Field(
        description="True when every change applies and nothing breaks: the impact is not major"
    )
    impact: str
    next_version: str | None = Field(
        description="The smallest number a release would need; null if a change cannot apply"
    )
    changes: list[CompatibilityChange]
    warnings: list[str]
    notes: list[str]


class ValidationReport(Schema):
    standard: str
    version: str
    component: dict[str, str]
    schema_: str = Field(alias="schema")
    file: dict[str, Any]
    conforms: bool
    columns: dict[str, Any]
    errors: dict[str, Any]
    warnings: list[dict[str, Any]]


# Adoption -------------------------------------------------------------------------------------


class AdoptionRecordOut(Schema):
    organisation: str
    standard: str
    version: str
    status: str
    components: list[str]
    systems: str
    declared_at: datetime
    url: str

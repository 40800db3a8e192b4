from django.db import models


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ComponentKind(models.TextChoices):
    ENTITY = "entity", "Entity"
    CODE_LIST = "code_list", "Code list"


class DataType(models.TextChoices):
    STRING = "string", "String"
    INTEGER = "integer", "Integer"
    NUMBER = "number", "Number"
    BOOLEAN = "boolean", "Boolean"
    DATE = "date", "Date"
    DATE_TIME = "date-time", "Date and time"
    REFERENCE = "reference", "Reference"


class Cardinality(models.TextChoices):
    ONE = "one", "One"
    MANY = "many", "Many"


class VersionEventKind(models.TextChoices):
    CREATED = "created", "Draft created"
    NOTES_EDITED = "notes_edited", "Release notes edited"
    APPROVAL_REQUESTED = "approval_requested", "Approval requested"
    REQUEST_WITHDRAWN = "request_withdrawn", "Approval request withdrawn"
    REQUEST_REJECTED = "request_rejected", "Approval request rejected"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ReleaseStatus(models.TextChoices):
    """A request to publish a draft version, which a second steward decides (four eyes)."""

    AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Request withdrawn"


class OperationKind(models.TextChoices):
    """The typed operations of a change set (GOVERNANCE.md section 1)."""

    ADD_COMPONENT = "add_component", "Add a component"
    CHANGE_COMPONENT = "change_component", "Change a component"
    DEPRECATE_COMPONENT = "deprecate_component", "Deprecate a component"
    REMOVE_COMPONENT = "remove_component", "Remove a component"
    ADD_ATTRIBUTE = "add_attribute", "Add an attribute"
    CHANGE_ATTRIBUTE = "change_attribute", "Change an attribute"
    DEPRECATE_ATTRIBUTE = "deprecate_attribute", "Deprecate an attribute"
    REMOVE_ATTRIBUTE = "remove_attribute", "Remove an attribute"
    ADD_CODE = "add_code", "Add a code"
    CHANGE_CODE = "change_code", "Change a code"
    DEPRECATE_CODE = "deprecate_code", "Deprecate a code"
    REMOVE_CODE = "remove_code", "Remove a code"


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open for comment"
    VOTING = "voting", "Voting"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    RELEASED = "released", "Released"


class ProposalEventKind(models.TextChoices):
    CREATED = "created", "Draft started"
    EDITED = "edited", "Details edited"
    CHANGE_SET_EDITED = "change_set_edited", "Change set edited"
    STATUS_CHANGED = "status_changed", "Status changed"
    COMMENTED = "commented", "Commented"
    COMMENT_EDITED = "comment_edited", "Comment edited"
    COMMENT_HIDDEN = "comment_hidden", "Comment hidden"
    POSITION_CAST = "position_cast", "Position cast"
    OBJECTION_ANSWERED = "objection_answered", "Objection answered"
    DECIDED = "decided", "Decided"
    # Needing a rebase is a flag beside the status (``Proposal.needs_rebase``), never a status:
    # a draft that needs a rebase is still a private draft.
    NEEDS_REBASE = "needs_rebase", "Needs rebase"
    REBASED = "rebased", "Rebased"


class Stance(models.TextChoices):
    """A voter's position on a proposal (GOVERNANCE.md section 4)."""

    APPROVE = "approve", "Approve"
    OBJECT = "object", "Object"
    ABSTAIN = "abstain", "Abstain"


class ObjectionResponseKind(models.TextChoices):
    PERSUASIVE = "persuasive", "Persuasive"
    NOT_PERSUASIVE = "not_persuasive", "Not persuasive"
    OUT_OF_SCOPE = "out_of_scope", "Out of scope"


class DecisionResult(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"

from standards.models.releases import Release, ReleaseProposal, ReleaseStatus
from standards.models.webhooks import (
    DeliveryStatus,
    StandardWatch,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEventType,
)

from .artefacts import VersionArtefact
from .catalogue import (
    Attribute,
    Code,
    Component,
    ComponentVersion,
    Standard,
    StandardVersion,
    VersionEvent,
)
from .imports import ImportFormat, ImportRun, ImportRunStatus
from .proposals import (
    NOT_CLOSED_STATUSES,
    Proposal,
    ProposalComment,
    ProposalEvent,
    ProposalOperation,
    ProposalWatch,
)
from .voting import (
    Ballot,
    BallotVoter,
    Decision,
    DecisionRule,
    ObjectionResponse,
    Position,
)

__all__ = [
    "NOT_CLOSED_STATUSES",
    "Attribute",
    "Ballot",
    "BallotVoter",
    "Code",
    "Component",
    "ComponentVersion",
    "Decision",
    "DecisionRule",
    "DeliveryStatus",
    "ImportFormat",
    "ImportRun",
    "ImportRunStatus",
    "ObjectionResponse",
    "Position",
    "Proposal",
    "ProposalComment",
    "ProposalEvent",
    "ProposalOperation",
    "ProposalWatch",
    "Release",
    "ReleaseProposal",
    "ReleaseStatus",
    "Standard",
    "StandardVersion",
    "StandardWatch",
    "VersionArtefact",
    "VersionEvent",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEventType",
]

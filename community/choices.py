"""Choices for the community app, and the only transitions each status may make."""

from django.db import models


class OrganisationType(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    HOUSING_ASSOCIATION = "housing_association", "Housing association"
    TECHNOLOGY_SUPPLIER = "technology_supplier", "Technology supplier"
    OTHER = "other", "Other organisation"


# What each type calls its identifier, and how people recognise one; shown as hints and errors.
IDENTIFIER_LABELS = {
    OrganisationType.LOCAL_AUTHORITY: "ONS GSS code",
    OrganisationType.HOUSING_ASSOCIATION: "RSH registration number",
    OrganisationType.TECHNOLOGY_SUPPLIER: "Companies House number",
}


class MembershipRole(models.TextChoices):
    MEMBER = "member", "Member"
    CONVENER = "convener", "Convener"


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    LEFT = "left", "Left"
    REMOVED = "removed", "Removed"


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Sent"
    ACCEPTED = "accepted", "Accepted"
    REVOKED = "revoked", "Revoked"
    # Set only when a fresh invitation replaces one that ran out; otherwise expiry is read
    # from the date, so nothing needs to run at midnight.
    EXPIRED = "expired", "Expired"


class GroupStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ARCHIVED = "archived", "Archived"


class EventKind(models.TextChoices):
    ORGANISATION_REGISTERED = "organisation_registered", "Organisation registered"
    ORGANISATION_CHANGED = "organisation_changed", "Organisation details changed"
    ORGANISATION_VERIFIED = "organisation_verified", "Organisation verified"
    PERSON_ORGANISATION_SET = "person_organisation_set", "Organisation chosen"
    GROUP_CREATED = "group_created", "Group created"
    GROUP_CHANGED = "group_changed", "Group details changed"
    GROUP_ARCHIVED = "group_archived", "Group archived"
    REQUEST_MADE = "request_made", "Asked to join"
    REQUEST_WITHDRAWN = "request_withdrawn", "Request withdrawn"
    REQUEST_APPROVED = "request_approved", "Request approved"
    REQUEST_REJECTED = "request_rejected", "Request rejected"
    INVITATION_SENT = "invitation_sent", "Invitation sent"
    INVITATION_REVOKED = "invitation_revoked", "Invitation revoked"
    INVITATION_EXPIRED = "invitation_expired", "Invitation expired"
    INVITATION_ACCEPTED = "invitation_accepted", "Invitation accepted"
    MEMBER_JOINED = "member_joined", "Joined"
    MEMBER_LEFT = "member_left", "Left"
    MEMBER_REMOVED = "member_removed", "Removed"
    ROLE_CHANGED = "role_changed", "Role changed"
    AFFILIATION_CONFIRMED = "affiliation_confirmed", "Affiliation confirmed"
    AFFILIATION_REVOKED = "affiliation_revoked", "Affiliation confirmation revoked"
    AFFILIATION_LAPSED = "affiliation_lapsed", "Affiliation confirmation lapsed"


class AffiliationStanding(models.TextChoices):
    """What backs up the organisation a person says they work for. Only the first two let
    them act for it (ADR 0016)."""

    EMAIL_DOMAIN = "email_domain", "Email domain matches"
    CONFIRMED = "confirmed", "Confirmed"
    SELF_DECLARED = "self_declared", "Self-declared"


class ConfirmationStatus(models.TextChoices):
    ACTIVE = "active", "Confirmed"
    REVOKED = "revoked", "Revoked"
    # The person chose another organisation, so what was confirmed is no longer what they say.
    LAPSED = "lapsed", "Lapsed"


class ConfirmerRole(models.TextChoices):
    STEWARD = "steward", "Steward"
    CONVENER = "convener", "Convener"


class TokenScope(models.TextChoices):
    """What a personal access token may do in the API, always as its owner and never more."""

    READ = "read", "Read"
    PROPOSALS_WRITE = "proposals:write", "Write proposals"
    VOTES_WRITE = "votes:write", "Vote"


# Shown under each checkbox when someone creates a token.
TOKEN_SCOPE_HINTS = {
    TokenScope.READ: (
        "Read standards, proposals, votes and the adoption register. Every token can read, so "
        "choose only this for a read-only token."
    ),
    TokenScope.PROPOSALS_WRITE: (
        "Draft, change and submit change proposals, and comment on proposals, as you."
    ),
    TokenScope.VOTES_WRITE: (
        "Vote on proposals and answer objections for the working groups you are in, as you."
    ),
}

# How long a new token lasts, in days: the form offers these, and the service refuses more than
# TOKEN_MAX_DAYS (a year, with room for a leap day).
TOKEN_LIFETIME_DAYS = (30, 90, 180, 365)
TOKEN_MAX_DAYS = 366


# The single source of truth for status changes; services consult it and tests walk every pair.
MEMBERSHIP_TRANSITIONS: dict[str, set[str]] = {
    MembershipStatus.ACTIVE: {MembershipStatus.LEFT, MembershipStatus.REMOVED},
    MembershipStatus.LEFT: set(),
    MembershipStatus.REMOVED: set(),
}
JOIN_REQUEST_TRANSITIONS: dict[str, set[str]] = {
    JoinRequestStatus.PENDING: {
        JoinRequestStatus.APPROVED,
        JoinRequestStatus.REJECTED,
        JoinRequestStatus.WITHDRAWN,
    },
    JoinRequestStatus.APPROVED: set(),
    JoinRequestStatus.REJECTED: set(),
    JoinRequestStatus.WITHDRAWN: set(),
}
INVITATION_TRANSITIONS: dict[str, set[str]] = {
    InvitationStatus.PENDING: {
        InvitationStatus.ACCEPTED,
        InvitationStatus.REVOKED,
        InvitationStatus.EXPIRED,
    },
    InvitationStatus.ACCEPTED: set(),
    InvitationStatus.REVOKED: set(),
    InvitationStatus.EXPIRED: set(),
}
AFFILIATION_TRANSITIONS: dict[str, set[str]] = {
    ConfirmationStatus.ACTIVE: {ConfirmationStatus.REVOKED, ConfirmationStatus.LAPSED},
    # Ended confirmations stay as evidence; confirming again writes a new row.
    ConfirmationStatus.REVOKED: set(),
    ConfirmationStatus.LAPSED: set(),
}
GROUP_TRANSITIONS: dict[str, set[str]] = {
    GroupStatus.ACTIVE: {GroupStatus.ARCHIVED},
    GroupStatus.ARCHIVED: set(),
}


def can_transition(table: dict[str, set[str]], current: str, new: str) -> bool:
    return new in table.get(current, set())

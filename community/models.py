from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from community.choices import (
    ConfirmationStatus,
    ConfirmerRole,
    EventKind,
    GroupStatus,
    InvitationStatus,
    JoinRequestStatus,
    MembershipRole,
    MembershipStatus,
    OrganisationType,
    TokenScope,
)
from community.validators import normalise_identifier, validate_identifier


def _history(**options) -> HistoricalRecords:
    # Reasons people give (for a rejection, a removal) can be long; keep them whole.
    return HistoricalRecords(history_change_reason_field=models.TextField(null=True), **options)


class EmailUserManager(UserManager):
    """A user manager for accounts identified by email address alone."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who uses the portal. Email is their only sign-in identifier."""

    username = None
    email = models.EmailField("email address", unique=True)
    # A person belongs to one organisation. Changes to it are kept in the membership event log
    # rather than simple-history, which would copy password hashes and sign-in times each save.
    organisation = models.ForeignKey(
        "community.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = EmailUserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Organisation(models.Model):
    """A council, housing association, technology supplier or other body that people work for."""

    name = models.CharField(max_length=200)
    type = models.CharField(max_length=32, choices=OrganisationType.choices)
    identifier = models.CharField(
        max_length=20,
        blank=True,
        help_text="ONS GSS code, RSH registration number or Companies House number",
    )
    verified_at = models.DateTimeField(null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = _history()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["identifier"],
                condition=~Q(identifier=""),
                name="unique_organisation_identifier",
                violation_error_message=(
                    "An organisation with this identifier is already registered. "
                    "Choose it from the list instead"
                ),
            ),
            models.UniqueConstraint(
                Lower("name"),
                name="unique_organisation_name",
                violation_error_message=(
                    "An organisation with this name is already registered. "
                    "Choose it from the list instead"
                ),
            ),
            models.CheckConstraint(
                condition=Q(type=OrganisationType.OTHER) | ~Q(identifier=""),
                name="organisation_identifier_required_unless_other",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    def clean(self) -> None:
        self.identifier = normalise_identifier(self.identifier)
        try:
            validate_identifier(self.type, self.identifier)
        except ValidationError as error:
            raise ValidationError({"identifier": error.messages}) from error


class OrganisationDomain(models.Model):
    """An email domain the organisation's people use, so we can suggest it to them."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=253, db_index=True)

    history = _history()

    class Meta:
        ordering = ["domain"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "domain"], name="unique_domain_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return self.domain


class WorkingGroup(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    remit = models.TextField(help_text="What the group is for and who should join it")
    organisation_types = models.JSONField(
        default=list,
        blank=True,
        help_text="The types of organisation this group is for",
    )
    status = models.CharField(
        max_length=16, choices=GroupStatus.choices, default=GroupStatus.ACTIVE, editable=False
    )
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = _history()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:group_detail", kwargs={"slug": self.slug})

    @property
    def is_active(self) -> bool:
        return self.status == GroupStatus.ACTIVE

    @property
    def organisation_type_labels(self) -> list[str]:
        labels = dict(OrganisationType.choices)
        return [labels[value] for value in self.organisation_types if value in labels]

    def clean(self) -> None:
        unknown = set(self.organisation_types or []) - set(OrganisationType.values)
        if unknown:
            raise ValidationError({"organisation_types": "Choose organisation types from the list"})


class Membership(models.Model):
    """One spell of a person's membership of a group. Re-joining starts a new row."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(
        max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    status = models.CharField(
        max_length=16, choices=MembershipStatus.choices, default=MembershipStatus.ACTIVE
    )
    joined_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    history = _history()

    class Meta:
        ordering = ["group__name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "group"],
                condition=Q(status=MembershipStatus.ACTIVE),
                name="one_active_membership_per_person_and_group",
                violation_error_message="This person is already a member of this group",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=MembershipStatus.ACTIVE, ended_at__isnull=True)
                    | (~Q(status=MembershipStatus.ACTIVE) & Q(ended_at__isnull=False))
                ),
                name="membership_ended_at_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.group} ({self.get_role_display().lower()})"

    @property
    def is_active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE

    @property
    def is_convener(self) -> bool:
        return self.is_active and self.role == MembershipRole.CONVENER


class JoinRequest(models.Model):
    """A person asks to join a group; a convener approves or rejects it with a reason."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="join_requests"
    )
    group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="join_requests")
    statement = models.TextField(help_text="Why the person wants to join")
    status = models.CharField(
        max_length=16, choices=JoinRequestStatus.choices, default=JoinRequestStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_reason = models.TextField(blank=True)

    history = _history()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "group"],
                condition=Q(status=JoinRequestStatus.PENDING),
                name="one_pending_request_per_person_and_group",
                violation_error_message="You have already asked to join this group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} asks to join {self.group}"

    @property
    def is_pending(self) -> bool:
        return self.status == JoinRequestStatus.PENDING


class Invitation(models.Model):
    """A convener invites someone by email. Single use; expires; can be revoked."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField()
    # The token only locates the invitation. Acceptance also needs the signed-in person to hold
    # this email address, verified, so a forwarded or leaked link cannot be used by anyone else.
    token = models.CharField(max_length=64, unique=True, editable=False)
    message = models.TextField(blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_reason = models.TextField(blank=True)

    history = _history(excluded_fields=["token"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "email"],
                condition=Q(status=InvitationStatus.PENDING),
                name="one_pending_invitation_per_email_and_group",
                violation_error_message="This person already has an invitation to this group",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.group}"

    def get_absolute_url(self) -> str:
        return reverse("community:invitation_detail", kwargs={"token": self.token})

    def is_expired(self, now=None) -> bool:
        if self.status == InvitationStatus.EXPIRED:
            return True
        return (
            self.status == InvitationStatus.PENDING and (now or timezone.now()) >= self.expires_at
        )

    @property
    def is_open(self) -> bool:
        """Pending and still in date: the only state in which it can be accepted or revoked."""
        return self.status == InvitationStatus.PENDING and not self.is_expired()


class AffiliationConfirmation(models.Model):
    """A steward or convener vouches that a person works for an organisation (ADR 0016).

    Only services write these. A confirmation counts while it is active and names the
    organisation the person still says they work for; choosing another organisation lapses it,
    and a steward or convener can revoke it. Ended rows are kept as evidence, and confirming
    again writes a new row.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="affiliation_confirmations",
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="affiliation_confirmations"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_as = models.CharField(max_length=16, choices=ConfirmerRole.choices)
    # The group through which a convener knows the person; empty when a steward confirmed.
    group = models.ForeignKey(
        "community.WorkingGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True, help_text="How the confirmer knows")
    status = models.CharField(
        max_length=16, choices=ConfirmationStatus.choices, default=ConfirmationStatus.ACTIVE
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    ended_reason = models.TextField(blank=True)

    history = _history()

    class Meta:
        ordering = ["-confirmed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status=ConfirmationStatus.ACTIVE),
                name="one_active_affiliation_confirmation_per_person",
                violation_error_message="This person's affiliation is already confirmed",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=ConfirmationStatus.ACTIVE, ended_at__isnull=True)
                    | (~Q(status=ConfirmationStatus.ACTIVE) & Q(ended_at__isnull=False))
                ),
                name="affiliation_confirmation_ended_at_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} works for {self.organisation} ({self.get_status_display().lower()})"

    @property
    def is_active(self) -> bool:
        return self.status == ConfirmationStatus.ACTIVE


class AccessToken(models.Model):
    """A personal access token for the API. Only services create and revoke them.

    The token itself is shown once, when it is made, and never stored: ``secret_hash`` is its
    SHA-256 (``community.tokens``). A token acts as its owner, so it can never do more than the
    owner may do at the time of each request; the API checks the owner's permissions then.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for")
    prefix = models.CharField(
        max_length=12, db_index=True, editable=False, help_text="The start of the token"
    )
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    # The hash never changes, and history has no use for it. Use is recorded with a single
    # UPDATE, which history does not see, so a copied last_used_at would only mislead.
    history = _history(excluded_fields=["secret_hash", "last_used_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="access_token_expires_after_creation",
            ),
            models.CheckConstraint(
                condition=Q(revoked_by__isnull=True) | Q(revoked_at__isnull=False),
                name="access_token_revoked_by_only_when_revoked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, now=None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    def is_live(self, now=None) -> bool:
        """Neither revoked nor expired: the only state in which it works, or can be revoked."""
        return not self.is_revoked and not self.is_expired(now)

    def allows(self, scope: str) -> bool:
        """Every token may read; it may write only what its scopes list."""
        if scope == TokenScope.READ:
            return True
        return scope in TokenScope.values and scope in self.scopes

    @property
    def scope_labels(self) -> list[str]:
        labels = dict(TokenScope.choices)
        return [labels[scope] for scope in TokenScope.values if scope in self.scopes]


class MembershipEvent(models.Model):
    """Append-only log of who did what to whom, when and why. It drives the timelines people see."""

    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    kind = models.CharField(max_length=32, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who did it. Empty for changes the system made, such as seeding.",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="membership_events",
        help_text="The person it was done to or for",
    )
    group = models.ForeignKey(
        WorkingGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    reason = models.TextField(blank=True)
    # Old and new values, and ids of the rows involved, for audit.
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["group", "-created_at"], name="event_group_recent")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        # The log is evidence: rows are written once and never changed.
        if not self._state.adding:
            raise ValueError("Membership events are append-only and cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Membership events are append-only and cannot be deleted")

    @property
    def summary(self) -> str:
        """A sentence for timelines. Expects actor, subject, group and organisation selected."""
        actor = str(self.actor) if self.actor_id else "The system"
        subject = str(self.subject) if self.subject_id else "someone"
        group = str(self.group) if self.group_id else ""
        organisation = str(self.organisation) if self.organisation_id else ""
        templates = {
            EventKind.ORGANISATION_REGISTERED: f"{actor} registered {organisation}",
            EventKind.ORGANISATION_CHANGED: f"{actor} changed the details of {organisation}",
            EventKind.ORGANISATION_VERIFIED: f"{actor} verified {organisation}",
            EventKind.PERSON_ORGANISATION_SET: f"{subject} now works for {organisation}",
            EventKind.GROUP_CREATED: f"{actor} created {group}",
            EventKind.GROUP_CHANGED: f"{actor} changed the details of {group}",
            EventKind.GROUP_ARCHIVED: f"{actor} archived {group}",
            EventKind.REQUEST_MADE: f"{subject} asked to join",
            EventKind.REQUEST_WITHDRAWN: f"{subject} withdrew their request to join",
            EventKind.REQUEST_APPROVED: f"{actor} approved {subject}'s request to join",
            EventKind.REQUEST_REJECTED: f"{actor} rejected {subject}'s request to join",
            EventKind.INVITATION_SENT: f"{actor} invited {self.details.get('email', subject)}",
            EventKind.INVITATION_REVOKED: (
                f"{actor} revoked the invitation for {self.details.get('email', subject)}"
            ),
            EventKind.INVITATION_EXPIRED: (
                f"The invitation for {self.details.get('email', subject)} expired"
            ),
            EventKind.INVITATION_ACCEPTED: f"{subject} accepted an invitation",
            EventKind.MEMBER_JOINED: f"{subject} joined as a {self._role_label('role')}",
            EventKind.MEMBER_LEFT: f"{subject} left the group",
            EventKind.MEMBER_REMOVED: f"{actor} removed {subject}",
            EventKind.AFFILIATION_CONFIRMED: (
                f"{actor} confirmed that {subject} works for {organisation}"
            ),
            EventKind.AFFILIATION_REVOKED: (
                f"{actor} revoked the confirmation that {subject} works for {organisation}"
            ),
            EventKind.AFFILIATION_LAPSED: (
                f"The confirmation that {subject} works for {organisation} lapsed when they "
                "chose another organisation"
            ),
            EventKind.ROLE_CHANGED: (
                f"{actor} changed {subject}'s role from {self._role_label('from')} "
                f"to {self._role_label('to')}"
            ),
        }
        return templates.get(self.kind, self.get_kind_display())

    def _role_label(self, key: str) -> str:
        return dict(MembershipRole.choices).get(self.details.get(key), "member").lower()

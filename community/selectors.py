"""Reads for community pages. Each returns a queryset or value in a fixed number of queries."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Concat, Lower
from django.utils import timezone

from community.choices import (
    ConfirmationStatus,
    GroupStatus,
    InvitationStatus,
    JoinRequestStatus,
    MembershipRole,
    MembershipStatus,
)
from community.models import (
    AccessToken,
    AffiliationConfirmation,
    Invitation,
    JoinRequest,
    Membership,
    MembershipEvent,
    Organisation,
    OrganisationDomain,
    User,
    WorkingGroup,
)
from community.validators import PUBLIC_EMAIL_DOMAINS, PUBLIC_SUFFIXES, normalise_domain

ACTIVE = Q(memberships__status=MembershipStatus.ACTIVE)


def _with_counts(groups: QuerySet[WorkingGroup]) -> QuerySet[WorkingGroup]:
    return groups.annotate(
        member_count=Count("memberships", filter=ACTIVE, distinct=True),
        convener_count=Count(
            "memberships",
            filter=ACTIVE & Q(memberships__role=MembershipRole.CONVENER),
            distinct=True,
        ),
        # Only verified organisations are shown to the public, so only they are counted.
        organisation_count=Count(
            "memberships__user__organisation",
            filter=ACTIVE & Q(memberships__user__organisation__verified_at__isnull=False),
            distinct=True,
        ),
    )


def group_list_public() -> QuerySet[WorkingGroup]:
    return _with_counts(WorkingGroup.objects.filter(status=GroupStatus.ACTIVE)).order_by("name")


def group_list_all() -> QuerySet[WorkingGroup]:
    """Every group, archived ones last, for stewards."""
    return _with_counts(WorkingGroup.objects.all()).order_by("status", "name")


def group_with_counts(*, slug: str) -> QuerySet[WorkingGroup]:
    return _with_counts(WorkingGroup.objects.filter(slug=slug))


def group_organisations(*, group: WorkingGroup) -> QuerySet[Organisation]:
    """Verified organisations with at least one active member in the group."""
    return (
        Organisation.objects.filter(
            verified_at__isnull=False,
            people__memberships__group=group,
            people__memberships__status=MembershipStatus.ACTIVE,
        )
        .distinct()
        .order_by("name")
    )


def group_members(*, group: WorkingGroup) -> QuerySet[Membership]:
    """Active members, conveners first, with their organisations."""
    return with_affiliation_evidence(
        Membership.objects.filter(group=group, status=MembershipStatus.ACTIVE)
        .select_related("user__organisation")
        .order_by("role", "user__first_name", "user__last_name", "user__email")
    )


def active_membership(*, user, group: WorkingGroup) -> Membership | None:
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(user=user, group=group, status=MembershipStatus.ACTIVE)
        .select_related("group")
        .first()
    )


def pending_request(*, user, group: WorkingGroup) -> JoinRequest | None:
    if not user.is_authenticated:
        return None
    return JoinRequest.objects.filter(
        user=user, group=group, status=JoinRequestStatus.PENDING
    ).first()


def _affiliation_evidence(person: str) -> dict:
    """The SQL twin of ``permissions.acts_for_organisation``, for lists of people.

    `person` is the path from the annotated row to the person ("user", or "pk" for users).
    `email_verified`: they confirmed the address they use here. `domain_matches`: that address
    is at one of their organisation's email domains, exactly (ADR 0016: a subdomain is not
    proof). `affiliation_confirmed`: a steward's or convener's confirmation for that
    organisation still stands. Without either, the organisation is only their word:
    self-declared. tests/community/test_affiliation_proof.py checks both agree.
    """
    prefix = "" if person == "pk" else f"{person}__"
    email = Lower(ExpressionWrapper(OuterRef(f"{prefix}email"), output_field=CharField()))
    return {
        "email_verified": Exists(
            EmailAddress.objects.filter(
                user=OuterRef(person), email__iexact=OuterRef(f"{prefix}email"), verified=True
            )
        ),
        "domain_matches": Exists(
            OrganisationDomain.objects.filter(organisation=OuterRef(f"{prefix}organisation"))
            .exclude(domain__in=PUBLIC_EMAIL_DOMAINS)
            .annotate(person_email=email)
            .filter(person_email__endswith=Concat(Value("@"), Lower("domain")))
        ),
        "affiliation_confirmed": Exists(
            AffiliationConfirmation.objects.filter(
                person=OuterRef(person),
                organisation=OuterRef(f"{prefix}organisation"),
                status=ConfirmationStatus.ACTIVE,
            )
        ),
    }


def with_affiliation_evidence(queryset: QuerySet, *, person: str = "user") -> QuerySet:
    """Annotate what backs up each person's stated organisation, for conveners to judge."""
    return queryset.annotate(**_affiliation_evidence(person))


def people_acting_for(*, organisation_id: int) -> QuerySet[User]:
    """Active people who act for the organisation, by the same rule as the permission."""
    evidence = _affiliation_evidence("pk")
    return (
        User.objects.filter(is_active=True, organisation_id=organisation_id)
        .annotate(**evidence)
        .filter(Q(email_verified=True) & (Q(domain_matches=True) | Q(affiliation_confirmed=True)))
    )


def people_with_unproven_or_confirmed_affiliation() -> QuerySet[User]:
    """For stewards: everyone whose organisation is not backed by their email domain, so either
    self-declared (to confirm, if they know) or confirmed (to revoke, if it stops being true)."""
    return (
        with_affiliation_evidence(
            User.objects.filter(organisation__isnull=False, is_active=True), person="pk"
        )
        .filter(domain_matches=False)
        .select_related("organisation")
        .order_by("affiliation_confirmed", "organisation__name", "email")
    )


def active_confirmations() -> QuerySet[AffiliationConfirmation]:
    return AffiliationConfirmation.objects.filter(status=ConfirmationStatus.ACTIVE).select_related(
        "person", "organisation", "confirmed_by"
    )


def pending_requests(*, group: WorkingGroup) -> QuerySet[JoinRequest]:
    return with_affiliation_evidence(
        JoinRequest.objects.filter(group=group, status=JoinRequestStatus.PENDING)
        .select_related("user__organisation")
        .order_by("created_at", "pk")
    )


def join_request_for_decision(*, group: WorkingGroup) -> QuerySet[JoinRequest]:
    """One group's requests, with what a convener needs to decide them."""
    return with_affiliation_evidence(
        JoinRequest.objects.filter(group=group).select_related("user__organisation", "decided_by")
    )


def open_invitations(*, group: WorkingGroup) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(
            group=group, status=InvitationStatus.PENDING, expires_at__gt=timezone.now()
        )
        .select_related("invited_by")
        .order_by("expires_at", "pk")
    )


def group_events(*, group: WorkingGroup) -> QuerySet[MembershipEvent]:
    return MembershipEvent.objects.filter(group=group).select_related(
        "actor", "subject", "group", "organisation"
    )


def invitation_by_token(*, token: str) -> Invitation | None:
    return (
        Invitation.objects.filter(token=token).select_related("group", "invited_by").first()
        if token
        else None
    )


# People and organisations -----------------------------------------------------------------------


def email_domain_candidates(email: str) -> list[str]:
    """The address's domain and each parent, so jo@housing.leeds.gov.uk also finds leeds.gov.uk."""
    domain = normalise_domain(email)
    if not domain or domain in PUBLIC_EMAIL_DOMAINS:
        return []
    parts = domain.split(".")
    candidates = [".".join(parts[index:]) for index in range(len(parts) - 1)]
    return [c for c in candidates if c not in PUBLIC_SUFFIXES and "." in c]


def organisations_for_email(*, email: str) -> QuerySet[Organisation]:
    candidates = email_domain_candidates(email)
    if not candidates:
        return Organisation.objects.none()
    return Organisation.objects.filter(domains__domain__in=candidates).distinct().order_by("name")


def organisation_search(*, query: str, limit: int = 20) -> QuerySet[Organisation]:
    query = (query or "").strip()
    if not query:
        return Organisation.objects.none()
    compact = "".join(query.split()).upper()
    return Organisation.objects.filter(Q(name__icontains=query) | Q(identifier=compact)).order_by(
        "name"
    )[:limit]


@dataclass(frozen=True)
class OrganisationOptions:
    """What a person can pick on the "Your organisation" page, suggestions first."""

    suggestions: list[Organisation]
    results: list[Organisation]
    choices: list[Organisation]


def organisation_options(*, user, query: str) -> OrganisationOptions:
    """The organisations the page offers, and so the only ones a person may choose.

    The form posts back to the same address, search included, so the same options are offered
    when it is checked. An id that was not offered is an error, not a way in.
    """
    suggestions = list(organisations_for_email(email=user.email))
    results = [o for o in organisation_search(query=query) if o not in suggestions]
    choices = suggestions + results
    if user.organisation_id and user.organisation_id not in {o.pk for o in choices}:
        choices.insert(0, user.organisation)
    return OrganisationOptions(suggestions=suggestions, results=results, choices=choices)


def organisations_to_verify() -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(verified_at__isnull=True)
        .select_related("registered_by")
        .prefetch_related("domains")
        .annotate(people_count=Count("people", distinct=True))
        .order_by("created_at", "pk")
    )


def user_by_email(*, email: str) -> User | None:
    email = (email or "").strip()
    if not email:
        return None
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
        user = address.user if address else None
    return user


def account_summary(*, user: User) -> dict:
    """Everything the "Your account" page shows about a person's community life."""
    organisation = (
        Organisation.objects.filter(pk=user.organisation_id).first()
        if user.organisation_id
        else None
    )
    memberships = list(
        Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE)
        .select_related("group")
        .order_by("group__name")
    )
    requests = list(
        JoinRequest.objects.filter(user=user, status=JoinRequestStatus.PENDING)
        .select_related("group")
        .order_by("created_at")
    )
    verified_emails = EmailAddress.objects.filter(user=user, verified=True).values("email")
    invitations = list(
        Invitation.objects.filter(
            email__in=verified_emails,
            status=InvitationStatus.PENDING,
            expires_at__gt=timezone.now(),
        )
        .select_related("group", "invited_by")
        .order_by("expires_at")
    )
    busy = {m.group_id for m in memberships} | {r.group_id for r in requests}
    suggested_groups = []
    if organisation:
        suggested_groups = [
            group
            for group in WorkingGroup.objects.filter(status=GroupStatus.ACTIVE).order_by("name")
            if organisation.type in group.organisation_types and group.pk not in busy
        ]
    return {
        "organisation": organisation,
        "memberships": memberships,
        "pending_requests": requests,
        "invitations": invitations,
        "suggested_groups": suggested_groups,
    }


# Personal access tokens -------------------------------------------------------------------------


def _live(now) -> Q:
    return Q(revoked_at__isnull=True, expires_at__gt=now)


def tokens_of(*, user) -> QuerySet[AccessToken]:
    """A person's tokens: those that work first, then revoked and expired ones, newest first."""
    now = timezone.now()
    return (
        AccessToken.objects.filter(owner=user)
        .annotate(
            live=Case(
                When(_live(now), then=Value(True)), default=False, output_field=BooleanField()
            )
        )
        .order_by("-live", "-created_at", "-pk")
    )


def tokens_live() -> QuerySet[AccessToken]:
    """Every token that works now, with its owner, for stewards."""
    return (
        AccessToken.objects.filter(_live(timezone.now()))
        .select_related("owner")
        .order_by("-created_at", "-pk")
    )

"""Thin views: validate a form, call one service, show refusals on the form, then redirect."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from community import permissions, selectors
from community.choices import MembershipRole
from community.exceptions import CommunityError
from community.forms import (
    AccessTokenForm,
    AppointConvenerForm,
    DecisionForm,
    GroupForm,
    InvitationForm,
    JoinRequestForm,
    OptionalReasonForm,
    OrganisationChooseForm,
    OrganisationRegisterForm,
    RequiredReasonForm,
    RoleChangeForm,
    TokenRevokeForm,
)
from community.models import (
    AccessToken,
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    User,
    WorkingGroup,
)
from community.selectors import email_domain_candidates
from community.services import affiliations as services_affiliations
from community.services import groups as services_groups
from community.services import invitations as services_invitations
from community.services import join_requests as services_join_requests
from community.services import memberships as services_memberships
from community.services import organisations as services_organisations
from community.services import tokens as services_tokens
from portal.text import clean_search_text

PAGE_SIZE = 20
LONG_PAGE_SIZE = 50
REFUSED = object()
GET_AND_POST = require_http_methods(["GET", "POST"])


def _attempt(form, service, **kwargs):
    """Run a service. If it refuses, put its message on the form and return REFUSED."""
    try:
        return service(**kwargs)
    except CommunityError as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
        return REFUSED


def _confirm(
    request: HttpRequest,
    form,
    action,
    *,
    success: str,
    next_url: str,
    title: str,
    body: str,
    button: str,
    crumbs: list[tuple[str, str]],
    back_url: str | None = None,
    warning: bool = False,
) -> HttpResponse:
    """Ask before a change that is hard to undo, then run `action` with the actor and reason.

    `action` is a service with its target already bound. On success, say so and go to `next_url`;
    on a refusal, show the page again with the refusal on the form. Cancel leads to `back_url`,
    which defaults to `next_url`.
    """
    if request.method == "POST" and form.is_valid():
        # A form may leave the reason out when nobody needs one (revoking your own token).
        reason = form.cleaned_data.get("reason", "")
        if _attempt(form, action, actor=request.user, reason=reason) is not REFUSED:
            messages.success(request, success)
            return redirect(next_url)
    return render(
        request,
        "community/confirm.html",
        {
            "form": form,
            "title": title,
            "body": body,
            "button": button,
            "warning": warning,
            "back_url": back_url or next_url,
            "crumbs": crumbs,
        },
    )


def _page(request: HttpRequest, items, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def _safe_next(request: HttpRequest) -> str | None:
    next_url = request.POST.get("next") or request.GET.get("next")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return None


def _community_crumb() -> tuple[str, str]:
    return ("Community", reverse("community:group_list"))


def _group_crumbs(group: WorkingGroup, *, manage: bool = False) -> list[tuple[str, str]]:
    crumbs = [_community_crumb(), (group.name, group.get_absolute_url())]
    if manage:
        crumbs.append(("Manage", reverse("community:group_manage", kwargs={"slug": group.slug})))
    return crumbs


def _managed_group(request: HttpRequest, slug: str, queryset=None) -> WorkingGroup:
    group = get_object_or_404(queryset if queryset is not None else WorkingGroup, slug=slug)
    if not permissions.can_manage_group(request.user, group):
        raise PermissionDenied
    return group


def _require_steward(request: HttpRequest) -> None:
    if not permissions.is_steward(request.user):
        raise PermissionDenied


def _steward_crumbs() -> list[tuple[str, str]]:
    return [_community_crumb(), ("Stewards", reverse("community:steward_overview"))]


# Public pages -----------------------------------------------------------------------------------


def group_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "community/group_list.html",
        {
            "groups": selectors.group_list_public(),
            "can_manage_groups": permissions.can_manage_groups(request.user),
        },
    )


def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(selectors.group_with_counts(slug=slug))
    user = request.user
    membership = selectors.active_membership(user=user, group=group)
    can_view_members = permissions.can_view_members(user, group)
    if can_view_members:
        page_obj = _page(request, selectors.group_members(group=group), LONG_PAGE_SIZE)
    else:
        page_obj = _page(request, selectors.group_organisations(group=group), LONG_PAGE_SIZE)
    return render(
        request,
        "community/group_detail.html",
        {
            "group": group,
            "membership": membership,
            "pending_request": None
            if membership
            else selectors.pending_request(user=user, group=group),
            "can_view_members": can_view_members,
            "can_request_to_join": permissions.can_request_to_join(user, group),
            "can_manage": permissions.can_manage_group(user, group),
            "page_obj": page_obj,
            "crumbs": [_community_crumb()],
        },
    )


# Your account and your organisation -------------------------------------------------------------


@login_required
def account_overview(request: HttpRequest) -> HttpResponse:
    context = selectors.account_summary(user=request.user)
    context["is_steward"] = permissions.is_steward(request.user)
    context["affiliation"] = permissions.affiliation(
        request.user, organisation=context["organisation"]
    )
    return render(request, "community/account_overview.html", context)


@login_required
@GET_AND_POST
def organisation_choose(request: HttpRequest) -> HttpResponse:
    user = request.user
    query = clean_search_text(request.GET.get("q", ""))[:100]
    options = selectors.organisation_options(user=user, query=query)

    if request.method == "POST":
        form = OrganisationChooseForm(request.POST, organisations=options.choices)
        if form.is_valid():
            organisation = form.chosen
            if (
                _attempt(
                    form,
                    services_organisations.person_organisation_set,
                    actor=user,
                    organisation=organisation,
                )
                is not REFUSED
            ):
                message = f"Your organisation is now {organisation.name}"
                if not permissions.acts_for_organisation(user, organisation):
                    # Say so at once: choosing is not enough to act for it (ADR 0016).
                    message += (
                        ". It is self-declared until you use an email address at one of its "
                        "domains, or a convener or steward confirms that you work there"
                    )
                messages.success(request, message)
                return redirect(_safe_next(request) or "account_overview")
    else:
        initial = {"organisation": str(user.organisation_id)} if user.organisation_id else {}
        form = OrganisationChooseForm(organisations=options.choices, initial=initial)

    return render(
        request,
        "community/organisation_choose.html",
        {
            "form": form,
            "query": query,
            "suggestions": options.suggestions,
            "results": options.results,
            "has_options": bool(options.choices),
            "email_domain": (email_domain_candidates(user.email) or [""])[0],
            "next": _safe_next(request) or "",
            "crumbs": [("Your account", reverse("account_overview"))],
        },
    )


@login_required
@GET_AND_POST
def organisation_register(request: HttpRequest) -> HttpResponse:
    domains = email_domain_candidates(request.user.email)
    form = OrganisationRegisterForm(
        request.POST or None, initial={"email_domains": domains[0] if domains else ""}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = _attempt(
            form,
            services_organisations.organisation_register,
            actor=request.user,
            name=data["name"],
            type=data["type"],
            identifier=data["identifier"],
            email_domains=data["email_domains"],
        )
        if organisation is not REFUSED:
            messages.success(
                request,
                f"You have registered {organisation.name}. The data standards team will check "
                "and verify it. You can ask to join a working group now.",
            )
            return redirect(_safe_next(request) or "account_overview")
    return render(
        request,
        "community/organisation_register.html",
        {"form": form, "next": _safe_next(request) or ""},
    )


# Personal access tokens for the API -------------------------------------------------------------


def _account_crumbs() -> list[tuple[str, str]]:
    return [("Your account", reverse("account_overview"))]


def _token_crumbs() -> list[tuple[str, str]]:
    return [*_account_crumbs(), ("Personal access tokens", reverse("token_list"))]


def _token_or_404(request: HttpRequest, pk: int) -> AccessToken:
    """The token, for its owner or a steward. Anyone else gets 404, not 403, so nobody can
    learn which token ids exist."""
    token = get_object_or_404(AccessToken.objects.select_related("owner"), pk=pk)
    if not permissions.can_see_token(request.user, token):
        raise Http404
    return token


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "community/tokens/list.html",
        {
            "page_obj": _page(request, selectors.tokens_of(user=request.user)),
            "crumbs": _account_crumbs(),
        },
    )


@login_required
@GET_AND_POST
def token_create(request: HttpRequest) -> HttpResponse:
    form = AccessTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = _attempt(
            form,
            services_tokens.token_create,
            owner=request.user,
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            days=form.cleaned_data["days"],
        )
        if created is not REFUSED:
            token, raw_token = created
            # Shown in the answer to the POST itself, never redirected to, so the token is in
            # no URL, session or log, and cannot be shown again.
            response = render(
                request,
                "community/tokens/created.html",
                {"token": token, "raw_token": raw_token, "crumbs": _token_crumbs()},
            )
            response["Cache-Control"] = "no-store"
            return response
    return render(
        request,
        "community/tokens/form.html",
        {"form": form, "crumbs": _token_crumbs()},
    )


@login_required
@GET_AND_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = _token_or_404(request, pk)
    on_behalf = token.owner_id != request.user.pk
    if on_behalf:
        next_url = reverse("community:steward_token_list")
        title = f"Revoke {token.owner}’s token {token.name}?"
        body = (
            f"Anything that uses it will stop working at once. We will email {token.owner} "
            "to tell them. You cannot undo this."
        )
        success = f"You revoked {token.owner}’s token {token.name}. We have emailed them."
        crumbs = [*_steward_crumbs(), ("Personal access tokens", next_url)]
    else:
        next_url = reverse("token_list")
        title = f"Revoke your token {token.name}?"
        body = (
            "Anything that uses it will stop working at once. You cannot undo this, but you "
            "can create a new token."
        )
        success = f"You revoked your token {token.name}. It no longer works."
        crumbs = _token_crumbs()
    return _confirm(
        request,
        # Bound on any POST: an owner's form has no fields, so its POST may be empty.
        TokenRevokeForm(request.POST if request.method == "POST" else None, on_behalf=on_behalf),
        partial(services_tokens.token_revoke, token=token),
        success=success,
        next_url=next_url,
        title=title,
        body=body,
        button="Revoke token",
        warning=True,
        crumbs=crumbs,
    )


# Joining and leaving ----------------------------------------------------------------------------


@login_required
@GET_AND_POST
def join_request_create(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(WorkingGroup, slug=slug)
    if permissions.is_member(request.user, group):
        messages.info(request, f"You are already a member of {group.name}")
        return redirect(group)
    if not group.is_active:
        messages.info(request, f"{group.name} has been archived and is not taking new members")
        return redirect(group)
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = _attempt(
            form,
            services_join_requests.join_request_create,
            actor=request.user,
            group=group,
            statement=form.cleaned_data["statement"],
        )
        if result is not REFUSED:
            messages.success(
                request,
                f"Your request to join {group.name} has been sent to its conveners. "
                "We will email you when they decide.",
            )
            return redirect(group)
    return render(
        request,
        "community/join_request_form.html",
        {
            "group": group,
            "form": form,
            "organisation": request.user.organisation,
            "pending_request": selectors.pending_request(user=request.user, group=group),
            "crumbs": _group_crumbs(group),
        },
    )


@login_required
@GET_AND_POST
def join_request_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    join_request = get_object_or_404(JoinRequest.objects.select_related("group"), pk=pk)
    if not permissions.can_withdraw_request(request.user, join_request):
        raise PermissionDenied
    account_url = reverse("account_overview")
    return _confirm(
        request,
        OptionalReasonForm(request.POST or None),
        partial(services_join_requests.join_request_withdraw, join_request=join_request),
        success=f"You have withdrawn your request to join {join_request.group}",
        next_url=account_url,
        title=f"Withdraw your request to join {join_request.group}?",
        body="The group's conveners will no longer see your request. You can ask again later.",
        button="Withdraw request",
        crumbs=[("Your account", account_url)],
    )


@login_required
@GET_AND_POST
def membership_leave(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(WorkingGroup, slug=slug)
    membership = selectors.active_membership(user=request.user, group=group)
    if membership is None:
        messages.info(request, f"You are not a member of {group.name}")
        return redirect(group)
    return _confirm(
        request,
        OptionalReasonForm(request.POST or None, help_text="The group's conveners will see this."),
        partial(services_memberships.membership_leave, membership=membership),
        success=f"You have left {group.name}",
        next_url=reverse("account_overview"),
        back_url=group.get_absolute_url(),
        title=f"Are you sure you want to leave {group.name}?",
        body="You will no longer take part in its discussions and votes. To rejoin, "
        "you will need to ask again or be invited.",
        button="Leave group",
        warning=True,
        crumbs=_group_crumbs(group),
    )


def invitation_detail(request: HttpRequest, token: str) -> HttpResponse:
    """Anyone with the link sees the invitation; the invitee signs in or signs up, then accepts."""
    invitation = selectors.invitation_by_token(token=token)
    if invitation is None:
        return render(request, "community/invitation_missing.html", status=404)
    error = None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            services_invitations.invitation_accept(actor=request.user, invitation=invitation)
        except CommunityError as refusal:
            error = refusal.message
        else:
            messages.success(request, f"You are now a member of {invitation.group.name}")
            return redirect(invitation.group)
    return render(
        request,
        "community/invitation_detail.html",
        {
            "invitation": invitation,
            "error": error,
            "is_open": invitation.is_open,
            "is_member": permissions.is_member(request.user, invitation.group),
        },
    )


# Running a group --------------------------------------------------------------------------------


@login_required
def group_manage(request: HttpRequest, slug: str) -> HttpResponse:
    group = _managed_group(request, slug, selectors.group_with_counts(slug=slug))
    invitations = selectors.open_invitations(group=group)
    return render(
        request,
        "community/manage/dashboard.html",
        {
            "group": group,
            "page_obj": _page(request, selectors.pending_requests(group=group)),
            "invitations": invitations[:10],
            "invitation_count": invitations.count(),
            "events": selectors.group_events(group=group)[:10],
            "can_invite": permissions.can_invite(request.user, group),
            "crumbs": _group_crumbs(group),
        },
    )


@login_required
def group_members_manage(request: HttpRequest, slug: str) -> HttpResponse:
    group = _managed_group(request, slug)
    return render(
        request,
        "community/manage/members.html",
        {
            "group": group,
            "page_obj": _page(request, selectors.group_members(group=group), LONG_PAGE_SIZE),
            "can_change": group.is_active and permissions.can_change_role(request.user, group),
            "crumbs": _group_crumbs(group, manage=True),
        },
    )


@login_required
def group_invitations(request: HttpRequest, slug: str) -> HttpResponse:
    group = _managed_group(request, slug)
    return render(
        request,
        "community/manage/invitations.html",
        {
            "group": group,
            "page_obj": _page(request, selectors.open_invitations(group=group)),
            "can_invite": permissions.can_invite(request.user, group),
            "crumbs": _group_crumbs(group, manage=True),
        },
    )


@login_required
def group_history(request: HttpRequest, slug: str) -> HttpResponse:
    group = _managed_group(request, slug)
    return render(
        request,
        "community/manage/history.html",
        {
            "group": group,
            "page_obj": _page(request, selectors.group_events(group=group), LONG_PAGE_SIZE),
            "crumbs": _group_crumbs(group, manage=True),
        },
    )


@login_required
@GET_AND_POST
def join_request_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = _managed_group(request, slug)
    join_request = get_object_or_404(selectors.join_request_for_decision(group=group), pk=pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == DecisionForm.APPROVE
        result = _attempt(
            form,
            services_join_requests.join_request_approve
            if approve
            else services_join_requests.join_request_reject,
            actor=request.user,
            join_request=join_request,
            reason=form.cleaned_data["reason"],
        )
        if result is REFUSED:
            # Someone may have decided it meanwhile: show the request as it is now.
            join_request.refresh_from_db()
        else:
            verb = "approved" if approve else "rejected"
            messages.success(
                request,
                f"You {verb} {join_request.user}'s request to join. We have emailed them.",
            )
            return redirect("community:group_manage", slug=group.slug)
    return render(
        request,
        "community/manage/decide.html",
        {
            "group": group,
            "join_request": join_request,
            "form": form,
            "crumbs": _group_crumbs(group, manage=True),
        },
    )


@login_required
@GET_AND_POST
def invitation_create(request: HttpRequest, slug: str) -> HttpResponse:
    group = _managed_group(request, slug)
    if not permissions.can_invite(request.user, group):
        raise PermissionDenied
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation = _attempt(
            form,
            services_invitations.invitation_create,
            actor=request.user,
            group=group,
            email=form.cleaned_data["email"],
            message=form.cleaned_data["message"],
        )
        if invitation is not REFUSED:
            messages.success(request, f"We have sent an invitation to {invitation.email}")
            return redirect("community:group_invitations", slug=group.slug)
    return render(
        request,
        "community/manage/invite.html",
        {"group": group, "form": form, "crumbs": _group_crumbs(group, manage=True)},
    )


@login_required
@GET_AND_POST
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = _managed_group(request, slug)
    invitation = get_object_or_404(Invitation, pk=pk, group=group)
    return _confirm(
        request,
        OptionalReasonForm(request.POST or None, help_text="Kept in the group's history."),
        partial(services_invitations.invitation_revoke, invitation=invitation),
        success=f"You revoked the invitation for {invitation.email}",
        next_url=reverse("community:group_invitations", kwargs={"slug": group.slug}),
        title=f"Revoke the invitation for {invitation.email}?",
        body="The link in their email will stop working. You can invite them again later.",
        button="Revoke invitation",
        warning=True,
        crumbs=_group_crumbs(group, manage=True),
    )


@login_required
@GET_AND_POST
def membership_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = _managed_group(request, slug)
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk, group=group)
    if not permissions.can_remove_member(request.user, membership):
        raise PermissionDenied
    form = RequiredReasonForm(
        request.POST or None,
        help_text=f"{membership.user} will see this in an email. It is kept in the group's "
        "history.",
    )
    return _confirm(
        request,
        form,
        partial(services_memberships.membership_remove, membership=membership),
        success=f"You removed {membership.user} from {group.name}",
        next_url=reverse("community:group_members_manage", kwargs={"slug": group.slug}),
        title=f"Remove {membership.user} from {group.name}?",
        body="They will no longer take part in the group's discussions and votes.",
        button="Remove member",
        warning=True,
        crumbs=_group_crumbs(group, manage=True),
    )


@login_required
@GET_AND_POST
def membership_role_change(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = _managed_group(request, slug)
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk, group=group)
    target = (
        MembershipRole.MEMBER
        if membership.role == MembershipRole.CONVENER
        else MembershipRole.CONVENER
    )
    form = RoleChangeForm(request.POST or None, initial={"role": target})
    if form.is_valid():
        # The posted role, not the opposite of the current one, so a resubmit cannot flip it back.
        target = form.cleaned_data["role"]
    promote = target == MembershipRole.CONVENER
    return _confirm(
        request,
        form,
        partial(services_memberships.membership_role_change, membership=membership, role=target),
        success=f"{membership.user} is now a {MembershipRole(target).label.lower()} of "
        f"{group.name}. We have emailed them.",
        next_url=reverse("community:group_members_manage", kwargs={"slug": group.slug}),
        title=(
            f"Make {membership.user} a convener?"
            if promote
            else f"Make {membership.user} a member instead of a convener?"
        ),
        body=(
            "Conveners admit and remove members, invite people and run the group's votes."
            if promote
            else "They will stay in the group but can no longer run it."
        ),
        button="Make convener" if promote else "Make member",
        crumbs=_group_crumbs(group, manage=True),
    )


# Stewards ---------------------------------------------------------------------------------------


@login_required
def steward_overview(request: HttpRequest) -> HttpResponse:
    _require_steward(request)
    return render(
        request,
        "community/steward/overview.html",
        {
            "page_obj": _page(request, selectors.organisations_to_verify()),
            "groups": selectors.group_list_all(),
            "crumbs": [_community_crumb()],
        },
    )


@login_required
def steward_token_list(request: HttpRequest) -> HttpResponse:
    """Every token that works now, so stewards can revoke one that leaked or is misused."""
    _require_steward(request)
    return render(
        request,
        "community/steward/tokens.html",
        {
            "page_obj": _page(request, selectors.tokens_live(), LONG_PAGE_SIZE),
            "crumbs": _steward_crumbs(),
        },
    )


@login_required
@GET_AND_POST
def organisation_verify(request: HttpRequest, pk: int) -> HttpResponse:
    _require_steward(request)
    organisation = get_object_or_404(
        Organisation.objects.select_related("registered_by", "verified_by").prefetch_related(
            "domains"
        ),
        pk=pk,
    )
    error = None
    if request.method == "POST":
        try:
            services_organisations.organisation_verify(
                actor=request.user, organisation=organisation
            )
        except CommunityError as refusal:
            error = refusal.message
        else:
            messages.success(
                request, f"You verified {organisation.name}. We have emailed its people."
            )
            return redirect("community:steward_overview")
    return render(
        request,
        "community/steward/verify.html",
        {"organisation": organisation, "error": error, "crumbs": _steward_crumbs()},
    )


@login_required
@GET_AND_POST
def group_create(request: HttpRequest) -> HttpResponse:
    _require_steward(request)
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        group = _attempt(
            form, services_groups.group_create, actor=request.user, **form.cleaned_data
        )
        if group is not REFUSED:
            messages.success(request, f"You created {group.name}. Appoint a convener to run it.")
            return redirect("community:convener_appoint", slug=group.slug)
    return render(
        request,
        "community/steward/group_form.html",
        {"form": form, "crumbs": _steward_crumbs()},
    )


@login_required
@GET_AND_POST
def group_archive(request: HttpRequest, slug: str) -> HttpResponse:
    _require_steward(request)
    group = get_object_or_404(WorkingGroup, slug=slug)
    return _confirm(
        request,
        RequiredReasonForm(request.POST or None, help_text="Shown in the group's history."),
        partial(services_groups.group_archive, group=group),
        success=f"You archived {group.name}",
        next_url=reverse("community:steward_overview"),
        title=f"Archive {group.name}?",
        body="The group will leave the public list. Its members and history are kept. "
        "Requests to join are rejected and open invitations are revoked.",
        button="Archive group",
        warning=True,
        crumbs=_steward_crumbs(),
    )


@login_required
@GET_AND_POST
def convener_appoint(request: HttpRequest, slug: str) -> HttpResponse:
    _require_steward(request)
    group = get_object_or_404(WorkingGroup, slug=slug)
    form = AppointConvenerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        if (
            _attempt(
                form,
                services_groups.convener_appoint,
                actor=request.user,
                group=group,
                person=person,
                reason=form.cleaned_data["reason"],
            )
            is not REFUSED
        ):
            messages.success(request, f"{person} is now a convener of {group.name}")
            return redirect("community:group_manage", slug=group.slug)
    return render(
        request,
        "community/steward/appoint.html",
        {"group": group, "form": form, "crumbs": _steward_crumbs()},
    )


# Confirming where people work (ADR 0016) --------------------------------------------------------


def _affiliation_person(request: HttpRequest, pk: int) -> User:
    person = get_object_or_404(User.objects.select_related("organisation"), pk=pk)
    if not permissions.can_confirm_affiliation(request.user, person):
        raise PermissionDenied
    return person


def _affiliation_back(request: HttpRequest, person: User) -> str:
    """Where to go afterwards: the page the link was on, else the confirmer's list of people."""
    if next_url := _safe_next(request):
        return next_url
    if permissions.is_steward(request.user):
        return reverse("community:affiliation_list")
    group = permissions.convened_group_of(request.user, person)
    if group is not None:
        return reverse("community:group_members_manage", kwargs={"slug": group.slug})
    return reverse("account_overview")


@login_required
@GET_AND_POST
def affiliation_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    person = _affiliation_person(request, pk)
    organisation = person.organisation
    where = organisation.name if organisation else "their organisation"
    return _confirm(
        request,
        OptionalReasonForm(
            request.POST or None,
            help_text="How you know they work there, for example who at the organisation you "
            "checked with. They and the stewards will see this.",
        ),
        partial(services_affiliations.affiliation_confirm, person=person),
        success=f"You confirmed that {person} works for {where}. We have emailed them.",
        next_url=_affiliation_back(request, person),
        title=f"Confirm that {person} works for {where}?",
        body=f"{person} ({person.email}) says they work for {where}, but their email address is "
        f"not at any of its email domains. Confirm only if you know they work there. They will "
        f"then be able to act for {where}: manage its webhook endpoints and its entries in the "
        "adoption register. The confirmation ends if they choose another organisation.",
        button="Confirm where they work",
        crumbs=[_community_crumb()],
    )


@login_required
@GET_AND_POST
def affiliation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    person = _affiliation_person(request, pk)
    confirmation = get_object_or_404(
        selectors.active_confirmations().filter(person=person), organisation=person.organisation
    )
    confirmed_on = dateformat.format(timezone.localtime(confirmation.confirmed_at), "j F Y")
    return _confirm(
        request,
        RequiredReasonForm(
            request.POST or None,
            help_text=f"{person} will see this in an email. It is kept in the history.",
        ),
        partial(services_affiliations.affiliation_revoke, confirmation=confirmation),
        success=f"{person} can no longer act for {confirmation.organisation}. We have emailed "
        "them.",
        next_url=_affiliation_back(request, person),
        title=f"Revoke the confirmation that {person} works for {confirmation.organisation}?",
        body=f"{confirmation.confirmed_by} confirmed it on {confirmed_on}. Once you revoke it, "
        f"{person} can no longer act for {confirmation.organisation} unless their email address "
        "is at one of its domains.",
        button="Revoke confirmation",
        warning=True,
        crumbs=[_community_crumb()],
    )


@login_required
def affiliation_list(request: HttpRequest) -> HttpResponse:
    """Stewards: people whose organisation is self-declared or confirmed, to confirm or revoke."""
    _require_steward(request)
    return render(
        request,
        "community/steward/affiliations.html",
        {
            "page_obj": _page(
                request, selectors.people_with_unproven_or_confirmed_affiliation(), LONG_PAGE_SIZE
            ),
            "crumbs": _steward_crumbs(),
        },
    )

"""Stewards manage organisations, groups and memberships in the Wagtail admin.

Saves go through the same services as the portal, so the admin keeps the same rules (valid
identifiers, never losing the last convener) and writes the same membership events. The history
view shows the django-simple-history rows, which cover changes made anywhere, not only here.
"""

from django import forms
from django.db.models import Q
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from community import selectors
from community.choices import OrganisationType
from community.exceptions import CommunityError
from community.models import (
    AccessToken,
    AffiliationConfirmation,
    Membership,
    MembershipEvent,
    Organisation,
    User,
    WorkingGroup,
)
from community.permissions import STEWARDS_GROUP, is_steward
from community.services import groups as services_groups
from community.services import memberships as services_memberships
from community.services import organisations as services_organisations
from portal.forms import TextHygieneMixin


class StewardPermissionPolicy(BasePermissionPolicy):
    """Stewards may take the listed actions; nobody else may. Deleting is never offered."""

    def __init__(self, model, actions: set[str]):
        super().__init__(model)
        self.actions = actions

    def user_has_permission(self, user, action):
        return action in self.actions and is_steward(user)

    def users_with_any_permission(self, actions):
        if not self.actions & set(actions):
            return User.objects.none()
        return User.objects.filter(
            Q(is_superuser=True) | Q(groups__name=STEWARDS_GROUP), is_active=True
        ).distinct()


EDITABLE = {"add", "change", "view"}
register_permission_policy(Organisation, StewardPermissionPolicy(Organisation, EDITABLE))
register_permission_policy(WorkingGroup, StewardPermissionPolicy(WorkingGroup, EDITABLE))
register_permission_policy(Membership, StewardPermissionPolicy(Membership, EDITABLE))
register_permission_policy(MembershipEvent, StewardPermissionPolicy(MembershipEvent, {"view"}))
# Confirmations are given and revoked only through the portal's pages and services, which check
# who may vouch and write the event; the admin shows them and their history.
register_permission_policy(
    AffiliationConfirmation, StewardPermissionPolicy(AffiliationConfirmation, {"view"})
)

# Tokens are created and revoked only on the portal's pages, which show the token once and email
# its owner; the admin lists them and their history.
register_permission_policy(AccessToken, StewardPermissionPolicy(AccessToken, {"view"}))

# History from simple-history --------------------------------------------------------------------


def _describe_change(record) -> str:
    if record.history_type == "+":
        return "Created"
    if record.history_type == "-":
        return "Deleted"
    previous = record.prev_record
    if previous is None:
        return "Changed"
    fields = [change.field.replace("_", " ") for change in record.diff_against(previous).changes]
    return f"Changed {', '.join(fields)}" if fields else "Saved with no changes"


class SimpleHistoryView(HistoryView):
    """Wagtail's history page, listing simple-history rows instead of Wagtail's own log."""

    filterset_class = None

    @property
    def columns(self):
        return [
            Column("change", label="Change", accessor=_describe_change),
            Column("history_change_reason", label="Reason"),
            Column(
                "history_user",
                label="By",
                accessor=lambda record: str(record.history_user or "The system"),
                width="20%",
            ),
            DateColumn("history_date", label="Date", width="15%"),
        ]

    def get_base_queryset(self):
        return self.object.history.select_related("history_user").order_by("-history_date")


# Forms and service-backed create and edit views --------------------------------------------------


class ServiceSaveMixin:
    """Save through a community service; show its refusal on the form as in the portal."""

    def run_service(self, form):
        raise NotImplementedError

    def save_instance(self):
        return self.run_service(self.form)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except CommunityError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class OrganisationAdminForm(TextHygieneMixin, forms.ModelForm):
    email_domains = forms.CharField(
        required=False,
        help_text="Separate more than one with commas, like example.gov.uk, example.org.uk",
    )

    class Meta:
        model = Organisation
        fields = ["name", "type", "identifier"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["email_domains"].initial = ", ".join(
                self.instance.domains.values_list("domain", flat=True)
            )


def _organisation_fields(form) -> dict:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "type": data["type"],
        "identifier": data["identifier"],
        "email_domains": data["email_domains"],
    }


class OrganisationCreateView(ServiceSaveMixin, generic.CreateView):
    def run_service(self, form):
        return services_organisations.organisation_create(
            actor=self.request.user, **_organisation_fields(form)
        )


class OrganisationEditView(ServiceSaveMixin, generic.EditView):
    def run_service(self, form):
        return services_organisations.organisation_update(
            actor=self.request.user, organisation=self.object, **_organisation_fields(form)
        )


class WorkingGroupAdminForm(TextHygieneMixin, forms.ModelForm):
    organisation_types = forms.MultipleChoiceField(
        choices=OrganisationType.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = WorkingGroup
        fields = ["name", "remit", "organisation_types"]


def _group_fields(form) -> dict:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "remit": data["remit"],
        "organisation_types": data["organisation_types"],
    }


class WorkingGroupCreateView(ServiceSaveMixin, generic.CreateView):
    def run_service(self, form):
        return services_groups.group_create(actor=self.request.user, **_group_fields(form))


class WorkingGroupEditView(ServiceSaveMixin, generic.EditView):
    def run_service(self, form):
        return services_groups.group_update(
            actor=self.request.user, group=self.object, **_group_fields(form)
        )


class MembershipAddForm(TextHygieneMixin, forms.ModelForm):
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = Membership
        fields = ["user", "group", "role"]


class MembershipEditForm(TextHygieneMixin, forms.ModelForm):
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = Membership
        fields = ["role"]


def _affiliation_label(membership) -> str:
    """The same labels as the portal's (ADR 0016): only proof lets a person act for it."""
    organisation = membership.user.organisation
    if organisation is None:
        return "Not given"
    if membership.email_verified and membership.domain_matches:
        return f"{organisation} (email domain matches)"
    if membership.email_verified and membership.affiliation_confirmed:
        return f"{organisation} (confirmed)"
    return f"{organisation} (self-declared)"


class MembershipIndexView(generic.IndexView):
    def get_base_queryset(self):
        return selectors.with_affiliation_evidence(
            super().get_base_queryset().select_related("user__organisation", "group")
        )


class MembershipCreateView(ServiceSaveMixin, generic.CreateView):
    def run_service(self, form):
        data = form.cleaned_data
        return services_memberships.membership_add(
            actor=self.request.user,
            group=data["group"],
            person=data["user"],
            role=data["role"],
            reason=data["reason"],
        )


class MembershipEditView(ServiceSaveMixin, generic.EditView):
    def run_service(self, form):
        return services_memberships.membership_role_change(
            actor=self.request.user,
            membership=self.object,
            role=form.cleaned_data["role"],
            reason=form.cleaned_data["reason"],
        )


# Viewsets ---------------------------------------------------------------------------------------


class OrganisationViewSet(ModelViewSet):
    name = "community_organisations"
    url_prefix = "community/organisations"
    model = Organisation
    icon = "group"
    add_view_class = OrganisationCreateView
    edit_view_class = OrganisationEditView
    history_view_class = SimpleHistoryView
    copy_view_enabled = False
    # Nothing links to community rows from pages or snippets; indexing every membership save
    # would only queue work.
    add_to_reference_index = False
    inspect_view_enabled = True
    list_display = ["name", "type", "identifier", "verified_at"]
    list_filter = ["type"]
    search_fields = ["name", "identifier"]
    search_backend_name = None

    def get_form_class(self, for_update=False):
        return OrganisationAdminForm


class WorkingGroupViewSet(ModelViewSet):
    name = "community_groups"
    url_prefix = "community/groups"
    model = WorkingGroup
    icon = "folder-open-inverse"
    add_view_class = WorkingGroupCreateView
    edit_view_class = WorkingGroupEditView
    history_view_class = SimpleHistoryView
    copy_view_enabled = False
    # Nothing links to community rows from pages or snippets; indexing every membership save
    # would only queue work.
    add_to_reference_index = False
    inspect_view_enabled = True
    list_display = ["name", "slug", "status"]
    list_filter = ["status"]

    def get_form_class(self, for_update=False):
        return WorkingGroupAdminForm


class MembershipViewSet(ModelViewSet):
    name = "community_memberships"
    url_prefix = "community/memberships"
    model = Membership
    icon = "user"
    index_view_class = MembershipIndexView
    add_view_class = MembershipCreateView
    edit_view_class = MembershipEditView
    history_view_class = SimpleHistoryView
    copy_view_enabled = False
    # Nothing links to community rows from pages or snippets; indexing every membership save
    # would only queue work.
    add_to_reference_index = False
    inspect_view_enabled = True
    list_display = [
        "user",
        "group",
        "role",
        "status",
        Column("affiliation", label="Organisation", accessor=_affiliation_label),
        "joined_at",
    ]
    list_filter = ["group", "role", "status"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    search_backend_name = None

    def get_form_class(self, for_update=False):
        return MembershipEditForm if for_update else MembershipAddForm


class MembershipEventViewSet(ModelViewSet):
    name = "community_events"
    url_prefix = "community/events"
    model = MembershipEvent
    icon = "history"
    copy_view_enabled = False
    # Nothing links to community rows from pages or snippets; indexing every membership save
    # would only queue work.
    add_to_reference_index = False
    inspect_view_enabled = True
    list_display = ["created_at", "kind", "actor", "subject", "group", "reason"]
    list_filter = ["kind", "group"]
    form_fields = []


class AffiliationConfirmationViewSet(ModelViewSet):
    name = "community_affiliations"
    url_prefix = "community/affiliations"
    model = AffiliationConfirmation
    menu_label = "Affiliation confirmations"
    icon = "tick-inverse"
    history_view_class = SimpleHistoryView
    copy_view_enabled = False
    add_to_reference_index = False
    inspect_view_enabled = True
    list_display = [
        "person",
        "organisation",
        "status",
        "confirmed_by",
        "confirmed_as",
        "confirmed_at",
    ]
    list_filter = ["status", "confirmed_as"]
    search_fields = ["person__email", "organisation__name"]
    search_backend_name = None
    form_fields = []


class AccessTokenViewSet(ModelViewSet):
    name = "community_tokens"
    url_prefix = "community/tokens"
    model = AccessToken
    menu_label = "Personal access tokens"
    icon = "key"
    history_view_class = SimpleHistoryView
    copy_view_enabled = False
    add_to_reference_index = False
    inspect_view_enabled = True
    # Everything but the hash: it is no secret, but nobody needs to read it.
    inspect_view_fields = [
        "owner",
        "name",
        "prefix",
        "scopes",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    ]
    list_display = ["name", "owner", "prefix", "created_at", "expires_at", "revoked_at"]
    search_fields = ["name", "prefix", "owner__email"]
    search_backend_name = None
    form_fields = []


class CommunityViewSetGroup(ViewSetGroup):
    menu_label = "Community"
    menu_icon = "group"
    menu_order = 250
    items = (
        OrganisationViewSet,
        WorkingGroupViewSet,
        MembershipViewSet,
        AffiliationConfirmationViewSet,
        AccessTokenViewSet,
        MembershipEventViewSet,
    )


@hooks.register("register_admin_viewset")
def register_community_viewsets():
    return CommunityViewSetGroup()

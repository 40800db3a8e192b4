"""Wagtail admin for the adoption tools. Each tool keeps its own section below."""

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from community.wagtail_hooks import SimpleHistoryView, StewardPermissionPolicy

from .models import AdoptionRecord, RequirementTemplate

# Procurement requirements builder ----------------------------------------------------------------
# Stewards edit the wording of each requirement here; every buyer's document uses it from then on.
# Requirements are retired by clearing "active" rather than deleted, so their history stays.
# The form runs ``RequirementTemplate.clean``, which refuses unknown placeholders and wording
# that does not match the MUST or SHOULD chosen. simple-history records who changed what.

register_permission_policy(
    RequirementTemplate,
    StewardPermissionPolicy(RequirementTemplate, {"add", "change", "view"}),
)


class RequirementTemplateViewSet(ModelViewSet):
    name = "adoption_requirements"
    url_prefix = "adoption/requirements"
    model = RequirementTemplate
    menu_label = "Tender requirements"
    icon = "list-ol"
    menu_order = 270
    add_to_admin_menu = True
    history_view_class = SimpleHistoryView
    copy_view_enabled = False
    add_to_reference_index = False
    inspect_view_enabled = True
    list_display = ["key", "section", "strength", "applies_to", "sort_order", "active"]
    list_filter = ["section", "strength", "active"]
    search_fields = ["key", "body"]
    search_backend_name = None
    form_fields = [
        "key",
        "section",
        "strength",
        "body",
        "applies_to",
        "min_access_level",
        "max_access_level",
        "needs_write_access",
        "sort_order",
        "active",
    ]


@hooks.register("register_admin_viewset")
def register_builder_viewset():
    return RequirementTemplateViewSet()


# Adoption register -------------------------------------------------------------------------------
# Stewards look through every declaration here, hidden and withdrawn ones included, with their
# field history. Nothing is edited here: hiding and showing go through the register's own pages
# (and ``adoption.register.services``), so each has a reason and an event.

register_permission_policy(AdoptionRecord, StewardPermissionPolicy(AdoptionRecord, {"view"}))


class AdoptionRecordHistoryView(SimpleHistoryView):
    # Wagtail asks for an editing permission here; stewards only view declarations.
    any_permission_required = ["view"]


class AdoptionRecordViewSet(ModelViewSet):
    name = "adoption_register"
    url_prefix = "adoption/register"
    model = AdoptionRecord
    menu_label = "Adoption register"
    icon = "tick-inverse"
    menu_order = 271
    add_to_admin_menu = True
    history_view_class = AdoptionRecordHistoryView
    copy_view_enabled = False
    add_to_reference_index = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "organisation",
        "version",
        "components",
        "status",
        "system_name",
        "declared_by",
        "created_at",
        "updated_at",
        "withdrawn_at",
        "hidden_at",
        "hidden_by",
        "hidden_reason",
    ]
    list_display = ["system_name", "organisation", "version", "status", "hidden_at", "withdrawn_at"]
    list_filter = ["status"]
    search_fields = ["system_name", "organisation__name"]
    search_backend_name = None
    form_fields = ["status"]


@hooks.register("register_admin_viewset")
def register_register_viewset():
    return AdoptionRecordViewSet()

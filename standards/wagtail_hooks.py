"""Stewards can look up proposals and their events in the Wagtail admin, read-only.

Every change to a proposal goes through the portal's pages and services (which check the
workflow and write the timeline), so the admin offers inspection and field history, not edits.
"""

from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from community.wagtail_hooks import SimpleHistoryView, StewardPermissionPolicy

from .models import Proposal, ProposalEvent

READ_ONLY = {"view"}
register_permission_policy(Proposal, StewardPermissionPolicy(Proposal, READ_ONLY))
register_permission_policy(ProposalEvent, StewardPermissionPolicy(ProposalEvent, READ_ONLY))


class ProposalViewSet(ModelViewSet):
    name = "standards_proposals"
    url_prefix = "standards/proposals"
    model = Proposal
    icon = "doc-full"
    history_view_class = SimpleHistoryView
    copy_view_enabled = False
    add_to_reference_index = False
    inspect_view_enabled = True
    list_display = [
        "reference",
        "title",
        "status",
        "needs_rebase",
        "impact",
        "author",
        "created_at",
    ]
    list_filter = ["standard", "status", "needs_rebase", "impact"]
    search_fields = ["reference", "title"]
    search_backend_name = None
    form_fields = []


class ProposalEventViewSet(ModelViewSet):
    name = "standards_proposal_events"
    url_prefix = "standards/proposal-events"
    model = ProposalEvent
    icon = "history"
    copy_view_enabled = False
    add_to_reference_index = False
    inspect_view_enabled = True
    list_display = ["at", "proposal", "kind", "actor", "from_status", "to_status"]
    list_filter = ["kind"]
    form_fields = []


class StandardsViewSetGroup(ViewSetGroup):
    menu_label = "Proposals"
    menu_icon = "doc-full"
    menu_order = 260
    items = (ProposalViewSet, ProposalEventViewSet)


@hooks.register("register_admin_viewset")
def register_standards_viewsets():
    return StandardsViewSetGroup()

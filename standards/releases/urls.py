"""Releases: building, approving, rejecting and withdrawing them; rebasing a stale proposal.

Included by ``standards.urls_publishing`` before the catalogue's routes, so ``releases`` is
never read as a version number or a component.
"""

from django.urls import path

from standards.proposals import views as proposals_views
from standards.releases import views as releases

RELEASE = "<slug:standard>/releases/<int:release>"

urlpatterns = [
    path("<slug:standard>/releases/", releases.release_list, name="release_list"),
    path("<slug:standard>/releases/new/", releases.release_new, name="release_new"),
    path(
        "<slug:standard>/releases/new/preview/",
        releases.release_preview_view,
        name="release_preview",
    ),
    path(f"{RELEASE}/", releases.release_detail, name="release_detail"),
    path(f"{RELEASE}/approve/", releases.release_approve_view, name="release_approve"),
    path(f"{RELEASE}/reject/", releases.release_reject_view, name="release_reject"),
    path(f"{RELEASE}/withdraw/", releases.release_withdraw_view, name="release_withdraw"),
    path(
        "<slug:standard>/proposals/<proposal:reference>/rebase/",
        proposals_views.proposal_rebase,
        name="proposal_rebase",
    ),
]

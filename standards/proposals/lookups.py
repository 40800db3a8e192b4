"""A proposal from its URL, or 404; breadcrumbs and list URLs."""

from django.http import Http404, HttpRequest
from django.urls import reverse

from standards import permissions
from standards.catalogue.lookups import standards_crumbs
from standards.models import Proposal, Standard
from standards.proposals.selectors import proposal_get


def proposal_or_404(request: HttpRequest, standard: str, reference: str) -> Proposal:
    """A proposal the user may see; drafts of others give the same 404 as a missing one."""
    try:
        proposal = proposal_get(standard_slug=standard, reference=reference)
    except Proposal.DoesNotExist as error:
        raise Http404("No such proposal") from error
    if not permissions.can_view_proposal(request.user, proposal):
        raise Http404("No such proposal")
    return proposal


def proposal_list_url(standard: Standard) -> str:
    return reverse("standards:proposal_list", kwargs={"standard": standard.slug})


def proposal_crumbs(standard: Standard, proposal: Proposal | None = None):
    crumbs = [*standards_crumbs(standard), ("Proposals", proposal_list_url(standard))]
    if proposal is not None:
        crumbs.append((proposal.reference, proposal.get_absolute_url()))
    return crumbs

"""The Atom feed of a standard's proposals."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks

from portal.links import absolute_url
from standards.catalogue.lookups import standard_or_404
from standards.changelog.feeds import FEED_SIZE
from standards.models import Proposal, Standard
from standards.proposals.selectors import proposal_list


class ProposalFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, standard: str) -> Standard:
        return standard_or_404(standard)

    def title(self, obj: Standard) -> str:
        return f"Proposals to change {obj.name}"

    def subtitle(self, obj: Standard) -> str:
        return f"Change proposals for {obj.name}, newest first"

    def link(self, obj: Standard) -> str:
        return reverse("standards:proposal_list", kwargs={"standard": obj.slug})

    def feed_url(self, obj: Standard) -> str:
        return reverse("standards:proposal_feed", kwargs={"standard": obj.slug})

    def items(self, obj: Standard):
        # No ``include_drafts_of``: the feed is public, whoever fetches it.
        return proposal_list(standard=obj)[:FEED_SIZE]

    def item_title(self, item: Proposal) -> str:
        return f"{item.reference}: {item.title} ({item.get_status_display().lower()})"

    def item_description(self, item: Proposal) -> str:
        # Atom sends the summary as HTML, and the problem is plain text: escaped, with its
        # paragraphs kept, as the proposal's page shows it.
        return linebreaks(item.problem, autoescape=True)

    def item_link(self, item: Proposal) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Proposal) -> str:
        # An Atom id must be an absolute IRI; Django passes the guid through unchanged.
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item: Proposal):
        return item.opened_at or item.created_at

    def item_updateddate(self, item: Proposal):
        return item.updated_at

    def item_author_name(self, item: Proposal) -> str:
        name = item.author.get_full_name() or "A member"
        return f"{name}, {item.organisation.name}" if item.organisation else name

    def item_categories(self, item: Proposal):
        return [item.get_status_display()] + ([item.impact] if item.impact else [])

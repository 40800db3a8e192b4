"""Atom feeds, with Django's syndication framework: a standard's proposals, its releases, and
the releases of every standard.

Drafts are their authors' working copies, so the feed has only proposals others can see.
"""

import re

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html

from portal.links import absolute_url
from standards.catalogue.lookups import standard_or_404
from standards.changelog.selectors import ChangelogEntry, changelog, changelog_recent
from standards.choices import VersionStatus
from standards.engine.markdown import render_release_notes
from standards.models import Standard

FEED_SIZE = 50
_RELATIVE_HREF = re.compile(r'href="(/[^"]*)"')


def absolute_links(html: str) -> str:
    """Sanitised HTML with each site-relative ``href`` made absolute on ``PORTAL_BASE_URL``."""
    return _RELATIVE_HREF.sub(lambda match: f'href="{absolute_url(match[1])}"', html)


# The changelog: releases of one standard, and of every standard ---------------------------------


class ChangelogFeed(Feed):
    """Every release of a standard, newest first, with its notes and proposals."""

    feed_type = Atom1Feed

    def get_object(self, request, standard: str) -> Standard:
        return standard_or_404(standard)

    def title(self, obj: Standard) -> str:
        return f"Releases of {obj.name}"

    def subtitle(self, obj: Standard) -> str:
        return f"Every published version of {obj.name}, newest first"

    def link(self, obj: Standard) -> str:
        return reverse("standards:changelog", kwargs={"standard": obj.slug})

    def feed_url(self, obj: Standard) -> str:
        return reverse("standards:changelog_feed", kwargs={"standard": obj.slug})

    def items(self, obj: Standard):
        return changelog(standard=obj)[:FEED_SIZE]

    def item_title(self, item: ChangelogEntry) -> str:
        version = item.version
        title = f"{version.standard.name} {version.number}"
        if version.status == VersionStatus.WITHDRAWN:
            return f"{title} (withdrawn)"
        return f"{title} ({item.impact} change)" if item.impact else title

    def item_description(self, item: ChangelogEntry) -> str:
        # Sanitised HTML: ``render_release_notes`` keeps only a short allow-list of tags. A feed
        # reader has no page to resolve the notes' links against, so they are made absolute.
        parts = [absolute_links(str(render_release_notes(item.notes)))] if item.notes else []
        if item.proposals:
            listed = "".join(
                format_html(
                    '<li><a href="{}">{}</a>: {}</li>',
                    absolute_url(proposal.get_absolute_url()),
                    proposal.reference,
                    proposal.title,
                )
                for proposal in item.proposals
            )
            parts.append(f"<p>Proposals included:</p><ul>{listed}</ul>")
        if item.version.withdrawn_at:
            parts.append(
                format_html("<p>Withdrawn: {}</p>", item.version.withdrawn_reason or "no reason")
            )
        return "".join(parts) or "No release notes."

    def item_link(self, item: ChangelogEntry) -> str:
        return item.version.get_absolute_url()

    def item_guid(self, item: ChangelogEntry) -> str:
        # An Atom id must be an absolute IRI; Django passes the guid through unchanged.
        return absolute_url(item.version.get_absolute_url())

    def item_pubdate(self, item: ChangelogEntry):
        return item.version.published_at

    def item_updateddate(self, item: ChangelogEntry):
        return item.version.withdrawn_at or item.version.published_at

    def item_categories(self, item: ChangelogEntry):
        return [item.version.get_status_display()] + ([item.impact] if item.impact else [])


class SiteChangelogFeed(ChangelogFeed):
    """The latest releases of every standard."""

    def get_object(self, request) -> None:
        return None

    def title(self, obj) -> str:
        return "Releases of social housing data standards"

    def subtitle(self, obj) -> str:
        return "Every published version of every standard, newest first"

    def link(self, obj) -> str:
        return reverse("standards:standard_list")

    def feed_url(self, obj) -> str:
        return reverse("standards:changelog_site_feed")

    def items(self, obj):
        return changelog_recent(limit=FEED_SIZE)

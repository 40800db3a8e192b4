"""URLs included by ``standards.urls_publishing``: the changelog, its feeds, watching a
standard, and webhook endpoints. Fixed paths come first, so they are never read as a slug."""

from django.urls import path

from standards.changelog import views as changelog
from standards.changelog.feeds import ChangelogFeed, SiteChangelogFeed
from standards.webhooks import views as webhooks

urlpatterns = [
    path("changelog/feed/", SiteChangelogFeed(), name="changelog_site_feed"),
    path("webhooks/", webhooks.webhook_list, name="webhook_list"),
    path("webhooks/new/", webhooks.webhook_create, name="webhook_create"),
    path("webhooks/<int:pk>/", webhooks.webhook_detail, name="webhook_detail"),
    path("webhooks/<int:pk>/registered/", webhooks.webhook_created, name="webhook_created"),
    path("webhooks/<int:pk>/test/", webhooks.webhook_test, name="webhook_test"),
    path("webhooks/<int:pk>/disable/", webhooks.webhook_disable, name="webhook_disable"),
    path("webhooks/<int:pk>/enable/", webhooks.webhook_enable, name="webhook_enable"),
    path("webhooks/<int:pk>/delete/", webhooks.webhook_delete, name="webhook_delete"),
    path("<slug:standard>/changelog/", changelog.changelog_view, name="changelog"),
    path("<slug:standard>/changelog.json", changelog.changelog_json, name="changelog_json"),
    path("<slug:standard>/changelog/feed/", ChangelogFeed(), name="changelog_feed"),
    path("<slug:standard>/watch/", changelog.standard_watch, name="standard_watch"),
]

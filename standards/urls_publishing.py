"""URLs for publishing: stewards' standards and drafts, releases, the changelog and webhooks.

Included by ``standards.urls`` before the catalogue's own routes, so fixed paths such as
``/standards/changelog/`` are never read as a standard's slug.
"""

from django.urls import include, path

urlpatterns = [
    path("", include("standards.publishing.urls")),
    path("", include("standards.releases.urls")),
    path("", include("standards.changelog.urls")),
]

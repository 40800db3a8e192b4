"""URLs included by ``standards.urls_publishing``: stewards' pages for standards and drafts.

They come before the catalogue's routes, so each starts with a fixed segment, or has one right
after the standard or version, that no catalogue URL uses: ``manage``.
"""

from django.urls import path

from standards.publishing import views as stewarding

VERSION = "<slug:standard>/<version:version>/manage"

urlpatterns = [
    path("manage/new/", stewarding.standard_create, name="standard_create"),
    path("<slug:standard>/manage/", stewarding.standard_manage, name="standard_manage"),
    path("<slug:standard>/manage/open-draft/", stewarding.draft_open, name="draft_open"),
    path(f"{VERSION}/release-notes/", stewarding.draft_notes, name="draft_notes"),
    path(f"{VERSION}/delete/", stewarding.draft_delete, name="draft_delete"),
    path(f"{VERSION}/publish/", stewarding.version_publish, name="version_publish"),
    path(f"{VERSION}/withdraw/", stewarding.version_withdraw, name="version_withdraw"),
]

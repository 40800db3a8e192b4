"""URLs of the conformance checker (see adoption/urls.py). All public."""

from django.urls import path

from adoption.checker import views as checker

urlpatterns = [
    path("", checker.checker_start, name="checker_start"),
    path("api/", checker.checker_api, name="checker_api"),
    path("report/", checker.checker_download, name="checker_download"),
    # The view checks the number: a malformed one is a 404, like an unknown one.
    path("<slug:standard>/<str:number>/", checker.checker_upload, name="checker_upload"),
]

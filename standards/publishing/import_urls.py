"""URLs for the steward-only import pages, included by ``standards.urls``."""

from django.urls import path

from standards.publishing import views as imports

urlpatterns = [
    path("import/", imports.import_upload, name="import_upload"),
    path("import/<uuid:run>/", imports.import_preview, name="import_preview"),
]

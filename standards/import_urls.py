"""URLs for the steward-only import pages, included by ``standards.urls``."""

urlpatterns: list = []

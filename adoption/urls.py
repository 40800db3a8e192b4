"""Adoption tools: the conformance checker, the procurement requirements builder and the
adoption register. Each tool keeps its own URL module so they can grow apart."""

from django.urls import include, path

from .views.index import adoption_index

app_name = "adoption"

urlpatterns = [
    path("", adoption_index, name="index"),
    path("check/", include("adoption.urls_checker")),
    path("requirements/", include("adoption.urls_builder")),
    path("register/", include("adoption.urls_register")),
]

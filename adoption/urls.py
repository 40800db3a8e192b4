"""Adoption tools: the conformance checker, the procurement requirements builder and the
adoption register. Each tool keeps its own URL module so they can grow apart."""

from django.urls import include, path

from adoption.index import adoption_index

app_name = "adoption"

urlpatterns = [
    path("", adoption_index, name="index"),
    path("check/", include("adoption.checker.urls")),
    path("requirements/", include("adoption.builder.urls")),
    path("register/", include("adoption.register.urls")),
]

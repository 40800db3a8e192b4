"""The adoption tools' start page: one place that explains and links the three tools."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def adoption_index(request: HttpRequest) -> HttpResponse:
    return render(request, "adoption/index.html", {"crumbs": [("Home", "/")]})

"""A URLconf for tests that need views which fail on purpose."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from portal.urls import handler403, handler404, handler500, urlpatterns  # noqa: F401


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("Deliberate failure for the 500 page test")


urlpatterns = [path("forbidden/", forbidden), path("broken/", broken), *urlpatterns]

"""The portal's URLs plus the trivial view that ``make bench-http`` compares every page with."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from portal.urls import handler403, handler404, handler500
from portal.urls import urlpatterns as portal_urlpatterns

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("__bench__/trivial/", trivial), *portal_urlpatterns]

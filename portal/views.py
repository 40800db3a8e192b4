from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from wagtail.models import Page

from portal.models import HomePage
from portal.text import clean_search_text


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    # A refusal that says why (``PermissionDenied("Only the author can …")``) shows its reason.
    reason = str(exception) if exception is not None and exception.args else ""
    return render(request, "errors/403.html", {"reason": reason}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without a request context: the failure may have come from a context processor.
    return render(None, "errors/500.html", status=500)


SEARCH_RESULTS_PER_PAGE = 10


def search(request: HttpRequest) -> HttpResponse:
    query = clean_search_text(request.GET.get("q", ""))[:200]
    context = {"query": query}
    if query:
        results = Page.objects.live().public().not_type(HomePage).search(query)
        page_obj = Paginator(results, SEARCH_RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        # Fetch the specific pages for this results page in one query per page type.
        by_pk = Page.objects.filter(pk__in=[p.pk for p in page_obj.object_list]).specific()
        by_pk = {page.pk: page for page in by_pk}
        page_obj.object_list = [by_pk[p.pk] for p in page_obj.object_list if p.pk in by_pk]
        context |= {"page_obj": page_obj, "query_prefix": urlencode({"q": query}) + "&"}
    return render(request, "portal/search.html", context)

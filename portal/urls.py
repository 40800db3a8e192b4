from django.urls import include, path, reverse_lazy
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from community.views import account_overview
from portal import views

urlpatterns = [
    # Wagtail admin sign-in goes through allauth, so MFA and rate limits apply there too.
    path(
        "admin/login/",
        RedirectView.as_view(url=reverse_lazy("account_login"), query_string=True),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("account/", account_overview, name="account_overview"),
    path("community/", include("community.urls")),
    path("standards/", include("standards.urls")),
    path("search/", views.search, name="search"),
    path("", include(wagtail_urls)),
]

handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

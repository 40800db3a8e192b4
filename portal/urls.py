from django.urls import include, path, re_path, reverse_lazy
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from community.views import account_overview
from portal import views
from portal.api.urls import api


def to_allauth(url_name: str) -> RedirectView:
    """Send a sign-in or password page that Wagtail mounts to allauth's, keeping `next`."""
    return RedirectView.as_view(url=reverse_lazy(url_name), query_string=True)


# allauth is the only way to sign in, reset a password or change an email address, so MFA, rate
# limits and email verification always apply (docs/adr/0009-one-sign-in-door.md). These come
# before the includes that would otherwise mount Wagtail's own forms at the same addresses;
# tests/portal/test_sign_in_door.py walks every URL to check no other door is left open.
sign_in_doors = [
    path("admin/login/", to_allauth("account_login")),
    re_path(r"^admin/password_reset/", to_allauth("account_reset_password")),
    path("_util/login/", to_allauth("account_login")),
]

urlpatterns = [
    *sign_in_doors,
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("account/", account_overview, name="account_overview"),
    path("account/", include("community.urls_account")),
    path("community/", include("community.urls")),
    path("standards/", include("standards.urls")),
    path("adoption/", include("adoption.urls")),
    path("search/", views.search, name="search"),
    path("api/v1/", api.urls),
    path("", include(wagtail_urls)),
]

handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

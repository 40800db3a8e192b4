"""Pages of a person's own account, mounted at /account/ beside the account overview.

Their names are global, as ``account_overview`` and allauth's ``account_*`` are, because they
belong to the account rather than to the community pages under /community/.
"""

from django.urls import path

from community import views

urlpatterns = [
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/new/", views.token_create, name="token_create"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]

"""URLs of the register (see adoption/urls.py)."""

from django.urls import path

from adoption.register import views

urlpatterns = [
    path("", views.register_list, name="register_list"),
    path("declare/", views.register_declare, name="register_declare"),
    path(
        "declare/<int:version>/",
        views.register_declare_details,
        name="register_declare_details",
    ),
    path("<int:pk>/", views.register_detail, name="register_detail"),
    path("<int:pk>/change/", views.register_edit, name="register_edit"),
    path("<int:pk>/withdraw/", views.register_withdraw, name="register_withdraw"),
    path("<int:pk>/hide/", views.register_hide, name="register_hide"),
    path("<int:pk>/unhide/", views.register_unhide, name="register_unhide"),
]

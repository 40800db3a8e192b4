from django.urls import path

from community import views

app_name = "community"

urlpatterns = [
    path("", views.group_list, name="group_list"),
    path("organisation/", views.organisation_choose, name="organisation_choose"),
    path("organisation/register/", views.organisation_register, name="organisation_register"),
    path("requests/<int:pk>/withdraw/", views.join_request_withdraw, name="join_request_withdraw"),
    path("invitations/<str:token>/", views.invitation_detail, name="invitation_detail"),
    path("stewards/", views.steward_overview, name="steward_overview"),
    path(
        "stewards/organisations/<int:pk>/verify/",
        views.organisation_verify,
        name="organisation_verify",
    ),
    path("stewards/groups/new/", views.group_create, name="group_create"),
    path("stewards/affiliations/", views.affiliation_list, name="affiliation_list"),
    path("stewards/tokens/", views.steward_token_list, name="steward_token_list"),
    path(
        "people/<int:pk>/affiliation/confirm/",
        views.affiliation_confirm,
        name="affiliation_confirm",
    ),
    path(
        "people/<int:pk>/affiliation/revoke/",
        views.affiliation_revoke,
        name="affiliation_revoke",
    ),
    path("groups/<slug:slug>/", views.group_detail, name="group_detail"),
    path("groups/<slug:slug>/join/", views.join_request_create, name="join_request_create"),
    path("groups/<slug:slug>/leave/", views.membership_leave, name="membership_leave"),
    path("groups/<slug:slug>/archive/", views.group_archive, name="group_archive"),
    path("groups/<slug:slug>/conveners/appoint/", views.convener_appoint, name="convener_appoint"),
    path("groups/<slug:slug>/manage/", views.group_manage, name="group_manage"),
    path(
        "groups/<slug:slug>/manage/members/",
        views.group_members_manage,
        name="group_members_manage",
    ),
    path(
        "groups/<slug:slug>/manage/members/<int:pk>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path(
        "groups/<slug:slug>/manage/members/<int:pk>/role/",
        views.membership_role_change,
        name="membership_role_change",
    ),
    path(
        "groups/<slug:slug>/manage/requests/<int:pk>/",
        views.join_request_decide,
        name="join_request_decide",
    ),
    path(
        "groups/<slug:slug>/manage/invitations/",
        views.group_invitations,
        name="group_invitations",
    ),
    path(
        "groups/<slug:slug>/manage/invitations/new/",
        views.invitation_create,
        name="invitation_create",
    ),
    path(
        "groups/<slug:slug>/manage/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("groups/<slug:slug>/manage/history/", views.group_history, name="group_history"),
]

from django.urls import path

from weerstand.accounts import access_views, views

app_name = "accounts"
urlpatterns = [
    path("aanmelden", views.login, name="login"),
    path("aanmelden/code", views.totp, name="totp"),
    path("aanmelden/koppelen/<str:token>", access_views.enrolment_link, name="enrolment"),
    path("afmelden", views.logout, name="logout"),
    path("api-tokens", views.api_tokens, name="api-tokens"),
    path("api-tokens/<int:pk>/intrekken", views.revoke_api_token, name="revoke-api-token"),
    path("toegangswijzigingen", access_views.access_change_list, name="access-changes"),
    path("toegangswijzigingen/aanvragen", access_views.access_change_new, name="access-change-new"),
    path("toegangswijzigingen/<int:pk>", access_views.access_change_detail, name="access-change"),
    path(
        "toegangswijzigingen/<int:pk>/beslissing",
        access_views.access_change_decide,
        name="access-change-decide",
    ),
]

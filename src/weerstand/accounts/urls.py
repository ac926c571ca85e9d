from django.urls import path

from weerstand.accounts import views

app_name = "accounts"
urlpatterns = [
    path("aanmelden", views.login, name="login"),
    path("aanmelden/code", views.totp, name="totp"),
    path("afmelden", views.logout, name="logout"),
    path("api-tokens", views.api_tokens, name="api-tokens"),
    path("api-tokens/<int:pk>/intrekken", views.revoke_api_token, name="revoke-api-token"),
]

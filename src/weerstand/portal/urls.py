from django.urls import path

from weerstand.portal import views

app_name = "portal"
urlpatterns = [
    path("uw-beveiliging", views.overview, name="overview"),
]

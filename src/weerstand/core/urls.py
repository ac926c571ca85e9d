from django.urls import path

from weerstand.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("gezond", views.health, name="health"),
]

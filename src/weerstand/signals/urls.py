"""Web pages of the signals app."""

from django.urls import path

from weerstand.signals import views

app_name = "signals"
urlpatterns = [
    path("melden", views.create, name="create"),
    path("iets-gezien", views.portal, name="portal"),
    path("mijn-meldingen", views.mine, name="mine"),
    path("wachtrij", views.queue, name="queue"),
    path("<int:pk>", views.detail, name="detail"),
    path("<int:pk>/beoordelen", views.triage, name="triage"),
]

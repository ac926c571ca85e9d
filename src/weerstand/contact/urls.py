"""Web pages of the contact app."""

from django.urls import path

from weerstand.contact import views

app_name = "contact"
urlpatterns = [
    path("casus/<int:case_pk>/contactpersoon", views.assign, name="assign"),
    path("casus/<int:case_pk>/berichten", views.record, name="record"),
    path("mijn-berichten", views.mine, name="mine"),
]

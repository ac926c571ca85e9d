"""Web pages of the catalogue app."""

from django.urls import path

from weerstand.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("maatregelen/nieuw", views.measure_edit, name="measure-new"),
    path("maatregelen/<slug:code>/wijzigen", views.measure_edit, name="measure-edit"),
    path("pakketten/nieuw", views.package_edit, name="package-new"),
    path("pakketten/<slug:code>/wijzigen", views.package_edit, name="package-edit"),
    path("<slug:kind>/<slug:code>/versies", views.history, name="history"),
]

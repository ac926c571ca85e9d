"""Web pages of the search app."""

from django.urls import path

from weerstand.search import views

app_name = "search"
urlpatterns = [path("", views.search_page, name="search")]

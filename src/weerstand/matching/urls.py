"""Web pages of the matching app (hit/no-hit with shielded investigations)."""

from django.urls import path

from weerstand.matching import views

app_name = "matching"
urlpatterns = [
    path("", views.investigations, name="investigations"),
    path("<int:pk>", views.investigation, name="investigation"),
    path("hits", views.hits, name="hits"),
    path("hits/<int:pk>", views.hit, name="hit"),
    path("casussen/<int:case_id>/selectors", views.case_selectors, name="case-selectors"),
]

from django.urls import path

from weerstand.registry import views

app_name = "registry"
urlpatterns = [
    path("personen", views.person_list, name="persons"),
    path("personen/<int:pk>", views.person_detail, name="person"),
    path(
        "personen/<int:pk>/getuigenbescherming",
        views.person_programme_cover,
        name="person_programme_cover",
    ),
    path("limitatieve-lijst", views.limitative_list, name="limitative"),
]

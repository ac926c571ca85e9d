from django.urls import path

from weerstand.registry import views

app_name = "registry"
urlpatterns = [
    path("personen", views.person_list, name="persons"),
    path("personen/<int:pk>", views.person_detail, name="person"),
    path("limitatieve-lijst", views.limitative_list, name="limitative"),
]

"""Web pages of the crownwitness app."""

from django.urls import path

from weerstand.crownwitness import views

app_name = "crownwitness"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>", views.detail, name="detail"),
    path("<int:pk>/datum", views.planned_date, name="planned_date"),
    path("<int:pk>/kring", views.add_person, name="add_person"),
    path("<int:pk>/weging", views.record_weighing, name="record_weighing"),
    path("<int:pk>/bijdrage", views.add_contribution, name="add_contribution"),
    path("<int:pk>/toetsing", views.add_review, name="add_review"),
]

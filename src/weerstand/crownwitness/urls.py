"""Web pages of the crownwitness app."""

from django.urls import path

from weerstand.crownwitness import views, views_gate

app_name = "crownwitness"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>", views.detail, name="detail"),
    path("<int:pk>/datum", views.planned_date, name="planned_date"),
    path("<int:pk>/kring", views.add_person, name="add_person"),
    path("<int:pk>/gereedheid", views_gate.readiness, name="readiness"),
    path("<int:pk>/bekendmaking", views_gate.publish, name="publish"),
    path("<int:pk>/verklaring", views_gate.disclose, name="disclose"),
]

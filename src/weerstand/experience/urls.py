"""Web pages of the experience app (under /ervaring/)."""

from django.urls import path

from weerstand.experience import views

app_name = "experience"
urlpatterns = [
    path("<int:pk>", views.answer, name="answer"),
    path("<int:pk>/liever-niet", views.decline, name="decline"),
]

"""Web pages of the learning app."""

from django.urls import path

from weerstand.learning import views

app_name = "learning"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("<slug:kind>/<int:pk>", views.detail, name="detail"),
    path("<slug:kind>/<int:pk>/inbreng", views.contribute, name="contribute"),
    path("<slug:kind>/<int:pk>/afronden", views.complete, name="complete"),
    path("<slug:kind>/<int:pk>/acties", views.add_action, name="add-action"),
    path("<slug:kind>/<int:pk>/lessen", views.add_lesson, name="add-lesson"),
    path("acties/<int:pk>/gedaan", views.action_done, name="action-done"),
    path("lessen/<int:pk>/koppelen", views.link_lesson, name="link-lesson"),
]

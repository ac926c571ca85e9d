"""Web pages of the capacity app (the coordination centre's operational picture)."""

from django.urls import path  # noqa: F401

app_name = "capacity"
urlpatterns: list = []

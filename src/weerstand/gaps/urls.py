"""Web pages of the gaps app."""

from django.urls import path  # noqa: F401

app_name = "gaps"
urlpatterns: list = []

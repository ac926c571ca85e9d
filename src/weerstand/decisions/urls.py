"""Web pages of the decisions app."""

from django.urls import path  # noqa: F401

app_name = "decisions"
urlpatterns: list = []

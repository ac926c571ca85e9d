"""Web pages of the information app."""

from django.urls import path  # noqa: F401

app_name = "information"
urlpatterns: list = []

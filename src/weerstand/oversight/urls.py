"""Web pages of the quality monitor (under /kwaliteit/)."""

from django.urls import path

from weerstand.oversight import views

app_name = "oversight"
urlpatterns = [
    path("", views.monitor, name="monitor"),
    path("<slug:code>/casussen", views.drilldown, name="drilldown"),
]

from django.urls import path

from weerstand.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("taken", views.work, name="work"),
    path("meldingen/<int:pk>/gelezen", views.alert_read, name="alert-read"),
    path("meldingen/alles-gelezen", views.alerts_read_all, name="alerts-read-all"),
    path("gezond", views.health, name="health"),
    path("health/live", views.health_live, name="health-live"),
    path("health/ready", views.health_ready, name="health-ready"),
    path("geplande-taken", views.job_health, name="job-health"),
]

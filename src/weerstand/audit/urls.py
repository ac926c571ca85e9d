from django.urls import path

from weerstand.audit import views

app_name = "audit"
urlpatterns = [
    path("casussen/<int:case_pk>", views.case_access_log, name="case-log"),
]

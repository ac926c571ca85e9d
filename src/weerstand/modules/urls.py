"""Web pages of the modules app (under /modules/)."""

from django.urls import path

from weerstand.modules import views

app_name = "modules"
urlpatterns = [
    path("", views.index, name="index"),
    path("versies/<int:pk>", views.version_detail, name="version"),
    path("opdrachten/<int:pk>", views.assignment_detail, name="assignment"),
    path("opdrachten/<int:pk>/klaar", views.section_done, name="section-done"),
    path("casus/<int:case_pk>/toewijzen", views.assign, name="assign"),
]

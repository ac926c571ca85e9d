"""Web pages of the crownwitness app."""

from django.urls import path

from weerstand.crownwitness import views, views_gate, views_open, views_referral

app_name = "crownwitness"
urlpatterns = [
    path("", views.index, name="index"),
    path("nieuw", views_open.open_trajectory, name="open"),
    path("<int:pk>", views.detail, name="detail"),
    path("<int:pk>/status", views_open.change_status, name="status"),
    path("<int:pk>/datum", views.planned_date, name="planned_date"),
    path("<int:pk>/kring", views.add_person, name="add_person"),
    path("<int:pk>/kring/<int:entry>/casus", views_referral.circle_case, name="circle_case"),
    path("<int:pk>/kring/<int:entry>/aanmelden", views_referral.refer, name="refer"),
    path("<int:pk>/kring/<int:entry>/koppelen", views_referral.link, name="link"),
    path("<int:pk>/gereedheid", views_gate.readiness, name="readiness"),
    path("<int:pk>/bekendmaking", views_gate.publish, name="publish"),
    path("<int:pk>/verklaring", views_gate.disclose, name="disclose"),
    path("<int:pk>/weging", views.record_weighing, name="record_weighing"),
    path("<int:pk>/bijdrage", views.add_contribution, name="add_contribution"),
    path("<int:pk>/toetsing", views.add_review, name="add_review"),
]

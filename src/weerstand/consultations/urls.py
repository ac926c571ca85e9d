"""Web pages of the consultations app."""

from django.urls import path

from weerstand.consultations import views

app_name = "consultations"
urlpatterns = [
    path("casussen/<int:case_id>", views.case_page, name="case"),
    path("casussen/<int:case_id>/vastleggen", views.record, name="record"),
    path("casussen/<int:case_id>/onderzoek", views.link, name="link"),
    path(
        "overleggen/<int:pk>/acties/<int:follow_up_id>/gedaan",
        views.follow_up_done,
        name="follow-up-done",
    ),
]

"""Web pages of the gaps app."""

from django.urls import path

from weerstand.gaps import views

app_name = "gaps"
urlpatterns = [
    path("casussen/<int:case_id>", views.case_gaps, name="case"),
    path("casussen/<int:case_id>/nieuw", views.gap_create, name="create"),
    path("<int:gap_id>/verzoek", views.request_create, name="request-create"),
    path("<int:gap_id>/accepteren", views.gap_accept, name="accept"),
    path("verzoeken", views.request_list, name="requests"),
    path("verzoeken/<int:pk>", views.request_detail, name="request"),
    path("verzoeken/<int:pk>/beantwoorden", views.request_answer, name="answer"),
    path("verzoeken/<int:pk>/intrekken", views.request_cancel, name="cancel"),
]

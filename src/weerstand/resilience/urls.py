"""Web pages of the resilience app."""

from django.urls import path

from weerstand.resilience import views

app_name = "resilience"
urlpatterns = [
    path("casussen/<int:case_id>", views.case_page, name="case"),
    path("casussen/<int:case_id>/plannen", views.plan, name="plan"),
    path("casussen/<int:case_id>/buddy", views.propose, name="propose"),
    path("casussen/<int:case_id>/buddy-aanmelden", views.volunteer, name="volunteer"),
    path("gesprekken/<int:pk>", views.conversation, name="conversation"),
    path("gesprekken/<int:pk>/wijzigen", views.update, name="update"),
    path("gesprekken/<int:pk>/annuleren", views.cancel, name="cancel"),
    path("gesprekken/<int:pk>/verslag", views.notes, name="notes"),
    path("gesprekken/<int:pk>/vervolgafspraak", views.add_follow_up, name="follow-up"),
    path("vervolgafspraken/<int:pk>/gedaan", views.follow_up_done, name="follow-up-done"),
    path("buddy/<int:pk>", views.buddy, name="buddy"),
    path("buddy/<int:pk>/toestemming", views.buddy_consent, name="buddy-consent"),
    path("buddy/<int:pk>/stoppen", views.buddy_withdraw, name="buddy-withdraw"),
    path("buddy/<int:pk>/delen", views.buddy_share, name="buddy-share"),
]

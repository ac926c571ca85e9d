"""Web pages of the decisions app."""

from django.urls import path

from weerstand.decisions import views

app_name = "decisions"
urlpatterns = [
    path("casus/<int:case_pk>/nieuw", views.decision_create, name="create"),
    path("casus/<int:case_pk>/aanwijzing", views.admission_create, name="admission"),
    path("<int:pk>", views.decision_detail, name="detail"),
    path("<int:pk>/accorderen", views.decision_approve, name="approve"),
    path("<int:pk>/afwijzen", views.decision_reject, name="reject"),
    path("te-accorderen", views.approvals, name="approvals"),
    path("opdrachten", views.assignments, name="assignments"),
    path("opdrachten/<int:pk>/bevestigen", views.assignment_acknowledge, name="acknowledge"),
    path("opdrachten/<int:pk>/bemensd", views.assignment_staffed, name="staffed"),
    path("berichten", views.notifications, name="notifications"),
    path("berichten/<int:pk>/reactie", views.notification_respond, name="notification-respond"),
]

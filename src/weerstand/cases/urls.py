from django.urls import path

from weerstand.cases import views
from weerstand.cases.views import classification, local, persons, team

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("aanmelden", views.refer, name="refer"),
    path("overdracht-om", views.om_transfer, name="om-transfer"),
    path("cijfers", views.aggregates, name="aggregates"),
    path("overdrachten", local.handover_list, name="handovers"),
    path("overdrachten/<int:pk>", local.handover_detail, name="handover"),
    path("overdrachten/<int:pk>/aanvaarden", local.handover_accept, name="handover-accept"),
    path("overdrachten/<int:pk>/teruggeven", local.handover_return, name="handover-return"),
    path("<int:pk>", views.case_detail, name="detail"),
    path("<int:pk>/wijzigen", views.case_edit, name="edit"),
    path("<int:pk>/overgang/<slug:name>", views.case_transition, name="transition"),
    path("<int:pk>/personen", persons.persons_page, name="persons"),
    path("<int:pk>/personen/koppelen", persons.person_link, name="person-link"),
    path("<int:pk>/personen/<int:link_id>/wijzigen", persons.person_change, name="person-change"),
    path(
        "<int:pk>/personen/<int:link_id>/portaalaccount",
        persons.person_portal_account,
        name="person-portal-account",
    ),
    path(
        "<int:pk>/personen/<int:link_id>/ontkoppelen", persons.person_unlink, name="person-unlink"
    ),
    path("<int:pk>/rubricering", classification.classification_page, name="classification"),
    path(
        "<int:pk>/rubricering/verlagen",
        classification.classification_request,
        name="classification-request",
    ),
    path(
        "<int:pk>/rubricering/<int:change_id>/beslissen",
        classification.classification_decide,
        name="classification-decide",
    ),
    path("<int:pk>/team", team.team_page, name="team"),
    path("<int:pk>/team/toevoegen", team.team_add, name="team-add"),
    path("<int:pk>/team/overdragen", team.team_handover, name="team-handover"),
    path("<int:pk>/team/<int:member_id>/functie", team.team_function, name="team-function"),
    path("<int:pk>/team/<int:member_id>/verwijderen", team.team_remove, name="team-remove"),
]

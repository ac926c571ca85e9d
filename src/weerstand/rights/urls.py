"""Web pages of the rights app (under /rechten/)."""

from django.urls import path

from weerstand.rights import views

app_name = "rights"
urlpatterns = [
    path("", views.index, name="index"),
    path("kader", views.framework, name="framework"),
    path("kader/<int:pk>/gelezen", views.framework_acknowledge, name="framework-acknowledge"),
    path("kader/versies", views.framework_versions, name="framework-versions"),
    path("kader/versies/nieuw", views.framework_create, name="framework-create"),
    path("kader/versies/<int:pk>/wijzigen", views.framework_edit, name="framework-edit"),
    path("besluiten/<int:decision_id>/brief.pdf", views.decision_letter, name="decision-letter"),
    path(
        "besluiten/<int:decision_id>/brief",
        views.decision_letter_preview,
        name="decision-letter-preview",
    ),
    path("besluiten/<int:decision_id>/brieftekst", views.letter_text_edit, name="letter-text"),
    path("besluiten/<int:decision_id>/bezwaar", views.objection_create, name="objection-create"),
    path("brieven/<int:pk>", views.addressed_letter, name="addressed-letter"),
    path("brieven/<int:pk>/brief.pdf", views.addressed_letter_pdf, name="addressed-letter-pdf"),
    path(
        "casussen/<int:case_id>/werkgever-maatregelen",
        views.case_employer_measures,
        name="case-employer-measures",
    ),
    path("werkgever-maatregelen/<int:pk>", views.employer_measure, name="employer-measure"),
    path("bezwaren", views.objection_list, name="objections"),
    path("bezwaren/<int:pk>", views.objection_detail, name="objection-detail"),
    path("bezwaren/<int:pk>/in-behandeling", views.objection_treat, name="objection-treat"),
    path("bezwaren/<int:pk>/verdagen", views.objection_extend, name="objection-extend"),
    path("bezwaren/<int:pk>/beslissen", views.objection_decide, name="objection-decide"),
]

"""Web pages of the assessments app (mounted at /dreigingsbeelden/)."""

from django.urls import path

from weerstand.assessments import views

app_name = "assessments"
urlpatterns = [
    path("overzicht", views.overview, name="overview"),
    path("methoden", views.methods, name="methods"),
    path("methoden/<slug:phenomenon>/nieuwe-versie", views.method_new, name="method-new"),
    path("casus/<int:case_pk>", views.case_page, name="case"),
    path("casus/<int:case_pk>/nieuwe-versie", views.start, name="start"),
    path("<int:pk>", views.detail, name="detail"),
    path("<int:pk>/bewerken", views.edit, name="edit"),
    path("<int:pk>/factoren", views.factors, name="factors"),
    path("<int:pk>/onderdelen/<slug:kind>", views.add_part, name="add-part"),
    path(
        "<int:pk>/onderdelen/<slug:kind>/<int:index>/verwijderen",
        views.remove_part,
        name="remove-part",
    ),
    path("<int:pk>/stap/<slug:name>", views.step, name="step"),
    path("<int:pk>/tegenspraak", views.challenge, name="challenge"),
    path("<int:pk>/beantwoorden", views.answer, name="answer"),
    path("<int:pk>/seniorcontrole", views.senior_check, name="senior-check"),
    path("<int:pk>/verschillen", views.diff, name="diff"),
    path("<int:pk>/rapport.pdf", views.report, name="report"),
]

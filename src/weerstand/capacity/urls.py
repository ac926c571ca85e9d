"""Web pages of the capacity app (the coordination centre's operational picture)."""

from django.urls import path

from weerstand.capacity import views

app_name = "capacity"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("plannen", views.plan_create, name="plan"),
    path("plannen/<int:pk>", views.overview, name="run"),
    path("plannen/<int:pk>/publiceren", views.run_publish, name="publish"),
    path("plannen/<int:pk>/prioritering", views.run_confirm, name="confirm"),
    path("plannen/<int:pk>/export.csv", views.run_export_csv, name="export-csv"),
    path("plannen/<int:pk>/export.pdf", views.run_export_pdf, name="export-pdf"),
    path("taken/<int:pk>/afronden", views.task_done, name="task-done"),
    path("medewerkers", views.officer_list, name="officers"),
    path("medewerkers/nieuw", views.officer_create, name="officer-create"),
    path("medewerkers/<int:pk>", views.officer_detail, name="officer"),
]

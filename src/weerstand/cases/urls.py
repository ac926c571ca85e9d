from django.urls import path

from weerstand.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("aanmelden", views.refer, name="refer"),
    path("overdracht-om", views.om_transfer, name="om-transfer"),
    path("cijfers", views.aggregates, name="aggregates"),
    path("<int:pk>", views.case_detail, name="detail"),
    path("<int:pk>/wijzigen", views.case_edit, name="edit"),
    path("<int:pk>/overgang/<slug:name>", views.case_transition, name="transition"),
]

from django.urls import path

from weerstand.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("aanmelden", views.refer, name="refer"),
    path("<int:pk>", views.case_detail, name="detail"),
]

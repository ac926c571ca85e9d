from django.urls import path

from weerstand.inspection import views

app_name = "inspection"
urlpatterns = [
    path("casussen/<int:case_pk>/export", views.case_export, name="case-export"),
]

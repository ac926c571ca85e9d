from django.urls import path

from weerstand.advisory import views

app_name = "advisory"
urlpatterns = [
    path("", views.advice_list, name="list"),
    path("themas", views.theme_create, name="theme-create"),
    path("<int:pk>", views.advice_detail, name="detail"),
    path("cijfers", views.aggregates, name="aggregates"),
    path("cijfers.<str:fmt>", views.aggregates_export, name="aggregates-export"),
]

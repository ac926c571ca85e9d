from django.urls import path

from weerstand.policy import compartment_views, views

app_name = "policy"
urlpatterns = [
    path("noodtoegang", views.break_glass, name="break-glass"),
    path("noodtoegang/<int:pk>", views.break_glass_granted, name="break-glass-granted"),
    path("noodtoegang/toezicht", views.oversight, name="oversight"),
    path("noodtoegang/<int:pk>/beoordelen", views.review, name="review"),
    path("compartimenten", compartment_views.compartment_list, name="compartments"),
    path("compartimenten/<int:pk>", compartment_views.compartment_detail, name="compartment"),
    path(
        "compartimenten/<int:pk>/voorstel",
        compartment_views.compartment_propose,
        name="compartment-propose",
    ),
    path(
        "compartimenten/<int:pk>/wijzigingen/<int:change_id>",
        compartment_views.compartment_decide,
        name="compartment-decide",
    ),
]

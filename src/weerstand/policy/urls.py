from django.urls import path

from weerstand.policy import views

app_name = "policy"
urlpatterns = [
    path("noodtoegang", views.break_glass, name="break-glass"),
    path("noodtoegang/<int:pk>", views.break_glass_granted, name="break-glass-granted"),
    path("noodtoegang/toezicht", views.oversight, name="oversight"),
    path("noodtoegang/<int:pk>/beoordelen", views.review, name="review"),
]

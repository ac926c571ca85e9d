"""Web pages of the information app."""

from django.urls import path

from weerstand.information import views

app_name = "information"
urlpatterns = [
    path("", views.product_list, name="list"),
    path("nieuw", views.product_create, name="create"),
    path("producten/<int:pk>", views.product_detail, name="detail"),
    path("producten/<int:pk>/nieuwe-versie", views.product_new_version, name="new-version"),
    path("producten/<int:pk>/intrekken", views.product_withdraw, name="withdraw"),
    path("producten/<int:pk>/bijlagen", views.attachment_add, name="attachment-add"),
    path("producten/<int:pk>/casussen", views.link_case, name="link-case"),
    path("bijlagen/<int:pk>", views.attachment_download, name="attachment"),
    path("entiteiten/<int:entity_id>", views.entity_detail, name="entity"),
    path("casussen/<int:case_id>", views.case_information, name="case"),
    path("casussen/<int:case_id>/advies-afhandelen", views.resolve_advice, name="resolve-advice"),
]

"""REST resources of the information app under /api/v1/ (kebab-case, no trailing slashes)."""

from django.urls import path

from weerstand.information.api.viewsets import (
    AttachmentViewSet,
    EntityViewSet,
    ProductImportViewSet,
    ThreatProductViewSet,
)

urlpatterns = [
    path(
        "threat-products",
        ThreatProductViewSet.as_view({"get": "list", "post": "create"}),
        name="api-threat-product-list",
    ),
    path(
        "threat-products/<int:pk>",
        ThreatProductViewSet.as_view({"get": "retrieve"}),
        name="api-threat-product-detail",
    ),
    path(
        "threat-products/<int:pk>/withdrawals",
        ThreatProductViewSet.as_view({"post": "withdraw"}),
        name="api-threat-product-withdrawals",
    ),
    path(
        "threat-products/<int:pk>/versions",
        ThreatProductViewSet.as_view(
            {"get": "versions", "post": "new_version"}, pagination_class=None
        ),
        name="api-threat-product-versions",
    ),
    path(
        "threat-products/<int:pk>/case-links",
        ThreatProductViewSet.as_view({"post": "link_case"}),
        name="api-threat-product-case-links",
    ),
    path(
        "entities/<int:pk>",
        EntityViewSet.as_view({"get": "retrieve"}),
        name="api-entity-detail",
    ),
    path(
        "attachments/<int:pk>",
        AttachmentViewSet.as_view({"get": "retrieve"}),
        name="api-attachment-detail",
    ),
    path(
        "product-imports",
        ProductImportViewSet.as_view({"post": "create"}),
        name="api-product-imports",
    ),
]

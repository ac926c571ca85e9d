"""REST resources of the rights app under /api/v1/ (kebab-case, no trailing slashes)."""

from django.urls import path

from weerstand.rights.api.letters import DecisionLetterViewSet
from weerstand.rights.api.viewsets import AcknowledgementViewSet, FrameworkViewSet, ObjectionViewSet

urlpatterns = [
    path(
        "objections",
        ObjectionViewSet.as_view({"get": "list", "post": "create"}),
        name="api-objection-list",
    ),
    path(
        "objections/<int:pk>",
        ObjectionViewSet.as_view({"get": "retrieve"}),
        name="api-objection-detail",
    ),
    path(
        "objections/<int:pk>/outcomes",
        ObjectionViewSet.as_view({"post": "outcome"}),
        name="api-objection-outcomes",
    ),
    path(
        "objections/<int:pk>/extensions",
        ObjectionViewSet.as_view({"post": "extension"}),
        name="api-objection-extensions",
    ),
    path(
        "rights-frameworks",
        FrameworkViewSet.as_view({"get": "list", "post": "create"}),
        name="api-rights-framework-list",
    ),
    path(
        "rights-frameworks/<int:pk>",
        FrameworkViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="api-rights-framework-detail",
    ),
    path(
        "framework-acknowledgements",
        AcknowledgementViewSet.as_view({"get": "list", "post": "create"}),
        name="api-framework-acknowledgement-list",
    ),
    path(
        "decisions/<int:pk>/letter",
        DecisionLetterViewSet.as_view({"get": "retrieve"}, pagination_class=None),
        name="api-decision-letter",
    ),
]

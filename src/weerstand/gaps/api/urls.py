"""REST resources of the gaps app under /api/v1/."""

from django.urls import path

from weerstand.gaps.api.viewsets import GapViewSet, InformationRequestViewSet

urlpatterns = [
    path("gaps", GapViewSet.as_view({"get": "list", "post": "create"}), name="api-gap-list"),
    path("gaps/<int:pk>", GapViewSet.as_view({"get": "retrieve"}), name="api-gap-detail"),
    path(
        "information-requests",
        InformationRequestViewSet.as_view({"get": "list", "post": "create"}),
        name="api-rfi-list",
    ),
    path(
        "information-requests/<int:pk>",
        InformationRequestViewSet.as_view({"get": "retrieve"}),
        name="api-rfi-detail",
    ),
    path(
        "information-requests/<int:pk>/answers",
        InformationRequestViewSet.as_view({"post": "answer"}, pagination_class=None),
        name="api-rfi-answers",
    ),
]

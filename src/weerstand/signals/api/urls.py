"""REST resources of the signals app under /api/v1/."""

from django.urls import path

from weerstand.signals.api.viewsets import SignalViewSet

urlpatterns = [
    path(
        "signals",
        SignalViewSet.as_view({"get": "list", "post": "create"}),
        name="api-signal-list",
    ),
    path("signals/<int:pk>", SignalViewSet.as_view({"get": "retrieve"}), name="api-signal-detail"),
    path(
        "signals/<int:pk>/triage",
        SignalViewSet.as_view({"post": "triage"}, pagination_class=None),
        name="api-signal-triage",
    ),
]

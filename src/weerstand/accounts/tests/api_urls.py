"""Test URL conf: the real one plus a minimal API resource that needs an authenticated user.

The authentication classes are tested through it with the full middleware stack, without
depending on which resources the API happens to have.
"""

from django.urls import path
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from weerstand.core.decorators import requires
from weerstand.urls import handler404, handler500  # noqa: F401
from weerstand.urls import urlpatterns as real_urlpatterns


class WhoAmI(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request: Request) -> Response:
        return Response({"username": request.user.username})

    def post(self, request: Request) -> Response:
        return Response({"username": request.user.username})


urlpatterns = [
    path("api/v1/test-whoami", requires("authenticated")(WhoAmI.as_view()), name="test-whoami"),
    *real_urlpatterns,
]

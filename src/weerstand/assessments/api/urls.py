"""REST resources of the assessments app under /api/v1/ (kebab-case, no trailing slashes)."""

from django.urls import path

from weerstand.assessments.api.viewsets import AssessmentViewSet as V

_STEP = {"pagination_class": None}
urlpatterns = [
    path("assessments", V.as_view({"get": "list", "post": "create"}), name="api-assessment-list"),
    path(
        "assessments/<int:pk>",
        V.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="api-assessment-detail",
    ),
    path(
        "assessments/<int:pk>/submissions",
        V.as_view({"post": "submit"}, **_STEP),
        name="api-assessment-submissions",
    ),
    path(
        "assessments/<int:pk>/challenge",
        V.as_view({"post": "challenge"}, **_STEP),
        name="api-assessment-challenge",
    ),
    path(
        "assessments/<int:pk>/answers",
        V.as_view({"post": "answers"}, **_STEP),
        name="api-assessment-answers",
    ),
    path(
        "assessments/<int:pk>/senior-check-requests",
        V.as_view({"post": "senior_check_request"}, **_STEP),
        name="api-assessment-senior-check-requests",
    ),
    path(
        "assessments/<int:pk>/senior-checks",
        V.as_view({"post": "senior_check"}, **_STEP),
        name="api-assessment-senior-checks",
    ),
    path(
        "assessments/<int:pk>/finalisations",
        V.as_view({"post": "finalise"}, **_STEP),
        name="api-assessment-finalisations",
    ),
    path(
        "assessments/<int:pk>/report.pdf",
        V.as_view({"get": "report"}, **_STEP),
        name="api-assessment-report",
    ),
]

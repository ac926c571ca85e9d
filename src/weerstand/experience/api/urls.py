"""REST resources of the experience app under /api/v1/."""

from weerstand.core.api.routes import patterns
from weerstand.experience.api.viewsets import ExperienceQuestionnaireViewSet

urlpatterns = patterns(ExperienceQuestionnaireViewSet)

"""REST resources of the crownwitness app under /api/v1/ (routes declared on the viewsets)."""

from weerstand.core.api.routes import patterns
from weerstand.crownwitness.api.gate import GateViewSet
from weerstand.crownwitness.api.referral import CircleCaseViewSet
from weerstand.crownwitness.api.viewsets import TrajectoryViewSet
from weerstand.crownwitness.api.weighings import TrajectoryWeighingViewSet

urlpatterns = patterns(TrajectoryViewSet, CircleCaseViewSet, GateViewSet, TrajectoryWeighingViewSet)

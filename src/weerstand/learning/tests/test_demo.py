"""The demo world: one completed evaluation, one open post-incident review with an action,
readable by the NCTV quality function (demo user `kwaliteit`)."""

from __future__ import annotations

import pytest

from weerstand.accounts.models import User
from weerstand.learning.models import Evaluation, FollowUpAction, IncidentReview

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_demo_has_a_completed_evaluation_and_an_open_review_with_an_action(
    seeded_demo: dict[str, object],
) -> None:
    assert seeded_demo["learning"] == {"evaluations": 1, "reviews": 1, "actions": 1}
    quality = User.objects.get(username="kwaliteit")
    completed = Evaluation.objects.visible_to(quality).filter(status="completed")
    assert completed.count() == 1
    reviews = [
        r for r in IncidentReview.objects.visible_to(quality).filter(status="open") if r.happened
    ]
    assert len(reviews) == 1
    assert FollowUpAction.objects.visible_to(quality).filter(review=reviews[0]).count() == 1

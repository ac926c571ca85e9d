"""Bulk writes are no way around the services: `QuerySet.update()`, `bulk_update()` and
`QuerySet.delete()` are refused on every learning model, so a completed evaluation or review
and a done action stay as they were; a done action refuses `save()` as well."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from weerstand import testing as t
from weerstand.experience.tests import builders as b
from weerstand.learning import services
from weerstand.learning.models import (
    Contribution,
    Evaluation,
    Finalised,
    FollowUpAction,
    IncidentReview,
    Lesson,
    LessonLink,
)
from weerstand.signals import services as signals
from weerstand.signals.services import SignalData

pytestmark = pytest.mark.django_db
NOW = timezone.now().replace(microsecond=0)


def _completed_review() -> tuple[Any, IncidentReview, FollowUpAction]:
    analyst = t.user("analyst")
    case = t.case(analyst, team=(analyst,), owner=analyst)
    signal = signals.record_signal(
        analyst,
        SignalData(
            what="Auto reed in op de woning.",
            happened_at=NOW - timedelta(hours=1),
            kind="incident",
            case_id=case.pk,
        ),
        now=NOW,
    )
    review = IncidentReview.objects.get(signal=signal)
    values = {f: f"Tekst bij {f}." for f in services.sections_of(review)}
    review = services.update_sections(
        analyst, "review", review.pk, values, expected_version=review.version
    )
    action = services.add_action(
        analyst,
        "review",
        review.pk,
        services.ActionData("Camera plaatsen", analyst.pk, timezone.localdate()),
    )
    action = services.complete_action(analyst, action.pk, "Geplaatst.")
    services.add_contribution(analyst, "review", review.pk, "Inbreng van het team.")
    services.add_lesson(analyst, "review", review.pk, "Een les.")
    services.complete(analyst, "review", review.pk, expected_version=review.version)
    review.refresh_from_db()
    assert review.status == "completed"
    return analyst, review, action


def test_a_completed_review_refuses_bulk_update_and_delete() -> None:
    _, review, _ = _completed_review()
    rows = IncidentReview.objects.filter(pk=review.pk)
    with pytest.raises(Finalised):
        rows.update(decided="stiekem herschreven")
    review.decided = "stiekem herschreven"
    with pytest.raises(Finalised):
        IncidentReview.objects.bulk_update([review], ["decided"])
    with pytest.raises(Finalised):
        rows.delete()
    with pytest.raises(Finalised):
        IncidentReview.objects.update_or_create(pk=review.pk, defaults={"decided": "x"})
    fresh = IncidentReview.objects.get(pk=review.pk)
    assert fresh.decided == "Tekst bij decided." and fresh.status == "completed"


def test_a_completed_evaluation_refuses_bulk_update_and_delete() -> None:
    world = b.started()
    b.stop(world)
    evaluation = Evaluation.objects.get()
    with pytest.raises(Finalised):  # even an open one: only the services write
        Evaluation.objects.filter(pk=evaluation.pk).update(status="completed")
    with pytest.raises(Finalised):
        Evaluation.objects.all().delete()
    assert Evaluation.objects.get().status == "open"


def test_a_done_action_refuses_bulk_update_save_and_delete() -> None:
    _, _, action = _completed_review()
    with pytest.raises(Finalised):
        FollowUpAction.objects.filter(pk=action.pk).update(note="anders", status="open")
    action.note = "anders"
    with pytest.raises(Finalised):
        FollowUpAction.objects.bulk_update([action], ["note"])
    with pytest.raises(Finalised):
        action.save()
    with pytest.raises(Finalised):
        action.delete()
    with pytest.raises(Finalised):
        FollowUpAction.objects.filter(pk=action.pk).delete()
    fresh = FollowUpAction.objects.get(pk=action.pk)
    assert (fresh.status, fresh.note) == ("done", "Geplaatst.")


@pytest.mark.parametrize("model", [Contribution, Lesson, LessonLink])
def test_appended_rows_refuse_bulk_writes(model: Any) -> None:
    with pytest.raises(Finalised):
        model.objects.all().update(created_at=NOW)
    with pytest.raises(Finalised):
        model.objects.all().delete()


def test_lessons_refuse_save_and_delete_after_creation() -> None:
    _completed_review()
    lesson = Lesson.objects.get()
    lesson.text = "anders"
    with pytest.raises(Finalised):
        lesson.save()
    with pytest.raises(Finalised):
        lesson.delete()

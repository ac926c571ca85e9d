"""Read models of the experience app: the person's own invitations, a case's questionnaires
for the case team, and the aggregate scores for the quality monitor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count

from weerstand.core.errors import NotPermitted
from weerstand.experience import questions, rules
from weerstand.experience.models import (
    ExperienceAnswer,
    ExperienceQuestionnaire,
    QuestionnaireStatus,
)


def open_invitations(user: Any) -> list[ExperienceQuestionnaire]:
    """The portal user's invitations still waiting for an answer."""
    if not rules.answers_own(user):
        return []
    return list(
        ExperienceQuestionnaire.objects.visible_to(user)
        .filter(recipient=user.pk, status=QuestionnaireStatus.INVITED)
        .order_by("-invited_at", "-pk")
    )


def answers_of(user: Any, questionnaires: list[ExperienceQuestionnaire]) -> dict[int, dict]:
    """Scores per questionnaire (code -> score), read through the policy."""
    out: dict[int, dict] = {q.pk: {} for q in questionnaires}
    rows = ExperienceAnswer.objects.visible_to(user).filter(
        questionnaire__in=[q.pk for q in questionnaires]
    )
    for a in rows:
        out.setdefault(a.questionnaire_id, {})[a.question] = a.score
    return out


def case_questionnaires(user: Any, case: Any) -> list[ExperienceQuestionnaire]:
    return list(
        ExperienceQuestionnaire.objects.visible_to(user)
        .filter(case=case.pk)
        .select_related("person", "decision")
        .order_by("-invited_at", "-pk")
    )


@dataclass(frozen=True)
class QuestionScore:
    code: str
    text: str
    answers: int
    mean: float | None  # None: fewer than the minimum group size


def aggregate_scores(user: Any, min_group: int = rules.MIN_GROUP) -> list[QuestionScore]:
    """Mean score per scale question over all answered questionnaires of all cases, for the
    quality monitor. No figure below `min_group` answers; never the free text, never a case
    or a person. A system read: the rows are not shown, only counts and means."""
    if not rules.sees_aggregates(user):
        raise NotPermitted("Alleen met inzage in geaggregeerde cijfers.")
    stats = {
        row["question"]: row
        for row in ExperienceAnswer._default_manager.filter(
            questionnaire__status=QuestionnaireStatus.ANSWERED
        )
        .values("question")
        .annotate(n=Count("pk"), mean=Avg("score"))
    }
    out = []
    for q in questions.scale_questions():
        row = stats.get(q.code)
        n = int(row["n"]) if row else 0
        mean = round(float(row["mean"]), 1) if row and n >= min_group else None
        out.append(QuestionScore(q.code, q.shown, n if n >= min_group else 0, mean))
    return out

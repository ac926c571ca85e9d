"""Read models of the learning app, from policy-scoped reads only: the quality function's
overview, a case's evaluations and reviews, one evaluation or review with its parts, and
the lessons linked to a method-template or catalogue version."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from weerstand.learning.models import (
    ActionStatus,
    Contribution,
    Evaluation,
    FollowUpAction,
    IncidentReview,
    Lesson,
    LessonLink,
)

LIMIT = 200


def evaluations(user: Any, *, case_id: int | None = None, limit: int = LIMIT) -> list[Evaluation]:
    qs = Evaluation.objects.visible_to(user).select_related("case", "owner")
    if case_id is not None:
        qs = qs.filter(case=case_id)
    return list(qs.order_by("-opened_at", "-pk")[:limit])


def reviews(user: Any, *, case_id: int | None = None, limit: int = LIMIT) -> list[IncidentReview]:
    qs = IncidentReview.objects.visible_to(user).select_related("case", "owner", "signal")
    if case_id is not None:
        qs = qs.filter(case=case_id)
    return list(qs.order_by("-opened_at", "-pk")[:limit])


def open_actions(user: Any, limit: int = LIMIT) -> list[FollowUpAction]:
    return list(
        FollowUpAction.objects.visible_to(user)
        .filter(status=ActionStatus.OPEN)
        .select_related("assignee", "evaluation", "review")
        .order_by("due_on", "pk")[:limit]
    )


def _parent_filter(obj: Any) -> dict[str, Any]:
    return {"evaluation": obj.pk} if isinstance(obj, Evaluation) else {"review": obj.pk}


def contributions(user: Any, obj: Any) -> list[Contribution]:
    return list(
        Contribution.objects.visible_to(user)
        .filter(**_parent_filter(obj))
        .select_related("author", "organisation")
        .order_by("created_at", "pk")
    )


def actions(user: Any, obj: Any) -> list[FollowUpAction]:
    return list(
        FollowUpAction.objects.visible_to(user)
        .filter(**_parent_filter(obj))
        .select_related("assignee", "evaluation", "review")
        .order_by("due_on", "pk")
    )


@dataclass
class LessonRow:
    lesson: Lesson
    links: list[LessonLink] = field(default_factory=list)


def lessons(user: Any, obj: Any) -> list[LessonRow]:
    rows = list(Lesson.objects.visible_to(user).filter(**_parent_filter(obj)).order_by("pk"))
    out = {lesson.pk: LessonRow(lesson) for lesson in rows}
    links = LessonLink.objects.visible_to(user).filter(lesson__in=list(out)).order_by("pk")
    for link in links:
        out[link.lesson_id].links.append(link)
    return list(out.values())


def lessons_for_target(user: Any, target_type: str, target_pk: int) -> list[Lesson]:
    """The lessons (visible to `user`) that led to this version: the other end of the link."""
    links = (
        LessonLink.objects.visible_to(user)
        .filter(target_type=target_type, target_pk=target_pk)
        .values("lesson_id")
    )
    return list(
        Lesson.objects.visible_to(user)
        .filter(pk__in=links)
        .select_related("evaluation", "review")
        .order_by("pk")
    )


@dataclass
class Experience:
    """The person's experience for the evaluation's decision, read through the experience
    app's own selectors (its rules decide who sees it: the NCTV roles of the case team)."""

    rows: list[Any]
    open_question: Any


def experience(user: Any, evaluation: Evaluation) -> Experience:
    from weerstand.experience import questions
    from weerstand.experience import selectors as experience

    rows = [
        q
        for q in experience.case_questionnaires(user, evaluation.case)
        if q.decision_id == evaluation.decision_id
    ]
    answers = experience.answers_of(user, rows)
    scale = questions.scale_questions()
    return Experience(
        rows=[(q, [(s, answers.get(q.pk, {}).get(s.code)) for s in scale]) for q in rows],
        open_question=questions.open_question(),
    )


def counts(user: Any) -> dict[str, int]:
    """Counts for the overview, over visible rows only."""
    return {
        "evaluations_open": Evaluation.objects.visible_to(user).filter(status="open").count(),
        "reviews_open": IncidentReview.objects.visible_to(user).filter(status="open").count(),
        "actions_open": FollowUpAction.objects.visible_to(user)
        .filter(status=ActionStatus.OPEN)
        .count(),
    }

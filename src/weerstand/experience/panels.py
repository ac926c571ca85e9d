"""The portal panel with the invitation (order 55) and the case-page section for the case
team. Built from policy-scoped reads only, and audited."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.extensions import Panel, WorkItem
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

LIMIT = 20


def _audit_list(user: Any, rows: list[Any], what: str, case_id: int | None = None) -> None:
    audit.record(
        AuditAction.LIST,
        object_type="experience.experiencequestionnaire",
        object_repr=f"{len(rows)} ervaringsvragenlijsten ({what})",
        case_id=case_id,
        changes={"ids": [r.pk for r in rows]},
        actor=user,
    )


def portal_panel(user: Any) -> Panel | None:
    from weerstand.experience import selectors

    rows = selectors.open_invitations(user)[:LIMIT]
    if not rows:
        return None
    _audit_list(user, rows, "portaal")
    return Panel(template="experience/_panel_portal.html", context={"rows": rows}, order=55)


def portal_work(user: Any) -> list[WorkItem]:
    """The person's open invitation(s), one line each on their short start page."""
    from weerstand.experience import selectors

    rows = selectors.open_invitations(user)[:LIMIT]
    if not rows:
        return []
    _audit_list(user, rows, "startpagina")
    return [
        WorkItem(
            title=_("Vertel ons hoe u de beveiliging hebt ervaren"),
            reason=_("Een paar korte vragen, ongeveer vijf minuten"),
            url=reverse("experience:answer", args=[q.pk]),
            kind="portal-experience",
        )
        for q in rows
    ]


def case_section(user: Any, case: Any) -> Panel | None:
    """The questionnaires of the case with their answers: the case's evaluation."""
    from weerstand.experience import questions, selectors

    if not engine.can(user, Resource.EXPERIENCE_QUESTIONNAIRE, Action.VIEW):
        return None
    rows = selectors.case_questionnaires(user, case)[:LIMIT]
    if not rows:
        return None
    _audit_list(user, rows, "casuspagina", case.pk)
    answers = selectors.answers_of(user, rows)
    scale = questions.scale_questions()
    return Panel(
        template="experience/_case_section.html",
        context={
            "rows": [(q, [(s, answers.get(q.pk, {}).get(s.code)) for s in scale]) for q in rows],
            "open_question": questions.open_question(),
        },
        order=86,
    )

"""The case-page section (the case team, the quality function) and the menu item. Built
from policy-scoped reads only, and audited."""

from __future__ import annotations

from typing import Any

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.extensions import Panel
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource


def sees_learning(user: Any) -> bool:
    return engine.can(user, Resource.EVALUATION, Action.VIEW) or engine.can(
        user, Resource.INCIDENT_REVIEW, Action.VIEW
    )


def audit_list(user: Any, what: str, rows: list[Any], case_id: int | None = None) -> None:
    if not rows:
        return
    audit.record(
        AuditAction.LIST,
        object_type=rows[0]._meta.label_lower,
        object_repr=f"{len(rows)} {what}",
        case_id=case_id,
        changes={"ids": [r.pk for r in rows]},
        actor=user,
    )


def case_section(user: Any, case: Any) -> Panel | None:
    from weerstand.learning import selectors

    if not sees_learning(user):
        return None
    evaluations = selectors.evaluations(user, case_id=case.pk, limit=20)
    reviews = selectors.reviews(user, case_id=case.pk, limit=20)
    if not evaluations and not reviews:
        return None
    audit_list(user, "evaluaties (casuspagina)", evaluations, case.pk)
    audit_list(user, "nabesprekingen (casuspagina)", reviews, case.pk)
    return Panel(
        template="learning/_case_section.html",
        context={"evaluations": evaluations, "reviews": reviews},
        order=88,
    )

"""Policy-scoped reads of consultations (callers audit what they show)."""

from __future__ import annotations

from typing import Any

from weerstand.consultations.models import (
    CaseInvestigationLink,
    Consultation,
    FollowUp,
    Participant,
)


def attach(user: Any, rows: list[Consultation]) -> list[Consultation]:
    """Give each consultation its participants (`people`) and actions (`actions`), read
    through the policy (never through the relation)."""
    ids = [c.pk for c in rows]
    people: dict[int, list[Participant]] = {i: [] for i in ids}
    actions: dict[int, list[FollowUp]] = {i: [] for i in ids}
    for p in (
        Participant.objects.visible_to(user).filter(consultation__in=ids).select_related("user")
    ):
        people[p.consultation_id].append(p)
    for f in FollowUp.objects.visible_to(user).filter(consultation__in=ids).select_related("owner"):
        actions[f.consultation_id].append(f)
    for c in rows:
        c.people = people[c.pk]
        c.actions = actions[c.pk]
    return rows


def case_consultations(user: Any, case: Any, limit: int = 50) -> list[Consultation]:
    return attach(
        user,
        list(
            Consultation.objects.visible_to(user)
            .filter(case=case.pk)
            .select_related("recorded_by", "corrects")
            .order_by("-held_at", "-pk")[:limit]
        ),
    )


def case_links(user: Any, case: Any) -> list[CaseInvestigationLink]:
    return list(CaseInvestigationLink.objects.visible_to(user).filter(case=case.pk))


def team_candidates(case: Any) -> list[Any]:
    """Case team members who may take part: they read consultations of this case."""
    from weerstand.accounts.models import User
    from weerstand.consultations import rules

    users = User.objects.filter(memberships__compartment=case.team_id, is_active=True).distinct()
    return [u for u in users.order_by("last_name", "pk") if rules.may_read(u, case)]

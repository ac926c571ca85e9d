"""Read models of the contact app: a case's contact person and history, the communication log
per recipient with the differences marked, and the portal's own views.

Every row comes through `visible_to(user)`; nothing here writes (callers audit the read).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from weerstand.cases import rules as case_rules
from weerstand.cases.models import Case, CasePerson
from weerstand.contact import rules
from weerstand.contact.models import Communication, ContactPerson, ContactPersonChange, Topic
from weerstand.policy.table import Action, Resource


def contact_for(user: Any, case: Any) -> ContactPerson | None:
    """The case's contact person as the user may see it (None: none named, or not for you)."""
    return (
        ContactPerson.objects.visible_to(user, Action.VIEW)
        .filter(case=getattr(case, "pk", case))
        .select_related("contact__organisation", "deputy__organisation")
        .first()
    )


def history(user: Any, case: Any) -> list[ContactPersonChange]:
    """Who was contact person (and deputy) from when to when, newest first."""
    return list(
        ContactPersonChange.objects.visible_to(user, Action.VIEW)
        .filter(case=getattr(case, "pk", case))
        .select_related("contact", "deputy", "changed_by")
        .order_by("-starts_at", "-pk")
    )


def candidates(user: Any, case: Any) -> list[Any]:
    """Team members who may be named contact person or deputy (for the owner's form)."""
    from weerstand.policy.models import CompartmentMembership

    members = (
        CompartmentMembership.objects.filter(compartment=case.team_id)
        .select_related("user__organisation")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    return [m.user for m in members if rules.speaker_refusal(m.user, case) is None]


def filter_communications(qs: QuerySet, filters: Mapping[str, Any]) -> QuerySet:
    """The API list's filters: case and recipient (a case-person link)."""
    if filters.get("case"):
        qs = qs.filter(case=filters["case"])
    if filters.get("recipient"):
        qs = qs.filter(recipient=filters["recipient"])
    return qs


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", "", text.lower())).strip()


@dataclass
class RecipientLog:
    link_id: int
    label: str
    role: str
    messages: list[Communication] = field(default_factory=list)


@dataclass
class CaseLog:
    recipients: list[RecipientLog]
    # Message ids whose latest word on a topic differs from what another person was told.
    differing: set[int]
    # Per flagged message: the labels of the persons who were told otherwise.
    told_otherwise: dict[int, list[str]]
    count: int


def case_log(user: Any, case: Any, limit: int = 500) -> CaseLog:
    """The case's log per recipient, chronologically, with differences marked.

    The rule, kept simple so anyone can check it: per topic, take the latest message to each
    person of the case (a correction replaces the message it corrects, being later). When
    those latest messages do not all say the same (ignoring case, punctuation and spacing),
    each of them is marked, naming the persons who were told otherwise. Messages without a
    topic are never compared.
    """
    rows = list(
        Communication.objects.visible_to(user, Action.VIEW)
        .filter(case=case.pk)
        .select_related("recipient", "corrects")
        .order_by("told_at", "pk")[:limit]
    )
    names = {
        cp.pk: f"{cp.person.first_name} {cp.person.last_name} ({cp.get_role_display()})"
        for cp in case_rules.visible_case_persons(user, case)
    }
    per: dict[int, RecipientLog] = {}
    for m in rows:
        if m.recipient_id not in per:
            label = names.get(m.recipient_id) or str(
                dict(CasePerson._meta.get_field("role").choices or []).get(
                    m.recipient_role, m.recipient_role
                )
            )
            per[m.recipient_id] = RecipientLog(m.recipient_id, label, m.recipient_role)
        per[m.recipient_id].messages.append(m)
    latest: dict[str, dict[int, Communication]] = defaultdict(dict)
    for m in rows:
        if m.topic:
            latest[m.topic][m.recipient_id] = m  # rows are chronological: the last one wins
    differing: set[int] = set()
    otherwise: dict[int, list[str]] = {}
    for by_recipient in latest.values():
        if len({_norm(m.text) for m in by_recipient.values()}) < 2:
            continue
        for rid, m in by_recipient.items():
            differing.add(m.pk)
            otherwise[m.pk] = sorted(
                per[other].label
                for other, o in by_recipient.items()
                if other != rid and _norm(o.text) != _norm(m.text)
            )
    return CaseLog(
        recipients=sorted(per.values(), key=lambda r: r.label),
        differing=differing,
        told_otherwise=otherwise,
        count=len(rows),
    )


def recipients(case: Any) -> list[CasePerson]:
    """The persons of a case a message can be addressed to (the speaker sees the case)."""
    return list(
        CasePerson.objects.filter(case=case.pk, role__in=rules.RECIPIENT_ROLES)
        .select_related("person")
        .order_by("role", "person__last_name", "pk")
    )


# --- the portal -------------------------------------------------------------------------------


def portal_contacts(user: Any) -> list[ContactPerson]:
    """The contact persons of the portal user's running cases that share them with the user."""
    return list(
        ContactPerson.objects.visible_to(user, Action.VIEW)
        .exclude(case__state="ended")
        .select_related("contact__organisation", "deputy__organisation")
        .order_by("case_id")
    )


def own_messages(user: Any) -> QuerySet[Communication]:
    """The messages addressed to the portal user, newest first."""
    person_id = getattr(user, "person_id", None)
    return (
        Communication.objects.visible_to(user, Action.VIEW)
        .filter(recipient_person=person_id)
        .order_by("-told_at", "-pk")
    )


def capacity_notices(user: Any) -> list[Communication]:
    """Messages told to the portal user (as protectee) about a temporary change of their
    protection whose period has not yet passed."""
    today = timezone.localdate()
    return list(
        own_messages(user)
        .filter(topic=Topic.CAPACITY, recipient_role="protectee", period_end__gte=today)
        .select_related("case")
    )


def visible_case_ids(user: Any, ids: set[int]) -> set[int]:
    """Of these cases, those the user may see (a portal user: none)."""
    if not ids:
        return set()
    return set(
        Case.objects.visible_to(user, Action.VIEW).filter(pk__in=ids).values_list("pk", flat=True)
    )


def sees_log(user: Any) -> bool:
    return rules.is_staff_reader(user, Resource.COMMUNICATION)

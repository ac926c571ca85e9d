"""Start-page work items, portal panels and the case-page section of the resilience app.
Rows come from `resilience.selectors` (policy-scoped); each list shown is audited by ids."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.extensions import Panel, WorkItem
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource
from weerstand.resilience import rules, selectors
from weerstand.resilience.models import BuddyStatus


def _audit(rows: list[Any], label: str, what: str, case_id: int | None = None) -> None:
    if rows:
        audit.record(
            AuditAction.LIST,
            object_type=label,
            object_repr=f"{len(rows)} {what}",
            case_id=case_id,
            changes={"ids": [r.pk for r in rows]},
        )


def portal_conversations_panel(user: Any) -> Panel | None:
    """Protectee or relative: their own upcoming conversations (date, time, phase in plain
    words, the expert's name). Never notes, never someone else's conversation."""
    if getattr(user, "person_id", None) is None or rules.is_staff_reader(user):
        return None
    if not engine.can(user, Resource.RESILIENCE_CONVERSATION, Action.VIEW):
        return None
    rows = selectors.own_upcoming(user)
    _audit(rows, "resilience.resilienceconversation", "eigen gesprekken (portaal)")
    return Panel(template="resilience/_portal_conversations.html", context={"rows": rows}, order=40)


def portal_buddy_panel(user: Any) -> Panel | None:
    """'Uw buddy' for the protectee, 'Iemand die u helpt' for the buddy (order 45)."""
    if getattr(user, "person_id", None) is None or rules.is_staff_reader(user, rules.BM):
        return None
    if not engine.can(user, Resource.BUDDY_MATCH, Action.VIEW):
        return None
    rows = selectors.own_matches(user)
    if not rows:
        return None
    audit.record(
        AuditAction.LIST,
        object_type="resilience.buddymatch",
        object_repr=f"{len(rows)} buddykoppelingen (portaal)",
        changes={"ids": [m.pk for m, _side in rows]},
    )
    return Panel(
        template="resilience/_portal_buddy.html",
        context={"rows": [selectors.portal_view(m, side) for m, side in rows]},
        order=45,
    )


def portal_work(user: Any) -> list[WorkItem]:
    """Protectee, relative or buddy: a planned conversation (by its moment) and a buddy
    proposal that waits for their yes or no, one line each on their short start page."""
    if getattr(user, "person_id", None) is None or rules.is_staff_reader(user):
        return []
    items: list[WorkItem] = []
    if engine.can(user, Resource.RESILIENCE_CONVERSATION, Action.VIEW):
        rows = selectors.own_upcoming(user)
        _audit(rows, "resilience.resilienceconversation", "eigen gesprekken (startpagina)")
        for c in rows:
            reason = str(c.phase_for_person)
            if c.expert:
                reason += ", " + _("met %(name)s") % {"name": c.expert.display_name}
            items.append(
                WorkItem(
                    title=_("Gesprek: %(when)s, %(time)s uur")
                    % {
                        "when": date_format(timezone.localtime(c.planned_at), "l j F"),
                        "time": time_format(timezone.localtime(c.planned_at), "H:i"),
                    },
                    reason=f"{reason} ({c.get_channel_display()})",
                    url=reverse("portal:overview") + "#gesprekken-portaal-kop",
                    deadline=c.planned_at,
                    kind="portal-conversation",
                )
            )
    if engine.can(user, Resource.BUDDY_MATCH, Action.VIEW) and not rules.is_staff_reader(
        user, rules.BM
    ):
        waiting = [
            (m, side)
            for m, side in selectors.own_matches(user)
            if m.status == BuddyStatus.PROPOSED and getattr(m, f"{side}_consent_at") is None
        ]
        if waiting:
            audit.record(
                AuditAction.LIST,
                object_type="resilience.buddymatch",
                object_repr=f"{len(waiting)} buddyvoorstellen (startpagina)",
                changes={"ids": [m.pk for m, _side in waiting]},
            )
        for m, side in waiting:
            items.append(
                WorkItem(
                    title=_("Zeg of u wilt meedoen met een buddy")
                    if side == "protectee"
                    else _("Zeg of u iemand wilt helpen als buddy"),
                    reason=_("Wij vragen eerst uw toestemming"),
                    url=reverse("resilience:buddy", args=[m.pk]),
                    kind="portal-buddy",
                )
            )
    return items


def work(user: Any) -> list[WorkItem]:
    """The resilience expert: end phases to plan (opened by a decision) and own follow-ups."""
    if not user.has_role("resilience_expert"):
        return portal_work(user)
    work = selectors.expert_work(user)
    _audit(work["to_plan"], "resilience.resilienceconversation", "gesprekken te plannen")
    _audit(work["follow_ups"], "resilience.followup", "eigen vervolgafspraken")
    items = [
        WorkItem(
            title=_("Gesprek van de eindfase plannen"),
            reason=_("Met %(name)s; de beveiliging stopt of wordt afgeschaald")
            % {"name": f"{c.person.first_name} {c.person.last_name}"},
            url=reverse("resilience:conversation", args=[c.pk]),
            case_reference=c.case.reference,
        )
        for c in work["to_plan"]
    ]
    items += [
        WorkItem(
            title=_("Vervolgafspraak afronden"),
            reason=_("Uw vervolgafspraak na een weerbaarheidsgesprek"),
            url=reverse("resilience:conversation", args=[f.conversation_id]),
            deadline=f.due_on,
            case_reference=f.case.reference,
        )
        for f in work["follow_ups"]
    ]
    return items


BUILDERS = (portal_conversations_panel, portal_buddy_panel)


def case_section(user: Any, case: Any) -> Panel | None:
    """On the case page: conversations and buddy matches, for the expert and the NCTV case
    team (and inspectors). Partners without need see no section at all."""
    if not rules.is_staff_reader(user):
        return None
    rows = selectors.case_conversations(user, case)
    buddies = selectors.case_matches(user, case)
    may_plan = rules.may_plan(user, case)
    if not rows and not buddies and not may_plan:
        return None
    _audit(rows, "resilience.resilienceconversation", "weerbaarheidsgesprekken (casus)", case.pk)
    _audit(buddies, "resilience.buddymatch", "buddykoppelingen (casus)", case.pk)
    return Panel(
        template="resilience/_case_section.html",
        context={"case": case, "rows": rows, "buddies": buddies, "may_plan": may_plan},
        order=45,
    )

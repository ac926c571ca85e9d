"""The cases app's parts of the start page: intake and hand-overs to answer, and a count of
the user's cases (their recalibration is the assessments app's work item).

Every list is built from `visible_to(user)`, and the cases shown are written to the audit
trail as one LIST record, exactly like the case list itself.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases import rules
from weerstand.cases.models import Case, CaseState
from weerstand.core.extensions import Panel, WorkCount, WorkItem
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource, Scope, scopes_for

WORK_ROWS = 10


def work(user: Any) -> list[WorkItem]:
    """Referrals to take through triage (the analysis function, with the change grant on the
    intake) and hand-overs waiting for the local authority's answer."""
    return intake_work(user) + authority_work(user) + handover_work(user)


def authority_work(user: Any) -> list[WorkItem]:
    """The cases of the decision-maker's teams that wait for the authority: to designate (or
    not), or to decide on the measures. The decision grant, not a read grant, makes it work."""
    from weerstand.core.dashboard import audit_work

    if not engine.can(user, Resource.DECISION, Action.CREATE):
        return []
    rows = list(
        Case.objects.visible_to(user)
        .filter(state__in=(CaseState.DESIGNATION, CaseState.DECISION), team__memberships__user=user)
        .distinct()
        .order_by("updated_at", "pk")[:WORK_ROWS]
    )
    audit_work("cases.case", [c.pk for c in rows], "casussen bij het gezag", user)
    return [
        WorkItem(
            title=_("Over aanwijzing beslissen")
            if c.state == CaseState.DESIGNATION
            else _("Besluit nemen"),
            reason=_("De casus ligt bij het gezag sinds %(d)s")
            % {"d": f"{timezone.localtime(c.updated_at):%d-%m-%Y}"},
            url=reverse("cases:detail", args=[c.pk]),
            case_reference=c.reference,
            kind=f"cases:{c.state}",
        )
        for c in rows
    ]


def intake_work(user: Any) -> list[WorkItem]:
    from weerstand.core.dashboard import audit_work

    if not rules.works_intake(user) or not engine.can(user, Resource.CASE, Action.CHANGE):
        return []
    # The intake transitions are the analysis function's whether or not it is in the team
    # yet (`cases.services._check_transition`): the intake scope of the view grant.
    rows = list(
        Case.objects.visible_to(user)
        .filter(state__in=engine.INTAKE_STATES)
        .order_by("referred_at", "pk")[:WORK_ROWS]
    )
    audit_work("cases.case", [c.pk for c in rows], "aanmeldingen", user)
    return [
        WorkItem(
            title=_("Aanmelding beoordelen")
            if c.state == CaseState.REFERRAL
            else _("Triage afronden"),
            reason=_("Aangemeld op %(d)s; nog niet getrieerd")
            % {"d": f"{timezone.localtime(c.referred_at):%d-%m-%Y}"},
            url=reverse("cases:detail", args=[c.pk]),
            case_reference=c.reference,
        )
        for c in rows
    ]


def handover_work(user: Any) -> list[WorkItem]:
    """The local authority's hand-overs that wait for its answer (allow-listed fields only)."""
    from weerstand.cases import local_domain
    from weerstand.cases.models import HandoverStatus
    from weerstand.core.dashboard import audit_work

    if not sees_handover_page(user):
        return []
    rows = list(
        local_domain.handovers_for(user)
        .filter(authority=user.organisation_id, status=HandoverStatus.OFFERED)
        .order_by("handed_over_at", "pk")[:WORK_ROWS]
    )
    audit_work("cases.localhandover", [h.pk for h in rows], "overdrachten lokaal domein", user)
    items = []
    for h in rows:
        shared = local_domain.shared_item(h)
        items.append(
            WorkItem(
                title=_("Overdracht beantwoorden"),
                reason=_(
                    "Het NCTV draagt de beveiliging (%(what)s) over aan u; overgedragen op %(d)s"
                )
                % {
                    "what": shared["phenomenon_label"].lower(),
                    "d": f"{timezone.localtime(h.handed_over_at):%d-%m-%Y}",
                },
                url=reverse("cases:handover", args=[h.pk]),
                case_reference=shared.get("case_reference", ""),
            )
        )
    return items


def counts(user: Any) -> list[WorkCount]:
    """The cases of the user's teams (an inspector's read-everything grant is oversight, not a
    case load: no count)."""
    if Scope.TEAM not in scopes_for(user.role_codes, Resource.CASE, Action.VIEW):
        return []
    n = Case.objects.visible_to(user).filter(team__memberships__user=user).distinct().count()
    label = ngettext("casus in uw team", "casussen in uw team", n)
    return [WorkCount(label, n, reverse("cases:list"), order=90)]


def case_handover_section(user: Any, case: Any) -> Panel | None:
    """The case's hand-overs to the local domain, for those who reach them through the case
    (the team, inspectors): status, the local authority's answer, the NCTV contact."""
    from weerstand.cases import local_domain

    if not engine.reaches(user, case, Resource.LOCAL_HANDOVER, Action.VIEW):
        return None
    rows = list(local_domain.handovers_of_case(user, case).order_by("-handed_over_at", "-pk"))
    if not rows:
        return None
    full = rules.handovers_in_full(user, [h.pk for h in rows])
    audit.record(
        AuditAction.LIST,
        object_type="cases.localhandover",
        object_repr=f"{len(rows)} overdrachten lokaal domein (casuspagina)",
        changes={"ids": [h.pk for h in rows]},
        actor=user,
    )
    return Panel(
        "cases/_case_handovers.html",
        {"handovers": [local_domain.team_item(h) for h in rows if h.pk in full]},
        order=35,
    )


def sees_handover_page(user: Any) -> bool:
    """The menu entry: for the local authority (mayor, OM officers) who answer hand-overs.
    The case team finds a hand-over on its case page."""
    return user.has_role(*rules.ANSWERING_ROLE.values()) and engine.can(
        user, Resource.LOCAL_HANDOVER, Action.CHANGE
    )

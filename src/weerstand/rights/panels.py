"""Start-page panels of the rights app. Each is built from policy-scoped reads only, and
shows rows (never bare counts of things the user cannot open)."""

from __future__ import annotations

from typing import Any

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.extensions import Panel
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource, Scope, scopes_for

LIMIT = 20
ACTIVE_STATES = ("decision", "protection_active", "recalibration")


def portal_panel(user: Any) -> Panel | None:
    """Portal users: the framework to read, and (protectee) the way to their letters."""
    from weerstand.rights import services

    if not getattr(user, "person_id", None):
        return None
    outstanding = services.outstanding_framework(user)
    has_letters = Scope.SELF in scopes_for(user.role_codes, Resource.DECISION_LETTER, Action.VIEW)
    if outstanding is None and not has_letters:
        return None
    return Panel(
        template="rights/_panel_portal.html",
        context={"outstanding": outstanding, "has_letters": has_letters},
        order=5,
    )


def unacknowledged_panel(user: Any) -> Panel | None:
    """Case owners: which protectees of their active cases have not read the framework."""
    from weerstand.accounts.models import User
    from weerstand.cases.models import Case
    from weerstand.registry.models import Person
    from weerstand.rights.models import FrameworkAcknowledgement
    from weerstand.rights.services import framework_in_force

    if not engine.can(user, Resource.RIGHTS_FRAMEWORK, Action.VIEW):
        return None
    p = engine.principal(user)
    if not p.owner_of:
        return None
    fw = framework_in_force()
    if fw is None:
        return None
    cases = list(
        Case.objects.visible_to(user)
        .filter(team__in=sorted(p.owner_of), state__in=ACTIVE_STATES)
        .order_by("reference")
    )
    persons = {
        x.pk: x
        for x in Person.objects.visible_to(user).filter(pk__in=[c.protectee_id for c in cases])
    }
    read = set(
        FrameworkAcknowledgement.objects.visible_to(user)
        .filter(framework=fw, person__in=list(persons))
        .values_list("person_id", flat=True)
    )
    with_account = set(
        User.objects.filter(person__in=list(persons), is_active=True).values_list(
            "person_id", flat=True
        )
    )
    rows = [
        {"case": c, "person": persons[c.protectee_id], "account": c.protectee_id in with_account}
        for c in cases
        if c.protectee_id in persons and c.protectee_id not in read
    ][:LIMIT]
    if not rows:
        return None
    audit.record(
        AuditAction.LIST,
        object_type="cases.case",
        object_repr=f"{len(rows)} casussen (kader niet gelezen)",
        changes={"ids": [r["case"].pk for r in rows]},
        actor=user,
    )
    return Panel(
        template="rights/_panel_unacknowledged.html",
        context={"rows": rows, "framework": fw},
        order=60,
    )


def new_decision_panel(user: Any) -> Panel | None:
    """Decision-makers: founded objections that still wait for a new decision."""
    from weerstand.rights.services import awaiting_new_decision

    if not user.has_role("decision_maker"):
        return None
    rows = awaiting_new_decision(user)[:LIMIT]
    if not rows:
        return None
    audit.record(
        AuditAction.LIST,
        object_type="rights.objection",
        object_repr=f"{len(rows)} bezwaren (nieuw besluit nodig)",
        changes={"ids": [o.pk for o in rows]},
        actor=user,
    )
    return Panel(template="rights/_panel_new_decision.html", context={"rows": rows}, order=15)


def appeal_panel(user: Any) -> Panel | None:
    """The appeal body: open objections, the overdue ones first."""
    from weerstand.rights.models import OPEN_STATUSES, Objection

    if not scopes_for(user.role_codes, Resource.OBJECTION, Action.CHANGE):
        return None
    rows = list(
        Objection.objects.visible_to(user, Action.CHANGE)
        .filter(status__in=OPEN_STATUSES)
        .order_by("deadline", "pk")[:LIMIT]
    )
    audit.record(
        AuditAction.LIST,
        object_type="rights.objection",
        object_repr=f"{len(rows)} open bezwaren",
        changes={"ids": [o.pk for o in rows]},
        actor=user,
    )
    return Panel(template="rights/_panel_appeal.html", context={"rows": rows}, order=10)


BUILDERS = (portal_panel, unacknowledged_panel, new_decision_panel, appeal_panel)


def case_section(user: Any, case: Any) -> Panel | None:
    """On the case page: the letters of the case's decisions and its objections."""
    from weerstand.rights import rules
    from weerstand.rights.models import Objection

    if not (
        engine.can(user, Resource.DECISION_LETTER, Action.VIEW)
        or engine.can(user, Resource.OBJECTION, Action.VIEW)
    ):
        return None
    letters = list(
        rules.letter_decisions(user).filter(case=case.pk).order_by("-decided_at", "-pk")[:LIMIT]
    )
    objections = list(
        Objection.objects.visible_to(user)
        .filter(case=case.pk)
        .select_related("decision")
        .order_by("-lodged_at")[:LIMIT]
    )
    if not letters and not objections:
        return None
    if objections:
        audit.record(
            AuditAction.LIST,
            object_type="rights.objection",
            object_repr=f"{len(objections)} bezwaren (casuspagina)",
            case_id=case.pk,
            changes={"ids": [o.pk for o in objections]},
            actor=user,
        )
    can_record = Scope.TEAM in scopes_for(user.role_codes, Resource.OBJECTION, Action.CREATE)
    return Panel(
        template="rights/_case_section.html",
        context={"letters": letters, "objections": objections, "can_record": can_record},
        order=80,
    )

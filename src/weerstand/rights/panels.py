"""Start-page panels of the rights app. Each is built from policy-scoped reads only, and
shows rows (never bare counts of things the user cannot open)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.extensions import Panel
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

LIMIT = 20


def portal_panel(user: Any) -> Panel | None:
    """Portal users: the framework to read, and (protectee) the way to their letters."""
    from weerstand.rights import rules, selectors

    if not getattr(user, "person_id", None):
        return None
    outstanding = selectors.outstanding_framework(user)
    has_letters = rules.receives_own_letters(user)
    if outstanding is None and not has_letters:
        return None
    return Panel(
        template="rights/_panel_portal.html",
        context={"outstanding": outstanding, "has_letters": has_letters},
        order=5,
    )


def unacknowledged_panel(user: Any) -> Panel | None:
    """Case owners: which protectees of their active cases have not read the framework."""
    from weerstand.rights import selectors

    if not engine.can(user, Resource.RIGHTS_FRAMEWORK, Action.VIEW):
        return None
    if not engine.principal(user).owner_of:
        return None
    fw = selectors.framework_in_force()
    if fw is None:
        return None
    rows = selectors.unacknowledged_protectees(user, fw)[:LIMIT]
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
    from weerstand.rights import selectors

    if not user.has_role("decision_maker"):
        return None
    rows = selectors.awaiting_new_decision(user)[:LIMIT]
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
    from weerstand.rights import rules, selectors

    if not rules.is_appeal_body(user):
        return None
    rows = selectors.open_objections(user, LIMIT)
    audit.record(
        AuditAction.LIST,
        object_type="rights.objection",
        object_repr=f"{len(rows)} open bezwaren",
        changes={"ids": [o.pk for o in rows]},
        actor=user,
    )
    return Panel(template="rights/_panel_appeal.html", context={"rows": rows}, order=10)


def letters_panel(user: Any) -> Panel | None:
    """Portal users: 'Uw brieven', the letters addressed to them, new (unread) ones marked."""
    from weerstand.rights import selectors

    if not getattr(user, "person_id", None):
        return None
    if not engine.can(user, Resource.DECISION_LETTER, Action.VIEW):
        return None
    letters = selectors.own_addressed_letters(user, LIMIT)
    if letters:
        audit.record(
            AuditAction.LIST,
            object_type="rights.addressedletter",
            object_repr=f"{len(letters)} brieven (startpagina)",
            changes={"ids": [x.pk for x in letters]},
            actor=user,
        )
    from weerstand.rights.services import letter_date

    rows = [
        {
            "letter": x,
            "subject": selectors.letter_subject(x),
            "date": letter_date(x.decision),
            "new": x.read_at is None,
        }
        for x in letters
    ]
    return Panel(
        template="rights/_panel_letters.html",
        context={"rows": rows, "unread": sum(1 for r in rows if r["new"])},
        order=20,
    )


def employer_measures_panel(user: Any) -> Panel | None:
    """The employer contact: what they are asked to do, and a way to say it is done."""
    from weerstand.rights import selectors

    if not getattr(user, "person_id", None):
        return None
    if not engine.can(user, Resource.EMPLOYER_MEASURE, Action.VIEW):
        return None
    rows = selectors.own_employer_measures(user, LIMIT)
    if not rows:
        return None
    audit.record(
        AuditAction.LIST,
        object_type="rights.employermeasure",
        object_repr=f"{len(rows)} maatregelen werkgever (startpagina)",
        changes={"ids": [x.pk for x in rows]},
        actor=user,
    )
    return Panel(
        template="rights/_panel_employer_measures.html",
        context={"rows": rows, "today": timezone.localdate()},
        order=25,
    )


BUILDERS = (
    portal_panel,
    letters_panel,
    employer_measures_panel,
    unacknowledged_panel,
    new_decision_panel,
    appeal_panel,
)


def case_section(user: Any, case: Any) -> Panel | None:
    """On the case page: the letters of the case's decisions and its objections."""
    from weerstand.rights import rules, selectors

    if not (
        engine.can(user, Resource.DECISION_LETTER, Action.VIEW)
        or engine.can(user, Resource.OBJECTION, Action.VIEW)
    ):
        return None
    letters = selectors.case_letters(user, case, LIMIT)
    objections = selectors.case_objections(user, case, LIMIT)
    addressed = selectors.case_addressed_letters(user, case, LIMIT)
    employer_measures = engine.reaches(user, case, Resource.EMPLOYER_MEASURE, Action.VIEW)
    if not letters and not objections and not addressed and not employer_measures:
        return None
    if addressed:
        audit.record(
            AuditAction.LIST,
            object_type="rights.addressedletter",
            object_repr=f"{len(addressed)} verstuurde brieven (casuspagina)",
            case_id=case.pk,
            changes={"ids": [a.pk for a in addressed]},
            actor=user,
        )
    if objections:
        audit.record(
            AuditAction.LIST,
            object_type="rights.objection",
            object_repr=f"{len(objections)} bezwaren (casuspagina)",
            case_id=case.pk,
            changes={"ids": [o.pk for o in objections]},
            actor=user,
        )
    can_record = rules.records_paper_objections(user)
    return Panel(
        template="rights/_case_section.html",
        context={
            "letters": letters,
            "objections": objections,
            "can_record": can_record,
            "addressed": addressed,
            "employer_measures": employer_measures,
            "case_id": case.pk,
        },
        order=80,
    )

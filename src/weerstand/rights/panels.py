"""Start-page work items (staff) and portal panels of the rights app. Each is built from
policy-scoped reads only, and shows rows (never bare counts of things the user cannot open)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.extensions import Panel, WorkItem
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


def work(user: Any) -> list[WorkItem]:
    return (
        appeal_work(user) + new_decision_work(user) + unacknowledged_work(user) + portal_work(user)
    )


def portal_work(user: Any) -> list[WorkItem]:
    """Portal users: the framework to confirm, new letters to read, and (employer) measures
    still to carry out, each as one line on their short start page (same reads as the panels)."""
    from weerstand.accounts.roles import is_portal_user
    from weerstand.rights import rules, selectors
    from weerstand.rights.models import EmployerMeasureStatus
    from weerstand.rights.services import letter_date

    if not getattr(user, "person_id", None) or not is_portal_user(user):
        return []
    items: list[WorkItem] = []
    if selectors.outstanding_framework(user) is not None:
        items.append(
            WorkItem(
                title=_("Lees uw rechten en plichten en bevestig dat u ze hebt gelezen"),
                reason=_("Er is een nieuwe versie"),
                url=reverse("rights:framework"),
                kind="portal-framework",
            )
        )
    if rules.receives_own_letters(user) and engine.can(user, Resource.DECISION_LETTER, Action.VIEW):
        unread = [x for x in selectors.own_addressed_letters(user, LIMIT) if x.read_at is None]
        if unread:
            audit.record(
                AuditAction.LIST,
                object_type="rights.addressedletter",
                object_repr=f"{len(unread)} nieuwe brieven (startpagina)",
                changes={"ids": [x.pk for x in unread]},
                actor=user,
            )
        for x in unread:
            items.append(
                WorkItem(
                    title=_("Lees uw nieuwe brief: %(subject)s")
                    % {"subject": selectors.letter_subject(x)},
                    reason=_("Brief van %(date)s")
                    % {"date": date_format(letter_date(x.decision), "j F Y")},
                    url=reverse("rights:addressed-letter", args=[x.pk]),
                    kind="portal-letter",
                )
            )
    if engine.can(user, Resource.EMPLOYER_MEASURE, Action.VIEW):
        open_measures = [
            m
            for m in selectors.own_employer_measures(user, LIMIT)
            if m.status == EmployerMeasureStatus.OPEN
        ]
        if open_measures:
            audit.record(
                AuditAction.LIST,
                object_type="rights.employermeasure",
                object_repr=f"{len(open_measures)} open maatregelen werkgever (startpagina)",
                changes={"ids": [m.pk for m in open_measures]},
                actor=user,
            )
        for m in open_measures:
            items.append(
                WorkItem(
                    title=m.title,
                    reason=_("Laat ons weten als het klaar is"),
                    url=reverse("rights:employer-measure", args=[m.pk]),
                    deadline=m.due_on,
                    kind="portal-employer-measure",
                )
            )
    return items


def unacknowledged_work(user: Any) -> list[WorkItem]:
    """Case owners: protectees of their active cases who have not read the framework."""
    from weerstand.rights import selectors

    if not engine.can(user, Resource.RIGHTS_FRAMEWORK, Action.VIEW):
        return []
    if not engine.principal(user).owner_of:
        return []
    fw = selectors.framework_in_force()
    if fw is None:
        return []
    rows = selectors.unacknowledged_protectees(user, fw)[:LIMIT]
    if rows:
        audit.record(
            AuditAction.LIST,
            object_type="cases.case",
            object_repr=f"{len(rows)} casussen (kader niet gelezen)",
            changes={"ids": [r["case"].pk for r in rows]},
            actor=user,
        )
    return [
        WorkItem(
            title=_("Kader rechten en plichten bespreken"),
            reason=(
                _("%(person)s heeft versie %(n)s nog niet bevestigd")
                if r["account"]
                else _(
                    "%(person)s heeft versie %(n)s nog niet bevestigd en geen portaalaccount: "
                    "bespreek het in een gesprek"
                )
            )
            % {"person": r["person"], "n": fw.number},
            url=reverse("cases:detail", args=[r["case"].pk]),
            case_reference=r["case"].reference,
        )
        for r in rows
    ]


def new_decision_work(user: Any) -> list[WorkItem]:
    """Decision-makers: founded objections that still wait for a new decision."""
    from weerstand.rights import selectors

    if not user.has_role("decision_maker") or not engine.can(
        user, Resource.DECISION, Action.CREATE
    ):
        return []
    rows = selectors.awaiting_new_decision(user)[:LIMIT]
    if rows:
        audit.record(
            AuditAction.LIST,
            object_type="rights.objection",
            object_repr=f"{len(rows)} bezwaren (nieuw besluit nodig)",
            changes={"ids": [o.pk for o in rows]},
            actor=user,
        )
    return [
        WorkItem(
            title=_("Nieuw besluit nemen na bezwaar %(ref)s") % {"ref": o.reference},
            reason=_("Het bezwaar tegen %(decision)s is %(outcome)s verklaard")
            % {"decision": o.decision.reference, "outcome": o.get_outcome_display().lower()},
            url=reverse("rights:objection-detail", args=[o.pk]),
        )
        for o in rows
    ]


def appeal_work(user: Any) -> list[WorkItem]:
    """The appeal body: open objections it may change, the nearest decision date first."""
    from weerstand.rights import rules, selectors

    if not rules.is_appeal_body(user):
        return []
    rows = selectors.open_objections(user, LIMIT)
    if rows:
        audit.record(
            AuditAction.LIST,
            object_type="rights.objection",
            object_repr=f"{len(rows)} open bezwaren",
            changes={"ids": [o.pk for o in rows]},
            actor=user,
        )
    return [
        WorkItem(
            title=_("Beslissen op bezwaar %(ref)s") % {"ref": o.reference},
            reason=_("Bezwaar tegen besluit %(decision)s, %(status)s")
            % {"decision": o.decision.reference, "status": o.get_status_display().lower()},
            url=reverse("rights:objection-detail", args=[o.pk]),
            deadline=o.due_date,
            priority=o.escalated_at is not None,
        )
        for o in rows
    ]


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

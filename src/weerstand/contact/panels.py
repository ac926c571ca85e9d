"""The case-page section and the portal's start-page panels of the contact app.

Every row comes from `contact.selectors` (through `visible_to`); who is offered which form is
asked of `contact.rules`. Reads of the log and the contact person are audited.
"""

from __future__ import annotations

from typing import Any

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.contact import rules, selectors
from weerstand.contact.forms import AssignForm, MessageForm
from weerstand.contact.services import current, warnings
from weerstand.core.extensions import Panel
from weerstand.policy.table import Resource


def case_section(user: Any, case: Any) -> Panel | None:
    """The contact person and deputy, their history, the owner's form, and the log per
    recipient with differences marked (team's NCTV/LCC side and inspectors only)."""
    if not rules.is_staff_reader(user, Resource.CONTACT_PERSON):
        return None
    record = selectors.contact_for(user, case)
    changes = selectors.history(user, case)
    sees_log = selectors.sees_log(user)
    log = selectors.case_log(user, case) if sees_log else None
    if record is not None:
        audit.record(AuditAction.READ, record, reason="casuspagina", actor=user)
    if log is not None and log.count:
        ids = [m.pk for r in log.recipients for m in r.messages]
        audit.record(
            AuditAction.LIST,
            object_type="contact.communication",
            object_repr=f"{len(ids)} berichten aan betrokkenen (casuspagina)",
            case_id=case.pk,
            changes={"ids": ids},
            actor=user,
        )
    assign_form = None
    if rules.may_assign(user, case):
        version = record.version if record is not None else 0
        initial: dict[str, Any] = {"version": version}
        if record is not None:
            initial.update(
                contact=record.contact_id,
                contact_phone=record.contact_phone,
                deputy=record.deputy_id,
                deputy_phone=record.deputy_phone,
                note=record.note,
            )
        assign_form = AssignForm(
            initial=initial, candidates=selectors.candidates(user, case), auto_id="cp-%s"
        )
    message_form = None
    speaking = rules.speaking_as(user, case, current(case))
    if speaking is not None:
        earlier = [m for r in log.recipients for m in r.messages] if log else []
        message_form = MessageForm(
            recipients=selectors.recipients(case), earlier=earlier, auto_id="msg-%s"
        )
    return Panel(
        template="contact/_case_section.html",
        context={
            "case": case,
            "record": record,
            "warnings": warnings(case, record) if record is not None else [],
            "history": changes,
            "log": log,
            "sees_log": sees_log,
            "assign_form": assign_form,
            "message_form": message_form,
            "speaking": speaking,
        },
        order=25,
    )


def contact_panel(user: Any) -> Panel | None:
    """Portal: 'Uw vaste contactpersoon' (only where the case shares it with the person)."""
    if not rules.is_portal_reader(user):
        return None
    contacts = selectors.portal_contacts(user)
    has_messages = selectors.own_messages(user).exists()
    if not contacts and not has_messages:
        return None
    for record in contacts:
        audit.record(AuditAction.READ, record, reason="portaal: vaste contactpersoon", actor=user)
    return Panel(
        template="contact/_portal_contact.html",
        context={"contacts": contacts, "has_messages": has_messages},
        order=15,
        brief_template="contact/_portal_contact_brief.html",
    )


def notice_panel(user: Any) -> Panel | None:
    """Portal (protectee): their protection is temporarily changed by a capacity shortfall,
    once the contact person has told them: dates, how much, whom to call."""
    if not rules.is_portal_reader(user) or not user.has_role("protectee"):
        return None
    notices = selectors.capacity_notices(user)
    if not notices:
        return None
    contacts = {c.case_id: c for c in selectors.portal_contacts(user)}
    rows = [{"message": m, "contact": contacts.get(m.case_id)} for m in notices]
    audit.record(
        AuditAction.LIST,
        object_type="contact.communication",
        object_repr=f"{len(notices)} meldingen minder beveiliging (portaal)",
        changes={"ids": [m.pk for m in notices]},
        actor=user,
    )
    # Short already, and what the person most needs to know: on the start page in full.
    return Panel(
        template="contact/_portal_notice.html",
        context={"rows": rows},
        order=5,
        brief_template="contact/_portal_notice.html",
    )

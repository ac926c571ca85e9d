"""Persons concerned in a case: relatives, partner, children, employer contact, lawyer,
confidant, professionals. Each link has a role and says what of the case may be shared with
that person (`ShareCategory`); nothing is shared unless named.

Who may link and unlink: the analysts of the case team (the `person:change` grant reaching the
case, `cases.rules.may_change_persons`). A person is linked by picking a person the actor may
already see, or by registering a new one in the same step. Every change is on the timeline and
audited in the same transaction; the protectee's own link is never removed here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases import rules
from weerstand.cases.models import Case, CaseEvent, CasePerson, CasePersonRole, ShareCategory
from weerstand.core.errors import InvalidParam, NotPermitted, ValidationFailed, require_reason
from weerstand.policy import engine
from weerstand.policy.table import Action
from weerstand.registry import services as registry
from weerstand.registry.models import Person

MIN_REASON = 5
LINKABLE_ROLES = tuple(r for r in CasePersonRole.values if r != CasePersonRole.PROTECTEE)


def _reason(reason: str) -> str:
    return require_reason(reason, minimum=MIN_REASON)


def _shares(values: Iterable[str] | None) -> list[str]:
    chosen = list(dict.fromkeys(values or ()))
    unknown = [v for v in chosen if v not in ShareCategory.values]
    if unknown:
        raise ValidationFailed(
            "Onbekende categorie van wat gedeeld mag worden.",
            invalid_params=[InvalidParam("shares", "invalid-choice", ", ".join(unknown))],
        )
    return [v for v in ShareCategory.values if v in chosen]  # canonical order


def _role(role: str) -> str:
    if role not in LINKABLE_ROLES:
        raise ValidationFailed(
            "Kies de rol van deze persoon in de casus.",
            invalid_params=[InvalidParam("role", "invalid-choice", "Geen geldige rol.")],
        )
    return role


def _case_for_change(actor: Any, case_id: int) -> Case:
    engine.require_principal(actor)
    case = engine.get_for(Case.objects.select_for_update(), actor, Action.VIEW, pk=case_id)
    if not rules.may_change_persons(actor, case):
        raise NotPermitted("Alleen analisten van het casusteam leggen betrokken personen vast.")
    return case


def _link(case: Case, link_id: Any) -> CasePerson:
    try:
        pk = int(link_id)
    except (TypeError, ValueError):
        pk = 0
    found = CasePerson.objects.select_related("person").filter(case=case.pk, pk=pk).first()
    if found is None:
        raise ValidationFailed(
            "Deze persoon is niet (meer) aan de casus gekoppeld.",
            invalid_params=[InvalidParam("linkId", "does-not-exist", "Onbekende koppeling.")],
        )
    return found


def _record(actor: Any, case: Case, kind: str, text: str, reason: str, change: list[Any]) -> None:
    CaseEvent.objects.create(
        case=case, actor=actor, actor_name=actor.display_name, kind=kind, reason=f"{text}: {reason}"
    )
    audit.record(AuditAction.UPDATE, case, changes={"persons": change}, reason=reason, actor=actor)


def link_person(
    actor: Any,
    case_id: int,
    *,
    role: str,
    reason: str,
    person_id: Any = None,
    new_person: registry.PersonData | None = None,
    shares: Iterable[str] | None = None,
) -> CasePerson:
    """Link an existing (visible) person, or register a new one, to the case with a role."""
    with transaction.atomic():
        case = _case_for_change(actor, case_id)
        reason, role, chosen = _reason(reason), _role(role), _shares(shares)
        if (person_id is None) == (new_person is None):
            raise ValidationFailed(
                "Kies een bestaande persoon of registreer een nieuwe, niet allebei.",
                invalid_params=[InvalidParam("person", "one-of", "Persoon of nieuwe persoon.")],
            )
        if new_person is not None:
            person = registry.create_person(actor, new_person)
        else:
            person_pk = _int(person_id)
            visible = Person.objects.visible_to(actor)
            found = None if person_pk is None else visible.filter(pk=person_pk).first()
            if found is None:  # absent and hidden read the same
                raise ValidationFailed(
                    "Deze persoon bestaat niet of u mag hem niet zien.",
                    invalid_params=[InvalidParam("person", "does-not-exist", "Onbekend.")],
                )
            person = found
        if person.pk == case.protectee_id:
            raise ValidationFailed(
                "Dit is de te beveiligen persoon zelf.",
                invalid_params=[InvalidParam("person", "protectee", "Al de hoofdpersoon.")],
            )
        try:
            with transaction.atomic():
                link = CasePerson.objects.create(case=case, person=person, role=role, shares=chosen)
        except IntegrityError as exc:
            raise ValidationFailed(
                "Deze persoon is al met die rol aan de casus gekoppeld.",
                invalid_params=[InvalidParam("person", "already-linked", "Al gekoppeld.")],
            ) from exc
        _record(
            actor,
            case,
            "person_linked",
            f"{link.get_role_display()} gekoppeld",
            reason,
            [None, {"link": link.pk, "person": person.pk, "role": role, "shares": chosen}],
        )
    return link


def update_link(
    actor: Any,
    case_id: int,
    link_id: Any,
    *,
    reason: str,
    role: str | None = None,
    shares: Iterable[str] | None = None,
) -> CasePerson:
    """Change the role of a linked person or what may be shared with them."""
    with transaction.atomic():
        case = _case_for_change(actor, case_id)
        reason = _reason(reason)
        link = _link(case, link_id)
        before = {"role": link.role, "shares": list(link.shares)}
        if role is not None and link.role != CasePersonRole.PROTECTEE:
            link.role = _role(role)
        elif role is not None and role != link.role:
            raise ValidationFailed(
                "De rol van de te beveiligen persoon verandert niet.",
                invalid_params=[InvalidParam("role", "protectee", "Niet te wijzigen.")],
            )
        if shares is not None:
            link.shares = _shares(shares)
        try:
            with transaction.atomic():
                link.save(update_fields=["role", "shares"])
        except IntegrityError as exc:
            raise ValidationFailed(
                "Deze persoon is al met die rol aan de casus gekoppeld.",
                invalid_params=[InvalidParam("role", "already-linked", "Al gekoppeld.")],
            ) from exc
        after = {"role": link.role, "shares": list(link.shares)}
        if after != before:
            _record(
                actor,
                case,
                "person_changed",
                f"Gegevens van {link.get_role_display().lower()} gewijzigd",
                reason,
                [before, after],
            )
    return link


def unlink_person(actor: Any, case_id: int, link_id: Any, *, reason: str) -> None:
    """Remove a person from the case (never the protectee)."""
    with transaction.atomic():
        case = _case_for_change(actor, case_id)
        reason = _reason(reason)
        link = _link(case, link_id)
        if link.role == CasePersonRole.PROTECTEE:
            raise ValidationFailed(
                "De te beveiligen persoon blijft aan de casus gekoppeld.",
                invalid_params=[InvalidParam("linkId", "protectee", "Niet te ontkoppelen.")],
            )
        role_label = link.get_role_display()
        gone = {"link": link.pk, "person": link.person_id, "role": link.role}
        link.delete()
        _record(actor, case, "person_unlinked", f"{role_label} ontkoppeld", reason, [gone, None])


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# The portal role that goes with a role in the case; other roles (lawyer, confidant,
# professionals) get no portal account here.
PORTAL_ROLE_FOR: dict[str, str] = {
    CasePersonRole.PROTECTEE: "protectee",
    CasePersonRole.PARTNER: "relative",
    CasePersonRole.CHILD: "relative",
    CasePersonRole.PARENT: "relative",
    CasePersonRole.SIBLING: "relative",
    CasePersonRole.RELATIVE: "relative",
    CasePersonRole.EMPLOYER_CONTACT: "employer",
}


def request_portal_account(
    actor: Any, case_id: int, link_id: Any, *, email: str, reason: str
) -> Any:
    """The case team asks a portal account for a linked person (protectee, relative, employer
    contact); the portal role follows from the link. It waits for a second person
    (`accounts.access_changes.request_portal_account`), then the person gets a one-time link
    in their own mailbox."""
    from weerstand.accounts import access_changes

    with transaction.atomic():
        case = _case_for_change(actor, case_id)
        reason = _reason(reason)
        link = _link(case, link_id)
        role = PORTAL_ROLE_FOR.get(link.role)
        if role is None:
            raise ValidationFailed(
                "In deze rol krijgt een persoon geen portaalaccount.",
                invalid_params=[InvalidParam("linkId", "not-portal", "Geen portaalrol.")],
            )
        change = access_changes.request_portal_account(
            actor, link.person, role=role, email=email, reason=reason
        )
        CaseEvent.objects.create(
            case=case,
            actor=actor,
            actor_name=actor.display_name,
            kind="portal_account_requested",
            reason=f"Portaalaccount aangevraagd voor {link.get_role_display().lower()}: {reason}",
        )
    return change

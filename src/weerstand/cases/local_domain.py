"""Hand-overs to the local domain: a case the authority did not designate, handed to a named
mayor (municipality) or chief prosecutor (OM office) as a record they answer.

The decision service's refusal with hand-over takes the `route_local` step; that step offers
the case to the local authority (`offer`), with a named NCTV contact person (the case owner)
and the note the decision wrote for it. The local authority sees only the allow-listed fields
(`HANDOVER_SHARED_FIELDS`) and accepts the case, or returns it with a reason. A return takes
the case back to triage through the life cycle's own `return_to_triage` step, taken on behalf
of the case owner (the mayor is not in the case team and never sees the case); when the team
takes the case back itself, an open hand-over is withdrawn. Every change is on the case
timeline and audited in the same transaction; the owner and the local authority are alerted.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases import rules
from weerstand.cases.models import Case, CaseEvent, CaseState, HandoverStatus, LocalHandover
from weerstand.core.errors import (
    ConcurrencyConflict,
    InvalidParam,
    InvalidTransition,
    NotPermitted,
    ValidationFailed,
)
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

MIN_RETURN_REASON = 10
MAX_REASON = 2000
DEFAULT_CONTACT_LINE = "NCTV, bereikbaar via het algemene nummer van de dreigingsanalysefunctie"


def contact_line_for(user: Any) -> str:
    """How the local authority reaches the NCTV contact: their e-mail address, or the
    configured general line (setting `CASES_NCTV_CONTACT_LINE`)."""
    email = (getattr(user, "email", "") or "").strip()
    return email or str(getattr(settings, "CASES_NCTV_CONTACT_LINE", DEFAULT_CONTACT_LINE))


def _owners(case: Case) -> list[Any]:
    """The case's owners (active accounts), the accountable people at the NCTV."""
    from weerstand.policy.models import CompartmentMembership

    return [
        m.user
        for m in CompartmentMembership.objects.filter(compartment=case.team_id, function="owner")
        .select_related("user", "user__organisation")
        .order_by("added_at", "pk")
        if m.user.is_active
    ]


def _event(case: Case, actor: Any, kind: str, reason: str, frm: str = "", to: str = "") -> None:
    CaseEvent.objects.create(
        case=case,
        actor=actor,
        actor_name=actor.display_name if actor else "systeem",
        kind=kind,
        from_state=frm,
        to_state=to,
        reason=reason,
    )


def page_url(handover: LocalHandover) -> str:
    return reverse("cases:handover", args=[handover.pk])


def _alert_local_authority(handover: LocalHandover, message: str) -> None:
    """Alerts to the receiving organisation's mayor or OM officers: no case attached (they
    cannot see it), only the allow-listed words and the page of the hand-over."""
    from weerstand.accounts.models import User
    from weerstand.policy.models import Alert

    role = rules.ANSWERING_ROLE.get(handover.authority.kind)
    if role is None:
        return
    for user in User.objects.filter(
        organisation=handover.authority_id, is_active=True, role_assignments__role=role
    ).distinct():
        Alert.objects.create(recipient=user, case=None, message=message)


def _alert_owners(case: Case, handover: LocalHandover, message: str) -> None:
    """The owner (or, without one, the named contact) hears of the local authority's answer;
    the alert is tied to the case, so it is re-checked against the case when read."""
    from weerstand.policy.models import Alert

    recipients = _owners(case) or ([handover.contact] if handover.contact else [])
    for user in recipients:
        Alert.objects.create(recipient=user, case=case, message=message)


# --------------------------------------------------------------------------- offering


def offer(actor: Any, case: Case, *, decision_reference: str = "", note: str = "") -> LocalHandover:
    """Offer `case` to its local authority. Called by the `route_local` step (inside its
    transaction), i.e. only when a refusal decision with hand-over takes effect."""
    authority = case.local_authority
    if authority is None or authority.kind not in rules.ANSWERING_ROLE:
        raise ValidationFailed(
            "Noem de burgemeester (gemeente) of hoofdofficier (OM) die de zaak overneemt.",
            invalid_params=[InvalidParam("local_authority", "required", "Verplicht.")],
        )
    owners = _owners(case)
    contact = owners[0] if owners else actor
    org = getattr(contact, "organisation", None)
    handover = LocalHandover.objects.create(
        case=case,
        authority=authority,
        case_reference=case.reference,
        phenomenon=case.phenomenon,
        decision_reference=decision_reference,
        offered_by=actor,
        contact=contact,
        contact_name=contact.display_name,
        contact_organisation=org.name if org else "NCTV",
        contact_line=contact_line_for(contact),
        note=(note or "").strip(),
    )
    _event(
        case,
        actor,
        "local_handover_offered",
        f"Aangeboden aan {authority.name}; contactpersoon NCTV: {handover.contact_name}.",
    )
    audit.record(
        AuditAction.CREATE,
        handover,
        changes={
            "authority": [None, authority.code],
            "status": [None, HandoverStatus.OFFERED],
            "contact": [None, handover.contact_name],
            "decision_reference": [None, decision_reference],
        },
        reason=f"overdracht aan het lokale domein ({decision_reference or 'besluit'})",
        actor=actor,
    )
    _alert_local_authority(
        handover,
        f"Overdracht aan het lokale domein: {handover.case_reference} "
        f"({handover.get_phenomenon_display()}). De NCTV draagt deze zaak aan u over; "
        f"aanvaard haar of geef haar met een reden terug op {page_url(handover)}. "
        f"Contactpersoon NCTV: {handover.contact_name} ({handover.contact_line}).",
    )
    return handover


def withdraw(actor: Any, case: Case) -> LocalHandover | None:
    """The team took the case back (`return_to_triage` from the local domain): the open or
    accepted hand-over is withdrawn and the local authority told, without the team's reason
    (that is case content). Called inside the transition's transaction."""
    handover = (
        LocalHandover.objects.select_for_update(of=("self",))
        .select_related("authority")
        .filter(case=case.pk, status__in=(HandoverStatus.OFFERED, HandoverStatus.ACCEPTED))
        .order_by("-handed_over_at", "-pk")
        .first()
    )
    if handover is None:
        return None
    before = handover.status
    LocalHandover.objects.filter(pk=handover.pk).update(
        status=HandoverStatus.WITHDRAWN, withdrawn_at=timezone.now(), version=F("version") + 1
    )
    handover.refresh_from_db()
    _event(
        case,
        actor,
        "local_handover_withdrawn",
        f"Overdracht aan {handover.authority.name} ingetrokken: de casus gaat terug naar triage.",
    )
    audit.record(
        AuditAction.TRANSITION,
        handover,
        changes={"status": [before, HandoverStatus.WITHDRAWN]},
        reason="de NCTV neemt de casus terug",
        actor=actor,
    )
    _alert_local_authority(
        handover,
        f"De NCTV heeft de overdracht van {handover.case_reference} ingetrokken; de zaak ligt "
        f"weer bij de NCTV. Vragen: {handover.contact_name} ({handover.contact_line}).",
    )
    return handover


# --------------------------------------------------------------------------- answering


def _for_answer(actor: Any, handover_id: int, expected_version: int | None) -> LocalHandover:
    """The hand-over under a row lock, reached for change (404 for another organisation's),
    still open, and answered by the right role."""
    engine.require_principal(actor)
    if not engine.can(actor, Resource.LOCAL_HANDOVER, Action.CHANGE):
        raise NotPermitted("Alleen het lokaal gezag beantwoordt een overdracht.")
    handover = engine.get_for(
        LocalHandover.objects.select_for_update(of=("self",)).select_related("authority"),
        actor,
        Action.CHANGE,
        pk=handover_id,
    )
    refusal = rules.handover_answer_refusal(actor, handover)
    if refusal:
        raise NotPermitted(refusal)
    if expected_version is not None and expected_version != handover.version:
        raise ConcurrencyConflict(
            f"Versie {expected_version} is verouderd; de huidige versie is {handover.version}."
        )
    if handover.status != HandoverStatus.OFFERED:
        raise InvalidTransition(
            f"Deze overdracht is al afgehandeld ({handover.get_status_display().lower()}); "
            "een tweede antwoord is niet mogelijk."
        )
    return handover


def _answered(handover: LocalHandover, actor: Any, status: str, reason: str) -> None:
    LocalHandover.objects.filter(pk=handover.pk).update(
        status=status,
        answer_reason=reason,
        answered_by=actor,
        answered_by_name=actor.display_name,
        answered_at=timezone.now(),
        version=F("version") + 1,
    )
    handover.refresh_from_db()


def _reason(reason: str | None, *, minimum: int) -> str:
    reason = (reason or "").strip()
    if len(reason) < minimum:
        raise ValidationFailed(
            f"Geef een reden van minimaal {minimum} tekens.",
            invalid_params=[InvalidParam("reason", "required", "Geef een reden.")],
        )
    if len(reason) > MAX_REASON:
        raise ValidationFailed(
            f"De toelichting is te lang (maximaal {MAX_REASON} tekens).",
            invalid_params=[InvalidParam("reason", "max-length", "Te lang.")],
        )
    return reason


def accept(
    actor: Any, handover_id: int, *, reason: str = "", expected_version: int | None = None
) -> LocalHandover:
    """The local authority takes the case over; the owner is told."""
    reason = _reason(reason, minimum=0)
    with transaction.atomic():
        handover = _for_answer(actor, handover_id, expected_version)
        case = Case.objects.select_for_update().get(pk=handover.case_id)
        if case.state != CaseState.LOCAL_DOMAIN:
            raise InvalidTransition("Deze zaak ligt niet (meer) bij het lokale domein.")
        _answered(handover, actor, HandoverStatus.ACCEPTED, reason)
        _event(
            case,
            actor,
            "local_handover_accepted",
            f"{handover.authority.name} aanvaardt de overdracht."
            + (f" {reason}" if reason else ""),
        )
        audit.record(
            AuditAction.TRANSITION,
            handover,
            changes={"status": [HandoverStatus.OFFERED, HandoverStatus.ACCEPTED]},
            reason=reason or "aanvaard",
            actor=actor,
        )
        _alert_owners(
            case,
            handover,
            f"{handover.authority.name} heeft de overdracht van {case.reference} aanvaard "
            f"({actor.display_name}).",
        )
    return handover


def return_handover(
    actor: Any, handover_id: int, *, reason: str, expected_version: int | None = None
) -> LocalHandover:
    """The local authority gives the case back with a reason: the case returns to triage
    through `return_to_triage`, taken on behalf of the case owner, and the owner is alerted.

    If nobody of the case team can take that step any more, nothing is changed and the
    local authority is told whom to call: a return is never swallowed silently.
    """
    reason = _reason(reason, minimum=MIN_RETURN_REASON)
    try:
        with transaction.atomic():
            handover = _for_answer(actor, handover_id, expected_version)
            case = Case.objects.select_for_update().get(pk=handover.case_id)
            if case.state != CaseState.LOCAL_DOMAIN:
                raise InvalidTransition("Deze zaak ligt niet (meer) bij het lokale domein.")
            _answered(handover, actor, HandoverStatus.RETURNED, reason)
            _event(
                case,
                actor,
                "local_handover_returned",
                f"{handover.authority.name} geeft de zaak terug: {reason}",
            )
            audit.record(
                AuditAction.TRANSITION,
                handover,
                changes={"status": [HandoverStatus.OFFERED, HandoverStatus.RETURNED]},
                reason=reason,
                actor=actor,
            )
            taker = _take_back(case, handover, actor, reason)
            _alert_owners(
                case,
                handover,
                f"{handover.authority.name} heeft de overdracht van {case.reference} "
                f"teruggegeven ({actor.display_name}): {reason} De casus staat weer in triage "
                f"(stap gezet namens {taker.display_name}).",
            )
    except _NobodyToTakeBack as exc:
        audit.record(
            AuditAction.TRANSITION,
            object_type="cases.localhandover",
            object_repr=f"overdracht lokaal domein {handover_id}",
            result="refused",
            reason=f"teruggave niet verwerkt: {exc}",
            actor=actor,
        )
        raise InvalidTransition(str(exc)) from exc
    return handover


class _NobodyToTakeBack(Exception):
    pass


def _take_back(case: Case, handover: LocalHandover, actor: Any, reason: str) -> Any:
    """Take `return_to_triage` as the case owner (then the named contact, then another
    member of the team whose role owns the step): the life cycle's own rules apply."""
    from weerstand.cases.services import transition_case
    from weerstand.policy.models import CompartmentMembership

    candidates = _owners(case)
    if handover.contact is not None:
        candidates.append(handover.contact)
    candidates += [
        m.user
        for m in CompartmentMembership.objects.filter(compartment=case.team_id)
        .select_related("user")
        .order_by("added_at", "pk")
    ]
    step_reason = (
        f"Teruggegeven door {handover.authority.name} ({actor.display_name}): {reason} "
        "Stap gezet namens de eigenaar van de casus."
    )
    tried: set[int] = set()
    for user in candidates:
        if user.pk in tried or not user.is_active:
            continue
        tried.add(user.pk)
        try:
            transition_case(user, case.pk, "return_to_triage", reason=step_reason)
        except (NotPermitted, InvalidTransition, ValidationFailed, Http404):
            continue  # e.g. no longer a role that owns the step; the next one may
        return user
    raise _NobodyToTakeBack(
        "De NCTV kan de zaak nu niet terugnemen: er is geen eigenaar in het casusteam. "
        f"Neem contact op met {handover.contact_name} ({handover.contact_line})."
    )


# --------------------------------------------------------------------------- reads


def handovers_for(user: Any) -> QuerySet[LocalHandover]:
    """The hand-overs the user may see (own organisation's, or through the case)."""
    return LocalHandover.objects.visible_to(user, Action.VIEW).select_related("authority")


def handovers_of_case(user: Any, case: Case) -> QuerySet[LocalHandover]:
    return handovers_for(user).filter(case=case.pk)


def shared_item(h: LocalHandover) -> dict[str, Any]:
    """What a page shows the local authority: the allow-listed fields and their labels only."""
    item = h.shared()
    item.update(
        authority_name=h.authority.name,
        phenomenon_label=h.get_phenomenon_display(),
        status_label=h.get_status_display(),
    )
    return item


def team_item(h: LocalHandover) -> dict[str, Any]:
    """The case team's view: the whole record."""
    item = shared_item(h)
    item.update(case_id=h.case_id, decision_reference=h.decision_reference)
    return item

"""Domain services for gaps and requests for information (RFIs). Every write is audited in
the same transaction.

Rules that live here and nowhere else:
- the case team's analysts record gaps and turn them into RFIs;
- an RFI needs a legal basis under which the addressee's kind of organisation may provide
  to the NCTV (the basis's provider and recipient kinds), else it is refused with the reason;
- the addressee's liaisons answer by delivering a threat product; the gap is then filled and
  the case gets re-assessment advice (source "rfi_answer");
- overdue RFIs escalate once, to the case owners and the addressee's liaisons.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F, QuerySet
from django.http import Http404
from django.utils import timezone

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.errors import (
    ConcurrencyConflict,
    InvalidParam,
    InvalidTransition,
    NotPermitted,
    ValidationFailed,
)
from weerstand.core.references import next_reference
from weerstand.gaps.grants import ADDRESSEE_ROLES
from weerstand.gaps.models import Gap, GapStatus, InformationRequest, RequestStatus
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

if TYPE_CHECKING:
    from weerstand.information.models import LegalBasis
    from weerstand.organisations.models import Organisation

RECIPIENT_KIND = "nctv"  # RFIs are always answered to the NCTV's analysis function
MAX_TEXT = 4000


def _text(value: str, name: str, label: str, minimum: int = 5) -> str:
    value = (value or "").strip()
    if len(value) < minimum:
        raise ValidationFailed(
            f"{label} is verplicht (minimaal {minimum} tekens).",
            invalid_params=[InvalidParam(name, "required", f"Vul {label.lower()} in.")],
        )
    if len(value) > MAX_TEXT:
        raise ValidationFailed(
            f"{label} is te lang.",
            invalid_params=[InvalidParam(name, "too-long", f"Hoogstens {MAX_TEXT} tekens.")],
        )
    return value


def _team_case(actor: Any, case_id: int, resource: Resource, action: Action) -> Any:
    """The case, if the actor may see it (404 otherwise) and `resource`/`action` reaches it."""
    from weerstand.cases.models import Case

    case = engine.get_for(Case.objects.all(), actor, Action.VIEW, pk=case_id)
    if not engine.reaches(actor, case, resource, action):
        raise NotPermitted("Alleen analisten van het casusteam leggen leemten en verzoeken vast.")
    return case


def may_act_on_case(actor: Any, case: Any, resource: Resource, action: Action) -> bool:
    """For buttons and forms; the services check again."""
    try:
        _team_case(actor, case.pk, resource, action)
    except (NotPermitted, Http404):
        return False
    return True


# --- gaps -----------------------------------------------------------------------------------


def record_gap(actor: Any, case_id: int, *, description: str, why_it_matters: str) -> Gap:
    """Record what the team does not know about a case, and why it matters."""
    engine.require_principal(actor)
    with transaction.atomic():
        case = _team_case(actor, case_id, Resource.GAP, Action.CREATE)
        description = _text(description, "description", "Wat we niet weten")
        why = _text(why_it_matters, "why_it_matters", "Waarom het ertoe doet")
        gap = Gap.objects.create(
            case=case, description=description, why_it_matters=why, created_by=actor
        )
        audit.record(
            AuditAction.CREATE,
            gap,
            changes={"status": [None, GapStatus.OPEN], "description": 1, "why_it_matters": 1},
            actor=actor,
        )
    return gap


def _gap_for_change(actor: Any, gap_id: int) -> Gap:
    gap = engine.get_for(Gap.objects.select_for_update(of=("self",)), actor, Action.VIEW, pk=gap_id)
    if not engine.can(actor, Resource.GAP, Action.CHANGE, gap):
        raise NotPermitted("Alleen analisten van het casusteam wijzigen leemten.")
    return gap


def accept_gap(actor: Any, gap_id: int, *, note: str, expected_version: int | None = None) -> Gap:
    """Accept that a gap stays unknown (the assessment then names it as an assumption)."""
    engine.require_principal(actor)
    note = _text(note, "note", "Een toelichting")
    with transaction.atomic():
        gap = _gap_for_change(actor, gap_id)
        if expected_version is not None and expected_version != gap.version:
            raise ConcurrencyConflict("Deze leemte is intussen gewijzigd.")
        if gap.status not in (GapStatus.OPEN, GapStatus.REQUESTED):
            raise InvalidTransition("Deze leemte is al ingevuld of geaccepteerd.")
        if _open_requests(gap).exists():
            raise InvalidTransition("Er staat nog een verzoek open; trek dat eerst in.")
        _set_gap(gap, GapStatus.ACCEPTED, note, actor, reason="leemte geaccepteerd")
    return gap


def _set_gap(gap: Gap, status: str, note: str, actor: Any, *, reason: str) -> None:
    before = gap.status
    Gap.objects.filter(pk=gap.pk).update(
        status=status, status_note=note, version=F("version") + 1, updated_at=timezone.now()
    )
    gap.refresh_from_db()
    audit.record(
        AuditAction.UPDATE,
        gap,
        changes={"status": [before, status], **({"status_note": 1} if note else {})},
        reason=reason,
        actor=actor,
    )


def _open_requests(gap: Gap) -> Any:
    return InformationRequest.objects.filter(gap=gap.pk, status=RequestStatus.OPEN)


# --- requests for information ---------------------------------------------------------------


def check_legal_basis(addressee: Any, basis: Any) -> None:
    """May `addressee` provide to the NCTV under `basis`? Refuses with the reason."""
    if basis is None or not basis.active:
        raise ValidationFailed(
            "Deze grondslag bestaat niet of is niet meer actief.",
            invalid_params=[InvalidParam("legal_basis", "inactive", "Kies een actieve grondslag.")],
        )
    provider_ok = addressee.kind in (basis.provider_kinds or [])
    recipient_ok = RECIPIENT_KIND in (basis.recipient_kinds or [])
    if not (provider_ok and recipient_ok):
        reasons = []
        if not provider_ok:
            reasons.append(
                f"{addressee.name} ({addressee.get_kind_display()}) kan onder {basis.law} "
                "geen informatie verstrekken"
            )
        if not recipient_ok:
            reasons.append(f"{basis.law} staat verstrekking aan de NCTV niet toe")
        raise ValidationFailed(
            "Geen passende grondslag: " + "; ".join(reasons) + ".",
            invalid_params=[InvalidParam("legal_basis", "not-permitted", "; ".join(reasons))],
        )


@dataclass
class RequestData:
    addressee_id: int
    legal_basis_id: int
    question: str
    due_date: date


def _request_parts(data: RequestData, now: datetime) -> tuple[str, Any, Any]:
    """Validate the request: question, future due date, a partner, a fitting legal basis."""
    from weerstand.information.models import LegalBasis
    from weerstand.organisations.models import Organisation

    question = _text(data.question, "question", "De vraag")
    if data.due_date is None or data.due_date <= timezone.localdate(now):
        raise ValidationFailed(
            "De termijn moet na vandaag liggen.",
            invalid_params=[InvalidParam("due_date", "too-early", "Kies een latere datum.")],
        )
    addressee = Organisation.objects.filter(pk=data.addressee_id).first()
    if addressee is None:
        raise ValidationFailed(
            "Onbekende organisatie.",
            invalid_params=[InvalidParam("addressee", "does-not-exist", "Onbekend.")],
        )
    if addressee.kind == RECIPIENT_KIND:
        raise ValidationFailed(
            "Een verzoek gaat naar een partner, niet naar de NCTV zelf.",
            invalid_params=[InvalidParam("addressee", "invalid", "Kies een partner.")],
        )
    basis = LegalBasis.objects.filter(pk=data.legal_basis_id).first()
    check_legal_basis(addressee, basis)
    return question, addressee, basis


def request_information(
    actor: Any, gap_id: int, data: RequestData, *, now: datetime | None = None
) -> InformationRequest:
    """Turn a gap into a request for information to one partner organisation."""
    engine.require_principal(actor)
    now = now or timezone.now()
    with transaction.atomic():
        gap = engine.get_for(
            Gap.objects.select_for_update(of=("self",)), actor, Action.VIEW, pk=gap_id
        )
        _team_case(actor, gap.case_id, Resource.RFI, Action.CREATE)
        if gap.status not in (GapStatus.OPEN, GapStatus.REQUESTED):
            raise InvalidTransition("Deze leemte is al ingevuld of geaccepteerd.")
        question, addressee, basis = _request_parts(data, now)
        rfi = InformationRequest.objects.create(
            reference=next_reference(InformationRequest, "RFI", 4, year=now.year),
            gap=gap,
            case_id=gap.case_id,
            addressee=addressee,
            legal_basis=basis,
            question=question,
            due_date=data.due_date,
            created_by=actor,
            created_at=now,
        )
        audit.record(
            AuditAction.CREATE,
            rfi,
            changes={
                "addressee": [None, addressee.code],
                "legal_basis": [None, basis.code],
                "due_date": [None, data.due_date.isoformat()],
                "question": 1,
            },
            actor=actor,
        )
        if gap.status == GapStatus.OPEN:
            _set_gap(gap, GapStatus.REQUESTED, "", actor, reason=f"verzoek {rfi.reference}")
    return rfi


def cancel_request(actor: Any, rfi_id: int, *, reason: str) -> InformationRequest:
    """The case team withdraws a request; the gap is open again if nothing else is pending."""
    engine.require_principal(actor)
    reason = _text(reason, "reason", "Een reden")
    with transaction.atomic():
        rfi = engine.get_for(
            InformationRequest.objects.select_for_update(of=("self",)),
            actor,
            Action.VIEW,
            pk=rfi_id,
        )
        _team_case(actor, rfi.case_id, Resource.RFI, Action.CHANGE)
        if rfi.status != RequestStatus.OPEN:
            raise InvalidTransition("Alleen een openstaand verzoek kan worden ingetrokken.")
        InformationRequest.objects.filter(pk=rfi.pk).update(
            status=RequestStatus.CANCELLED, cancel_reason=reason, version=F("version") + 1
        )
        rfi.refresh_from_db()
        audit.record(
            AuditAction.UPDATE,
            rfi,
            changes={"status": [RequestStatus.OPEN, RequestStatus.CANCELLED]},
            reason=reason,
            actor=actor,
        )
        gap = Gap.objects.select_for_update(of=("self",)).get(pk=rfi.gap_id)
        if gap.status == GapStatus.REQUESTED and not _open_requests(gap).exists():
            _set_gap(gap, GapStatus.OPEN, "", actor, reason=f"verzoek {rfi.reference} ingetrokken")
    return rfi


def is_addressee(user: Any, rfi: InformationRequest) -> bool:
    """Is the user one of the addressee's liaisons (who answer), not the case team?"""
    return (
        rfi.addressee_id == getattr(user, "organisation_id", None)
        and user.has_role(*ADDRESSEE_ROLES)
        and engine.can(user, Resource.RFI, Action.CHANGE, rfi)
    )


@dataclass
class AnswerData:
    title: str
    summary: str
    reliability: str
    credibility: int
    classification: int
    handling: str = "none"
    partner_reference: str = ""


def answer_request(
    actor: Any,
    rfi_id: int,
    data: AnswerData,
    *,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> InformationRequest:
    """The addressee answers by delivering a threat product linked to the case, under the
    RFI's legal basis. The gap is filled and the case gets re-assessment advice."""
    from weerstand.information import services as information

    engine.require_principal(actor)
    now = now or timezone.now()
    with transaction.atomic():
        rfi = engine.get_for(
            InformationRequest.objects.select_for_update(of=("self",)).select_related(
                "case", "legal_basis", "addressee"
            ),
            actor,
            Action.VIEW,
            pk=rfi_id,
        )
        if not is_addressee(actor, rfi):
            raise NotPermitted("Alleen de geadresseerde organisatie beantwoordt dit verzoek.")
        if rfi.status != RequestStatus.OPEN:
            raise InvalidTransition(
                f"Dit verzoek is niet meer open ({rfi.get_status_display().lower()})."
            )
        if expected_version is not None and expected_version != rfi.version:
            raise ConcurrencyConflict("Dit verzoek is intussen gewijzigd.")
        product = information.create_product(actor, _product_data(rfi, data, now))
        _link_answer_to_case(product, rfi, actor)
        InformationRequest.objects.filter(pk=rfi.pk).update(
            status=RequestStatus.ANSWERED,
            answer_product=product,
            answered_at=now,
            answered_by=actor,
            version=F("version") + 1,
        )
        rfi.refresh_from_db()
        audit.record(
            AuditAction.UPDATE,
            rfi,
            changes={
                "status": [RequestStatus.OPEN, RequestStatus.ANSWERED],
                "answer_product": [None, product.reference],
            },
            actor=actor,
        )
        gap = Gap.objects.select_for_update(of=("self",)).get(pk=rfi.gap_id)
        if gap.status in (GapStatus.OPEN, GapStatus.REQUESTED):
            _set_gap(gap, GapStatus.FILLED, "", actor, reason=f"antwoord op {rfi.reference}")
        information.advise_reassessment(
            rfi.case,
            reason=f"Antwoord op informatieverzoek {rfi.reference} ({product.reference})",
            source_type="rfi_answer",
            source_id=rfi.pk,
            actor=actor,
        )
    return rfi


def _product_data(rfi: InformationRequest, data: AnswerData, now: datetime) -> Any:
    from weerstand.information import services as information

    return information.ProductData(
        title=_text(data.title, "title", "Een titel", minimum=3),
        summary=_text(data.summary, "summary", "Het antwoord"),
        legal_basis=rfi.legal_basis,
        classification=data.classification,
        handling=data.handling,
        reliability=data.reliability,
        credibility=data.credibility,
        partner_reference=data.partner_reference or rfi.reference,
        valid_from=timezone.localdate(now),
    )


def _link_answer_to_case(product: Any, rfi: InformationRequest, actor: Any) -> None:
    """The answer concerns the RFI's case. The addressee may not see that case, so the link
    is made here, on the authority of the request itself, not through the product service's
    "cases you may view" path; the liaison still never reads the case."""
    from weerstand.information.models import ProductCase

    ProductCase.objects.get_or_create(product=product, case=rfi.case)
    audit.record(
        AuditAction.UPDATE,
        product,
        changes={"cases": [None, rfi.case.reference]},
        reason=f"antwoord op {rfi.reference}",
        actor=actor,
    )


# --- deadlines and escalation ---------------------------------------------------------------


def escalate_overdue_requests(*, now: datetime | None = None) -> list[InformationRequest]:
    """Escalate each open RFI past its due date once: alerts to the case owners and to the
    addressee's liaisons who may see the request. Running again sends nothing."""
    from weerstand.accounts.models import User
    from weerstand.policy.models import Alert
    from weerstand.signals.services import system_context

    now = now or timezone.now()
    today = timezone.localdate(now)
    done: list[InformationRequest] = []
    with system_context(), transaction.atomic():
        due = list(
            InformationRequest.objects.select_for_update(of=("self",))
            .filter(status=RequestStatus.OPEN, due_date__lt=today, escalated_at__isnull=True)
            .select_related("case", "addressee")
            .order_by("due_date", "pk")
        )
        for rfi in due:
            if (
                InformationRequest.objects.filter(pk=rfi.pk, escalated_at__isnull=True).update(
                    escalated_at=now
                )
                != 1
            ):
                continue
            owners = list(
                User.objects.filter(
                    is_active=True,
                    memberships__compartment=rfi.case.team_id,
                    memberships__function="owner",
                ).order_by("pk")
            )
            liaisons = list(
                User.objects.filter(
                    is_active=True,
                    organisation=rfi.addressee_id,
                    role_assignments__role__in=ADDRESSEE_ROLES,
                )
                .distinct()
                .order_by("pk")
            )
            recipients = [
                u
                for u in dict.fromkeys([*owners, *liaisons])
                if InformationRequest.objects.visible_to(u).filter(pk=rfi.pk).exists()
            ]
            message = (
                f"Informatieverzoek {rfi.reference} (casus {rfi.case.reference}) aan "
                f"{rfi.addressee.name} is niet beantwoord vóór {rfi.due_date:%d-%m-%Y}."
            )
            for user in recipients:
                Alert.objects.create(recipient=user, case=None, message=message, created_at=now)
            audit.record(
                AuditAction.UPDATE,
                rfi,
                changes={"escalated_at": [None, now.isoformat()], "alerts": len(recipients)},
                reason="termijn van het informatieverzoek verstreken",
                actor=None,
            )
            done.append(rfi)
    return done


def addressee_organisations() -> QuerySet[Organisation]:
    """Partner organisations an RFI can go to (never the NCTV itself)."""
    from weerstand.organisations.models import Organisation

    return Organisation.objects.exclude(kind__in=(RECIPIENT_KIND, "civilian")).order_by("name")


def active_legal_bases() -> QuerySet[LegalBasis]:
    from weerstand.information.models import LegalBasis

    return LegalBasis.objects.filter(active=True).order_by("law", "code")

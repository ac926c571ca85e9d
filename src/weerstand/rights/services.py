"""Domain services of the rights app: the framework, the letter's shareable text, objections.

Every write checks the policy, changes the rows and writes its audit record in one
transaction. Views, the API, the demo and the daily job call these; nothing else writes.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet
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
from weerstand.core.locks import serialise
from weerstand.core.references import next_reference
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource, Scope, scopes_for
from weerstand.rights import rules
from weerstand.rights.models import (
    NEW_DECISION_OUTCOMES,
    OPEN_STATUSES,
    FrameworkAcknowledgement,
    FrameworkVersion,
    LetterText,
    Objection,
    ObjectionChannel,
    ObjectionOutcome,
    ObjectionStatus,
)

# Awb: six weeks to object (6:7), six weeks to decide after that period (7:10), once
# extendable by six weeks.
OBJECTION_PERIOD = timedelta(weeks=6)
DECISION_PERIOD = timedelta(weeks=6)
EXTENSION = timedelta(weeks=6)
MIN_REASON = 20


# --- small helpers ---------------------------------------------------------------------------


def _require_text(value: str, name: str, message: str, minimum: int = 5) -> str:
    value = (value or "").strip()
    if len(value) < minimum:
        raise ValidationFailed(message, invalid_params=[InvalidParam(name, "required", message)])
    return value


def _check_version(expected: int | None, current: int) -> None:
    if expected is not None and expected != current:
        raise ConcurrencyConflict(
            f"Versie {expected} is verouderd; de huidige versie is {current}."
        )


def letter_date(decision: Any) -> date:
    """The date on the letter: the day the decision was approved, or taken (no four-eyes)."""
    moment = decision.approved_at or decision.decided_at
    return timezone.localdate(moment)


def objection_deadline(decision: Any) -> date:
    return letter_date(decision) + OBJECTION_PERIOD


def _users_with_role(role: str) -> QuerySet:
    from weerstand.accounts.models import User

    return User.objects.filter(role_assignments__role=role, is_active=True).distinct()


def _appeal_officers_for(objection: Objection) -> list[Any]:
    """Appeal officers who may see this objection (a restricting compartment binds them too),
    so an alert never names an objection to someone who cannot open it."""
    return [
        u
        for u in _users_with_role("appeal_officer")
        if Objection.objects.visible_to(u).filter(pk=objection.pk).exists()
    ]


def _case_decision_makers(case_id: int) -> QuerySet:
    """Decision-makers in the case team: those who take the new decision after an objection."""
    from weerstand.accounts.models import User

    return User.objects.filter(
        is_active=True,
        role_assignments__role="decision_maker",
        memberships__compartment__team_case=case_id,
    ).distinct()


def _alert(recipients: Any, message: str, case_id: int | None) -> int:
    from weerstand.policy.models import Alert

    rows = [Alert(recipient=u, case_id=case_id, message=message) for u in recipients]
    Alert.objects.bulk_create(rows)
    return len(rows)


# --- framework of rights and obligations -----------------------------------------------------


@dataclass
class FrameworkData:
    title: str
    effective_from: date
    person_text: str
    employer_text: str
    state_text: str
    person_text_en: str = ""
    employer_text_en: str = ""
    state_text_en: str = ""
    objection_address: str = ""
    change_note: str = ""


def framework_in_force(on: date | None = None) -> FrameworkVersion | None:
    """The version in force on a date: the latest one that has begun (public text)."""
    on = on or timezone.localdate()
    return (
        FrameworkVersion.objects.filter(effective_from__lte=on).order_by("-effective_from").first()
    )


def _validate_framework(data: FrameworkData, *, today: date) -> None:
    errors = []
    for name in ("title", "person_text", "employer_text", "state_text"):
        if len((getattr(data, name) or "").strip()) < 5:
            errors.append(InvalidParam(name, "required", "Dit veld is verplicht."))
    if data.effective_from is None or data.effective_from < today:
        errors.append(
            InvalidParam(
                "effective_from",
                "in-the-past",
                "Een nieuwe versie gaat vandaag of later in; de geschiedenis blijft zoals hij was.",
            )
        )
    if errors:
        raise ValidationFailed("De versie van het kader is niet volledig.", invalid_params=errors)


def publish_framework(actor: Any, data: FrameworkData) -> FrameworkVersion:
    """Add a version. It replaces the one in force on its own date; it never rewrites history."""
    engine.require_principal(actor)
    if Scope.ALL not in scopes_for(actor.role_codes, Resource.RIGHTS_FRAMEWORK, Action.CHANGE):
        raise NotPermitted("U mag het kader van rechten en plichten niet wijzigen.")
    today = timezone.localdate()
    _validate_framework(data, today=today)
    with transaction.atomic():
        serialise("rights-framework")
        if FrameworkVersion.objects.filter(effective_from=data.effective_from).exists():
            raise ValidationFailed(
                "Op die datum gaat al een versie in.",
                invalid_params=[InvalidParam("effective_from", "taken", "Kies een andere datum.")],
            )
        last = FrameworkVersion.objects.order_by("-number").values_list("number", flat=True)
        number = (last.first() or 0) + 1
        fw = FrameworkVersion.objects.create(
            number=number, created_by=actor, **{k: v for k, v in vars(data).items()}
        )
        audit.record(
            AuditAction.CREATE,
            fw,
            changes={"number": [None, number], "effective_from": [None, str(fw.effective_from)]},
            actor=actor,
        )
    return fw


def update_framework(
    actor: Any, framework_id: int, changes: dict[str, Any], *, expected_version: int | None
) -> FrameworkVersion:
    """Correct a version that is not yet in force; once in force the text is frozen, because
    people acknowledged exactly that text."""
    engine.require_principal(actor)
    unknown = set(changes) - set(FrameworkVersion.EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(
            "Deze velden zijn niet te wijzigen.",
            invalid_params=[
                InvalidParam(n, "read-only", "Niet wijzigbaar.") for n in sorted(unknown)
            ],
        )
    today = timezone.localdate()
    with transaction.atomic():
        fw = engine.get_for(
            FrameworkVersion.objects.select_for_update(), actor, Action.CHANGE, pk=framework_id
        )
        _check_version(expected_version, fw.version)
        if fw.effective_from <= today:
            raise InvalidTransition(
                "Deze versie is al van kracht en kan niet meer veranderen. Maak een nieuwe versie."
            )
        before = {k: getattr(fw, k) for k in changes}
        merged = FrameworkData(
            **{f.name: changes.get(f.name, getattr(fw, f.name)) for f in fields(FrameworkData)}
        )
        _validate_framework(merged, today=today)
        if (
            "effective_from" in changes
            and FrameworkVersion.objects.filter(effective_from=changes["effective_from"])
            .exclude(pk=fw.pk)
            .exists()
        ):
            raise ValidationFailed(
                "Op die datum gaat al een versie in.",
                invalid_params=[InvalidParam("effective_from", "taken", "Kies een andere datum.")],
            )
        FrameworkVersion.objects.filter(pk=fw.pk).update(version=F("version") + 1, **changes)
        fw.refresh_from_db()
        audit.record(
            AuditAction.UPDATE,
            fw,
            changes=audit.field_changes(before, {k: getattr(fw, k) for k in changes}),
            actor=actor,
        )
    return fw


def outstanding_framework(user: Any) -> FrameworkVersion | None:
    """The version in force if this portal user has not yet acknowledged it."""
    if not getattr(user, "person_id", None):
        return None
    if not scopes_for(user.role_codes, Resource.RIGHTS_FRAMEWORK, Action.VIEW):
        return None
    fw = framework_in_force()
    if fw is None or FrameworkAcknowledgement.objects.filter(framework=fw, user=user).exists():
        return None
    return fw


def acknowledge_framework(actor: Any, framework_id: int) -> FrameworkAcknowledgement:
    """'Ik heb dit gelezen' for the version in force; acknowledging twice changes nothing."""
    engine.require_principal(actor)
    if not actor.person_id:
        raise NotPermitted("Alleen de persoon zelf, een naaste of de werkgever bevestigt dit.")
    with transaction.atomic():
        fw = engine.get_for(FrameworkVersion.objects.all(), actor, Action.VIEW, pk=framework_id)
        current = framework_in_force()
        if current is None or current.pk != fw.pk:
            raise InvalidTransition("U kunt alleen de versie bevestigen die nu geldt.")
        ack, created = FrameworkAcknowledgement.objects.get_or_create(
            framework=fw, user=actor, defaults={"person_id": actor.person_id}
        )
        if created:
            audit.record(
                AuditAction.CREATE,
                ack,
                changes={"framework": [None, fw.number]},
                reason="kader rechten en plichten gelezen",
                actor=actor,
            )
    return ack


# --- the letter's shareable text -------------------------------------------------------------


def save_letter_text(
    actor: Any,
    decision_id: int,
    *,
    shareable_reason: str,
    shareable_reason_en: str = "",
    expected_version: int | None = None,
) -> LetterText:
    """The decision-maker writes the 'why' for the person, apart from the reasoning."""
    engine.require_principal(actor)
    reason = _require_text(
        shareable_reason, "shareable_reason", "Schrijf een uitleg voor de persoon.", MIN_REASON
    )
    with transaction.atomic():
        decision = rules.get_letter_decision(actor, decision_id, Action.CHANGE)
        text = LetterText.objects.select_for_update().filter(decision=decision).first()
        if text is None:
            text = LetterText.objects.create(
                decision=decision,
                shareable_reason=reason,
                shareable_reason_en=shareable_reason_en.strip(),
                updated_by=actor,
            )
            audit.record(
                AuditAction.CREATE,
                text,
                changes={"shareable_reason": [None, "…"], "shareable_reason_en": [None, "…"]},
                actor=actor,
            )
            return text
        _check_version(expected_version, text.version)
        before = {"shareable_reason": text.shareable_reason, "en": text.shareable_reason_en}
        LetterText.objects.filter(pk=text.pk).update(
            shareable_reason=reason,
            shareable_reason_en=shareable_reason_en.strip(),
            updated_by=actor,
            updated_at=timezone.now(),
            version=F("version") + 1,
        )
        text.refresh_from_db()
        audit.record(
            AuditAction.UPDATE,
            text,
            changes=audit.field_changes(
                before, {"shareable_reason": text.shareable_reason, "en": text.shareable_reason_en}
            ),
            actor=actor,
        )
    return text


def audit_letter(actor: Any, decision: Any, *, lang: str, kind: str) -> None:
    """Every view and download of a letter leaves a record (who, which, which language)."""
    audit.record(
        AuditAction.EXPORT if kind == "pdf" else AuditAction.READ,
        decision,
        reason=f"besluitbrief ({kind}, {lang})",
        actor=actor,
    )


# --- objections ------------------------------------------------------------------------------


@dataclass
class ObjectionData:
    grounds: str
    lateness_reason: str = ""
    # Only for an objection received on paper and recorded by the case team:
    objector_name: str = ""
    received_on: date | None = None


def _decision_for_objection(actor: Any, decision_id: int) -> tuple[Any, str]:
    """The decision and the channel: the protectee through the portal (own letter), or a
    case-team member recording a paper objection (team scope on the case)."""

    p = engine.principal(actor)
    scopes = scopes_for(p.roles, Resource.OBJECTION, Action.CREATE)
    if not scopes:
        raise NotPermitted("U mag geen bezwaar registreren.")
    decision = rules.get_letter_decision(actor, decision_id)
    if decision.status not in rules.LETTER_STATUSES:
        raise InvalidTransition("Tegen een besluit dat nog niet is genomen kan geen bezwaar.")
    if Scope.SELF in scopes and decision.case.protectee_id == actor.person_id:
        return decision, ObjectionChannel.PORTAL
    staff = scopes - {Scope.SELF}
    if staff and engine.reaches(actor, decision.case_id, Resource.OBJECTION, Action.CREATE):
        return decision, ObjectionChannel.PAPER
    raise NotPermitted("U mag voor dit besluit geen bezwaar registreren.")


def lodge_objection(actor: Any, decision_id: int, data: ObjectionData) -> Objection:
    """Register an objection. Late ones are accepted and marked late (Awb 6:11: the appeal
    body judges whether the lateness is excusable); the deadline to decide starts when the
    objection period ends, or on receipt when that is later."""
    engine.require_principal(actor)
    grounds = _require_text(
        data.grounds, "grounds", "Schrijf op waarom u het niet eens bent met het besluit.", 10
    )
    today = timezone.localdate()
    with transaction.atomic():
        decision, channel = _decision_for_objection(actor, decision_id)
        if channel == ObjectionChannel.PAPER:
            name = _require_text(data.objector_name, "objector_name", "Wie maakt bezwaar?", 2)
            received = data.received_on or today
            if received > today:
                raise ValidationFailed(
                    "De ontvangstdatum ligt in de toekomst.",
                    invalid_params=[InvalidParam("received_on", "future", "Niet na vandaag.")],
                )
        else:
            name = actor.display_name
            received = today
            if Objection.objects.filter(
                decision=decision, lodged_by=actor, status__in=OPEN_STATUSES
            ).exists():
                raise InvalidTransition("U hebt al bezwaar gemaakt tegen dit besluit.")
        written = letter_date(decision)
        if received < written:
            raise ValidationFailed(
                "De ontvangstdatum ligt vóór de datum van de besluitbrief.",
                invalid_params=[InvalidParam("received_on", "too-early", "Na de briefdatum.")],
            )
        period_end = written + OBJECTION_PERIOD
        late = received > period_end
        objection = Objection.objects.create(
            reference=next_reference(Objection, "BZ", 4, year=timezone.localdate().year),
            decision=decision,
            case_id=decision.case_id,
            lodged_by=actor,
            objector_name=name,
            channel=channel,
            received_on=received,
            grounds=grounds,
            letter_date=written,
            objection_period_ends=period_end,
            is_late=late,
            lateness_reason=(data.lateness_reason or "").strip() if late else "",
            deadline=max(period_end, received) + DECISION_PERIOD,
        )
        audit.record(
            AuditAction.CREATE,
            objection,
            changes={
                "decision": [None, decision.reference],
                "channel": [None, channel],
                "is_late": [None, late],
                "grounds": [None, "…"],
            },
            actor=actor,
        )
        officers = _appeal_officers_for(objection)
        _alert(
            officers,
            f"Nieuw bezwaar {objection.reference} ontvangen"
            f"{' (te laat ingediend)' if late else ''}. "
            f"Beslissen uiterlijk op {objection.deadline:%d-%m-%Y}.",
            None,
        )
        unseen = (
            ""
            if officers
            else " Let op: geen bezwaarbehandelaar kan dit bezwaar zien (afgeschermde casus); "
            "voeg een behandelaar toe aan het compartiment."
        )
        _alert(
            _case_decision_makers(decision.case_id),
            f"Bezwaar {objection.reference} tegen besluit {decision.reference} is ingediend en "
            f"gaat naar de onafhankelijke bezwaarcommissie.{unseen}",
            decision.case_id,
        )
    return objection


def _get_for_change(actor: Any, objection_id: int) -> Objection:
    engine.require_principal(actor)
    return engine.get_for(
        Objection.objects.select_for_update(), actor, Action.CHANGE, pk=objection_id
    )


def take_in_treatment(actor: Any, objection_id: int) -> Objection:
    with transaction.atomic():
        objection = _get_for_change(actor, objection_id)
        if objection.status != ObjectionStatus.RECEIVED:
            raise InvalidTransition("Dit bezwaar is al in behandeling of beslist.")
        Objection.objects.filter(pk=objection.pk).update(
            status=ObjectionStatus.IN_TREATMENT, version=F("version") + 1
        )
        objection.refresh_from_db()
        audit.record(
            AuditAction.TRANSITION,
            objection,
            changes={"status": [ObjectionStatus.RECEIVED, ObjectionStatus.IN_TREATMENT]},
            actor=actor,
        )
    return objection


def extend_objection(
    actor: Any, objection_id: int, *, reason: str, expected_version: int | None = None
) -> Objection:
    """Extend the decision period once by six weeks, with a reason (Awb 7:10 lid 3)."""
    reason = _require_text(reason, "reason", "Geef de reden van de verdaging.", MIN_REASON)
    with transaction.atomic():
        objection = _get_for_change(actor, objection_id)
        _check_version(expected_version, objection.version)
        if not objection.is_open:
            raise InvalidTransition("Op dit bezwaar is al beslist.")
        if objection.extended_until is not None:
            raise InvalidTransition("De beslistermijn is al eens verdaagd; dat kan maar één keer.")
        until = objection.deadline + EXTENSION
        Objection.objects.filter(pk=objection.pk).update(
            extended_until=until,
            extension_reason=reason,
            escalated_at=None,  # a new due date: escalate again if this one is missed too
            version=F("version") + 1,
        )
        objection.refresh_from_db()
        audit.record(
            AuditAction.UPDATE,
            objection,
            changes={"extended_until": [None, str(until)]},
            reason=reason,
            actor=actor,
        )
    return objection


def decide_objection(
    actor: Any,
    objection_id: int,
    *,
    outcome: str,
    reasoning: str,
    expected_version: int | None = None,
) -> Objection:
    """The appeal body's outcome. Founded or partly founded means the authority must decide
    again (through the normal decision flow); its decision-makers are alerted."""
    if outcome not in ObjectionOutcome.values:
        raise ValidationFailed(
            "Kies ongegrond, gegrond of gedeeltelijk gegrond.",
            invalid_params=[InvalidParam("outcome", "invalid-choice", "Onbekende uitkomst.")],
        )
    reasoning = _require_text(
        reasoning, "reasoning", "Motiveer de uitkomst van het bezwaar.", MIN_REASON
    )
    with transaction.atomic():
        objection = _get_for_change(actor, objection_id)
        _check_version(expected_version, objection.version)
        if not objection.is_open:
            raise InvalidTransition("Op dit bezwaar is al beslist.")
        before = objection.status
        new_decision = outcome in NEW_DECISION_OUTCOMES
        now = timezone.now()
        Objection.objects.filter(pk=objection.pk).update(
            status=ObjectionStatus.DECIDED,
            outcome=outcome,
            outcome_reasoning=reasoning,
            decided_by=actor,
            decided_at=now,
            requires_new_decision=new_decision,
            version=F("version") + 1,
        )
        objection.refresh_from_db()
        audit.record(
            AuditAction.TRANSITION,
            objection,
            changes={
                "status": [before, ObjectionStatus.DECIDED],
                "outcome": [None, outcome],
                "requires_new_decision": [False, new_decision],
            },
            actor=actor,
        )
        label = ObjectionOutcome(outcome).label
        if new_decision:
            _alert(
                _case_decision_makers(objection.case_id),
                f"Bezwaar {objection.reference} is {str(label).lower()} verklaard. Neem een "
                f"nieuw besluit in plaats van besluit {objection.decision.reference}.",
                objection.case_id,
            )
        if objection.lodged_by_id and objection.channel == ObjectionChannel.PORTAL:
            from weerstand.accounts.models import User

            _alert(
                User.objects.filter(pk=objection.lodged_by_id, is_active=True),
                f"Er is beslist op uw bezwaar {objection.reference}: {str(label).lower()}. "
                "Lees de uitleg in het portaal.",
                None,
            )
    return objection


def escalate_overdue(today: date | None = None) -> int:
    """Alert the appeal body and the case's decision-makers about objections past their due
    date; each is escalated once per due date. Returns the number escalated."""
    today = today or timezone.localdate()
    count = 0
    with transaction.atomic():
        overdue = (
            Objection.objects.select_for_update()
            .filter(status__in=OPEN_STATUSES, escalated_at__isnull=True)
            .select_related("decision")
        )
        for objection in overdue:
            if not objection.is_overdue(today):
                continue
            Objection.objects.filter(pk=objection.pk).update(escalated_at=timezone.now())
            due = f"{objection.due_date:%d-%m-%Y}"
            _alert(
                _appeal_officers_for(objection),
                f"Beslistermijn verstreken: bezwaar {objection.reference} had uiterlijk op {due} "
                "beslist moeten zijn.",
                None,
            )
            _alert(
                _case_decision_makers(objection.case_id),
                f"De bezwaarcommissie heeft bezwaar {objection.reference} tegen besluit "
                f"{objection.decision.reference} niet binnen de termijn ({due}) beslist.",
                objection.case_id,
            )
            audit.record(
                AuditAction.UPDATE,
                objection,
                changes={"escalated_at": [None, today.isoformat()]},
                reason="beslistermijn bezwaar verstreken",
            )
            count += 1
    return count


# --- selectors for panels --------------------------------------------------------------------


def awaiting_new_decision(user: Any) -> list[Objection]:
    """Founded objections (visible to the user) whose case has no decision taken since."""
    from weerstand.decisions.models import Decision

    objections = list(
        Objection.objects.visible_to(user)
        .filter(requires_new_decision=True)
        .select_related("decision")
        .order_by("decided_at")
    )
    out = []
    for o in objections:
        newer = Decision.objects.visible_to(user).filter(
            case=o.case_id, decided_at__gt=o.decided_at
        )
        if not newer.exists():
            out.append(o)
    return out

"""Every change of resilience care, each audited in the same transaction.

Rules that live here and nowhere else:
- only the resilience expert of the case team (role, team function and grant) plans,
  changes, cancels and writes up conversations, and proposes buddy matches;
- a conversation is with the protectee or a relative of the case (a person concerned in it);
- notes are written once a conversation was held; follow-ups have an owner who may read
  the conversation and a deadline; an overdue follow-up alerts its owner once (a job);
- a stop or scale-down decision in force opens an end-phase conversation to be planned for
  the protectee and tells the case's resilience expert (`start_end_phase`, the hook);
- a buddy match becomes active only when both the protectee and the buddy consented, each
  through their own portal account; either may withdraw; it ends on its end date (a job);
- the buddy sees only what the protectee chose to share.

Nothing here writes to the case timeline: that is read by every team member, and whether
and when someone talks with a resilience expert is not theirs to know.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.errors import (
    ConcurrencyConflict,
    InvalidParam,
    InvalidTransition,
    NotPermitted,
    ValidationFailed,
    require_reason,
)
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource
from weerstand.resilience import rules
from weerstand.resilience.models import (
    BuddyMatch,
    BuddyStatus,
    BuddyVolunteer,
    Channel,
    ConversationNotes,
    ConversationStatus,
    FollowUp,
    Phase,
    ResilienceConversation,
    ShareItem,
)

MAX_TEXT = 4000
MAX_SHARE = 500
MAX_MATCH_DAYS = 730
# Who a conversation can be with: the protectee and their relatives in the case.
PERSON_ROLES = ("protectee", "partner", "child", "parent", "sibling", "relative")
END_PHASE_TYPES = ("stop", "scale_down")


def _invalid(name: str, message: str, code: str = "invalid") -> ValidationFailed:
    return ValidationFailed(message, invalid_params=[InvalidParam(name, code, message)])


def _text(
    value: str | None, name: str, label: str, *, minimum: int = 0, limit: int = MAX_TEXT
) -> str:
    value = (value or "").strip()
    if "\x00" in value:
        raise _invalid(name, f"{label} bevat een ongeldig teken.")
    if len(value) < minimum:
        raise _invalid(name, f"{label} is verplicht.", "required")
    if len(value) > limit:
        raise _invalid(name, f"{label} is te lang (hoogstens {limit} tekens).", "too-long")
    return value


def _check_version(expected: int | None, current: int) -> None:
    if expected is not None and expected != current:
        raise ConcurrencyConflict(
            f"Versie {expected} is verouderd; de huidige versie is {current}."
        )


def _case(actor: Any, case_id: int) -> Any:
    from weerstand.cases.models import Case

    return engine.get_for(Case.objects.all(), actor, Action.VIEW, pk=case_id)


def _alert(recipients: Iterable[Any], message: str, case_id: int | None) -> int:
    from weerstand.policy.models import Alert

    rows = [Alert(recipient=u, case_id=case_id, message=message) for u in recipients]
    Alert.objects.bulk_create(rows)
    return len(rows)


def case_experts(case: Any) -> list[Any]:
    """The active users holding the resilience-expert function in the case team."""
    from weerstand.accounts.models import User

    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__role="resilience_expert",
            memberships__compartment=case.team_id,
            memberships__function=rules.EXPERT_FUNCTION,
        )
        .distinct()
        .order_by("pk")
    )


def conversation_persons(case: Any) -> list[Any]:
    """The persons a conversation in this case can be with (system use: the expert's form
    offers only those the expert may see)."""
    from weerstand.cases.models import CasePerson
    from weerstand.registry.models import Person

    linked = CasePerson.objects.filter(case=case.pk, role__in=PERSON_ROLES).values("person_id")
    return list(
        Person.objects.filter(Q(pk=case.protectee_id) | Q(pk__in=linked)).order_by(
            "last_name", "first_name", "pk"
        )
    )


# --- conversations -------------------------------------------------------------------------


@dataclass
class ConversationPlan:
    person_id: int
    phase: str
    planned_at: datetime
    channel: str = Channel.IN_PERSON
    place: str = ""


def _check_when(planned_at: datetime | None, name: str = "planned_at") -> datetime:
    if planned_at is None:
        raise _invalid(name, "Kies een datum en tijd.", "required")
    if planned_at < timezone.now() - timedelta(days=1):
        raise _invalid(name, "Een gesprek plant u vandaag of later.", "too-early")
    if planned_at > timezone.now() + timedelta(days=MAX_MATCH_DAYS):
        raise _invalid(name, "Die datum ligt te ver weg.", "too-late")
    return planned_at


def _check_channel(channel: str) -> str:
    if channel not in Channel.values:
        raise _invalid("channel", "Kies hoe het gesprek plaatsvindt.")
    return channel


def plan_conversation(actor: Any, case_id: int, plan: ConversationPlan) -> ResilienceConversation:
    """The case's resilience expert plans a conversation with the protectee or a relative."""
    engine.require_principal(actor)
    if plan.phase not in Phase.values:
        raise _invalid("phase", "Kies de fase: impact, consolidatie of eindfase.")
    planned_at = _check_when(plan.planned_at)
    channel = _check_channel(plan.channel)
    place = _text(plan.place, "place", "De plaats", limit=500)
    with transaction.atomic():
        case = _case(actor, case_id)
        refusal = rules.plan_refusal(actor, case)
        if refusal:
            raise NotPermitted(refusal)
        if case.state == "ended" and plan.phase != Phase.END:
            raise InvalidTransition("Na het einde van de beveiliging volgt alleen de eindfase.")
        if plan.person_id not in {p.pk for p in conversation_persons(case)}:
            raise _invalid(
                "person", "Kies de beschermde persoon of een naaste in deze casus.", "not-in-case"
            )
        conversation = ResilienceConversation.objects.create(
            case=case,
            person_id=plan.person_id,
            phase=plan.phase,
            status=ConversationStatus.PLANNED,
            planned_at=planned_at,
            channel=channel,
            place=place,
            expert=actor,
            created_by=actor,
        )
        audit.record(
            AuditAction.CREATE,
            conversation,
            changes={
                "phase": [None, plan.phase],
                "planned_at": [None, planned_at.isoformat()],
                "channel": [None, channel],
                "place": 1,
            },
            actor=actor,
        )
    return conversation


def _for_change(actor: Any, conversation_id: int) -> ResilienceConversation:
    engine.require_principal(actor)
    conversation = engine.get_for(
        ResilienceConversation.objects.select_for_update(of=("self",)).select_related("case"),
        actor,
        Action.VIEW,
        pk=conversation_id,
    )
    if not rules.may_change_conversation(actor, conversation):
        raise NotPermitted(
            "Alleen de expert weerbaarheid van het casusteam wijzigt weerbaarheidsgesprekken."
        )
    return conversation


EDITABLE = ("planned_at", "channel", "place")


def update_conversation(
    actor: Any,
    conversation_id: int,
    changes: dict[str, Any],
    *,
    expected_version: int | None = None,
) -> ResilienceConversation:
    """Change the plan (date and time, how, where). A conversation still to be planned
    (an end phase opened by a decision) becomes planned once it has a date."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise _invalid(sorted(unknown)[0], "Dit veld kan niet worden gewijzigd.", "read-only")
    values: dict[str, Any] = {}
    if "planned_at" in changes:
        values["planned_at"] = _check_when(changes["planned_at"])
    if "channel" in changes:
        values["channel"] = _check_channel(changes["channel"])
    if "place" in changes:
        values["place"] = _text(changes["place"], "place", "De plaats", limit=500)
    if not values:
        raise ValidationFailed("Er is niets te wijzigen.")
    with transaction.atomic():
        conversation = _for_change(actor, conversation_id)
        _check_version(expected_version, conversation.version)
        if not conversation.is_open:
            raise InvalidTransition("Dit gesprek is al gehouden of geannuleerd.")
        before = {k: getattr(conversation, k) for k in values}
        if conversation.status == ConversationStatus.TO_PLAN and values.get("planned_at"):
            values["status"] = ConversationStatus.PLANNED
        ResilienceConversation.objects.filter(pk=conversation.pk).update(
            **values, updated_at=timezone.now(), version=F("version") + 1
        )
        conversation.refresh_from_db()
        audit.record(
            AuditAction.UPDATE,
            conversation,
            changes={
                k: ([str(before.get(k)), str(v)] if k != "place" else 1) for k, v in values.items()
            },
            actor=actor,
        )
    return conversation


def cancel_conversation(
    actor: Any, conversation_id: int, *, reason: str, expected_version: int | None = None
) -> ResilienceConversation:
    reason = require_reason(reason, message="Geef de reden van de annulering (minimaal 5 tekens).")
    with transaction.atomic():
        conversation = _for_change(actor, conversation_id)
        _check_version(expected_version, conversation.version)
        if not conversation.is_open:
            raise InvalidTransition("Dit gesprek is al gehouden of geannuleerd.")
        before = conversation.status
        ResilienceConversation.objects.filter(pk=conversation.pk).update(
            status=ConversationStatus.CANCELLED,
            cancel_reason=reason,
            updated_at=timezone.now(),
            version=F("version") + 1,
        )
        conversation.refresh_from_db()
        audit.record(
            AuditAction.TRANSITION,
            conversation,
            changes={"status": [before, ConversationStatus.CANCELLED]},
            reason=reason,
            actor=actor,
        )
    return conversation


@dataclass
class NotesData:
    wellbeing: str
    worries: str = ""
    strengths: str = ""
    agreements: str = ""


def record_notes(
    actor: Any, conversation_id: int, data: NotesData, *, expected_version: int | None = None
) -> ConversationNotes:
    """Write up a conversation that took place: it is then held. Notes are written once
    (a correction is a new conversation's business, not a rewrite of what was said)."""
    wellbeing = _text(data.wellbeing, "wellbeing", "Hoe het gaat", minimum=5)
    worries = _text(data.worries, "worries", "Zorgen")
    strengths = _text(data.strengths, "strengths", "Wat kracht geeft")
    agreements = _text(data.agreements, "agreements", "Afspraken")
    with transaction.atomic():
        conversation = _for_change(actor, conversation_id)
        _check_version(expected_version, conversation.version)
        if conversation.status != ConversationStatus.PLANNED:
            raise InvalidTransition("Alleen van een gepland gesprek legt u het verslag vast.")
        now = timezone.now()
        if conversation.planned_at and conversation.planned_at > now + timedelta(hours=1):
            raise InvalidTransition("Dit gesprek heeft nog niet plaatsgevonden.")
        notes = ConversationNotes.objects.create(
            conversation=conversation,
            wellbeing=wellbeing,
            worries=worries,
            strengths=strengths,
            agreements=agreements,
            written_by=actor,
            written_at=now,
        )
        ResilienceConversation.objects.filter(pk=conversation.pk).update(
            status=ConversationStatus.HELD, held_at=now, updated_at=now, version=F("version") + 1
        )
        conversation.refresh_from_db()
        audit.record(
            AuditAction.TRANSITION,
            conversation,
            changes={
                "status": [ConversationStatus.PLANNED, ConversationStatus.HELD],
                "notes": 1,
            },
            actor=actor,
        )
    return notes


def add_follow_up(
    actor: Any, conversation_id: int, *, description: str, owner_id: int, due_on: date
) -> FollowUp:
    """An agreed follow-up with an owner (who may read the conversation) and a deadline."""
    from weerstand.accounts.models import User

    description = _text(description, "description", "Wat is afgesproken", minimum=5)
    if due_on is None:
        raise _invalid("due_on", "Kies een datum.", "required")
    if due_on < timezone.localdate():
        raise _invalid("due_on", "De termijn ligt in het verleden.", "too-early")
    with transaction.atomic():
        conversation = _for_change(actor, conversation_id)
        if conversation.status == ConversationStatus.CANCELLED:
            raise InvalidTransition("Bij een geannuleerd gesprek horen geen vervolgafspraken.")
        owner = User.objects.filter(pk=owner_id, is_active=True).first()
        if owner is None or owner.pk not in {u.pk for u in follow_up_owners(conversation)}:
            raise _invalid(
                "owner", "De eigenaar moet iemand van het casusteam zijn die dit gesprek mag zien."
            )
        follow_up = FollowUp.objects.create(
            conversation=conversation,
            case_id=conversation.case_id,
            description=description,
            owner=owner,
            due_on=due_on,
            created_by=actor,
        )
        audit.record(
            AuditAction.CREATE,
            follow_up,
            changes={
                "owner": [None, owner.username],
                "due_on": [None, due_on.isoformat()],
                "description": 1,
            },
            actor=actor,
        )
        if owner.pk != actor.pk:
            _alert(
                [owner],
                f"U bent eigenaar van een vervolgafspraak na een weerbaarheidsgesprek "
                f"(uiterlijk {due_on:%d-%m-%Y}).",
                conversation.case_id,
            )
    return follow_up


def follow_up_owners(conversation: ResilienceConversation) -> list[Any]:
    """Who can own a follow-up: active case-team members who may read the conversation."""
    from weerstand.accounts.models import User

    members = User.objects.filter(
        is_active=True, memberships__compartment=conversation.case.team_id
    ).distinct()
    return [
        u
        for u in members.order_by("last_name", "first_name", "pk")
        if ResilienceConversation.objects.visible_to(u).filter(pk=conversation.pk).exists()
        and rules.is_staff_reader(u)
    ]


def complete_follow_up(
    actor: Any, follow_up_id: int, *, expected_version: int | None = None
) -> FollowUp:
    engine.require_principal(actor)
    with transaction.atomic():
        follow_up = engine.get_for(
            FollowUp.objects.select_for_update(of=("self",)).select_related("case"),
            actor,
            Action.VIEW,
            pk=follow_up_id,
        )
        if not rules.may_complete_follow_up(actor, follow_up):
            raise NotPermitted("Alleen de eigenaar of de expert weerbaarheid meldt dit als gedaan.")
        _check_version(expected_version, follow_up.version)
        if follow_up.is_done:
            raise InvalidTransition("Deze vervolgafspraak is al gedaan.")
        now = timezone.now()
        FollowUp.objects.filter(pk=follow_up.pk).update(
            done_at=now, done_by=actor, version=F("version") + 1
        )
        follow_up.refresh_from_db()
        audit.record(
            AuditAction.UPDATE, follow_up, changes={"done_at": [None, now.isoformat()]}, actor=actor
        )
    return follow_up


def alert_overdue_follow_ups(now: datetime | None = None) -> int:
    """Tell the owner of each open follow-up past its deadline, once (idempotent through
    `alerted_at`). The alert names no content, only that a follow-up is overdue."""
    from weerstand.signals.services import system_context

    now = now or timezone.now()
    today = timezone.localdate(now)
    done = 0
    with system_context(), transaction.atomic():
        due = (
            FollowUp.objects.select_for_update(of=("self",))
            .filter(done_at__isnull=True, alerted_at__isnull=True, due_on__lt=today)
            .select_related("owner", "case")
            .order_by("due_on", "pk")
        )
        for follow_up in list(due):
            if (
                FollowUp.objects.filter(pk=follow_up.pk, alerted_at__isnull=True).update(
                    alerted_at=now
                )
                != 1
            ):
                continue
            sees = follow_up.owner.is_active and (
                FollowUp.objects.visible_to(follow_up.owner).filter(pk=follow_up.pk).exists()
            )
            recipients = [follow_up.owner] if sees else case_experts(follow_up.case)
            _alert(
                recipients,
                f"Een vervolgafspraak na een weerbaarheidsgesprek in casus "
                f"{follow_up.case.reference} is over de termijn ({follow_up.due_on:%d-%m-%Y}).",
                follow_up.case_id,
            )
            audit.record(
                AuditAction.UPDATE,
                follow_up,
                changes={"alerted_at": [None, now.isoformat()], "alerts": len(recipients)},
                reason="termijn van de vervolgafspraak verstreken",
                actor=None,
            )
            done += 1
    return done


# --- the end phase, started by a decision --------------------------------------------------


def start_end_phase(decision: Any) -> ResilienceConversation | None:
    """The hook for `ext.Contributions.decision_in_force`: a stop or scale-down in force
    opens an end-phase conversation, to be planned, for the protectee, and alerts the case's
    resilience expert (or, without one, the case owners to add one). Idempotent per
    decision; runs inside the decision's transaction, as the system."""
    from weerstand.accounts.models import User
    from weerstand.cases.models import Case

    if decision.decision_type not in END_PHASE_TYPES:
        return None
    case = Case.objects.get(pk=decision.case_id)
    existing = ResilienceConversation.objects.filter(
        origin_decision=decision.pk, person=case.protectee_id
    ).first()
    if existing is not None:
        return existing
    experts = case_experts(case)
    conversation = ResilienceConversation.objects.create(
        case=case,
        person_id=case.protectee_id,
        phase=Phase.END,
        status=ConversationStatus.TO_PLAN,
        expert=experts[0] if experts else None,
        origin_decision=decision,
    )
    what = "beëindigd" if decision.decision_type == "stop" else "afgeschaald"
    audit.record(
        AuditAction.CREATE,
        conversation,
        changes={"phase": [None, Phase.END], "status": [None, ConversationStatus.TO_PLAN]},
        reason=f"besluit {decision.reference} van kracht",
        actor=None,
    )
    if experts:
        _alert(
            experts,
            f"De beveiliging in casus {case.reference} is {what}. Plan het weerbaarheidsgesprek "
            "van de eindfase met de beschermde persoon.",
            case.pk,
        )
    else:
        owners = User.objects.filter(
            is_active=True, memberships__compartment=case.team_id, memberships__function="owner"
        ).distinct()
        _alert(
            owners,
            f"De beveiliging in casus {case.reference} is {what}. Er is geen expert weerbaarheid "
            "in het casusteam om het gesprek van de eindfase te plannen; voeg er een toe.",
            case.pk,
        )
    return conversation


def on_decision_in_force(decision: Any) -> None:
    """The hook as registered: the end phase is opened by the system, not the approver."""
    from weerstand.signals.services import system_context

    with system_context():
        start_end_phase(decision)


# --- buddies -------------------------------------------------------------------------------


def register_volunteer(actor: Any, person_id: int) -> BuddyVolunteer:
    """Put a former protectee on the list of available buddies: by the resilience expert of
    one of their own (ended) cases, after asking them."""
    from weerstand.cases.models import Case
    from weerstand.registry.models import Person

    engine.require_principal(actor)
    with transaction.atomic():
        person = engine.get_for(Person.objects.all(), actor, Action.VIEW, pk=person_id)
        own_cases = Case.objects.filter(protectee=person.pk)
        if not any(rules.is_case_expert(actor, c) for c in own_cases):
            raise NotPermitted(
                "Alleen de expert weerbaarheid van de eigen casus van deze persoon meldt hem of "
                "haar aan als buddy."
            )
        refusal = rules.buddy_refusal(person, protectee_id=0)
        if refusal:
            raise _invalid("person", refusal, "not-eligible")
        volunteer, created = BuddyVolunteer.objects.get_or_create(
            person=person, defaults={"registered_by": actor}
        )
        if not created and not volunteer.active:
            BuddyVolunteer.objects.filter(pk=volunteer.pk).update(active=True)
            volunteer.refresh_from_db()
        audit.record(
            AuditAction.CREATE if created else AuditAction.UPDATE,
            volunteer,
            changes={"active": [None if created else False, True]},
            actor=actor,
        )
    return volunteer


def available_buddies(actor: Any) -> list[BuddyVolunteer]:
    return [
        v
        for v in BuddyVolunteer.objects.visible_to(actor).select_related("person")
        if rules.buddy_refusal(v.person, protectee_id=0) is None
    ]


def propose_match(actor: Any, case_id: int, *, buddy_id: int, ends_on: date) -> BuddyMatch:
    """The case's resilience expert proposes a buddy from the list of available buddies.
    Both are asked for consent in their portal; nothing is shared before both said yes."""
    from weerstand.accounts.models import User

    engine.require_principal(actor)
    today = timezone.localdate()
    if ends_on is None or ends_on <= today:
        raise _invalid("ends_on", "De einddatum ligt na vandaag.", "too-early")
    if ends_on > today + timedelta(days=MAX_MATCH_DAYS):
        raise _invalid("ends_on", "Een buddykoppeling duurt hoogstens twee jaar.", "too-late")
    with transaction.atomic():
        case = _case(actor, case_id)
        if not rules.may_propose_buddy(actor, case):
            raise NotPermitted(
                "Alleen de expert weerbaarheid van het casusteam stelt een buddy voor."
            )
        if case.state == "ended":
            raise InvalidTransition("De beveiliging in deze casus is beëindigd.")
        volunteer = (
            BuddyVolunteer.objects.visible_to(actor)
            .select_related("person")
            .filter(person=buddy_id)
            .first()
        )
        if volunteer is None:
            raise _invalid("buddy", "Kies iemand uit de lijst van beschikbare buddy's.", "unknown")
        refusal = rules.buddy_refusal(volunteer.person, case.protectee_id)
        if refusal:
            raise _invalid("buddy", refusal, "not-eligible")
        if not User.objects.filter(person=case.protectee_id, is_active=True).exists():
            raise _invalid(
                "case",
                "De beschermde persoon heeft geen portaalaccount om toestemming te geven.",
                "no-account",
            )
        if BuddyMatch.objects.filter(
            case=case, status__in=(BuddyStatus.PROPOSED, BuddyStatus.ACTIVE)
        ).exists():
            raise InvalidTransition("Er is al een buddy voorgesteld of actief in deze casus.")
        match = BuddyMatch.objects.create(
            case=case,
            protectee_id=case.protectee_id,
            buddy=volunteer.person,
            ends_on=ends_on,
            proposed_by=actor,
        )
        audit.record(
            AuditAction.CREATE,
            match,
            changes={
                "status": [None, BuddyStatus.PROPOSED],
                "ends_on": [None, ends_on.isoformat()],
            },
            actor=actor,
        )
        _alert(
            User.objects.filter(
                person__in=(case.protectee_id, volunteer.person_id), is_active=True
            ),
            "Er is een voorstel voor een buddy. Kijk in het portaal of u mee wilt doen.",
            None,
        )
    return match


def _match_for_person(actor: Any, match_id: int) -> tuple[BuddyMatch, str]:
    engine.require_principal(actor)
    match = engine.get_for(
        BuddyMatch.objects.select_for_update(of=("self",)), actor, Action.VIEW, pk=match_id
    )
    side = rules.side_of(actor, match)
    if side is None or not engine.can(actor, Resource.BUDDY_MATCH, Action.CHANGE, match):
        raise NotPermitted("Alleen de beschermde persoon en de buddy zelf geven toestemming.")
    return match, side


def consent(actor: Any, match_id: int) -> BuddyMatch:
    """One side says yes through their own portal account; with both, the match is active."""
    with transaction.atomic():
        match, side = _match_for_person(actor, match_id)
        if match.status != BuddyStatus.PROPOSED:
            raise InvalidTransition("Deze koppeling wacht niet (meer) op toestemming.")
        field = f"{side}_consent_at"
        if getattr(match, field) is not None:
            raise InvalidTransition("U hebt al toestemming gegeven.")
        now = timezone.now()
        values: dict[str, Any] = {field: now}
        other = match.buddy_consent_at if side == "protectee" else match.protectee_consent_at
        if other is not None:
            values.update(status=BuddyStatus.ACTIVE, active_since=now)
        BuddyMatch.objects.filter(pk=match.pk).update(**values, version=F("version") + 1)
        match.refresh_from_db()
        audit.record(
            AuditAction.UPDATE,
            match,
            changes={
                field: [None, now.isoformat()],
                **({"status": [BuddyStatus.PROPOSED, BuddyStatus.ACTIVE]} if other else {}),
            },
            actor=actor,
        )
        if match.status == BuddyStatus.ACTIVE and match.proposed_by_id:
            _alert(
                [match.proposed_by] if match.proposed_by else [],
                f"De buddykoppeling in casus {match.case.reference} is actief: beide hebben "
                "toestemming gegeven.",
                match.case_id,
            )
    return match


def withdraw(actor: Any, match_id: int, *, reason: str = "") -> BuddyMatch:
    """Either side (or the case's resilience expert) stops the match; nothing is shared
    any more from that moment."""
    engine.require_principal(actor)
    with transaction.atomic():
        match = engine.get_for(
            BuddyMatch.objects.select_for_update(of=("self",)).select_related("case"),
            actor,
            Action.VIEW,
            pk=match_id,
        )
        side = rules.side_of(actor, match)
        expert = side is None and rules.is_case_expert(actor, match.case)
        if side is None and not expert:
            raise NotPermitted(
                "Alleen de beschermde persoon, de buddy of de expert weerbaarheid stopt deze "
                "koppeling."
            )
        if expert:
            reason = require_reason(reason, message="Geef de reden (minimaal 5 tekens).")
        reason = _text(reason, "reason", "De reden", limit=500)
        if not match.is_open:
            raise InvalidTransition("Deze koppeling is al gestopt.")
        before = match.status
        BuddyMatch.objects.filter(pk=match.pk).update(
            status=BuddyStatus.WITHDRAWN,
            closed_at=timezone.now(),
            close_reason=reason or "ingetrokken",
            version=F("version") + 1,
        )
        match.refresh_from_db()
        audit.record(
            AuditAction.TRANSITION,
            match,
            changes={"status": [before, BuddyStatus.WITHDRAWN], "by": side or "expert"},
            reason=reason,
            actor=actor,
        )
        experts = [u for u in case_experts(match.case) if u.pk != actor.pk]
        _alert(
            experts,
            f"De buddykoppeling in casus {match.case.reference} is gestopt.",
            match.case_id,
        )
    return match


def set_shares(
    actor: Any,
    match_id: int,
    *,
    items: list[str],
    contact: str = "",
    message: str = "",
    expected_version: int | None = None,
) -> BuddyMatch:
    """The protectee chooses what the buddy may see, and writes it. Nothing else of the
    case ever reaches the buddy."""
    unknown = [i for i in items if i not in ShareItem.values]
    if unknown:
        raise _invalid("items", "Kies alleen uit de lijst.", "invalid-choice")
    contact = _text(contact, "contact", "Hoe de buddy u kan bereiken", limit=MAX_SHARE)
    message = _text(message, "message", "Uw bericht", limit=MAX_SHARE)
    chosen = [i for i in ShareItem.values if i in items]
    if ShareItem.CONTACT in chosen and not contact:
        raise _invalid("contact", "Schrijf op hoe de buddy u kan bereiken.", "required")
    if ShareItem.MESSAGE in chosen and not message:
        raise _invalid("message", "Schrijf uw bericht.", "required")
    with transaction.atomic():
        match, side = _match_for_person(actor, match_id)
        if side != "protectee":
            raise NotPermitted("Alleen de beschermde persoon kiest wat de buddy ziet.")
        _check_version(expected_version, match.version)
        if not match.is_open:
            raise InvalidTransition("Deze koppeling is gestopt.")
        before = list(match.shared_items or [])
        BuddyMatch.objects.filter(pk=match.pk).update(
            shared_items=chosen,
            contact_text=contact if ShareItem.CONTACT in chosen else "",
            message_text=message if ShareItem.MESSAGE in chosen else "",
            version=F("version") + 1,
        )
        match.refresh_from_db()
        audit.record(
            AuditAction.UPDATE,
            match,
            changes={"shared_items": [before, chosen], "contact_text": 1, "message_text": 1},
            actor=actor,
        )
    return match


def end_expired_matches(now: datetime | None = None) -> int:
    """Matches past their end date end (idempotent: only open ones are touched)."""
    from weerstand.signals.services import system_context

    now = now or timezone.now()
    today = timezone.localdate(now)
    count = 0
    with system_context(), transaction.atomic():
        due = BuddyMatch.objects.select_for_update(of=("self",)).filter(
            status__in=(BuddyStatus.PROPOSED, BuddyStatus.ACTIVE), ends_on__lt=today
        )
        for match in list(due.select_related("case")):
            BuddyMatch.objects.filter(pk=match.pk).update(
                status=BuddyStatus.ENDED,
                closed_at=now,
                close_reason="einddatum bereikt",
                version=F("version") + 1,
            )
            audit.record(
                AuditAction.TRANSITION,
                match,
                changes={"status": [match.status, BuddyStatus.ENDED]},
                reason=f"einddatum {match.ends_on} bereikt",
                actor=None,
            )
            count += 1
    return count

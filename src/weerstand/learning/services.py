"""Every change in the learning app. Each writes its audit record in the same transaction.

- `open_evaluation`: the `decision_in_force` hook (the same moment the experience
  questionnaire is sent: a stop, scale-down or adjustment comes in force), and the job
  `open-evaluations` that opens any that are missing (idempotent).
- `open_incident_review`: called by the signals services when an incident signal is recorded
  or triaged (the case follows the signal's link), and the job `open-incident-reviews`.
- `update_sections`, `add_contribution`, `complete`: the evaluation's or review's own work;
  completed is final (409), corrections are appended contributions.
- `add_action`, `complete_action`, `alert_overdue_actions` (job, once per action).
- `add_lesson`, `link_lesson`: a lesson that led to a new version of a method template or a
  catalogue row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.errors import (
    ConcurrencyConflict,
    InvalidParam,
    NotPermitted,
    ValidationFailed,
)
from weerstand.learning import rules
from weerstand.learning.models import (
    ActionStatus,
    Contribution,
    ContributionKind,
    Evaluation,
    Finalised,
    FollowUpAction,
    IncidentReview,
    Lesson,
    LessonLink,
    ReviewStatus,
    TargetType,
)
from weerstand.policy import engine
from weerstand.policy.table import Action

MAX_TEXT = 8000
EVALUATION_SECTIONS = ("what_worked", "what_did_not", "conclusions")
REVIEW_SECTIONS = ("known_before", "decided", "happened", "lessons")
KINDS: dict[str, type[Evaluation] | type[IncidentReview]] = {
    "evaluation": Evaluation,
    "review": IncidentReview,
}


def sections_of(obj: Any) -> tuple[str, ...]:
    return EVALUATION_SECTIONS if isinstance(obj, Evaluation) else REVIEW_SECTIONS


def _case_owner(case_id: int | None) -> Any:
    from weerstand.cases.models import Case
    from weerstand.policy.models import CompartmentMembership

    if case_id is None:
        return None
    team = Case.objects.filter(pk=case_id).values_list("team_id", flat=True).first()
    row = (
        CompartmentMembership.objects.filter(compartment=team, function="owner")
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return row.user if row and row.user.is_active else None


def _alert(user: Any, case_id: int | None, message: str) -> None:
    from weerstand.policy.models import Alert

    if user is not None:
        Alert.objects.create(recipient=user, case_id=case_id, message=message)


# --- opening ---------------------------------------------------------------------------------


def evaluation_triggers() -> tuple[str, ...]:
    """The decisions that end or materially change protection: the experience app's own
    list, so the evaluation and the person's questionnaire start at the same moment."""
    from weerstand.experience import rules as experience

    return tuple(experience.TRIGGERS)


def on_decision_in_force(decision: Any) -> None:
    """The `decision_in_force` hook (inside the transaction that puts it in force)."""
    open_evaluation(decision)


def open_evaluation(decision: Any) -> Evaluation | None:
    """Open the evaluation of a decision that ends or materially changes protection (once)."""
    if decision.decision_type not in evaluation_triggers():
        return None
    with transaction.atomic():
        evaluation, created = Evaluation.objects.get_or_create(
            decision_id=decision.pk,
            defaults={
                "case_id": decision.case_id,
                "trigger": decision.decision_type,
                "owner": _case_owner(decision.case_id),
            },
        )
        if created:
            _alert(
                evaluation.owner,
                evaluation.case_id,
                "Er is een evaluatie geopend: de beveiliging is beëindigd of wezenlijk gewijzigd.",
            )
            audit.record(
                AuditAction.CREATE,
                evaluation,
                changes={"trigger": decision.decision_type, "decision": decision.pk},
                reason="evaluatie geopend",
            )
    return evaluation if created else None


def open_missing_evaluations(now: datetime | None = None) -> int:
    """The job: every decision in force that should have an evaluation has one."""
    from weerstand.decisions.models import Decision, DecisionStatus

    missing = (
        Decision.objects.filter(
            status=DecisionStatus.IN_FORCE, decision_type__in=evaluation_triggers()
        )
        .exclude(pk__in=Evaluation.objects.values("decision_id"))
        .order_by("pk")
    )
    return sum(1 for d in missing if open_evaluation(d) is not None)


def open_incident_review(signal: Any) -> IncidentReview | None:
    """Open the review of an incident signal (once); when the signal has since been linked
    to a case, the open review follows it. Returns the review, or None for other kinds."""
    from weerstand.signals.models import SignalKind

    if signal.kind != SignalKind.INCIDENT:
        return None
    with transaction.atomic():
        review, created = IncidentReview.objects.select_for_update().get_or_create(
            signal_id=signal.pk,
            defaults={
                "case_id": signal.case_id,
                "classification": signal.classification,
                "owner": _case_owner(signal.case_id),
            },
        )
        if created:
            _alert(
                review.owner,
                review.case_id,
                "Er is een nabespreking geopend na een incident.",
            )
            audit.record(
                AuditAction.CREATE,
                review,
                changes={"signal": signal.pk, "case": signal.case_id},
                reason="nabespreking incident geopend",
            )
        elif signal.case_id and review.case_id != signal.case_id and review.status == "open":
            before = review.case_id
            review.case_id = signal.case_id
            review.classification = max(review.classification, signal.classification)
            review.owner = review.owner or _case_owner(signal.case_id)
            review.version += 1
            review.save(update_fields=["case", "classification", "owner", "version"])
            audit.record(
                AuditAction.UPDATE,
                review,
                changes={"case": [before, signal.case_id]},
                reason="signaal gekoppeld aan casus",
            )
    return review


def open_missing_incident_reviews(now: datetime | None = None) -> int:
    """The job: every incident signal has a review, and open reviews follow their signal's
    case. Idempotent."""
    from weerstand.signals.models import Signal, SignalKind

    done = 0
    missing = Signal.objects.filter(kind=SignalKind.INCIDENT).exclude(
        pk__in=IncidentReview.objects.values("signal_id")
    )
    for signal in missing.order_by("pk"):
        open_incident_review(signal)
        done += 1
    stale = IncidentReview.objects.filter(
        status=ReviewStatus.OPEN, signal__case__isnull=False
    ).exclude(case=F("signal__case"))
    for review in stale.select_related("signal").order_by("pk"):
        open_incident_review(review.signal)
        done += 1
    return done


# --- the work itself -------------------------------------------------------------------------


def _get(actor: Any, kind: str, pk: int, *, lock: bool = False) -> Any:
    model = KINDS.get(kind)
    if model is None:
        raise ValueError(kind)
    qs = model.objects.select_for_update(of=("self",)) if lock else model.objects.all()
    return engine.get_for(qs, actor, Action.VIEW, pk=pk)


def _open(obj: Any) -> None:
    if obj.status == ReviewStatus.COMPLETED:
        when = timezone.localtime(obj.completed_at).strftime("%d-%m-%Y") if obj.completed_at else ""
        raise Finalised(
            f"Afgerond op {when}: niet meer te wijzigen. Voeg zo nodig een correctie toe."
        )


def _text(value: Any, name: str) -> str:
    text = str(value or "").strip()
    if len(text) > MAX_TEXT:
        raise ValidationFailed(
            f"Hoogstens {MAX_TEXT} tekens.",
            invalid_params=[InvalidParam(name, "too-long", f"Hoogstens {MAX_TEXT} tekens.")],
        )
    return text


def update_sections(
    actor: Any, kind: str, pk: int, changes: dict[str, Any], *, expected_version: int | None
) -> Any:
    """Write the structured sections. A stale version changes nothing (412)."""
    with transaction.atomic():
        obj = _get(actor, kind, pk, lock=True)
        if not rules.may_change(actor, obj):
            raise NotPermitted("Alleen het casusteam van de NCTV of de kwaliteitsfunctie schrijft.")
        _open(obj)
        allowed = sections_of(obj)
        unknown = sorted(set(changes) - set(allowed))
        if unknown:
            raise ValidationFailed(
                "Onbekend onderdeel.",
                invalid_params=[InvalidParam(u, "unknown", "Onbekend onderdeel.") for u in unknown],
            )
        if expected_version is not None and expected_version != obj.version:
            raise ConcurrencyConflict(
                f"Iemand anders heeft dit intussen gewijzigd (versie {obj.version}, u zag "
                f"versie {expected_version}). Uw tekst is niet opgeslagen maar staat nog hieronder."
            )
        before = {f: getattr(obj, f) for f in changes}
        for field, value in changes.items():
            setattr(obj, field, _text(value, field))
        after = {f: getattr(obj, f) for f in changes}
        if before == after:
            return obj
        obj.version += 1
        obj.save(update_fields=[*changes, "version"])
        audit.record(
            AuditAction.UPDATE,
            obj,
            changes=audit.field_changes(before, after, secret_fields=set(allowed)),
            actor=actor,
        )
    return obj


def add_contribution(actor: Any, kind: str, pk: int, text: str) -> Contribution:
    """A team member's view (partners included). After completion only a correction by
    whoever may change it; never an edit."""
    text = _text(text, "text")
    if len(text) < 3:
        raise ValidationFailed(
            "Schrijf uw inbreng.", invalid_params=[InvalidParam("text", "required", "Verplicht.")]
        )
    with transaction.atomic():
        obj = _get(actor, kind, pk, lock=True)
        if not rules.may_contribute(actor, obj):
            raise NotPermitted("U kunt hier geen inbreng leveren.")
        contribution_kind = ContributionKind.VIEW
        if obj.status == ReviewStatus.COMPLETED:
            if not rules.may_change(actor, obj):
                _open(obj)
            contribution_kind = ContributionKind.CORRECTION
        c = Contribution.objects.create(
            evaluation=obj if isinstance(obj, Evaluation) else None,
            review=obj if isinstance(obj, IncidentReview) else None,
            author=actor,
            organisation_id=getattr(actor, "organisation_id", None),
            kind=contribution_kind,
            text=text,
        )
        audit.record(
            AuditAction.CREATE, c, changes={"kind": contribution_kind, "text": "x"}, actor=actor
        )
    return c


def completion_refusal(actor: Any, obj: Any) -> Any:
    """Why this actor cannot complete this now (the error the service raises), or None."""
    if not rules.may_change(actor, obj):
        return NotPermitted("Alleen het casusteam van de NCTV of de kwaliteitsfunctie rondt af.")
    if obj.status == ReviewStatus.COMPLETED:
        return Finalised("Al afgerond.")
    empty = [f for f in sections_of(obj) if not (getattr(obj, f) or "").strip()]
    if empty:
        return ValidationFailed(
            "Vul eerst alle onderdelen in.",
            invalid_params=[InvalidParam(f, "required", "Nog leeg.") for f in empty],
        )
    return None


def complete(actor: Any, kind: str, pk: int, *, expected_version: int | None) -> Any:
    """Complete: final from now on."""
    with transaction.atomic():
        obj = _get(actor, kind, pk, lock=True)
        refusal = completion_refusal(actor, obj)
        if refusal is not None:
            raise refusal
        if expected_version is not None and expected_version != obj.version:
            raise ConcurrencyConflict(
                f"Versie {expected_version} is verouderd; de huidige versie is {obj.version}."
            )
        obj.status = ReviewStatus.COMPLETED
        obj.completed_at = timezone.now()
        obj.completed_by = actor
        obj.version += 1
        obj.save(update_fields=["status", "completed_at", "completed_by", "version"])
        audit.record(
            AuditAction.UPDATE,
            obj,
            changes={"status": [ReviewStatus.OPEN, ReviewStatus.COMPLETED]},
            reason="afgerond",
            actor=actor,
        )
    return obj


# --- actions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionData:
    description: str
    assignee_id: int
    due_on: date


def add_action(actor: Any, kind: str, pk: int, data: ActionData) -> FollowUpAction:
    """Assign an action to someone who can read the evaluation or review."""
    from weerstand.accounts.models import User

    description = _text(data.description, "description")
    problems = []
    if len(description) < 3:
        problems.append(InvalidParam("description", "required", "Beschrijf de actie."))
    if data.due_on < timezone.localdate():
        problems.append(InvalidParam("due_on", "past", "Kies een datum vanaf vandaag."))
    with transaction.atomic():
        obj = _get(actor, kind, pk, lock=True)
        if not rules.may_change(actor, obj):
            raise NotPermitted(
                "Alleen het casusteam van de NCTV of de kwaliteitsfunctie wijst toe."
            )
        _open(obj)
        assignee = User.objects.filter(pk=data.assignee_id, is_active=True).first()
        if assignee is None or not engine.can(assignee, rules.resource_of(obj), Action.VIEW, obj):
            problems.append(
                InvalidParam(
                    "assignee", "not-reachable", "Deze persoon kan de evaluatie niet inzien."
                )
            )
        if problems or assignee is None:
            raise ValidationFailed("De actie is niet volledig.", invalid_params=problems)
        action = FollowUpAction.objects.create(
            evaluation=obj if isinstance(obj, Evaluation) else None,
            review=obj if isinstance(obj, IncidentReview) else None,
            description=description,
            assignee=assignee,
            due_on=data.due_on,
            created_by=actor,
        )
        _alert(
            assignee,
            obj.case_id,
            f"U hebt een actie gekregen, uiterlijk {data.due_on.strftime('%d-%m-%Y')}.",
        )
        audit.record(
            AuditAction.CREATE,
            action,
            changes={"assignee": assignee.pk, "due_on": str(data.due_on), "description": "x"},
            actor=actor,
        )
    return action


def complete_action(
    actor: Any, action_id: int, note: str, *, expected_version: int | None = None
) -> FollowUpAction:
    """The assignee (or whoever may change the parent) marks it done, with a note."""
    note = _text(note, "note")
    if len(note) < 3:
        raise ValidationFailed(
            "Schrijf kort wat er is gedaan.",
            invalid_params=[InvalidParam("note", "required", "Een toelichting is verplicht.")],
        )
    with transaction.atomic():
        action = engine.get_for(
            FollowUpAction.objects.select_for_update(of=("self",)).select_related(
                "evaluation", "review"
            ),
            actor,
            Action.VIEW,
            pk=action_id,
        )
        if not rules.may_complete_action(actor, action):
            raise NotPermitted("Alleen wie de actie kreeg, of het casusteam, rondt haar af.")
        if action.status == ActionStatus.DONE:
            raise Finalised("Deze actie is al gedaan.")
        if expected_version is not None and expected_version != action.version:
            raise ConcurrencyConflict(
                f"Versie {expected_version} is verouderd; de huidige versie is {action.version}."
            )
        action.status = ActionStatus.DONE
        action.note = note
        action.done_at = timezone.now()
        action.done_by = actor
        action.version += 1
        action.save(update_fields=["status", "note", "done_at", "done_by", "version"])
        audit.record(
            AuditAction.UPDATE,
            action,
            changes={"status": [ActionStatus.OPEN, ActionStatus.DONE], "note": "x"},
            actor=actor,
        )
    return action


def alert_overdue_actions(now: datetime | None = None) -> int:
    """The job: an overdue action alerts its assignee and the owner of its evaluation or
    review, once (`alerted_at`)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    done = 0
    due = FollowUpAction.objects.filter(
        status=ActionStatus.OPEN, due_on__lt=today, alerted_at__isnull=True
    ).select_related("evaluation", "review")
    for pk in due.values_list("pk", flat=True).order_by("pk"):
        with transaction.atomic():
            action = (
                FollowUpAction.objects.select_for_update(of=("self",))
                .select_related("evaluation", "review")
                .filter(pk=pk, alerted_at__isnull=True, status=ActionStatus.OPEN)
                .first()
            )
            if action is None:
                continue
            parent = action.parent
            message = (
                f"Een actie is over de datum ({action.due_on.strftime('%d-%m-%Y')}): "
                f"{'evaluatie' if isinstance(parent, Evaluation) else 'nabespreking'} "
                f"{parent.pk}."
            )
            recipients: dict[int, Any] = {action.assignee_id: action.assignee}
            if parent.owner_id:
                recipients.setdefault(parent.owner_id, parent.owner)
            for user in recipients.values():
                _alert(user, parent.case_id, message)
            action.alerted_at = now
            action.save(update_fields=["alerted_at"])
            audit.record(
                AuditAction.UPDATE,
                action,
                changes={"alerted": sorted(recipients)},
                reason="actie over de datum",
            )
            done += 1
    return done


# --- lessons ---------------------------------------------------------------------------------


def add_lesson(actor: Any, kind: str, pk: int, text: str) -> Lesson:
    text = _text(text, "text")
    if len(text) < 3:
        raise ValidationFailed(
            "Schrijf de les.", invalid_params=[InvalidParam("text", "required", "Verplicht.")]
        )
    with transaction.atomic():
        obj = _get(actor, kind, pk, lock=True)
        if not rules.may_change(actor, obj):
            raise NotPermitted("Alleen het casusteam van de NCTV of de kwaliteitsfunctie.")
        _open(obj)
        lesson = Lesson.objects.create(
            evaluation=obj if isinstance(obj, Evaluation) else None,
            review=obj if isinstance(obj, IncidentReview) else None,
            text=text,
            created_by=actor,
        )
        audit.record(AuditAction.CREATE, lesson, changes={"text": "x"}, actor=actor)
    return lesson


def target_row(target_type: str, target_pk: int) -> tuple[str, int] | None:
    """(label, version) of a method-template or catalogue version, or None when absent."""
    from weerstand.assessments.models import MethodTemplate
    from weerstand.catalogue.models import Measure, Package, PhenomenonProfile

    model = {
        TargetType.METHOD_TEMPLATE: MethodTemplate,
        TargetType.MEASURE: Measure,
        TargetType.PACKAGE: Package,
        TargetType.PHENOMENON_PROFILE: PhenomenonProfile,
    }.get(target_type)  # type: ignore[call-overload]  # a str compared with TextChoices
    if model is None:
        return None
    row = model._default_manager.filter(pk=target_pk).first()
    if row is None:
        return None
    return (str(row)[:200], int(row.version))


def link_lesson(actor: Any, lesson_id: int, target_type: str, target_pk: int) -> LessonLink:
    """Record that a lesson led to this version of a method template or catalogue row.
    Allowed also after completion: the new version often comes later."""
    found = target_row(target_type, target_pk)
    if found is None:
        raise ValidationFailed(
            "Die versie bestaat niet.",
            invalid_params=[InvalidParam("target", "not-found", "Onbekende versie.")],
        )
    with transaction.atomic():
        lesson = engine.get_for(
            Lesson.objects.select_related("evaluation", "review"), actor, Action.VIEW, pk=lesson_id
        )
        if not rules.may_change(actor, lesson.parent):
            raise NotPermitted("Alleen het casusteam van de NCTV of de kwaliteitsfunctie.")
        link, created = LessonLink.objects.get_or_create(
            lesson=lesson,
            target_type=target_type,
            target_pk=target_pk,
            defaults={"target_label": found[0], "target_version": found[1], "created_by": actor},
        )
        if created:
            audit.record(
                AuditAction.CREATE,
                link,
                changes={"target": f"{target_type}:{target_pk}", "version": found[1]},
                actor=actor,
            )
    return link

"""Every change in the experience app: the invitation when protection ends or changes
materially, and the person's answer (once) or refusal.

`invite_after_decision` is the app's `decision_in_force` hook: it runs inside the
transaction that puts the authority's decision in force.
"""

from __future__ import annotations

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
    VersionMismatch,
)
from weerstand.experience import questions, rules
from weerstand.experience.models import (
    ExperienceAnswer,
    ExperienceQuestionnaire,
    QuestionnaireStatus,
)
from weerstand.policy import engine
from weerstand.policy.table import Action

INVITATION = (
    "Wij willen graag weten hoe u de beveiliging hebt ervaren. Wilt u een paar korte vragen "
    "beantwoorden? U vindt ze op uw startpagina."
)
MAX_OPEN = 4000


def _portal_user(person_id: int) -> Any:
    from weerstand.accounts.models import User

    return (
        User.objects.filter(
            person=person_id, is_active=True, role_assignments__role__in=rules.PORTAL_ROLES
        )
        .distinct()
        .order_by("pk")
        .first()
    )


def on_decision_in_force(decision: Any) -> None:
    """The `decision_in_force` hook (see `invite_after_decision`)."""
    invite_after_decision(decision)


def invite_after_decision(decision: Any) -> list[ExperienceQuestionnaire]:
    """Invite the protectee and relatives with a portal account after a stop, scale-down
    or adjustment (one invitation per person per decision; idempotent)."""
    from weerstand.cases.models import Case, CasePerson
    from weerstand.policy.models import Alert

    if decision.decision_type not in rules.TRIGGERS:
        return []
    case = Case.objects.get(pk=decision.case_id)
    relatives = (
        CasePerson.objects.filter(case=case.pk, role__in=rules.RELATIVE_ROLES)
        .order_by("pk")
        .values_list("person_id", flat=True)
    )
    person_ids = [case.protectee_id, *relatives]
    made = []
    for person_id in dict.fromkeys(person_ids):
        recipient = _portal_user(person_id)
        if recipient is None:
            continue
        questionnaire, created = ExperienceQuestionnaire.objects.get_or_create(
            decision=decision,
            person_id=person_id,
            defaults={
                "case": case,
                "recipient": recipient,
                "trigger": decision.decision_type,
                "questions_version": questions.version(),
            },
        )
        if not created:
            continue
        Alert.objects.create(recipient=recipient, case=None, message=INVITATION)
        audit.record(
            AuditAction.CREATE,
            questionnaire,
            changes={"trigger": decision.decision_type, "decision": decision.pk},
            reason="uitnodiging ervaringsvragenlijst",
        )
        made.append(questionnaire)
    return made


def _for_answer(actor: Any, questionnaire_id: int, expected_version: int | None) -> Any:
    questionnaire = engine.get_for(
        ExperienceQuestionnaire.objects.select_for_update(),
        actor,
        Action.CHANGE,
        pk=questionnaire_id,
    )
    if not rules.may_answer(actor, questionnaire):
        raise NotPermitted("Alleen de persoon die is uitgenodigd vult deze vragenlijst in.")
    if questionnaire.status != QuestionnaireStatus.INVITED:
        raise VersionMismatch("U hebt deze vragenlijst al beantwoord of overgeslagen.")
    if expected_version is not None and expected_version != questionnaire.version:
        raise ConcurrencyConflict(
            f"Versie {expected_version} is verouderd; de huidige versie is {questionnaire.version}."
        )
    return questionnaire


def answer_questionnaire(
    actor: Any,
    questionnaire_id: int,
    scores: dict[str, Any],
    open_answer: str = "",
    *,
    expected_version: int | None = None,
) -> ExperienceQuestionnaire:
    """The person answers every scale question (1-5) and, if they like, the open one."""
    wanted = {q.code for q in questions.scale_questions()}
    unknown = sorted(set(scores) - wanted)
    problems = [
        InvalidParam(f"answers.{code}", "unknown-question", "Deze vraag bestaat niet.")
        for code in unknown
    ]
    clean: dict[str, int] = {}
    for code in sorted(wanted):
        value = scores.get(code)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            problems.append(
                InvalidParam(f"answers.{code}", "required", "Kies een antwoord van 1 tot en met 5.")
            )
        else:
            clean[code] = value
    open_answer = (open_answer or "").strip()
    if len(open_answer) > MAX_OPEN:
        problems.append(
            InvalidParam("openAnswer", "too-long", f"Hoogstens {MAX_OPEN} tekens, alstublieft.")
        )
    if problems:
        raise ValidationFailed("Beantwoord alle vragen met een keuze.", invalid_params=problems)
    with transaction.atomic():
        questionnaire = _for_answer(actor, questionnaire_id, expected_version)
        ExperienceAnswer.objects.bulk_create(
            [
                ExperienceAnswer(questionnaire=questionnaire, question=code, score=score)
                for code, score in clean.items()
            ]
        )
        questionnaire.status = QuestionnaireStatus.ANSWERED
        questionnaire.responded_at = timezone.now()
        questionnaire.open_answer = open_answer
        questionnaire.version += 1
        questionnaire.save(update_fields=["status", "responded_at", "open_answer", "version"])
        audit.record(
            AuditAction.UPDATE,
            questionnaire,
            changes={"status": [QuestionnaireStatus.INVITED, QuestionnaireStatus.ANSWERED]},
            reason="ervaringsvragenlijst ingevuld",
            actor=actor,
        )
    return questionnaire


def decline_questionnaire(
    actor: Any, questionnaire_id: int, *, expected_version: int | None = None
) -> ExperienceQuestionnaire:
    """The person would rather not answer: the invitation closes without answers."""
    with transaction.atomic():
        questionnaire = _for_answer(actor, questionnaire_id, expected_version)
        ExperienceQuestionnaire.objects.filter(pk=questionnaire.pk).update(
            status=QuestionnaireStatus.DECLINED,
            responded_at=timezone.now(),
            version=F("version") + 1,
        )
        questionnaire.refresh_from_db()
        audit.record(
            AuditAction.UPDATE,
            questionnaire,
            changes={"status": [QuestionnaireStatus.INVITED, QuestionnaireStatus.DECLINED]},
            reason="ervaringsvragenlijst overgeslagen",
            actor=actor,
        )
    return questionnaire

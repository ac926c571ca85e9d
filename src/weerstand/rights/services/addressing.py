"""Letters to the persons concerned: when a decision is taken (approved, or taken directly),
its letter goes to the protectee and to each relative or employer contact it affects.

Who gets a letter is decided here, once, in the transaction that takes the decision
(`ext.decision_approved`), and again (only adding what is missing) when the decision-maker
later writes what the decision asks of the people at home or of the employer. A relative or
employer contact gets a letter only when their link allows letters (`ShareCategory.LETTERS`)
AND the decision puts measures at their home or workplace that they may be told about
(`own_measures`), or asks something of them (`expectations` and the decision-maker's text).
Such an addressee is an interested party (Awb 1:2) and may object. Nobody else gets one.

The letter's words are not stored: `rights.letter` builds them from the shareable sources,
like the protectee's letter. Each addressee with a portal account gets an alert.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.rights import rules
from weerstand.rights.models import AddressedLetter, LetterKind, LetterText
from weerstand.rights.services.common import alert

# Who lives with or is close to the protectee: measures at home concern them.
HOUSEHOLD_ROLES = ("partner", "child", "parent", "sibling", "relative")
EMPLOYER_ROLES = ("employer_contact",)

# Where a measure is felt, by catalogue code: at home, at work, or both. A measure not
# named here (e.g. alerting the local police) puts nothing at anyone's home or work.
MEASURE_PLACES: dict[str, frozenset[str]] = {
    "surveillance": frozenset({"home", "work"}),
    "bewaken-woning": frozenset({"home"}),
    "cameratoezicht": frozenset({"home"}),
    "woningbeveiliging": frozenset({"home"}),
    "beveiligd-vervoer": frozenset({"home", "work"}),
    "persoonsbegeleiding": frozenset({"work"}),
    "persoonsbeveiliging-24-7": frozenset({"home", "work"}),
    "tijdelijke-verplaatsing": frozenset({"home"}),
    "gebiedsmaatregel": frozenset({"home"}),
}

NEW_LETTER_ALERT = (
    "Er is een nieuwe brief voor u. U leest hem op uw startpagina, bij 'Wat op u wacht'."
)


def kind_for_role(role: str) -> str | None:
    if role in HOUSEHOLD_ROLES:
        return LetterKind.HOUSEHOLD
    if role in EMPLOYER_ROLES:
        return LetterKind.EMPLOYER
    return None


def place_for(kind: str) -> str:
    return "work" if kind == LetterKind.EMPLOYER else "home"


def letter_measures(decision: Any) -> list[Any]:
    """The measures a letter speaks of: the decision's own, or for a stop those it ends."""
    if decision.decision_type in ("start", "continue", "adjust", "scale_down"):
        return list(decision.measures.order_by("name"))
    if decision.decision_type == "stop" and decision.supersedes_id:
        return list(decision.supersedes.measures.order_by("name"))
    return []


def asks_of(text: LetterText | None, kind: str) -> bool:
    if text is None:
        return False
    field = "employer_text" if kind == LetterKind.EMPLOYER else "household_text"
    return bool(getattr(text, field).strip())


def address_letters(decision: Any) -> list[AddressedLetter]:
    """Send the decision's letters to whoever it concerns; idempotent (only adds what is
    missing). A system step of taking the decision: it reads the case's links unscoped."""
    from weerstand.cases.models import CasePerson, ShareCategory

    if decision.status not in rules.LETTER_STATUSES:
        return []
    sent = set(
        AddressedLetter.objects.filter(decision=decision.pk).values_list("person_id", flat=True)
    )
    measures = letter_measures(decision)
    text = LetterText.objects.filter(decision=decision.pk).first()
    wanted: list[AddressedLetter] = []
    protectee_id = decision.case.protectee_id
    if protectee_id not in sent:
        wanted.append(
            AddressedLetter(
                decision=decision,
                case_id=decision.case_id,
                person_id=protectee_id,
                kind=LetterKind.PROTECTEE,
                role="protectee",
                measure_codes=[m.code for m in measures],
                may_object=True,
            )
        )
        sent.add(protectee_id)
    links = CasePerson.objects.filter(case=decision.case_id).order_by("pk")
    for link in links:
        kind = kind_for_role(link.role)
        if kind is None or link.person_id in sent:
            continue
        shares = list(link.shares or [])
        if ShareCategory.LETTERS not in shares:
            continue
        place = place_for(kind)
        codes = [m.code for m in measures if place in MEASURE_PLACES.get(m.code, frozenset())]
        told_measures = bool(codes) and ShareCategory.OWN_MEASURES in shares
        asked = asks_of(text, kind) and ShareCategory.EXPECTATIONS in shares
        if not (told_measures or asked):
            continue
        wanted.append(
            AddressedLetter(
                decision=decision,
                case_id=decision.case_id,
                person_id=link.person_id,
                kind=kind,
                role=link.role,
                shares=shares,
                measure_codes=codes if told_measures else [],
                may_object=True,
            )
        )
        sent.add(link.person_id)
    created = []
    for letter in wanted:
        try:
            with transaction.atomic():
                letter.save()
        except IntegrityError:
            continue  # sent by a concurrent call: the unique constraint keeps one
        created.append(letter)
        audit.record(
            AuditAction.CREATE,
            letter,
            changes={
                "decision": [None, decision.reference],
                "kind": [None, letter.kind],
                "role": [None, letter.role],
                "shares": [None, letter.shares],
            },
            reason="brief verstuurd",
        )
        _tell(letter)
    return created


def _tell(letter: AddressedLetter) -> None:
    """An alert to the addressee's own portal account (no case, no reference in it)."""
    from weerstand.accounts.models import User

    alert(User.objects.filter(person=letter.person_id, is_active=True), NEW_LETTER_ALERT, None)


def on_decision_approved(decision: Any) -> None:
    """The `decision_approved` hook: the letters go out with the decision."""
    address_letters(decision)

"""What the portal tells a protectee, relative or employer about where they stand.

System reads, narrowed to what may be shared: a portal user never reaches the case, the
decision or its reasoning through the policy (they have no grant for them). What they are
told is chosen here, field by field, and only within the case's `ShareCategory` choices
for that person: the protectee hears the measures of the decision in force and what is
expected of them; a relative or employer only the measures at their home or workplace and
what is asked of them (in words that speak to them), as far as the case shares that with
them, and nothing otherwise.
Never a reference, a threat level, the reasoning or another person's data. Every read of a
decision for the portal is audited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from weerstand.accounts.roles import Role, is_portal_user
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import CasePerson, CasePersonRole, ShareCategory

# Measures carried out at the protectee's home: a relative living there notices them.
HOME_MEASURES = frozenset(
    {
        "alertering",
        "surveillance",
        "bewaken-woning",
        "cameratoezicht",
        "woningbeveiliging",
        "gebiedsmaatregel",
    }
)
# Measures that reach the workplace, in words for the employer (the letter's wording speaks
# to the protectee: "u reist in een beveiligde auto").
WORK_MEASURES: dict[str, tuple[str, str]] = {
    "alertering": (
        "De politie in de buurt van het werk weet van de situatie. Zij komen snel als u belt.",
        "The police near the workplace know about the situation. They come quickly when you call.",
    ),
    "surveillance": (
        "De politie rijdt vaker langs de werkplek.",
        "The police drive past the workplace more often.",
    ),
    "persoonsbegeleiding": (
        "Een beveiliger kan mee naar het werk komen.",
        "A security officer may come along to work.",
    ),
    "persoonsbeveiliging-24-7": (
        "Er zijn ook op het werk beveiligers.",
        "There are security officers at work as well.",
    ),
    "beveiligd-vervoer": (
        "Uw medewerker komt met een beveiligde auto naar het werk.",
        "Your employee comes to work in a secure car.",
    ),
}


@dataclass
class MeasureLine:
    name: str
    text: str


@dataclass
class ProtectionNow:
    """'Uw beveiliging nu' for one portal user: only shareable words, ready to show."""

    audience: str  # "protectee", "relative" or "employer"
    protected: bool = False
    since: date | None = None
    next_review: date | None = None
    measures: list[MeasureLine] = field(default_factory=list)
    expectations: list[str] = field(default_factory=list)
    expectation_bullets: list[str] = field(default_factory=list)


def _lang() -> str:
    return "en" if (translation.get_language() or "nl").startswith("en") else "nl"


def _portal_case(user: Any) -> Any:
    """The newest running case the user belongs to (as protectee, linked relative or
    employer contact), or None."""
    from weerstand.signals.services.reporting import portal_cases

    cases = portal_cases(user)
    return cases[0] if cases else None


def _decision_in_force(case: Any) -> Any:
    """The protection decision in force now: measures that apply today, not tomorrow's."""
    from weerstand.decisions.models import PROTECTION_TYPES, Decision, DecisionStatus

    return (
        Decision.objects.filter(
            case=case.pk, status=DecisionStatus.IN_FORCE, decision_type__in=PROTECTION_TYPES
        )
        .order_by("-effective_date", "-pk")
        .first()
    )


def _audience(user: Any) -> str:
    roles = user.role_codes
    if Role.PROTECTEE in roles:
        return "protectee"
    if Role.EMPLOYER in roles:
        return "employer"
    return "relative"


def _shares(user: Any, case: Any, audience: str) -> set[str]:
    """What the case shares with this person: everything of their own for the protectee;
    otherwise the choices on their link to the case (none without a link)."""
    if audience == "protectee":
        return set(ShareCategory.values)
    links = CasePerson.objects.filter(case=case.pk, person=user.person_id).exclude(
        role=CasePersonRole.PROTECTEE
    )
    if audience == "employer":
        links = links.filter(role=CasePersonRole.EMPLOYER_CONTACT)
    else:
        links = links.exclude(role=CasePersonRole.EMPLOYER_CONTACT)
    shared: set[str] = set()
    for link in links:
        shared.update(link.shares or ())
    return shared


def _measure_lines(decision: Any, audience: str, lang: str) -> list[MeasureLine]:
    from weerstand.rights.letter import PLAIN_MEASURES

    lines = []
    for m in decision.measures.order_by("name"):
        plain = PLAIN_MEASURES.get(m.code)
        if audience == "employer":
            work = WORK_MEASURES.get(m.code)
            if work is None:
                continue
            name = plain[1] if (plain and lang == "en") else m.name
            lines.append(MeasureLine(name, work[1] if lang == "en" else work[0]))
            continue
        if audience == "relative" and m.code not in HOME_MEASURES:
            continue
        if plain is None:
            lines.append(MeasureLine(m.name, ""))
        elif lang == "en":
            lines.append(MeasureLine(plain[1], plain[2]))
        else:
            lines.append(MeasureLine(m.name, plain[0]))
    return lines


def _split(text: str) -> tuple[list[str], list[str]]:
    """A framework text as its paragraphs and its list ('- ' lines)."""
    paragraphs: list[str] = []
    bullets: list[str] = []
    for block in re.split(r"\n\s*\n", (text or "").strip()):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
        bullets += [ln[2:].strip() for ln in lines if ln.startswith("- ")]
        rest = " ".join(ln for ln in lines if not ln.startswith("- "))
        if rest:
            paragraphs.append(rest)
    return paragraphs, bullets


def protection_now(user: Any, *, today: date | None = None) -> ProtectionNow | None:
    """What applies to this portal user now, or None when there is nothing they may be told
    (not a portal user, no case, or a relative/employer the case shares nothing with)."""
    from weerstand.rights.selectors import framework_in_force

    if not is_portal_user(user) or not getattr(user, "person_id", None):
        return None
    case = _portal_case(user)
    if case is None:
        return None
    audience = _audience(user)
    if audience == "protectee" and case.protectee_id != user.person_id:
        return None
    shares = _shares(user, case, audience)
    told = {ShareCategory.OWN_MEASURES, ShareCategory.EXPECTATIONS}
    if audience != "protectee" and not (shares & (told | {ShareCategory.PROTECTION_STATUS})):
        return None
    lang = _lang()
    now = ProtectionNow(audience=audience)
    decision = _decision_in_force(case)
    if decision is not None:
        audit.record(
            AuditAction.READ,
            decision,
            case_id=case.pk,
            reason="portaal: uw beveiliging nu",
            changes={"shared": sorted(shares & (told | {ShareCategory.PROTECTION_STATUS}))},
            actor=user,
        )
        if audience == "protectee" or ShareCategory.PROTECTION_STATUS in shares:
            now.protected = True
            now.since = decision.in_force_since or decision.effective_date
        if audience == "protectee":
            now.next_review = decision.next_recalibration
        if ShareCategory.OWN_MEASURES in shares:
            now.measures = _measure_lines(decision, audience, lang)
    if ShareCategory.EXPECTATIONS in shares:
        if audience == "protectee":
            # The framework's part for the person speaks to the protectee ("tegen u").
            fw = framework_in_force(today or timezone.localdate())
            if fw is not None:
                now.expectations, now.expectation_bullets = _split(fw.text("person", lang))
        else:
            now.expectations, now.expectation_bullets = _expected_of(audience)
        if not (now.expectations or now.expectation_bullets):
            now.expectations = [
                _(
                    "Volg de afspraken die u met de beveiligers maakt. "
                    "Meld alles wat u vreemd vindt."
                )
            ]
    return now


def _expected_of(audience: str) -> tuple[list[str], list[str]]:
    """What is asked of a relative or an employer, in words that speak to them (the
    framework's parts speak to the protectee: "uw werkgever zorgt...")."""
    if audience == "employer":
        return [_("Wij vragen u als werkgever:")], [
            _("Zorg voor een veilige werkplek, bijvoorbeeld met toegangscontrole."),
            _("Vertel niemand waar of wanneer uw medewerker werkt."),
            _("Werk samen met de politie en de NCTV."),
            _("Meld alles wat u vreemd vindt. Bel bij gevaar altijd 112."),
        ]
    return [_("Wij vragen u:")], [
        _("Volg de afspraken met de beveiligers bij het huis."),
        _("Praat niet met anderen over de beveiliging."),
        _("Meld alles wat u vreemd vindt. Bel bij gevaar altijd 112."),
    ]


def own_reports(user: Any, limit: int = 5) -> list[dict[str, Any]]:
    """The user's own latest reports in their words (policy-scoped: only what they reported),
    audited as a list."""
    from weerstand.signals import plain, selectors

    rows = list(selectors.own_signals(user)[:limit])
    if rows:
        audit.record(
            AuditAction.LIST,
            object_type="signals.signal",
            object_repr=f"{len(rows)} eigen signalen (portaal startpagina)",
            changes={"ids": [s.pk for s in rows]},
            actor=user,
        )
    return [plain.report_item(s) for s in rows]

"""Read models of the rights app: the framework in force, a person's letters and objections,
the appeal body's queue, and what the start-page panels and the case page show.

Pages, panels, the letter and the API ask these, so a list is assembled once and the API
never imports a view. Rows come through `visible_to(user)` or the one way to reach a letter
(`rules.letter_decisions`); the few system reads say so. Nothing here writes; the callers
record the read in the audit trail. Whether a user may act is asked of `rights.rules`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from weerstand.policy import engine
from weerstand.policy.table import Action, Resource, scopes_for
from weerstand.rights import rules
from weerstand.rights.models import (
    OPEN_STATUSES,
    FrameworkAcknowledgement,
    FrameworkVersion,
    LetterText,
    Objection,
    ObjectionStatus,
)

# Case states in which the protectee lives under a decision (the framework applies).
ACTIVE_STATES = ("decision", "protection_active", "recalibration")

# --------------------------------------------------------------------------- the framework


def framework_in_force(on: date | None = None) -> FrameworkVersion | None:
    """The version in force on a date: the latest one that has begun (public text; a system
    read, also for the letter)."""
    on = on or timezone.localdate()
    return (
        FrameworkVersion.objects.filter(effective_from__lte=on).order_by("-effective_from").first()
    )


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


def framework_for_reader(user: Any) -> FrameworkVersion | None:
    """The version in force as the user may read it (the framework page and the overview)."""
    return (
        FrameworkVersion.objects.visible_to(user)
        .filter(effective_from__lte=timezone.localdate())
        .order_by("-effective_from")
        .first()
    )


def own_acknowledgement(user: Any, fw: FrameworkVersion) -> FrameworkAcknowledgement | None:
    return FrameworkAcknowledgement.objects.visible_to(user).filter(framework=fw, user=user).first()


def framework_versions(user: Any) -> list[FrameworkVersion]:
    """Every version the user may see, each with its acknowledgements counted only over what
    the user may see (their own, and those of visible persons)."""
    versions = list(FrameworkVersion.objects.visible_to(user).order_by("-effective_from"))
    acks = FrameworkAcknowledgement.objects.visible_to(user)
    for v in versions:
        v.acks = acks.filter(framework=v.pk).count()
    return versions


def unacknowledged_protectees(user: Any, fw: FrameworkVersion) -> list[dict[str, Any]]:
    """Protectees of the active cases the user owns who have not read the version in force,
    and whether they have a portal account to read it with."""
    from weerstand.accounts.models import User
    from weerstand.cases.models import Case
    from weerstand.registry.models import Person

    p = engine.principal(user)
    if not p.owner_of:
        return []
    cases = list(
        Case.objects.visible_to(user)
        .filter(team__in=sorted(p.owner_of), state__in=ACTIVE_STATES)
        .order_by("reference")
    )
    persons = {
        x.pk: x
        for x in Person.objects.visible_to(user).filter(pk__in=[c.protectee_id for c in cases])
    }
    read = set(
        FrameworkAcknowledgement.objects.visible_to(user)
        .filter(framework=fw, person__in=list(persons))
        .values_list("person_id", flat=True)
    )
    with_account = set(
        User.objects.filter(person__in=list(persons), is_active=True).values_list(
            "person_id", flat=True
        )
    )
    return [
        {"case": c, "person": persons[c.protectee_id], "account": c.protectee_id in with_account}
        for c in cases
        if c.protectee_id in persons and c.protectee_id not in read
    ]


# --------------------------------------------------------------------------- letters


def own_letters(user: Any) -> list[Any]:
    """The protectee's own decisions whose letter they may read, newest first."""
    return list(
        rules.letter_decisions(user)
        .filter(case__protectee=user.person_id)
        .order_by("-effective_date", "-pk")
    )


def case_letters(user: Any, case: Any, limit: int) -> list[Any]:
    return list(
        rules.letter_decisions(user).filter(case=case.pk).order_by("-decided_at", "-pk")[:limit]
    )


def letter_text(user: Any, decision: Any) -> LetterText | None:
    """The shareable text of a letter as the user may see it."""
    return LetterText.objects.visible_to(user).filter(decision=decision.pk).first()


def letter_visible(user: Any, decision_id: int) -> bool:
    return rules.letter_decisions(user).filter(pk=decision_id).exists()


# --------------------------------------------------------------------------- objections


def objection_for(user: Any, pk: int) -> Objection:
    """One objection with its decision; 404 for hidden and absent alike."""
    return engine.get_for(Objection.objects.select_related("decision"), user, Action.VIEW, pk=pk)


def recent_objections(user: Any, limit: int = 50) -> list[Objection]:
    return list(
        Objection.objects.visible_to(user).select_related("decision").order_by("-lodged_at")[:limit]
    )


def objection_list(user: Any, status: str, limit: int = 200) -> list[Objection]:
    """The objections list: the open ones ("open") or all, by due date."""
    qs = Objection.objects.visible_to(user).select_related("decision")
    if status == "open":
        qs = qs.filter(status__in=(ObjectionStatus.RECEIVED, ObjectionStatus.IN_TREATMENT))
    return list(qs.order_by("deadline", "pk")[:limit])


def open_objections(user: Any, limit: int) -> list[Objection]:
    """The appeal body's open objections it may change, the nearest due date first."""
    return list(
        Objection.objects.visible_to(user, Action.CHANGE)
        .filter(status__in=OPEN_STATUSES)
        .order_by("deadline", "pk")[:limit]
    )


def case_objections(user: Any, case: Any, limit: int) -> list[Objection]:
    return list(
        Objection.objects.visible_to(user)
        .filter(case=case.pk)
        .select_related("decision")
        .order_by("-lodged_at")[:limit]
    )


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


# --------------------------------------------------------------------------- addressed letters


def letter_subject(letter: Any) -> str:
    """What a letter is about, in the words of the portal (never a reference)."""
    from django.utils.translation import gettext as _

    from weerstand.rights.models import LetterKind

    if letter.kind == LetterKind.EMPLOYER:
        return _("Beveiliging bij uw bedrijf")
    if letter.kind == LetterKind.HOUSEHOLD:
        return _("Beveiliging bij uw huis")
    return _("Besluit over uw beveiliging")


def decision_name(decision: Any, *, in_sentence: bool = False) -> str:
    """A decision as a portal user knows it: the date of its letter and what it is about
    ("Besluit van 3 december 2026: start van beveiliging"), never its reference.
    `in_sentence`: lower case, to follow "Tegen het ..."."""
    from django.utils.dateformat import format as date_format
    from django.utils.translation import gettext as _

    from weerstand.rights.services import letter_date

    return (
        _("besluit van %(date)s: %(about)s")
        if in_sentence
        else _("Besluit van %(date)s: %(about)s")
    ) % {
        "date": date_format(letter_date(decision), "j F Y"),
        "about": decision_about(decision),
    }


def decision_about(decision: Any) -> str:
    """What a decision is about, in a few plain words ("start van beveiliging")."""
    from django.utils.translation import gettext as _

    return {
        "designate": _("u bent een te beveiligen persoon"),
        "refuse": _("geen beveiliging door de rijksoverheid"),
        "start": _("start van beveiliging"),
        "continue": _("beveiliging gaat door"),
        "adjust": _("beveiliging aangepast"),
        "scale_down": _("minder beveiliging"),
        "stop": _("einde van beveiliging"),
        "no_measures": _("geen beveiligingsmaatregelen"),
    }.get(decision.decision_type, _("uw beveiliging"))


def objection_name(objection: Any) -> str:
    """An objection as a portal user knows it: the day it was received (never its reference)."""
    from django.utils.dateformat import format as date_format
    from django.utils.translation import gettext as _

    return _("Bezwaar van %(date)s") % {"date": date_format(objection.received_on, "j F Y")}


def own_addressed_letters(user: Any, limit: int = 50) -> list[Any]:
    """The letters addressed to the portal user's own person, newest first."""
    from weerstand.rights.models import AddressedLetter

    person_id = getattr(user, "person_id", None)
    if not person_id:
        return []
    return list(
        AddressedLetter.objects.visible_to(user)
        .filter(person=person_id)
        .select_related("decision")
        .order_by("-sent_at", "-pk")[:limit]
    )


def case_addressed_letters(user: Any, case: Any, limit: int = 50) -> list[Any]:
    """Who got which letter of the case's decisions (the case team), with read state."""
    from weerstand.rights.models import AddressedLetter

    return list(
        AddressedLetter.objects.visible_to(user)
        .filter(case=case.pk)
        .select_related("decision", "person")
        .order_by("-sent_at", "-pk")[:limit]
    )


# --------------------------------------------------------------------------- employer measures


def own_employer_measures(user: Any, limit: int = 50) -> list[Any]:
    """The measures the employer contact is asked to take (open first, by due date)."""
    from weerstand.rights.models import EmployerMeasure

    person_id = getattr(user, "person_id", None)
    if not person_id:
        return []
    return list(
        EmployerMeasure.objects.visible_to(user)
        .filter(contact=person_id)
        .order_by("-status", "due_on", "pk")[:limit]
    )


def case_employer_measures(user: Any, case: Any, limit: int = 100) -> list[Any]:
    from weerstand.rights.models import EmployerMeasure

    return list(
        EmployerMeasure.objects.visible_to(user)
        .filter(case=case.pk)
        .select_related("contact")
        .order_by("due_on", "pk")[:limit]
    )

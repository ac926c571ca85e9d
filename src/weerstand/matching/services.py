"""Shielded investigations, selector registration and hit/no-hit matching (issue 17).

Values given as selectors live in memory only as long as it takes to normalise and hash them;
no row, audit record, error message or response carries them. Matching is the only lookup:
there is no way to ask "is this value protected?", and a hit reaches only the information
coordinators of the investigation whose selector matched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from weerstand.accounts.models import User
from weerstand.accounts.roles import Role
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.errors import InvalidParam, NotPermitted, ValidationFailed
from weerstand.matching import digests, matcher
from weerstand.matching.models import (
    Hit,
    Selector,
    SelectorSide,
    SelectorSource,
    ShieldedInvestigation,
)
from weerstand.matching.normalise import (
    InvalidSelector,
    SelectorKind,
    fold_text,
    name_dob,
    normalise,
)
from weerstand.policy import compartments, engine
from weerstand.policy.models import (
    CompartmentKind,
    CompartmentMembership,
    MemberFunction,
)
from weerstand.policy.table import Action, Resource, scopes_for

MAX_LABEL = 60


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- shielded investigations -------------------------------------------------------------


@dataclass
class InvestigationData:
    title: str
    co_owner: Any
    reason: str


def open_investigation(actor: Any, data: InvestigationData) -> ShieldedInvestigation:
    """Open a shielded investigation in a new restricting compartment (actor and co-owner).

    One of the two owners is an information coordinator: without one, nobody could ever see
    the hits of its selectors.
    """
    engine.require_principal(actor)
    if not engine.can(actor, Resource.SHIELDED_INVESTIGATION, Action.CREATE):
        raise NotPermitted("Alleen een informatiecoördinator of het OM opent een onderzoek.")
    title = (data.title or "").strip()
    if len(title) < 3:
        raise ValidationFailed(
            "Geef het onderzoek een naam.",
            invalid_params=[InvalidParam("title", "required", "Minimaal 3 tekens.")],
        )
    co_owner_pk = _int(data.co_owner)
    co_owner = None if co_owner_pk is None else User.objects.filter(pk=co_owner_pk).first()
    if not actor.has_role(Role.INFORMATION_COORDINATOR) and not (
        co_owner is not None and co_owner.has_role(Role.INFORMATION_COORDINATOR)
    ):
        raise ValidationFailed(
            "Een afgeschermd onderzoek heeft een informatiecoördinator als eigenaar.",
            invalid_params=[
                InvalidParam("coOwner", "coordinator-required", "Een informatiecoördinator.")
            ],
        )
    with transaction.atomic():
        compartment = compartments.create(
            actor,
            CompartmentKind.SHIELDED_INVESTIGATION,
            title,
            reason=data.reason,
            co_owner=co_owner,
        )
        investigation = ShieldedInvestigation.objects.create(
            compartment=compartment, title=title, opened_by=actor
        )
        audit.record(
            AuditAction.CREATE,
            investigation,
            changes={"title": [None, title]},
            reason=data.reason,
            actor=actor,
        )
    return investigation


def get_investigation(actor: Any, investigation_id: Any) -> ShieldedInvestigation:
    """The investigation if the actor is a member with a grant; 404 like an absent one."""
    return engine.get_for(
        ShieldedInvestigation.objects.select_related("compartment"),
        actor,
        "view",
        pk=investigation_id,
    )


# --- registering selectors ---------------------------------------------------------------


@dataclass
class SelectorData:
    kind: str
    value: str
    label: str


def _label(label: str) -> str:
    label = " ".join((label or "").split())
    if not 1 <= len(label) <= MAX_LABEL:
        raise ValidationFailed(
            "Geef een kort label (zoals 'telefoon 1').",
            invalid_params=[InvalidParam("label", "required", f"1 tot {MAX_LABEL} tekens.")],
        )
    return label


def _canonical(data: SelectorData) -> str:
    """Normalised, in memory only; the value never reaches an error message or a log."""
    if data.kind not in SelectorKind.values:
        raise ValidationFailed(
            "Kies een soort selector.",
            invalid_params=[InvalidParam("kind", "invalid-choice", "Onbekende soort.")],
        )
    try:
        return normalise(data.kind, data.value or "")
    except InvalidSelector as exc:
        raise ValidationFailed(
            "Deze waarde is geen bruikbare selector van deze soort.",
            invalid_params=[InvalidParam("value", "invalid", str(exc))],
        ) from None


def _label_is_not_value(label: str, data: SelectorData, canonical: str) -> None:
    """A label that carries the value, or part of it, would store it in clear: refused.

    At most three digits (no phone number, date or postcode), and none of the value's words.
    """
    folded = fold_text(label)
    squeezed = folded.replace(" ", "")
    value_words = set(fold_text(data.value or "").split()) | set(fold_text(canonical).split())
    leaks = (
        sum(c.isdigit() for c in label) > 3
        or any(len(w) >= 3 and not w.isdigit() and w in folded.split() for w in value_words)
        or any(
            len(v) >= 4 and v in squeezed
            for v in (fold_text(data.value or "").replace(" ", ""), fold_text(canonical))
        )
    )
    if leaks:
        raise ValidationFailed(
            "Het label mag de selector zelf niet bevatten.",
            invalid_params=[InvalidParam("label", "contains-value", "Kies een neutraal label.")],
        )


def _store(
    actor: Any,
    data: SelectorData,
    *,
    investigation: ShieldedInvestigation | None = None,
    case: Any = None,
) -> Selector:
    label = _label(data.label)
    canonical = _canonical(data)
    _label_is_not_value(label, data, canonical)
    version, digest = digests.digest_normalised(data.kind, canonical)
    side = SelectorSide.INVESTIGATION if investigation is not None else SelectorSide.CASE
    owner_q = Q(investigation=investigation) if investigation is not None else Q(case=case)
    if Selector.objects.filter(
        owner_q,
        side=side,
        kind=data.kind,
        key_version=version,
        digest=digest,
        source=SelectorSource.REGISTERED,
    ).exists():
        raise ValidationFailed(
            "Deze selector is hier al geregistreerd.",
            invalid_params=[InvalidParam("value", "duplicate", "Al geregistreerd.")],
        )
    selector = Selector.objects.create(
        side=side,
        investigation=investigation,
        case=case,
        kind=data.kind,
        key_version=version,
        digest=digest,
        label=label,
        registered_by=actor,
    )
    audit.record(
        AuditAction.CREATE,
        selector,
        case_id=None if case is None else case.pk,
        changes={"kind": [None, data.kind], "label": [None, label]},
        actor=actor,
    )
    return selector


def register_for_investigation(actor: Any, investigation_id: Any, data: SelectorData) -> Selector:
    """A member with the selector grant registers a selector of their investigation, within
    the limits (`matching.limits`). The answer is the same whether the value matches or not:
    matching happens later, in the job, and only the coordinators hear of a hit."""
    from weerstand.matching import limits

    engine.require_principal(actor)
    investigation = get_investigation(actor, investigation_id)
    if not engine.can(actor, Resource.SELECTOR, Action.CREATE):
        raise NotPermitted("U registreert geen selectors in dit onderzoek.")
    where = limits.where_investigation(investigation)
    return _limited(actor, where, lambda: _store(actor, data, investigation=investigation))


def _limited(actor: Any, where: Any, store: Any) -> Selector:
    """Store within the limits; a refusal or a burst alerts the compartment's owners (the
    alert outside the refused transaction, so it stays)."""
    from weerstand.matching import limits

    try:
        with transaction.atomic():
            limits.admit(actor, where)
            selector: Selector = store()
    except limits.SelectorLimitReached:
        limits.alert_owners(actor, where, limits.why_limit())
        raise
    if limits.is_bulk(actor):
        limits.alert_owners(actor, where, limits.why_bulk())
    return selector


def selectors_of_investigation(actor: Any, investigation: ShieldedInvestigation) -> QuerySet:
    return (
        Selector.objects.visible_to(actor)
        .filter(side=SelectorSide.INVESTIGATION, investigation=investigation)
        .order_by("pk")
    )


def get_case(actor: Any, case_id: Any) -> Any:
    """A case whose selectors the actor may see (its team, with the grant); else 404."""
    from weerstand.cases.models import Case

    engine.require_principal(actor)
    p = engine.principal(actor)
    scopes = scopes_for(p.roles, Resource.CASE_SELECTOR, Action.VIEW)  # none: nothing visible
    return engine.get_for(
        Case.objects.filter(engine.case_rows_q(p, scopes)), actor, "view", pk=case_id
    )


def register_for_case(actor: Any, case_id: Any, data: SelectorData) -> Selector:
    """A member of the case team registers a selector of the case (beyond the derived ones)."""
    from weerstand.matching import limits

    case = get_case(actor, case_id)
    if not engine.can(actor, Resource.CASE_SELECTOR, Action.CREATE):
        raise NotPermitted("U registreert geen selectors bij deze casus.")
    return _limited(actor, limits.where_case(case), lambda: _store(actor, data, case=case))


def selectors_of_case(actor: Any, case: Any) -> QuerySet:
    return (
        Selector.objects.visible_to(actor).filter(side=SelectorSide.CASE, case=case).order_by("pk")
    )


# --- deriving a case's selectors from its persons ----------------------------------------

_PHONE_SPLIT = re.compile(r"[,;\n]+")


def derive_case_selectors(case: Any) -> list[tuple[str, str, str]]:
    """(kind, canonical value, label) for the protectee and the other persons of a case:
    name with date of birth, phone numbers, home address. System work, read with the base
    manager; the result stays in memory and is hashed at once by `refresh_case_selectors`."""
    from weerstand.cases.models import CasePerson

    persons: list[tuple[Any, str]] = [(case.protectee, "protectee")]
    for cp in CasePerson._base_manager.filter(case=case).select_related("person").order_by("pk"):
        if cp.person_id != case.protectee_id:
            persons.append((cp.person, cp.role))
    out: list[tuple[str, str, str]] = []
    for number, (person, role) in enumerate(persons, start=1):
        who = "beschermde persoon" if role == "protectee" else f"persoon {number}"
        candidates: list[tuple[str, Any, str]] = []
        if person.date_of_birth:
            name = f"{person.first_name} {person.last_name}"
            candidates.append((SelectorKind.NAME_DOB, (name, person.date_of_birth), f"{who}: naam"))
        for i, phone in enumerate(_PHONE_SPLIT.split(person.phone_numbers or ""), start=1):
            if phone.strip():
                candidates.append((SelectorKind.PHONE, phone, f"{who}: telefoon {i}"))
        if (person.home_address or "").strip():
            candidates.append((SelectorKind.ADDRESS, person.home_address, f"{who}: adres"))
        for kind, value, label in candidates:
            try:
                if kind == SelectorKind.NAME_DOB:
                    canonical = name_dob(*value)
                else:
                    canonical = normalise(kind, value)
            except InvalidSelector:
                continue  # a half-filled field yields no selector, never a wrong one
            out.append((kind, canonical, label))
    return out


def _versions_in_use() -> set[int]:
    """Key versions that investigation selectors were hashed under and that are still
    configured: derived case selectors are hashed under each, so matching survives rotation
    of the keys until the investigation re-registers its selectors."""
    used = set(
        Selector.objects.filter(side=SelectorSide.INVESTIGATION)
        .values_list("key_version", flat=True)
        .distinct()
    )
    return (used | {digests.current_version()}) & set(digests.key_versions())


def refresh_case_selectors(case: Any, versions: Iterable[int] | None = None) -> int:
    """Bring a case's derived selectors in line with its persons: add new, drop stale.
    Returns how many were added or removed."""
    versions = sorted(_versions_in_use() if versions is None else versions)
    wanted: dict[tuple[str, int, str], str] = {}
    for kind, canonical, label in derive_case_selectors(case):
        for version in versions:
            _, digest = digests.digest_normalised(kind, canonical, version)
            wanted.setdefault((kind, version, digest), label)
    changed = 0
    with transaction.atomic():
        existing = {
            (s.kind, s.key_version, s.digest): s
            for s in Selector._base_manager.filter(
                side=SelectorSide.CASE, case=case, source=SelectorSource.DERIVED
            )
        }
        stale = [s.pk for key, s in existing.items() if key not in wanted]
        if stale:
            Selector._base_manager.filter(pk__in=stale).delete()
            changed += len(stale)
        for (kind, version, digest), label in wanted.items():
            if (kind, version, digest) in existing:
                continue
            Selector._base_manager.create(
                side=SelectorSide.CASE,
                case=case,
                kind=kind,
                key_version=version,
                digest=digest,
                label=label,
                source=SelectorSource.DERIVED,
            )
            changed += 1
        if changed:
            audit.record(
                AuditAction.UPDATE,
                object_type="matching.selector",
                object_repr=f"afgeleide selectors van casus {case.pk}",
                case_id=case.pk,
                changes={"added_or_removed": changed},
            )
    return changed


def refresh_all_case_selectors() -> int:
    """The job: refresh the derived selectors of every case."""
    from weerstand.cases.models import Case

    versions = _versions_in_use()
    total = 0
    for case in Case._base_manager.select_related("protectee").order_by("pk").iterator():
        total += refresh_case_selectors(case, versions)
    return total


# --- matching ------------------------------------------------------------------------------


def _coordinators(investigation: ShieldedInvestigation) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True,
        memberships__compartment_id=investigation.compartment_id,
        role_assignments__role=Role.INFORMATION_COORDINATOR,
    ).distinct()


def match_new(now: datetime | None = None) -> list[Hit]:
    """Match every selector the job has not seen yet against the other side. Idempotent:
    a pair already on record is not recorded again, also when two runs overlap. Returns the
    new hits. Set-based: a few joins per run, not queries per selector (`matcher`)."""
    return matcher.match_pending(now)


def hits_for(actor: Any) -> QuerySet:
    return Hit.objects.visible_to(actor).select_related("investigation", "investigation_selector")


def nctv_contacts(case_ids: Iterable[int]) -> dict[int, str]:
    """The display name of each case's owner (its NCTV contact), by case id.

    A case in a restricting compartment (a crown-witness trajectory, say) names the NCTV duty
    desk instead (`MATCHING_NCTV_DUTY_DESK`): who handles such a case is itself protected."""
    from django.conf import settings

    from weerstand.cases.models import Case

    cases = list(
        Case._base_manager.filter(pk__in=list(case_ids)).values_list(
            "team_id", "pk", "restricted_compartment_id"
        )
    )
    out: dict[int, str] = {
        pk: settings.MATCHING_NCTV_DUTY_DESK for _team, pk, restricted in cases if restricted
    }
    teams = {team: pk for team, pk, restricted in cases if not restricted}
    rows = (
        CompartmentMembership.objects.filter(
            compartment_id__in=list(teams), function=MemberFunction.OWNER
        )
        .select_related("user")
        .order_by("pk")
    )
    for m in rows:
        out.setdefault(teams[m.compartment_id], m.user.display_name)
    return out


def describe_hits(hits: list[Hit]) -> None:
    """What a coordinator is told of each hit: which of their selectors matched, and whom to
    call at the NCTV. Set on the objects for the serializer; nothing of the case itself."""
    contacts = nctv_contacts({h.case_id for h in hits})
    for hit in hits:
        hit.nctv_contact = contacts.get(hit.case_id, "")  # type: ignore[attr-defined]
        hit.message = (  # type: ignore[attr-defined]
            f"Selector '{hit.investigation_selector.label}' van dit onderzoek komt overeen "
            "met een beveiligingscasus."
        )


def in_case_team(actor: Any, case: Any) -> bool:
    """Does the actor see this case's selectors (its team, with the grant)? A plain question
    for the case page, which is shown to more readers than the team."""
    from weerstand.cases.models import Case

    p = engine.principal(actor)
    scopes = scopes_for(p.roles, Resource.CASE_SELECTOR, Action.VIEW)
    if not scopes:
        return False
    return Case._base_manager.filter(engine.case_rows_q(p, scopes), pk=case.pk).exists()

"""Every change in the modules app: publishing content, assigning it, following it.

Each write checks the rule (`modules.rules`) first, then changes the rows and writes its audit
record in one transaction. Pages, the API, the management command and the demo call these.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
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
from weerstand.core.locks import serialise
from weerstand.modules import rules
from weerstand.modules.models import (
    Audience,
    Module,
    ModuleAssignment,
    ModuleSection,
    ModuleVersion,
    SectionProgress,
)
from weerstand.policy import engine
from weerstand.policy.table import Action

CONTENT_DIR = Path(__file__).resolve().parent / "content"
TEXT_FIELDS = ("title", "title_en", "summary", "summary_en")
SECTION_FIELDS = ("title", "title_en", "body", "body_en")


def _invalid(name: str, message: str, code: str = "invalid") -> ValidationFailed:
    return ValidationFailed(message, invalid_params=[InvalidParam(name, code, message)])


def _text(data: dict[str, Any], name: str, where: str = "") -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise _invalid(f"{where}{name}", "Vul dit in, in het Nederlands en in het Engels.")
    return value.strip()


# --------------------------------------------------------------------------- content


def publish_version(actor: Any, data: dict[str, Any], *, system: bool = False) -> ModuleVersion:
    """Publish the next version of a module (created when its code is new).

    `data`: code, audience, title(_en), summary(_en), sections [{title(_en), body(_en)}] and
    optionally `version` (the number; the next one when absent). A published version never
    changes; a correction is a new version. `system` is the content loader (no actor).
    """
    if not system:
        engine.require_principal(actor)
        if not rules.may_publish(actor):
            raise NotPermitted("Alleen de expert weerbaarheid of de beheerder publiceert modules.")
    code = str(data.get("code") or "").strip()
    if not code or len(code) > 64 or not code.replace("-", "").isalnum():
        raise _invalid("code", "Geef een code van letters, cijfers en streepjes.")
    audience = data.get("audience")
    if audience not in Audience.values:
        raise _invalid("audience", "Kies voor wie de module is: adult, partner of child.")
    texts = {name: _text(data, name) for name in TEXT_FIELDS}
    sections = data.get("sections")
    if not isinstance(sections, list) or not sections:
        raise _invalid("sections", "Een module heeft minstens één deel.")
    parts = [
        {
            name: _text(s if isinstance(s, dict) else {}, name, f"sections[{i}].")
            for name in SECTION_FIELDS
        }
        for i, s in enumerate(sections)
    ]
    with transaction.atomic():
        serialise(f"module-{code}")
        module, created = Module.objects.get_or_create(code=code, defaults={"audience": audience})
        if not created and module.audience != audience:
            raise _invalid("audience", "Een nieuwe versie is voor dezelfde groep als de vorige.")
        last = ModuleVersion.objects.filter(module=module).order_by("-number").first()
        number = data.get("version") or ((last.number + 1) if last else 1)
        if not isinstance(number, int) or number < 1:
            raise _invalid("version", "Het versienummer is een geheel getal vanaf 1.")
        if last is not None and number <= last.number:
            raise ConcurrencyConflict(
                f"Versie {number} bestaat al; de laatste versie is {last.number}."
            )
        version = ModuleVersion.objects.create(
            module=module,
            number=number,
            published_by=None if system else actor,
            published_by_name="" if system else actor.display_name,
            **texts,
        )
        ModuleSection.objects.bulk_create(
            [ModuleSection(version=version, position=i + 1, **p) for i, p in enumerate(parts)]
        )
        audit.record(
            AuditAction.CREATE,
            version,
            changes={"module": code, "number": number, "sections": len(parts)},
            reason="moduleversie gepubliceerd",
            actor=None if system else actor,
        )
    return version


def load_content(directory: Path | None = None) -> dict[str, int]:
    """Load the module files shipped with the app; idempotent by code and version number."""
    counts = {"published": 0, "present": 0}
    for path in sorted((directory or CONTENT_DIR).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        number = data.get("version")
        exists = ModuleVersion.objects.filter(module__code=data.get("code"), number=number).exists()
        if exists:
            counts["present"] += 1
            continue
        publish_version(None, data, system=True)
        counts["published"] += 1
    return counts


# --------------------------------------------------------------------------- assignments


def _portal_user(person_id: int) -> Any:
    from weerstand.accounts.models import User

    return (
        User.objects.filter(
            person=person_id, is_active=True, role_assignments__role__in=rules.PORTAL_ROLES
        )
        .distinct()
        .first()
    )


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def assign_module(
    actor: Any, case_id: int, case_person_id: Any, module_version_id: Any, *, note: str = ""
) -> ModuleAssignment:
    """The resilience expert of the case team gives a person concerned a module to follow."""
    from weerstand.cases.models import Case, CasePerson
    from weerstand.policy.models import Alert

    with transaction.atomic():
        case = engine.get_for(Case.objects.all(), actor, Action.VIEW, pk=case_id)
        if not rules.may_assign(actor, case):
            raise NotPermitted("Alleen de expert weerbaarheid van het casusteam wijst modules toe.")
        link_pk = _int(case_person_id)
        link = (
            None
            if link_pk is None
            else CasePerson.objects.visible_to(actor).filter(case=case.pk, pk=link_pk).first()
        )
        if link is None:
            raise _invalid(
                "casePerson", "Deze persoon hoort niet bij deze casus.", "does-not-exist"
            )
        if link.role not in rules.ASSIGNABLE_ROLES:
            raise _invalid("casePerson", "Modules zijn voor de beveiligde persoon en naasten.")
        portal_user = _portal_user(link.person_id)
        if portal_user is None:
            raise _invalid(
                "casePerson",
                "Deze persoon heeft geen account voor het portaal en kan de module niet volgen.",
                "no-portal-account",
            )
        version_pk = _int(module_version_id)
        version = (
            None
            if version_pk is None
            else ModuleVersion.objects.visible_to(actor).filter(pk=version_pk).first()
        )
        if version is None:
            raise _invalid("moduleVersion", "Deze moduleversie bestaat niet.", "does-not-exist")
        note = (note or "").strip()
        if len(note) > 2000:
            raise _invalid("note", "De toelichting is hoogstens 2000 tekens.")
        try:
            with transaction.atomic():
                assignment = ModuleAssignment.objects.create(
                    case=case,
                    case_person=link,
                    person_id=link.person_id,
                    module_version=version,
                    note=note,
                    assigned_by=actor,
                    assigned_by_name=actor.display_name,
                )
        except IntegrityError as exc:
            raise _invalid(
                "moduleVersion", "Deze persoon heeft deze module al.", "already-assigned"
            ) from exc
        Alert.objects.create(
            recipient=portal_user,
            case=None,
            message=f"Er staat een nieuwe module voor u klaar: {version.title}.",
        )
        audit.record(
            AuditAction.CREATE,
            assignment,
            changes={"module_version": version.pk, "case_person": link.pk},
            reason="module toegewezen",
            actor=actor,
        )
    return assignment


def mark_section_done(
    actor: Any, assignment_id: int, section_id: Any, *, expected_version: int | None = None
) -> ModuleAssignment:
    """The person marks one section done; when all are done the module is completed."""
    with transaction.atomic():
        assignment = engine.get_for(
            ModuleAssignment.objects.select_for_update(), actor, Action.CHANGE, pk=assignment_id
        )
        if not rules.may_follow(actor, assignment):
            raise NotPermitted("Alleen de persoon zelf houdt de voortgang bij.")
        if expected_version is not None and expected_version != assignment.version:
            raise ConcurrencyConflict(
                f"Versie {expected_version} is verouderd; de huidige versie is "
                f"{assignment.version}."
            )
        section_pk = _int(section_id)
        section = (
            None
            if section_pk is None
            else ModuleSection.objects.filter(
                version=assignment.module_version_id, pk=section_pk
            ).first()
        )
        if section is None:
            raise _invalid("section", "Dit deel hoort niet bij deze module.", "does-not-exist")
        _, created = SectionProgress.objects.get_or_create(assignment=assignment, section=section)
        if not created:
            return assignment
        total = ModuleSection.objects.filter(version=assignment.module_version_id).count()
        done = SectionProgress.objects.filter(assignment=assignment).count()
        completed = timezone.now() if done >= total else None
        ModuleAssignment.objects.filter(pk=assignment.pk).update(
            version=F("version") + 1, completed_at=completed
        )
        assignment.refresh_from_db()
        audit.record(
            AuditAction.UPDATE,
            assignment,
            changes={"section_done": section.position, "done": done, "total": total},
            reason="moduledeel afgerond",
            actor=actor,
        )
    return assignment

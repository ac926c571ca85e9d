"""The method of the threat picture: versioned templates of factors per phenomenon. A senior
analyst refines the method by writing a new version; a picture keeps the version it started
with, so an old judgement is always read against the factors it was made on.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from weerstand.assessments.models import FactorGroup, MethodTemplate, TemplateFactor
from weerstand.assessments.rules import may_edit_methods
from weerstand.assessments.services._common import clean_text
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import NATIONAL_PHENOMENA
from weerstand.core.errors import InvalidParam, NotPermitted, ValidationFailed
from weerstand.core.locks import serialise
from weerstand.policy import engine


def template_in_force(phenomenon: str, on: date | None = None) -> MethodTemplate | None:
    """The newest active template version of a phenomenon that is in force on `on`."""
    on = on or timezone.localdate()
    return (
        MethodTemplate.objects.filter(phenomenon=phenomenon, active=True, effective_from__lte=on)
        .order_by("-version")
        .first()
    )


def factor_lines(template: MethodTemplate) -> str:
    """A template's factors in the line format the configuration page edits."""
    return "\n".join(
        f"{t.group} | {t.code} | {t.label} | {t.guidance}"
        for t in TemplateFactor.objects.filter(template=template.pk).order_by("order", "pk")
    )


def parse_factor_lines(text: str) -> list[dict[str, str]]:
    """The configuration page's lines (`group | code | label | guidance`) as factor rows."""
    out, errors, seen = [], [], set()
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < 3:
            errors.append(InvalidParam("factors", "format", f"Regel {n}: groep | code | factor."))
            continue
        group, code, label = parts[0], slugify(parts[1]), parts[2]
        if group not in FactorGroup.values:
            errors.append(InvalidParam("factors", "invalid-group", f"Regel {n}: onbekende groep."))
        if not code or code in seen:
            errors.append(InvalidParam("factors", "code", f"Regel {n}: code ontbreekt of dubbel."))
        seen.add(code)
        out.append(
            {"group": group, "code": code, "label": label[:200], "guidance": " | ".join(parts[3:])}
        )
    if not out:
        errors.append(InvalidParam("factors", "required", "Minimaal één factor."))
    if errors:
        raise ValidationFailed("De factoren zijn niet goed opgegeven.", invalid_params=errors)
    return out


def new_template_version(
    actor: Any,
    phenomenon: str,
    *,
    name: str,
    description: str,
    effective_from: date,
    factor_lines: str,
) -> MethodTemplate:
    """A senior analyst refines the method: a new version, old assessments keep theirs."""
    engine.require_principal(actor)
    if not may_edit_methods(actor):
        raise NotPermitted("Alleen senior analisten beheren de methodesjablonen.")
    if phenomenon not in NATIONAL_PHENOMENA:
        raise ValidationFailed("Sjablonen bestaan voor de vier landelijke fenomenen.")
    factors = parse_factor_lines(factor_lines)
    with transaction.atomic():
        serialise(f"method-template-{phenomenon}")
        last = (
            MethodTemplate.objects.filter(phenomenon=phenomenon).aggregate(n=Max("version"))["n"]
            or 0
        )
        template = MethodTemplate.objects.create(
            phenomenon=phenomenon,
            version=last + 1,
            name=clean_text(name)[:200],
            description=clean_text(description),
            effective_from=effective_from,
            created_by=actor,
        )
        for n, item in enumerate(factors):
            TemplateFactor.objects.create(template=template, order=n, **item)
        audit.record(
            AuditAction.CREATE,
            template,
            object_repr=f"methodesjabloon {phenomenon} v{template.version}",
            changes={"factors": [i["code"] for i in factors]},
            actor=actor,
        )
    return template

"""Read models of the modules app: the catalogue, a person's own modules with their progress,
and a case's assignments for the case team. Rows come through `visible_to(user)`; the callers
record the read in the audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from weerstand.modules import rules
from weerstand.modules.models import (
    Module,
    ModuleAssignment,
    ModuleSection,
    ModuleVersion,
    SectionProgress,
)


@dataclass
class Progress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def latest_versions(user: Any) -> list[ModuleVersion]:
    """The newest published version of every module the user may read."""
    versions = list(
        ModuleVersion.objects.visible_to(user)
        .select_related("module")
        .order_by("module__code", "-number")
    )
    seen: set[int] = set()
    out = []
    for v in versions:
        if v.module_id not in seen:
            seen.add(v.module_id)
            out.append(v)
    return out


def modules(user: Any) -> list[Module]:
    return list(Module.objects.visible_to(user).order_by("code"))


def versions_of(user: Any, module: Module) -> list[ModuleVersion]:
    return list(ModuleVersion.objects.visible_to(user).filter(module=module.pk).order_by("number"))


def sections_of(user: Any, version: Any) -> list[ModuleSection]:
    version_pk = getattr(version, "pk", version)
    return list(
        ModuleSection.objects.visible_to(user).filter(version=version_pk).order_by("position")
    )


def progress_for(assignments: list[ModuleAssignment]) -> dict[int, Progress]:
    """Sections done and in total per assignment (of assignments already read through the
    policy)."""
    version_ids = {a.module_version_id for a in assignments}
    totals = dict(
        ModuleSection.objects.filter(version__in=version_ids)
        .values("version")
        .annotate(n=Count("pk"))
        .values_list("version", "n")
    )
    done = dict(
        SectionProgress.objects.filter(assignment__in=[a.pk for a in assignments])
        .values("assignment")
        .annotate(n=Count("pk"))
        .values_list("assignment", "n")
    )
    return {
        a.pk: Progress(done.get(a.pk, 0), totals.get(a.module_version_id, 0)) for a in assignments
    }


def done_sections(assignment: ModuleAssignment) -> set[int]:
    return set(
        SectionProgress.objects.filter(assignment=assignment.pk).values_list(
            "section_id", flat=True
        )
    )


def own_assignments(user: Any) -> list[ModuleAssignment]:
    """The portal user's own modules, newest first."""
    if not rules.follows_modules(user):
        return []
    return list(
        ModuleAssignment.objects.visible_to(user)
        .filter(person=user.person_id)
        .select_related("module_version", "module_version__module")
        .order_by("completed_at", "-assigned_at", "-pk")
    )


def case_assignments(user: Any, case: Any) -> list[ModuleAssignment]:
    return list(
        ModuleAssignment.objects.visible_to(user)
        .filter(case=case.pk)
        .select_related("module_version", "module_version__module", "person", "case_person")
        .order_by("-assigned_at", "-pk")
    )


def assignable_persons(user: Any, case: Any) -> list[Any]:
    """Persons concerned in the case (visible to the user) who can follow a module: the
    protectee and relatives with a portal account."""
    from weerstand.accounts.models import User
    from weerstand.cases.rules import visible_case_persons

    links = [cp for cp in visible_case_persons(user, case) if cp.role in rules.ASSIGNABLE_ROLES]
    with_account = set(
        User.objects.filter(
            person__in=[cp.person_id for cp in links],
            is_active=True,
            role_assignments__role__in=rules.PORTAL_ROLES,
        ).values_list("person_id", flat=True)
    )
    return [cp for cp in links if cp.person_id in with_account]

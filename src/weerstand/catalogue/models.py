"""The catalogue: threat phenomena, measures and packages, as versioned data.

A change never edits a row in place: it writes a new version with its own `effective_from`
and closes the previous one the day before. A decision uses the versions in force on its
effective date and keeps pointing at them, so a later change of the catalogue never rewrites
what was decided in the past.
"""

from __future__ import annotations

from datetime import date
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from weerstand.assessments.levels import ResistanceLevel
from weerstand.cases.models import Phenomenon


def capacity_words(officers: int, start_hour: int, end_hour: int) -> str:
    """The capacity of a post in words ("2 beveiligers, dag en nacht"), never "0 keer 24 uur":
    a post without officers says so."""
    if start_hour == 0 and end_hour == 24:
        hours = str(_("dag en nacht"))
    else:
        hours = str(_("van %(start)02d:00 tot %(end)02d:00 uur")) % {
            "start": start_hour,
            "end": end_hour,
        }
    if not officers:
        return str(_("geen vaste beveiligers"))
    return ngettext("%(n)d beveiliger, %(hours)s", "%(n)d beveiligers, %(hours)s", officers) % {
        "n": officers,
        "hours": hours,
    }


class LocalPower(models.TextChoices):
    """Whose powers a measure touches, and who is therefore told about it."""

    NONE = "", _("Geen lokaal gezag")
    MAYOR = "mayor", _("Burgemeester (openbare orde)")
    PROSECUTOR = "prosecutor", _("Hoofdofficier van justitie")
    BOTH = "both", _("Burgemeester en hoofdofficier")


class ExecutingKind(models.TextChoices):
    POLICE = "police", _("Politie")
    KMAR = "kmar", _("Koninklijke Marechaussee")
    PRIVATE = "private", _("Private partij")
    MUNICIPALITY = "municipality", _("Gemeente")


class VersionedQuerySet[V: Versioned](models.QuerySet[V]):
    def in_force(self, on: date | None = None) -> Self:
        """The versions in force on `on` (today when omitted)."""
        on = on or timezone.localdate()
        return self.filter(effective_from__lte=on).filter(
            Q(effective_until__isnull=True) | Q(effective_until__gte=on)
        )


class Versioned(models.Model):
    """Shared columns of versioned catalogue rows; (code, version) identifies one version."""

    code = models.SlugField(_("code"), max_length=64)
    version = models.PositiveIntegerField(_("versie"), default=1)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    effective_from = models.DateField(_("geldig vanaf"))
    effective_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    change_reason = models.TextField(_("reden van de wijziging"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def in_force_on(self, on: date) -> bool:
        return self.effective_from <= on and (
            self.effective_until is None or self.effective_until >= on
        )


class PhenomenonProfile(Versioned):
    """What the catalogue says about a threat phenomenon (keyed on `cases.Phenomenon`)."""

    phenomenon = models.CharField(_("dreigingsfenomeen"), max_length=32, choices=Phenomenon.choices)

    class Meta:
        ordering = ["phenomenon", "-version"]
        verbose_name = _("dreigingsfenomeen")
        verbose_name_plural = _("dreigingsfenomenen")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="unique_phenomenon_version")
        ]

    def audit_label(self) -> str:
        return f"fenomeen {self.code} v{self.version}"


class Measure(Versioned):
    """One security measure with who may execute it and the capacity it demands."""

    executing_kinds = models.JSONField(_("uitvoerende organisaties"), default=list)
    officers = models.PositiveSmallIntegerField(_("beveiligers per post"), default=0)
    qualifications = models.JSONField(_("kwalificaties"), default=list)
    start_hour = models.PositiveSmallIntegerField(_("van (uur)"), default=0)
    end_hour = models.PositiveSmallIntegerField(_("tot (uur)"), default=24)
    weekdays = models.JSONField(_("dagen (0 = maandag)"), default=list)
    mixed_team_allowed = models.BooleanField(
        _("gemengd team politie/KMar toegestaan"), default=True
    )
    touches_local_powers = models.CharField(
        _("raakt bevoegdheden van"), max_length=16, choices=LocalPower.choices, blank=True
    )

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("maatregel")
        verbose_name_plural = _("maatregelen")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="unique_measure_version")
        ]

    def audit_label(self) -> str:
        return f"maatregel {self.code} v{self.version}"

    @property
    def hours_label(self) -> str:
        if self.start_hour == 0 and self.end_hour == 24:
            return "24 uur"
        return f"{self.start_hour:02d}:00-{self.end_hour:02d}:00"

    @property
    def capacity_label(self) -> str:
        return capacity_words(self.officers, self.start_hour, self.end_hour)

    @property
    def executing_kinds_label(self) -> str:
        """Who executes, in words (the field holds codes)."""
        labels = dict(ExecutingKind.choices)
        return ", ".join(str(labels.get(k, k)) for k in self.executing_kinds or [])

    @property
    def qualifications_label(self) -> str:
        """The qualifications the measure demands, in words (the field holds codes)."""
        from weerstand.capacity.qualifications import Qualification

        labels = dict(Qualification.choices)
        return ", ".join(str(labels.get(q, q)) for q in self.qualifications or [])

    @property
    def notifies_mayor(self) -> bool:
        return self.touches_local_powers in (LocalPower.MAYOR, LocalPower.BOTH)

    @property
    def notifies_prosecutor(self) -> bool:
        return self.touches_local_powers in (LocalPower.PROSECUTOR, LocalPower.BOTH)


class Package(Versioned):
    """A named set of measures for one phenomenon at one required resistance level."""

    phenomenon = models.CharField(_("dreigingsfenomeen"), max_length=32, choices=Phenomenon.choices)
    resistance_level = models.PositiveSmallIntegerField(
        _("benodigde weerstand"), choices=ResistanceLevel.choices
    )
    measures = models.ManyToManyField(
        Measure, related_name="packages", verbose_name=_("maatregelen")
    )

    class Meta:
        ordering = ["phenomenon", "resistance_level", "code", "-version"]
        verbose_name = _("pakket")
        verbose_name_plural = _("pakketten")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="unique_package_version")
        ]

    def audit_label(self) -> str:
        return f"pakket {self.code} v{self.version}"

    def measures_on(self, on: date) -> list[Measure]:
        """The package's measures in the version of each measure in force on `on`.

        The package names measures; a measure revised after the package was written is used
        in its revised form from the revision's effective date, and dropped if withdrawn.
        """
        codes = list(self.measures.values_list("code", flat=True).distinct())
        current = {m.code: m for m in Measure.objects.in_force(on).filter(code__in=codes)}
        return [current[c] for c in sorted(current)]

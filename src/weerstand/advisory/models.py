"""The advisory body's records: its advice and themes, the NCTV's responses, and the frozen
quarterly counts its tables are computed from.

No record here refers to a case or a person: the advisory body never sees one.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerstand.core.errors import DomainError
from weerstand.policy.managers import PolicyManager


class QuarterCount(models.Model):
    """The true count of one indicator, quarter and breakdown value, frozen when the quarter
    was first published: every later table is computed from the same numbers, so two
    downloads at different times cannot be differenced. Never shown as such: only through
    `advisory.disclosure`."""

    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    indicator = models.CharField(max_length=64)
    value = models.CharField(max_length=64, blank=True)  # breakdown value ("" = none)
    numerator = models.PositiveIntegerField()
    denominator = models.PositiveIntegerField()
    frozen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "quarter", "indicator", "value"], name="unique_quarter_count"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}-Q{self.quarter} {self.value}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise DomainError("Een bevroren kwartaaltelling verandert niet.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise DomainError("Een bevroren kwartaaltelling wordt niet verwijderd.")


class AdviceTheme(models.Model):
    """A theme the advisory body files its advice under. Read through `selectors.themes`."""

    name = models.CharField(_("thema"), max_length=120, unique=True)
    description = models.TextField(_("omschrijving"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("adviesthema")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise DomainError("Een thema wordt niet gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise DomainError("Een thema wordt niet verwijderd.")

    def audit_label(self) -> str:
        return f"adviesthema {self.name}"


class Advice(models.Model):
    """One advice of the independent advisory body to the minister / the NCTV."""

    reference = models.CharField(_("kenmerk"), max_length=32, unique=True)
    title = models.CharField(_("titel"), max_length=200)
    body = models.TextField(_("advies"))
    themes = models.ManyToManyField(AdviceTheme, blank=True, related_name="advice")
    issued_on = models.DateField(_("uitgebracht op"), default=timezone.localdate)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = PolicyManager("advice")
    # Filled by `selectors.parts()` (Prefetch to_attr): the only way pages and API read them.
    theme_list: list[AdviceTheme]
    response_list: list[AdviceResponse]

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("advies")

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise DomainError("Een advies wordt niet gewijzigd; breng een nieuw advies uit.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise DomainError("Een advies wordt niet verwijderd.")

    def audit_label(self) -> str:
        return f"advies {self.reference}"


class AdviceResponse(models.Model):
    """The NCTV's response to an advice (by its quality function). Never changed afterwards:
    a later position is a new response. Read through its advice (`selectors.advice_list`)."""

    advice = models.ForeignKey(Advice, on_delete=models.PROTECT, related_name="responses")
    body = models.TextField(_("reactie"))
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["responded_at", "pk"]
        verbose_name = _("reactie op advies")

    def __str__(self) -> str:
        return f"reactie op {self.advice_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise DomainError("Een reactie wordt niet gewijzigd; geef een nieuwe reactie.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise DomainError("Een reactie wordt niet verwijderd.")

    def audit_label(self) -> str:
        return f"reactie op advies {self.advice_id}"

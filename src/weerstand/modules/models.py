"""Digital resilience modules: content as data, versioned, and assignments to a person.

A module (for adults, partners or children) has numbered versions; a version is published
once and never changes after that (the services refuse, and `save()`/`delete()` refuse for
the version and its sections), so what a person followed can always be shown again. An
assignment links one published version to one person concerned in a case, by the resilience
expert of the case team; the person marks sections done in the portal.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from weerstand.core.crypto.fields import EncryptedTextField
from weerstand.policy.managers import PolicyManager


def _lang() -> str:
    """The user's language for content (Dutch unless the interface is English)."""
    return "en" if (translation.get_language() or "nl").startswith("en") else "nl"


class Audience(models.TextChoices):
    ADULT = "adult", _("Volwassenen")
    PARTNER = "partner", _("Partners")
    CHILD = "child", _("Kinderen")


class PublishedVersionChanged(Exception):
    """A published version (or one of its sections) is immutable."""


class Module(models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    audience = models.CharField(_("voor wie"), max_length=16, choices=Audience.choices)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PolicyManager("module")

    class Meta:
        ordering = ["code"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self) -> str:
        return self.code

    def audit_label(self) -> str:
        return f"module {self.code}"


class Published(models.Model):
    """Published content: written once, never changed or deleted (a new version is the only
    way to change it), in Dutch with English beside it (`<field>_en`)."""

    changed_message = ""
    deleted_message = ""

    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None and type(self)._default_manager.filter(pk=self.pk).exists():
            raise PublishedVersionChanged(self.changed_message)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PublishedVersionChanged(self.deleted_message)

    def localized(self, field: str, lang: str) -> str:
        """Dutch, or English when asked and present."""
        if lang == "en":
            english = getattr(self, f"{field}_en", "")
            if english:
                return str(english)
        return str(getattr(self, field))


class ModuleVersion(Published):
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    title = models.CharField(_("titel"), max_length=200)
    title_en = models.CharField(_("titel (Engels)"), max_length=200)
    summary = models.TextField(_("samenvatting"))
    summary_en = models.TextField(_("samenvatting (Engels)"))
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_by_name = models.CharField(max_length=200, blank=True)

    objects = PolicyManager("module")

    # Not a column: the API puts the sections the reader may see here.
    shown_sections: list[ModuleSection]

    class Meta:
        ordering = ["module__code", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["module", "number"], name="unique_module_version")
        ]

    def __str__(self) -> str:
        return f"{self.module_id} v{self.number}"

    changed_message = "Een gepubliceerde moduleversie verandert niet."
    deleted_message = "Een gepubliceerde moduleversie wordt niet verwijderd."

    def audit_label(self) -> str:
        return f"moduleversie {self.pk} (versie {self.number})"

    def shown_title(self) -> str:
        return self.localized("title", _lang())

    def shown_summary(self) -> str:
        return self.localized("summary", _lang())


class ModuleSection(Published):
    version = models.ForeignKey(ModuleVersion, on_delete=models.PROTECT, related_name="sections")
    position = models.PositiveIntegerField()
    title = models.CharField(_("titel"), max_length=200)
    title_en = models.CharField(_("titel (Engels)"), max_length=200)
    body = models.TextField(_("tekst"))
    body_en = models.TextField(_("tekst (Engels)"))

    objects = PolicyManager("module")

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="unique_section_position")
        ]

    def __str__(self) -> str:
        return f"{self.version_id}/{self.position}"

    changed_message = "Een deel van een gepubliceerde module verandert niet."
    deleted_message = "Een deel van een gepubliceerde module blijft bestaan."

    def audit_label(self) -> str:
        return f"moduledeel {self.pk}"

    def shown_title(self) -> str:
        return self.localized("title", _lang())

    def shown_body(self) -> str:
        return self.localized("body", _lang())


class ModuleAssignment(models.Model):
    """One module version for one person concerned in a case, with a note to them."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    case_person = models.ForeignKey("cases.CasePerson", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    module_version = models.ForeignKey(
        ModuleVersion, on_delete=models.PROTECT, related_name="assignments"
    )
    note = EncryptedTextField(_("toelichting voor de persoon"), blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_by_name = models.CharField(max_length=200)
    assigned_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = PolicyManager("module_assignment")

    class Meta:
        ordering = ["-assigned_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_person", "module_version"], name="unique_module_assignment"
            )
        ]

    def __str__(self) -> str:
        return f"moduleopdracht {self.pk}"

    def audit_label(self) -> str:
        return f"moduleopdracht {self.pk}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id


class SectionProgress(models.Model):
    """A section the person marked done."""

    assignment = models.ForeignKey(
        ModuleAssignment, on_delete=models.CASCADE, related_name="progress"
    )
    section = models.ForeignKey(ModuleSection, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(default=timezone.now)

    objects = PolicyManager("module_progress")

    class Meta:
        ordering = ["section__position"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "section"], name="unique_section_done")
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id}/{self.section_id}"

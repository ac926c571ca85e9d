"""The person registry: protectees, their relatives and employers, and the limitative list."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerstand.accounts.roles import Classification
from weerstand.core.crypto.fields import EncryptedTextField
from weerstand.policy.managers import PolicyManager


class Employer(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    contact = EncryptedTextField(_("contactgegevens"), blank=True)
    own_measures = models.TextField(_("eigen maatregelen werkgever"), blank=True)

    objects = PolicyManager("employer")

    class Meta:
        ordering = ["name"]
        verbose_name = _("werkgever")
        verbose_name_plural = _("werkgevers")

    def __str__(self) -> str:
        return self.name

    def audit_label(self) -> str:
        return f"werkgever {self.pk}"


class Person(models.Model):
    """A natural person concerned in one or more cases."""

    first_name = models.CharField(_("voornaam"), max_length=100)
    last_name = models.CharField(_("achternaam"), max_length=100)
    date_of_birth = models.DateField(_("geboortedatum"), null=True, blank=True)
    home_address = EncryptedTextField(_("woonadres"), blank=True)
    phone_numbers = EncryptedTextField(_("telefoonnummers"), blank=True)
    employer = models.ForeignKey(
        Employer, null=True, blank=True, on_delete=models.PROTECT, related_name="employees"
    )
    classification = models.IntegerField(
        _("rubricering"), choices=Classification.choices, default=Classification.DEPV
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = PolicyManager("person")

    SECRET_FIELDS = ("home_address", "phone_numbers")

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def audit_label(self) -> str:
        return f"persoon {self.pk}"


class ProgrammeCover(models.Model):
    """That a person is covered by the witness protection programme, by which programme, and
    why we know. Weerstand never holds the new identity or location: those stay with the
    separate programme, so there is no field for them here."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="programme_cover")
    programme = models.CharField(_("programma"), max_length=100)
    reason = EncryptedTextField(_("onderbouwing"))
    # Empty only for covers carried over from the removed identity field (no known author).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = PolicyManager("programme_cover")

    SECRET_FIELDS = ("reason",)

    class Meta:
        verbose_name = _("dekking door getuigenbescherming")
        verbose_name_plural = _("dekkingen door getuigenbescherming")

    def __str__(self) -> str:
        return f"{self.person_id}: {self.programme}"

    def audit_label(self) -> str:
        return f"dekking getuigenbescherming persoon {self.person_id}"


class RelationKind(models.TextChoices):
    PARTNER = "partner", _("Partner")
    CHILD = "child", _("Kind")
    PARENT = "parent", _("Ouder")
    SIBLING = "sibling", _("Broer of zus")
    LAWYER = "lawyer", _("Advocaat")
    CONFIDANT = "confidant", _("Vertrouwenspersoon")
    OTHER = "other", _("Overig")


class PersonRelation(models.Model):
    """A relative (naaste) or other person close to a protectee."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relations")
    related = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="related_to")
    kind = models.CharField(_("relatie"), max_length=16, choices=RelationKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "related", "kind"], name="unique_relation")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.related_id} ({self.kind})"


class LimitativeKind(models.TextChoices):
    PERSON = "person", _("Persoon")
    OBJECT = "object", _("Object")
    SERVICE = "service", _("Dienst")
    NATIONAL_EVENT = "national_event", _("Nationaal evenement")


class LimitativeEntry(models.Model):
    """An entry on the limitative list, with its own owning organisation."""

    kind = models.CharField(_("soort"), max_length=16, choices=LimitativeKind.choices)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    owner = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="limitative_entries"
    )
    classification = models.IntegerField(
        _("rubricering"), choices=Classification.choices, default=Classification.DEPV
    )
    active = models.BooleanField(default=True)

    objects = PolicyManager("limitative_entry")

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("vermelding limitatieve lijst")
        verbose_name_plural = _("limitatieve lijst")

    def __str__(self) -> str:
        return self.name

    def audit_label(self) -> str:
        return f"limitatieve lijst {self.pk}"

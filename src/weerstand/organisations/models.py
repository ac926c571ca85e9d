"""Organisations in the protection system and their units."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    NCTV = "nctv", _("NCTV")
    POLICE = "police", _("Politie")
    KMAR = "kmar", _("Koninklijke Marechaussee")
    AIVD = "aivd", _("AIVD")
    MIVD = "mivd", _("MIVD")
    OM = "om", _("Openbaar Ministerie")
    MUNICIPALITY = "municipality", _("Gemeente")
    DJI = "dji", _("Dienst Justitiële Inrichtingen")
    RECLASSERING = "reclassering", _("Reclassering")
    INSPECTORATE = "inspectorate", _("Inspectie Justitie en Veiligheid")
    ADVISORY_BODY = "advisory_body", _("Onafhankelijk adviesorgaan")
    PRIVATE = "private", _("Private partij")
    APPEAL_BODY = "appeal_body", _("Onafhankelijke bezwaarinstantie")
    CIVILIAN = "civilian", _("Burger (te beveiligen persoon, naaste, werkgever)")


class Organisation(models.Model):
    """A partner organisation. Users belong to exactly one."""

    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=32, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    DKDB = "dkdb", _("Dienst Koninklijke en Diplomatieke Beveiliging")
    BE = "be", _("Bewakingseenheid")
    BSB = "bsb", _("Brigade Speciale Beveiligingsopdrachten (KMar)")
    HRB = "hrb", _("High Risk Beveiliging (KMar)")
    KMAR_PB = "kmar_pb", _("Contingent persoonsbeveiliging binnenland (KMar)")
    POLICE_PB = "police_pb", _("Segment persoonsbegeleiding (politie)")
    REGIONAL = "regional", _("Regionale eenheid (politie)")
    THREAT_ANALYSIS = "threat_analysis", _("Dreigingsanalysefunctie (NCTV)")
    AUTHORITY = "authority", _("Gezag (NCTV)")
    LCC = "lcc", _("Landelijk Coördinatiecentrum")
    PRIVATE = "private", _("Goedgekeurde private partij")
    OTHER = "other", _("Overig")


class Unit(models.Model):
    """A unit inside an organisation (a police unit, KMar contingent, NCTV function)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="units")
    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=32, choices=UnitKind.choices)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("eenheid")
        verbose_name_plural = _("eenheden")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation.name})"

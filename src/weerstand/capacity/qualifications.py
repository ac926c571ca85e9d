"""Qualifications of protection officers: what a measure demands and what an officer holds.

The catalogue's capacity profiles and the officer register use these codes; the planner core
compares them as plain strings (see `planner.generator.QUALIFICATIONS`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Qualification(models.TextChoices):
    PERSONAL_PROTECTION = "personal_protection", _("Persoonsbeveiliging")
    SECURE_DRIVING = "secure_driving", _("Beveiligd rijden")
    HIGH_RISK = "high_risk", _("Hoog-risico-optreden")
    FIREARMS = "firearms", _("Vuurwapenbevoegdheid")
    SURVEILLANCE = "surveillance", _("Bewaken en observeren")

"""The scales the threat picture and the decision share.

The analysis function recommends a required resistance; the authority decides one. Both use
the same scale, and the catalogue's packages are keyed on it, so it lives in one place.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ThreatLevel(models.IntegerChoices):
    """The outcome of the integrated threat assessment (five steps, like the national scale)."""

    MINIMAL = 1, _("1 – Minimaal")
    LIMITED = 2, _("2 – Beperkt")
    CONSIDERABLE = 3, _("3 – Aanzienlijk")
    SUBSTANTIAL = 4, _("4 – Substantieel")
    CRITICAL = 5, _("5 – Kritiek")


class ResistanceLevel(models.IntegerChoices):
    """Required resistance (benodigde weerstand): what the protection as a whole must withstand."""

    BASIC = 1, _("Niveau 1 – Basis: alertering en advies")
    ELEVATED = 2, _("Niveau 2 – Verhoogd: bewaking en beveiligde woning")
    HIGH = 3, _("Niveau 3 – Hoog: persoonsbeveiliging op risicomomenten")
    MAXIMUM = 4, _("Niveau 4 – Maximaal: doorlopende persoonsbeveiliging")

"""The scales the threat picture and the decision share.

The analysis function recommends a required resistance; the authority decides one. Both use
the same scale, and the catalogue's packages are keyed on it, so it lives in one place.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ThreatLevel(models.IntegerChoices):
    """The outcome of the integrated threat assessment (five steps, like the national scale)."""

    MINIMAL = 1, _("1 – Minimaal")  # noqa: RUF001 - the dash is part of the label
    LIMITED = 2, _("2 – Beperkt")  # noqa: RUF001 - the dash is part of the label
    CONSIDERABLE = 3, _("3 – Aanzienlijk")  # noqa: RUF001 - the dash is part of the label
    SUBSTANTIAL = 4, _("4 – Substantieel")  # noqa: RUF001 - the dash is part of the label
    CRITICAL = 5, _("5 – Kritiek")  # noqa: RUF001 - the dash is part of the label


class ResistanceLevel(models.IntegerChoices):
    """Required resistance (benodigde weerstand): what the protection as a whole must withstand."""

    BASIC = 1, _("Niveau 1 – Basis: alertering en advies")  # noqa: RUF001 - the dash is part of the label
    ELEVATED = 2, _("Niveau 2 – Verhoogd: bewaking en beveiligde woning")  # noqa: RUF001 - the dash is part of the label
    HIGH = 3, _("Niveau 3 – Hoog: persoonsbeveiliging op risicomomenten")  # noqa: RUF001 - the dash is part of the label
    MAXIMUM = 4, _("Niveau 4 – Maximaal: doorlopende persoonsbeveiliging")  # noqa: RUF001 - the dash is part of the label

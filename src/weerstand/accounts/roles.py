"""The roles of the protection system (DOMAIN.md, 'Roles you will model').

Roles are code, not data: the access policy is written against them and reviewed with them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ANALYST = "analyst", _("NCTV-analist (dreigingsanalysefunctie)")
    SENIOR_ANALYST = "senior_analyst", _("Senior NCTV-analist")
    DECISION_MAKER = "decision_maker", _("NCTV-besluitvormer (gezag)")
    LCC_COORDINATOR = "lcc_coordinator", _("Coördinator Landelijk Coördinatiecentrum")
    POLICE_LIAISON = "police_liaison", _("Liaison politie")
    KMAR_LIAISON = "kmar_liaison", _("Liaison KMar")
    UNIT_PLANNER = "unit_planner", _("Planner eenheid")
    INTELLIGENCE_LIAISON = "intelligence_liaison", _("Liaison inlichtingendienst")
    OM_OFFICER = "om_officer", _("Officier van justitie")
    MAYOR = "mayor", _("Burgemeester")
    INFORMATION_COORDINATOR = "information_coordinator", _("Informatiecoördinator")
    RESILIENCE_EXPERT = "resilience_expert", _("Expert weerbaarheid")
    PROTECTEE = "protectee", _("Te beveiligen persoon")
    RELATIVE = "relative", _("Naaste")
    EMPLOYER = "employer", _("Werkgever")
    INSPECTOR = "inspector", _("Inspecteur")
    APPEAL_OFFICER = "appeal_officer", _("Bezwaarbehandelaar onafhankelijke instantie")
    ADVISORY_BODY = "advisory_body", _("Adviesorgaan")
    # The NCTV's quality function: the quality monitor, evaluations and post-incident reviews.
    QUALITY_OFFICER = "quality_officer", _("Kwaliteitsfunctie NCTV")
    # Handles a person's request to see what is recorded about them, retention and legal holds.
    PRIVACY_OFFICER = "privacy_officer", _("Privacyfunctionaris")
    # Outside the investigation and prosecution team: reviews a crown-witness trajectory's
    # weighing and protection agreement (an examining judge or an independent committee).
    INDEPENDENT_REVIEWER = "independent_reviewer", _("Onafhankelijk toetser kroongetuigetraject")
    SYSTEM_ADMIN = "system_admin", _("Systeembeheerder")
    # The second person for access changes to the accounts of their own organisation.
    SECURITY_OFFICER = "security_officer", _("Beveiligingsfunctionaris")


class Clearance(models.IntegerChoices):
    """Security screening level; also used as the classification scale of objects."""

    UNCLASSIFIED = 0, _("Ongerubriceerd")
    DEPV = 1, _("Departementaal Vertrouwelijk")
    STG_CONFIDENTIEEL = 2, _("Stg. Confidentieel")
    STG_GEHEIM = 3, _("Stg. Geheim")
    STG_ZEER_GEHEIM = 4, _("Stg. Zeer Geheim")


Classification = Clearance


# The persons concerned, who use the portal: never officials, never an official's menu.
PORTAL_ROLES = frozenset({Role.PROTECTEE, Role.RELATIVE, Role.EMPLOYER})


def is_portal_user(user: object) -> bool:
    """Whether the user holds only portal roles (protectee, relative, employer).

    Such a user gets the calm portal start page and plain words, and none of the officials'
    menu items (API tokens, administration). An official who also holds a portal role keeps
    the officials' pages."""
    if not getattr(user, "is_authenticated", False):
        return False
    roles = set(getattr(user, "role_codes", ()) or ())
    return bool(roles) and roles <= PORTAL_ROLES

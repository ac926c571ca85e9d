"""What the information services share: the input shapes, the case states that take advice,
and the look-up of a product its originator may change (not part of the public surface)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from weerstand.core.errors import InvalidParam, NotPermitted, ValidationFailed
from weerstand.information import rules
from weerstand.information.models import Handling, LegalBasis, ThreatProduct
from weerstand.organisations.models import Organisation
from weerstand.policy import engine
from weerstand.policy.table import Action

# Case states in which new information may change the threat picture (contract).
ACTIVE_CASE_STATES = ("assessment", "decision", "protection_active", "recalibration")


@dataclass
class AttachmentData:
    filename: str
    content_type: str
    data: bytes


@dataclass
class ProductData:
    """What a partner delivers. `cases`/`persons` are objects or ids the actor may view."""

    title: str
    legal_basis: LegalBasis | int | str
    reliability: str
    credibility: int
    originator: Organisation | None = None  # default: the actor's organisation
    classification: int = 1
    handling: str = Handling.NONE
    summary: str = ""
    body: str = ""
    partner_reference: str = ""
    valid_from: date | None = None
    valid_until: date | None = None
    phenomenon: str = ""
    received_at: Any = None
    cases: list[Any] = field(default_factory=list)
    persons: list[Any] = field(default_factory=list)
    entities: list[tuple[str, str]] = field(default_factory=list)  # (kind, value)
    attachments: list[AttachmentData] = field(default_factory=list)


def invalid(detail: str, name: str, code: str, reason: str) -> ValidationFailed:
    return ValidationFailed(detail, invalid_params=[InvalidParam(name, code, reason)])


def changeable_product(actor: Any, product_id: int) -> ThreatProduct:
    """The product, locked, when the actor's organisation may change it (404 when hidden)."""
    engine.require_principal(actor)
    product = engine.get_for(
        ThreatProduct.objects.select_for_update(), actor, Action.VIEW, pk=product_id
    )
    if not rules.may_change_product(actor, product):
        raise NotPermitted(_("Alleen de verstrekkende organisatie kan dit product wijzigen."))
    return product

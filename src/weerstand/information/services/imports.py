"""A partner's batch import: each record in its own savepoint, so a bad record never blocks
the good ones and never leaves half of itself behind. Idempotent by (originator, partner
reference) and the record's fingerprint."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.errors import DomainError, InvalidTransition, NotPermitted
from weerstand.core.locks import serialise
from weerstand.information import importing, rules
from weerstand.information.models import ProductStatus, ThreatProduct
from weerstand.information.services.products import create_product, new_version, originator_for
from weerstand.organisations.models import Organisation
from weerstand.policy import engine


@dataclass
class RecordResult:
    index: int
    partner_reference: str
    outcome: str  # accepted | unchanged | new_version | refused
    reference: str = ""
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The report entry as the API and the console print it (camelCase JSON, like every
        answer of the API; the import document itself keeps its own schema's names)."""
        return {
            "index": self.index,
            "partnerReference": self.partner_reference,
            "outcome": self.outcome,
            "reference": self.reference,
            "reasons": self.reasons,
        }


def fingerprint(record: dict[str, Any]) -> str:
    return hashlib.sha256(
        json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    ).hexdigest()


def import_record(actor: Any, originator: Organisation, index: int, record: Any) -> RecordResult:
    """One record in its own savepoint: all of it is written, or nothing."""
    ref = str(record.get("partner_reference", "")) if isinstance(record, dict) else ""
    result = RecordResult(index=index, partner_reference=ref[:100], outcome="refused")
    try:
        data = importing.parse_record(record)
        data.originator = originator
        digest = fingerprint(record)
        with transaction.atomic():
            serialise(f"product-partner-ref:{originator.pk}:{data.partner_reference}")
            latest = (
                ThreatProduct.objects.filter(
                    originator=originator, partner_reference=data.partner_reference
                )
                .order_by("-version")
                .first()
            )
            if latest is None:
                product = create_product(actor, data)
                result.outcome = "accepted"
            elif latest.import_fingerprint == digest:
                result.outcome, result.reference = "unchanged", latest.reference
                return result
            elif latest.status != ProductStatus.ACTIVE:
                raise InvalidTransition(
                    _("Het product met dit kenmerk is ingetrokken; er kan geen nieuwe versie meer.")
                )
            else:
                product = new_version(actor, latest.pk, data)
                result.outcome = "new_version"
            ThreatProduct.objects.filter(pk=product.pk).update(import_fingerprint=digest)
            result.reference = product.reference
    except DomainError as exc:
        result.outcome = "refused"
        result.reasons = [exc.detail] + [
            f"{p.name}: {p.reason}" for p in exc.invalid_params if p.reason not in ("-", "")
        ]
    except (IntegrityError, ValueError, TypeError) as exc:  # nothing of the record was kept
        result.outcome = "refused"
        result.reasons = [
            _("Het record kon niet worden verwerkt (%(e)s).") % {"e": type(exc).__name__}
        ]
    return result


def import_products(
    actor: Any, document: Any, *, originator: Organisation | None
) -> dict[str, Any]:
    """Import a partner's batch; a bad record never blocks the good ones.

    `originator` None means the actor's own organisation (refused when it has none).

    Returns a report: counts per outcome and one entry per record.
    """
    engine.require_principal(actor)
    if not rules.may_provide(actor):
        raise NotPermitted(_("U mag geen informatieproducten aanleveren."))
    originator = originator_for(actor, originator)
    records = importing.parse_document(document)
    results = [import_record(actor, originator, i, r) for i, r in enumerate(records)]
    counts = {k: 0 for k in ("accepted", "unchanged", "new_version", "refused")}
    for r in results:
        counts[r.outcome] += 1
    audit.record(
        AuditAction.CREATE,
        object_type="information.productimport",
        object_repr=f"import {originator.code}: {len(results)} records",
        changes={"counts": counts, "references": [r.reference for r in results if r.reference]},
        actor=actor,
    )
    return {
        "originator": originator.code,
        "counts": counts,
        "records": [r.as_dict() for r in results],
    }

"""Files on a product: inspected before anything is written, stored encrypted, audited."""

from __future__ import annotations

import base64
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.errors import InvalidTransition
from weerstand.information import attachments as files
from weerstand.information.models import Attachment, ProductStatus, ThreatProduct
from weerstand.information.services.common import AttachmentData, changeable_product


def inspect_all(items: list[AttachmentData]) -> list[files.InspectedFile]:
    """Inspect every file first, so a bad one refuses the whole delivery before any write."""
    return [files.inspect(a.filename, a.content_type, a.data) for a in items]


def store_attachment(product: ThreatProduct, f: files.InspectedFile, actor: Any) -> Attachment:
    att = Attachment.objects.create(
        product=product,
        filename=f.filename,
        content_type=f.content_type,
        size=f.size,
        sha256=f.sha256,
        content=base64.b64encode(f.data).decode("ascii"),
        extracted_text=f.text,
        uploaded_by=actor,
    )
    audit.record(
        AuditAction.CREATE,
        att,
        changes={
            "content_type": [None, f.content_type],
            "size": [None, f.size],
            "sha256": [None, f.sha256],
        },
        actor=actor,
    )
    return att


def add_attachment(actor: Any, product_id: int, item: AttachmentData) -> Attachment:
    """Add a file to a product of the actor's organisation, after inspection."""
    inspected = files.inspect(item.filename, item.content_type, item.data)
    with transaction.atomic():
        product = changeable_product(actor, product_id)
        if product.status != ProductStatus.ACTIVE:
            raise InvalidTransition(_("Aan een vervangen of ingetrokken product kan niets meer."))
        return store_attachment(product, inspected, actor)


def recheck_stored() -> tuple[int, list[dict[str, Any]]]:
    """Inspect every stored attachment again with today's checks (system use, unscoped).

    Files stored before a check was tightened (active PDFs that a byte scan let through)
    are found and listed for the information coordinator; nothing is changed or deleted,
    because withdrawing a partner's product is a decision with its own trail. One audit
    record names the refused attachments by id, never by file name (names can name people).
    """
    checked = 0
    refused: list[dict[str, Any]] = []
    rows = Attachment._base_manager.order_by("pk").only(
        "pk", "product_id", "filename", "content_type", "content"
    )
    for att in rows.iterator(chunk_size=50):
        checked += 1
        try:
            files.inspect(att.filename, att.content_type, att.data())
        except files.Rejected as exc:
            code = exc.invalid_params[0].code if exc.invalid_params else "rejected"
            refused.append({"attachment": att.pk, "product": att.product_id, "code": code})
    audit.record(
        AuditAction.ADMIN,
        object_type="information.attachment",
        object_repr="opgeslagen bijlagen opnieuw gecontroleerd",
        changes={"checked": checked, "refused": refused},
    )
    return checked, refused

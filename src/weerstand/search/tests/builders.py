"""Small builders for search tests: products and signals written directly (fast), so the
tests depend on the other apps' models, not on their services' validation."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

from django.utils import timezone

from weerstand import testing as t

_seq = itertools.count(1)


def legal_basis(recipients: tuple[str, ...] = ("nctv", "police", "kmar", "aivd", "om")) -> Any:
    from weerstand.information.models import LegalBasis

    n = next(_seq)
    return LegalBasis.objects.create(
        code=f"zoek-grondslag-{n}",
        name=f"Grondslag {n}",
        law="Wpg art. 16",
        provider_kinds=["police", "kmar", "aivd", "om"],
        recipient_kinds=list(recipients),
    )


def product(
    *,
    title: str,
    summary: str = "",
    body: str = "",
    cases: tuple[Any, ...] = (),
    originator: Any = None,
    basis: Any = None,
    classification: int = 1,
    handling: str = "none",
    reliability: str = "B",
    credibility: int = 2,
    phenomenon: str = "",
    received_at: Any = None,
    attachments: tuple[tuple[str, str], ...] = (),
) -> Any:
    from weerstand.information.models import Attachment, ProductCase, ThreatProduct

    n = next(_seq)
    p = ThreatProduct.objects.create(
        reference=f"ZP-{n:05d}",
        originator=originator or t.org("police", code="politie-zoek"),
        legal_basis=basis or legal_basis(),
        classification=classification,
        handling=handling,
        title=title,
        summary=summary,
        body=body,
        reliability=reliability,
        credibility=credibility,
        phenomenon=phenomenon,
        received_at=received_at or timezone.now(),
    )
    for c in cases:
        ProductCase.objects.create(product=p, case=c)
    for filename, extracted in attachments:
        Attachment.objects.create(
            product=p,
            filename=filename,
            content_type="text/plain",
            size=len(extracted),
            sha256="0" * 64,
            content="",
            extracted_text=extracted,
        )
    return p


def signal(*, what: str, reporter: Any, case: Any = None, classification: int = 1) -> Any:
    from weerstand.signals.models import Signal

    n = next(_seq)
    now = timezone.now()
    return Signal.objects.create(
        reference=f"ZS-{n:05d}",
        case=case,
        reported_by=reporter,
        reporter_kind="officer",
        kind="observation",
        what=what,
        happened_at=now,
        certainty="fairly_sure",
        reliability="C",
        credibility=3,
        classification=classification,
        triage_deadline=now + timedelta(hours=24),
    )

"""The standard list of legal bases for providing threat information (seeded, then configured
in the admin). Provider and recipient kinds are `OrganisationKind` values."""

from __future__ import annotations

from typing import Any

ENFORCEMENT = ["police", "kmar"]
JUSTICE_CHAIN = ["om", "dji", "reclassering"]

DEFAULT_LEGAL_BASES: list[dict[str, Any]] = [
    {
        "code": "wpg-16",
        "law": "Wpg art. 16",
        "name": "Verstrekking voor de taakuitvoering van politie en partners",
        "provider_kinds": ENFORCEMENT,
        "recipient_kinds": ["nctv", "police", "kmar", "om"],
    },
    {
        "code": "wpg-19",
        "law": "Wpg art. 19",
        "name": "Verstrekking wegens zwaarwegend algemeen belang",
        "provider_kinds": ENFORCEMENT,
        "recipient_kinds": ["nctv", "police", "kmar", "om", "municipality", "dji", "reclassering"],
    },
    {
        "code": "wpg-20",
        "law": "Wpg art. 20",
        "name": "Verstrekking binnen een samenwerkingsverband",
        "provider_kinds": ENFORCEMENT,
        "recipient_kinds": ["nctv", "om", "municipality", "dji", "reclassering"],
    },
    {
        "code": "wiv-64",
        "law": "Wiv 2017 art. 64",
        "name": "Verstrekking door een inlichtingendienst aan een bevoegde instantie (alleen NCTV)",
        "provider_kinds": ["aivd", "mivd"],
        "recipient_kinds": ["nctv"],
    },
    {
        "code": "wiv-66",
        "law": "Wiv 2017 art. 66",
        "name": "Ambtsbericht van een inlichtingendienst",
        "provider_kinds": ["aivd", "mivd"],
        "recipient_kinds": ["nctv", "police", "kmar", "om"],
    },
    {
        "code": "wjsg-39f",
        "law": "Wjsg art. 39f",
        "name": "Verstrekking van justitiële en strafvorderlijke gegevens",
        "provider_kinds": JUSTICE_CHAIN,
        "recipient_kinds": ["nctv", "police", "kmar", "om", "municipality"],
    },
    {
        "code": "wjsg-39i",
        "law": "Wjsg art. 39i",
        "name": "Verstrekking van tenuitvoerleggingsgegevens",
        "provider_kinds": JUSTICE_CHAIN,
        "recipient_kinds": ["nctv", "om"],
    },
    {
        "code": "gemeentewet-172",
        "law": "Gemeentewet art. 172 jo. AVG art. 6 lid 1 sub e",
        "name": "Verstrekking door de burgemeester in het kader van de openbare orde",
        "provider_kinds": ["municipality"],
        "recipient_kinds": ["nctv", "police", "om", "municipality"],
    },
    {
        "code": "nctv-taak",
        "law": "Instellingsbesluit NCTV",
        "name": "Eigen analyse van de dreigingsanalysefunctie",
        "provider_kinds": ["nctv"],
        "recipient_kinds": ["nctv", "police", "kmar", "om"],
    },
]


def ensure_default_legal_bases() -> dict[str, Any]:
    """Create the standard legal bases that do not exist yet; returns code -> LegalBasis."""
    from weerstand.information.models import LegalBasis

    out = {}
    for spec in DEFAULT_LEGAL_BASES:
        basis, _ = LegalBasis.objects.get_or_create(
            code=spec["code"],
            defaults={k: v for k, v in spec.items() if k != "code"},
        )
        out[basis.code] = basis
    return out

"""Demo data of the information app (called by core.demo.seed after the cases exist).

Writes through the services, so every product passes the legal-basis check, gets its audit
records, and linking a product to an active case advises re-assessment as in real use.
"""

from __future__ import annotations

import io
import random
from datetime import timedelta
from typing import Any

from django.http import Http404

from weerstand.core.errors import DomainError
from weerstand.information import services
from weerstand.information.legal_bases import ensure_default_legal_bases
from weerstand.information.services import AttachmentData, ProductData

SEED = 5150

# (originator code, legal basis, preferred actor username or "" for an analyst on its behalf)
SOURCES = [
    ("politie", "wpg-19", "politie"),
    ("politie", "wpg-16", "politie"),
    ("kmar", "wpg-19", "kmar"),
    ("aivd", "wiv-64", "aivd"),
    ("aivd", "wiv-66", "aivd"),
    ("mivd", "wiv-66", ""),
    ("om-rotterdam", "wjsg-39f", ""),
    ("dji", "wjsg-39f", ""),
    ("reclassering", "wjsg-39i", ""),
    ("gemeente-rotterdam", "gemeentewet-172", ""),
]

TITLES = {
    "politie": [
        "Observatie verdachte voertuigen nabij woning",
        "Tapinformatie: opdracht tot uitvoeren geweld",
        "CIE-melding over bedreiging met vuurwapen",
        "Incident bij werkadres: verdachte persoon gefilmd",
        "Informatie uit lopend onderzoek naar criminele organisatie",
    ],
    "kmar": [
        "Grensmelding: betrokkene ingereisd via Schiphol",
        "Signalering verdacht reisgedrag bekende dader",
    ],
    "aivd": [
        "Ambtsbericht: dreiging vanuit jihadistisch netwerk",
        "Inlichtingen over statelijke belangstelling voor betrokkene",
        "Aanwijzingen voor radicalisering eenling met fixatie",
    ],
    "mivd": ["Dreigingsinformatie rond militaire betrokkene"],
    "om": [
        "Getuigenverklaring bevestigt plan tot aanslag",
        "Verklaring medeverdachte over opdrachtgever",
    ],
    "dji": [
        "Gedetineerde uit zich dreigend over officier van justitie",
        "Bezoekersregistratie: contact met bekende uitvoerder",
    ],
    "reclassering": ["Reclasseringsadvies: verhoogd recidiverisico en fixatie op slachtoffer"],
    "municipality": ["Melding wijkteam: verdachte posten bij woning gemeenteraadslid"],
}
KIND_OF = {
    "politie": "politie",
    "kmar": "kmar",
    "aivd": "aivd",
    "mivd": "mivd",
    "om-rotterdam": "om",
    "dji": "dji",
    "reclassering": "reclassering",
    "gemeente-rotterdam": "municipality",
}
PLACES = ["Rotterdam", "Schiedam", "Utrecht", "Amsterdam", "Den Haag", "Zoetermeer", "Breda"]


def _pdf(text: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4, invariant=1)
    y = 800
    for line in text.splitlines():
        pdf.drawString(60, y, line)
        y -= 16
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def seed(seeder: Any) -> dict[str, Any]:
    from weerstand.cases.models import Case
    from weerstand.registry.models import Person

    rng = random.Random(SEED)
    bases = ensure_default_legal_bases()
    users = seeder.users
    analyst = users["senior-analist"] if "senior-analist" in users else users["analist"]
    made: list[Any] = []
    visible_to: dict[str, list[Any]] = {}

    def cases_for(username: str) -> list[Any]:
        if username not in visible_to:
            u = users[username]
            visible_to[username] = list(Case.objects.visible_to(u).order_by("reference")[:60])
        return visible_to[username]

    person_ids: dict[int, set[int]] = {}

    def visible_persons(u: Any) -> set[int]:
        if u.pk not in person_ids:
            person_ids[u.pk] = set(Person.objects.visible_to(u).values_list("pk", flat=True))
        return person_ids[u.pk]

    for i in range(40):
        org_code, basis_code, actor_name = SOURCES[i % len(SOURCES)]
        if actor_name and actor_name not in users:
            actor_name = ""
        actor = users[actor_name] if actor_name else analyst
        kind = KIND_OF[org_code]
        title = rng.choice(TITLES[kind])
        place = rng.choice(PLACES)
        candidates = cases_for(actor_name or analyst.username)
        linked = rng.sample(candidates, min(len(candidates), rng.choice([0, 1, 1, 1, 2])))
        handling = rng.choice(["none"] * 6 + ["analysis_only", "orcon", "no_operational_use"])
        if kind in ("aivd", "mivd") and handling == "none":
            handling = "analysis_only"
        phone = f"06-{rng.randint(10, 99)}{rng.randint(100000, 999999)}"
        letters = rng.choice(["GX", "KL", "TV", "NZ"])
        plate = f"{letters}-{rng.randint(100, 999)}-{rng.choice('BDFHJ')}"
        entities = []
        if rng.random() < 0.5:
            entities.append(("phone", phone))
        if rng.random() < 0.35:
            entities.append(("vehicle", plate))
        if rng.random() < 0.2:
            entities.append(("address", f"Havenstraat {rng.randint(1, 180)}, {place}"))
        if i in (3, 17):  # the same number turns up with two partners
            entities.append(("phone", "+31 6 48213377"))
        attachments = []
        if i in (1, 12):
            attachments.append(
                AttachmentData(
                    f"proces-verbaal-{i}.txt",
                    "text/plain",
                    (
                        f"Proces-verbaal van bevindingen ({place}).\n"
                        "Verbalisant zag een persoon die de woning langdurig observeerde.\n"
                    ).encode(),
                )
            )
        if i == 5:
            attachments.append(
                AttachmentData(
                    "ambtsbericht.pdf",
                    "application/pdf",
                    _pdf("Ambtsbericht (fictief)\nDreiging tegen betrokkene is reëel."),
                )
            )
        received = seeder.now - timedelta(days=rng.randint(0, 120), hours=rng.randint(0, 23))
        data = ProductData(
            title=f"{title} ({place})",
            legal_basis=bases[basis_code],
            reliability=rng.choice("ABBCCCDF"),
            credibility=rng.choice([1, 2, 2, 3, 3, 4, 6]),
            originator=seeder.orgs[org_code] if not actor_name else None,
            classification=rng.choice([0, 1, 1, 2]) if kind not in ("aivd", "mivd") else 2,
            handling=handling,
            summary=(
                f"{title} in de regio {place}. De verstrekker beoordeelt de informatie als "
                "relevant voor de dreigingsinschatting."
            ),
            body=(
                f"Op basis van eigen waarneming en bronnen meldt {seeder.orgs[org_code].name}: "
                f"{title.lower()}. Nadere duiding volgt."
            ),
            partner_reference=f"{org_code.upper()}-{2026}-{1000 + i}",
            valid_from=received.date(),
            valid_until=received.date() + timedelta(days=rng.choice([90, 180, 365])),
            phenomenon=linked[0].phenomenon if linked else "",
            received_at=received,
            cases=linked,
            persons=[
                c.protectee_id for c in linked[:1] if c.protectee_id in visible_persons(actor)
            ],
            entities=entities,
            attachments=attachments,
        )
        made.append(services.create_product(actor, data))

    # One superseded by a new version, one withdrawn with its reason (by the originator).
    police = users.get("politie")
    police_products = [p for p in made if police and p.originator_id == police.organisation_id]
    superseded = withdrawn = None
    if len(police_products) >= 2:
        first = police_products[0]
        update = services.data_from_product(first)
        update.title = first.title + " - aanvulling"
        update.credibility = 2
        update.summary = first.summary + " Aanvulling: tweede bron bevestigt de waarneming."
        superseded = services.new_version(police, first.pk, update)
        withdrawn = services.withdraw_product(
            police,
            police_products[1].pk,
            reason="De bron bleek onbetrouwbaar; de melding berust op een verwisseling.",
        )
    # Some advice already handled, so open and resolved advice both show.
    from weerstand.information.models import ReassessmentAdvice

    resolved = 0
    for case_id in (
        ReassessmentAdvice.objects.filter(resolved_at__isnull=True)
        .values_list("case_id", flat=True)
        .distinct()
        .order_by("case_id")[:3]
    ):
        try:
            services.resolve_advice(
                case_id,
                actor=analyst,
                resolution="Beoordeeld: geen wijziging van het dreigingsniveau nodig.",
            )
            resolved += 1
        except (DomainError, Http404):  # a case this analyst cannot change: leave it open
            continue
    return {
        "products": len(made) + (1 if superseded else 0),
        "withdrawn": 1 if withdrawn else 0,
        "superseded": 1 if superseded else 0,
        "open_advice": ReassessmentAdvice.objects.filter(resolved_at__isnull=True).count(),
        "resolved_advice": resolved,
    }

"""Benchmark of search: latency at 100,000 products with need-to-know applied (PostgreSQL).

Builds, in bulk, a world of cases in many teams (some in a crown-witness compartment, some
classified above the analyst's clearance) and N products (default 100,000) with fictional Dutch
texts drawn from a vocabulary, random grading, originator, phenomenon, handling and legal basis,
each linked to one or two cases (some with a text attachment). Indexes them with the real
indexer (`search.index`: PostgreSQL's Dutch configuration, normalisation, blinding), then
times ~200 searches through the same code path as the API (`engine.search`, the count, the
first page, the facets and the snippets of that page) as an analyst (team member of a few dozen
cases) and as an inspector, reporting median and p95 latency and the hit counts.

Needs an empty PostgreSQL database (it migrates it); drop it afterwards:

    psql -h 127.0.0.1 -U postgres -c 'create database wst_bench_search'
    .venv/bin/python bench/search_bench.py --database-url postgres://postgres@127.0.0.1:5432/wst_bench_search
    psql -h 127.0.0.1 -U postgres -c 'drop database wst_bench_search'
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_audit import _db_version, machine  # noqa: E402 - after the path set-up

PHENOMENA = [
    "organised_crime",
    "terrorism",
    "state_actors",
    "radicalised_loner",
    "stalking",
    "relational_violence",
]
ORGANISATIONS = [
    ("politie-oost", "police", "Politie Oost-Nederland"),
    ("politie-rdam", "police", "Politie Rotterdam"),
    ("kmar-bench", "kmar", "Koninklijke Marechaussee"),
    ("aivd-bench", "aivd", "AIVD"),
    ("om-bench", "om", "Openbaar Ministerie"),
    ("dji-bench", "dji", "Dienst Justitiële Inrichtingen"),
]
SUBJECTS = [
    "De betrokkene", "Een onbekende man", "Twee mannen", "Een vrouw", "De ex-partner",
    "Een bekende van de verdachte", "Een motorrijder", "De bestuurder van een bestelbus",
    "Een groep jongeren", "Een medegedetineerde", "Een informant", "De buurman",
]  # fmt: skip
VERBS = [
    "bedreigde", "achtervolgde", "fotografeerde", "belde", "observeerde", "intimideerde",
    "benaderde", "volgde", "waarschuwde", "zocht", "bezocht", "noemde",
]  # fmt: skip
OBJECTS = [
    "de beschermde persoon", "de woning", "de advocaat", "de rechter", "de journalist",
    "de burgemeester", "het kantoor", "de school van de kinderen", "de werkgever",
    "de familie", "de getuige", "de officier van justitie",
]  # fmt: skip
PLACES = [
    "in Zwolle", "bij het station", "op de snelweg", "in de wijk Oost", "bij de rechtbank",
    "in de gevangenis", "op sociale media", "via een versleutelde dienst", "in Rotterdam",
    "bij de haven", "in Arnhem", "bij het gemeentehuis",
]  # fmt: skip
DETAILS = [
    "Er werd een foto van het kenteken gemaakt.", "De melding is bevestigd door een tweede bron.",
    "Er zijn aanwijzingen voor betrokkenheid van een crimineel netwerk.",
    "De dreiging lijkt gericht en concreet.", "Er is een wapen gezien.",
    "Het voertuig stond eerder op naam van een katvanger.",
    "De bedreigingen werden via een anoniem account verstuurd.",
    "Er is een handgranaat aangetroffen bij een woning in de buurt.",
    "De verdachte is recent vrijgelaten.", "Er wordt een liquidatie voorbereid volgens de bron.",
    "Een scooter reed meerdere keren langs.", "De telefoon van de verdachte is getapt.",
    "Er is contact gezocht met familieleden.", "De beveiliging van het pand is verzwakt.",
    "Er werd geld aangeboden voor informatie over de verblijfplaats.",
]  # fmt: skip
TITLES = [
    "Waarneming", "Dreigingsinformatie", "Tapverslag", "Proces-verbaal", "Ambtsbericht",
    "Informantenmelding", "Inlichtingenrapport", "Verslag observatie", "Signalering",
]  # fmt: skip
# Search terms: single words (frequent and rare), inflected forms, two-word queries.
QUERIES = [
    "bedreigingen", "bedreigd", "woning", "kenteken", "handgranaat", "liquidatie", "scooter",
    "advocaat", "journalist", "burgemeester", "rechter", "gevangenis", "informant", "katvanger",
    "telefoon", "station", "haven", "familie", "getuige", "wapen", "netwerk", "voertuig",
    "bedreigde woning", "scooter kenteken", "handgranaat woning", "liquidatie bron",
    "advocaat bedreigd", "sociale media", "versleutelde dienst", "observatie", "motorrijder",
    "bestelbus", "medegedetineerde", "officier", "justitie", "crimineel netwerk",
    "verblijfplaats", "achtervolgd", "gefotografeerd", "geïntimideerd",
]  # fmt: skip


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--database-url", required=True, help="An empty PostgreSQL database.")
    p.add_argument("--products", type=int, default=100_000, help="Number of products.")
    p.add_argument("--cases", type=int, default=2_000, help="Number of cases.")
    p.add_argument("--teams", type=int, default=40, help="Cases whose team the analyst is in.")
    p.add_argument("--searches", type=int, default=200, help="Searches per user.")
    p.add_argument("--seed", type=int, default=20261126)
    p.add_argument(
        "--reuse",
        action="store_true",
        help="Measure again on a database this script already filled (skips build and index).",
    )
    p.add_argument(
        "--reindex",
        action="store_true",
        help="With --reuse: time a full rebuild of the index on the existing data first.",
    )
    p.add_argument("--json", default="", help="Also write the results to this JSON file.")
    return p.parse_args()


def configure(args: argparse.Namespace, workdir: Path) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "weerstand.settings",
            "WEERSTAND_VAR_DIR": str(workdir),
            "DATABASE_URL": args.database_url,
            "WEERSTAND_AUDIT_ANCHOR_FILE": "",
            "DJANGO_DEBUG": "false",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def text_for(rng: random.Random) -> tuple[str, str, str]:
    def sentence() -> str:
        return (
            f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
            f"{rng.choice(PLACES)}."
        )

    title = f"{rng.choice(TITLES)} {rng.choice(PLACES).split(' ', 1)[1]}"
    summary = sentence()
    body = " ".join([sentence() for _ in range(rng.randint(2, 5))] + rng.sample(DETAILS, 3))
    return title, summary, body


def build(args: argparse.Namespace, rng: random.Random) -> dict[str, Any]:
    from django.db import transaction
    from django.utils import timezone

    from weerstand.accounts.models import RoleAssignment, User
    from weerstand.cases.models import Case
    from weerstand.information.models import Attachment, LegalBasis, ProductCase, ThreatProduct
    from weerstand.organisations.models import Organisation
    from weerstand.policy.models import Compartment, CompartmentMembership
    from weerstand.registry.models import Person

    started = time.perf_counter()
    orgs = [
        Organisation.objects.get_or_create(code=c, defaults={"kind": k, "name": n})[0]
        for c, k, n in ORGANISATIONS
    ]
    nctv = Organisation.objects.get_or_create(
        code="nctv-bench", defaults={"kind": "nctv", "name": "NCTV"}
    )[0]
    inspectorate = Organisation.objects.get_or_create(
        code="inspectie-bench", defaults={"kind": "inspectorate", "name": "Inspectie"}
    )[0]
    everyone = ["nctv", "police", "kmar", "aivd", "om", "dji", "municipality"]
    bases = [
        LegalBasis.objects.create(
            code="wpg-16", name="Wpg art. 16", law="Wpg art. 16", recipient_kinds=everyone
        ),
        LegalBasis.objects.create(
            code="wiv-64", name="Wiv 2017 art. 64", law="Wiv 2017 art. 64",
            recipient_kinds=["nctv", "aivd"],
        ),
        LegalBasis.objects.create(
            code="wjsg-39f", name="Wjsg art. 39f", law="Wjsg art. 39f",
            recipient_kinds=["nctv", "om", "police"],
        ),
    ]  # fmt: skip

    def user(name: str, role: str, org: Any, clearance: int) -> Any:
        u = User.objects.create_user(
            username=name, password=None, organisation=org, clearance=clearance
        )
        RoleAssignment.objects.create(user=u, role=role)
        return User.objects.get(pk=u.pk)

    analyst = user("bench-analist", "analyst", nctv, 3)
    inspector = user("bench-inspecteur", "inspector", inspectorate, 4)

    with transaction.atomic():
        persons = Person.objects.bulk_create(
            [Person(first_name=f"P{i}", last_name="Bench") for i in range(args.cases)]
        )
        teams = Compartment.objects.bulk_create(
            [Compartment(kind="case_team", name=f"team {i}") for i in range(args.cases)]
        )
        restricted = Compartment.objects.bulk_create(
            [Compartment(kind="crown_witness", name=f"kroongetuige {i}") for i in range(20)]
        )
        states = ["assessment", "decision", "protection_active", "recalibration", "triage"]
        now = timezone.now()
        cases = Case.objects.bulk_create(
            [
                Case(
                    reference=f"WS-B-{i:05d}",
                    codename=f"Werknaam {i}",
                    state=rng.choice(states),
                    phenomenon=rng.choice(PHENOMENA),
                    protectee=persons[i],
                    referring_organisation=rng.choice(orgs),
                    classification=4 if i % 25 == 0 else rng.choice([1, 2, 3]),
                    team=teams[i],
                    restricted_compartment=restricted[i % 20] if i % 100 == 1 else None,
                    referred_at=now,
                )
                for i in range(args.cases)
            ]
        )
        # The analyst is in a few dozen teams (and in one crown-witness compartment).
        CompartmentMembership.objects.bulk_create(
            [CompartmentMembership(compartment=teams[i], user=analyst) for i in range(args.teams)]
            + [CompartmentMembership(compartment=restricted[0], user=analyst)]
        )
    print(f"  {len(cases)} cases in {time.perf_counter() - started:.1f} s", flush=True)

    handlings = ["none"] * 8 + ["analysis_only", "orcon", "no_operational_use"]
    batch = 5_000
    made = 0
    t0 = time.perf_counter()
    while made < args.products:
        n = min(batch, args.products - made)
        rows = []
        for i in range(made, made + n):
            title, summary, body = text_for(rng)
            rows.append(
                ThreatProduct(
                    reference=f"DP-B-{i:07d}",
                    originator=rng.choice(orgs),
                    legal_basis=rng.choice(bases),
                    classification=rng.choice([0, 1, 1, 2, 2, 3, 4]),
                    handling=rng.choice(handlings),
                    title=title,
                    summary=summary,
                    body=body,
                    reliability=rng.choice("ABCDEF"),
                    credibility=rng.randint(1, 6),
                    phenomenon=rng.choice(PHENOMENA),
                    received_at=now - timezone.timedelta(minutes=rng.randint(0, 525_600)),
                )
            )
        with transaction.atomic():
            products = ThreatProduct.objects.bulk_create(rows)
            links = []
            for p in products:
                for c in rng.sample(cases, rng.choice([1, 1, 2])):
                    links.append(ProductCase(product=p, case=c))
            ProductCase.objects.bulk_create(links)
            Attachment.objects.bulk_create(
                [
                    Attachment(
                        product=p,
                        filename=f"bijlage-{p.reference}.txt",
                        content_type="text/plain",
                        size=100,
                        sha256="0" * 64,
                        content="",
                        extracted_text=" ".join(rng.sample(DETAILS, 2)),
                    )
                    for p in products
                    if rng.random() < 0.1
                ]
            )
        made += n
        print(f"  {made} products ({time.perf_counter() - t0:.0f} s)", flush=True)
    return {
        "analyst": analyst,
        "inspector": inspector,
        "build_seconds": round(time.perf_counter() - started, 1),
    }


def index_all() -> dict[str, Any]:
    from django.db import connection

    from weerstand.search import index

    started = time.perf_counter()
    counts = index.rebuild()
    seconds = time.perf_counter() - started
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
        cur.execute("SELECT pg_size_pretty(pg_total_relation_size('search_searchdocument'))")
        size = cur.fetchone()[0]
    n = sum(counts.values())
    return {
        "indexed": counts,
        "seconds": round(seconds, 1),
        "per_second": round(n / seconds),
        "table_size": size,
    }


def _one(user: Any, f: Any) -> int:
    """One search exactly as `GET /api/v1/search` does it: rank, count and facet (one
    statement), the page's hits read again through the policy with snippets, one audit record."""
    from weerstand.search import engine

    outcome = engine.run(user, f, number=1, size=20)
    hits = engine.present(user, outcome.docs, outcome.lexemes)
    engine.audit_search(user, f, hits, outcome.total, page=1)
    assert len(hits) <= 20 and (not outcome.total or outcome.facets["kind"])
    return outcome.total


def _summary(times_ms: list[float]) -> dict[str, float]:
    times_ms = sorted(times_ms)
    return {
        "median_ms": round(statistics.median(times_ms), 1),
        "p95_ms": round(times_ms[int(0.95 * (len(times_ms) - 1))], 1),
        "max_ms": round(times_ms[-1], 1),
    }


def run_searches(user: Any, queries: list[str]) -> dict[str, Any]:
    from weerstand.search import engine

    times: list[float] = []
    counts: list[int] = []
    for q in queries:
        started = time.perf_counter()
        counts.append(_one(user, engine.Filters(q=q)))
        times.append((time.perf_counter() - started) * 1000)
    return {
        "searches": len(queries),
        **_summary(times),
        "hits_median": int(statistics.median(counts)),
        "hits_max": max(counts),
        "hits_zero": sum(1 for c in counts if c == 0),
    }


def run_filtered(user: Any, queries: list[str], rng: random.Random) -> dict[str, Any]:
    """The same, with a grading filter (what analysts do next)."""
    from weerstand.search import engine

    times = []
    for q in queries:
        f = engine.Filters(q=q, reliability=rng.choice("ABC"), credibility=rng.randint(1, 3))
        started = time.perf_counter()
        _one(user, f)
        times.append((time.perf_counter() - started) * 1000)
    return {"searches": len(queries), **_summary(times)}


def statement_vs_unrestricted(user: Any, queries: list[str]) -> dict[str, Any]:
    """The search statement alone (`engine.run`: rank, total, facets, first page) with
    need-to-know, against the same statement for the same query WITHOUT the policy filter
    (every index entry is a candidate): the baseline. Interleaved per query, so the machine's
    load hits both alike. The unrestricted variant exists only here, never in the product."""
    from weerstand.search import engine
    from weerstand.search.models import SearchDocument

    restricted: list[float] = []
    unrestricted: list[float] = []
    original = engine.candidates

    def everything(_user: Any) -> Any:
        return SearchDocument.objects.all().defer("vector")

    for q in queries:
        f = engine.Filters(q=q)
        started = time.perf_counter()
        engine.run(user, f, number=1, size=20)
        restricted.append((time.perf_counter() - started) * 1000)
        engine.candidates = everything  # type: ignore[assignment]
        try:
            started = time.perf_counter()
            engine.run(user, f, number=1, size=20)
            unrestricted.append((time.perf_counter() - started) * 1000)
        finally:
            engine.candidates = original  # type: ignore[assignment]
    with_policy, without = _summary(restricted), _summary(unrestricted)
    return {
        "searches": len(queries),
        "with_policy": with_policy,
        "without_policy": without,
        "ratio_median": round(with_policy["median_ms"] / without["median_ms"], 2),
        "ratio_p95": round(with_policy["p95_ms"] / without["p95_ms"], 2),
    }


def reindex() -> dict[str, Any]:
    """A full rebuild of the index on the existing data (every entry rewritten)."""
    from weerstand.search import index

    started = time.perf_counter()
    counts = index.rebuild()
    seconds = time.perf_counter() - started
    n = sum(counts.values())
    return {"indexed": counts, "seconds": round(seconds, 1), "per_second": round(n / seconds)}


def policy_only(user: Any) -> dict[str, Any]:
    """What the product rule alone costs: `ThreatProduct.objects.visible_to(user).count()`,
    the subquery every search statement contains (20 runs)."""
    from weerstand.information.models import ThreatProduct

    times = []
    n = 0
    for _ in range(20):
        started = time.perf_counter()
        n = ThreatProduct.objects.visible_to(user).count()
        times.append((time.perf_counter() - started) * 1000)
    return {"visible_products": n, **_summary(times)}


def main() -> None:
    args = parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="wst-bench-search-") as tmp:
        configure(args, Path(tmp))
        from django.db import connection

        from weerstand.core import context

        if connection.vendor != "postgresql":
            raise SystemExit("This benchmark is for PostgreSQL (--database-url postgres://...).")
        results: dict[str, Any] = {
            "machine": machine(),
            "database": _db_version(connection),
            "load_average_before": os.getloadavg(),
            "products": args.products,
            "cases": args.cases,
        }
        print(f"machine: {json.dumps(results['machine'])}; {results['database']}", flush=True)
        with context.use(context.RequestContext(channel="cli")):
            if args.reuse:
                from weerstand.accounts.models import User

                world = {
                    "analyst": User.objects.get(username="bench-analist"),
                    "inspector": User.objects.get(username="bench-inspecteur"),
                }
                results["reused"] = True
                rng.random()
                if args.reindex:
                    results["reindex"] = reindex()
                    print(f"reindex: {json.dumps(results['reindex'])}", flush=True)
            else:
                world = build(args, rng)
                results["build_seconds"] = world["build_seconds"]
                results["index"] = index_all()
                print(f"index: {json.dumps(results['index'])}", flush=True)
            queries = [QUERIES[i % len(QUERIES)] for i in range(args.searches)]
            rng.shuffle(queries)
            for who in ("analyst", "inspector"):
                user = world[who]
                run_searches(user, QUERIES[:10])  # warm-up: caches, plans
                results[who] = run_searches(user, queries)
                results[f"{who}_filtered"] = run_filtered(user, queries[:100], rng)
                results[f"{who}_policy_only"] = policy_only(user)
                results[f"{who}_vs_unrestricted"] = statement_vs_unrestricted(user, queries)
                print(f"{who}: {json.dumps(results[who])}", flush=True)
                print(f"{who} filtered: {json.dumps(results[who + '_filtered'])}", flush=True)
                print(f"{who} policy only: {json.dumps(results[who + '_policy_only'])}", flush=True)
                print(
                    f"{who} statement, policy vs none: "
                    f"{json.dumps(results[who + '_vs_unrestricted'])}",
                    flush=True,
                )
        results["load_average_after"] = os.getloadavg()
        print(f"load average before/after: {results['load_average_before']} / "
              f"{results['load_average_after']}")  # fmt: skip
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()

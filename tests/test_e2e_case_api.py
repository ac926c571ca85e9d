"""A new case goes the whole way, through the public API only, by the roles that own each step.

From a police liaison's referral to the end of protection: triage and advice, the team the
owner builds, designation with four eyes, a partner's product, the integrated threat picture
(challenged, answered, senior-checked, finalised), submission, the start decision with four
eyes, acknowledgement and staffing of the assignments, the LCC's capacity plan, the letter, an
upgrade and a stop that the daily job puts in force. On the way, the refusals that keep the
system honest: authority steps taken as plain transitions, a decision without a finalised
picture, the analysts deciding on their own picture, a decision-maker approving their own
decision, and a member removed from the team who must see nothing of the case afterwards.

Only configuration is built directly (organisations, accounts, catalogue, method template,
legal bases, protection units and officers); everything that is case work goes through
`/api/v1/...` with each actor's personal token.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from weerstand import testing as t
from weerstand.accounts.roles import Role
from weerstand.assessments.tests.builders import template
from weerstand.capacity.tests import builders as capacity
from weerstand.decisions.tests.builders import catalogue
from weerstand.information.legal_bases import ensure_default_legal_bases

pytestmark = pytest.mark.django_db

API = "/api/v1"
CODENAME = "Kraanvogel"
# A word in the referral and in the partner's product: what the search must find, and must
# stop finding for a member who left the team.
MARKER = "Zeehaven"
SHIFTS = {"E", "L", "N"}  # early, late and night shift
START_SENTENCE = "We hebben besloten dat u beveiliging krijgt."
STOP_SENTENCE = "Uw beveiliging stopt."


@dataclass
class Flow:
    """The people, their API clients, and what the case has produced so far."""

    today: date
    police: Any
    municipality: Any
    om: Any
    users: dict[str, Any]
    clients: dict[str, Any] = field(default_factory=dict)
    case_id: int = 0
    reference: str = ""
    members: dict[str, int] = field(default_factory=dict)
    product_id: int = 0
    assessment_id: int = 0
    decisions: dict[str, int] = field(default_factory=dict)

    def api(self, who: str) -> Any:
        if who not in self.clients:
            self.clients[who] = t.api_client(self.users[who])
        return self.clients[who]

    @property
    def case_url(self) -> str:
        return f"{API}/cases/{self.case_id}"


def ok(response: Any, status: int = 200) -> Any:
    """The JSON body of a response that must have `status` (the body explains a failure)."""
    assert response.status_code == status, (
        f"{response.request['REQUEST_METHOD']} {response.request['PATH_INFO']}: "
        f"{response.status_code} {response.content[:1500]!r}"
    )
    return response.json() if response.content else None


def refused(response: Any, status: int, *words: str) -> dict[str, Any]:
    """A problem+json refusal with `status` whose detail names each of `words`."""
    assert response.status_code == status, (
        f"expected {status}, got {response.status_code}: {response.content[:1500]!r}"
    )
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    for word in words:
        assert word in problem.get("detail", ""), (word, problem)
    return problem


def results(body: Any) -> list[dict[str, Any]]:
    return body["results"] if isinstance(body, dict) and "results" in body else body


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


# --- configuration (not case work) -----------------------------------------------------------


def configure() -> Flow:
    nctv = t.org("nctv", code="nctv-e2e", name="NCTV")
    police = t.org("police", code="politie-e2e", name="Politie")
    municipality = t.org("municipality", code="gemeente-e2e", name="Gemeente Havenstad")
    om = t.org("om", code="om-e2e", name="Parket Havenstad")
    catalogue()
    template("organised_crime")
    ensure_default_legal_bases()
    unit = capacity.unit(police, "dkdb", code="politie-e2e-dkdb")
    for _ in range(10):
        capacity.officer(unit, "surveillance", "personal_protection", "secure_driving")
    users = {
        "liaison": t.user(Role.POLICE_LIAISON, organisation=police, username="lotte-liaison"),
        "analyst": t.user(Role.ANALYST, organisation=nctv, username="anna-analyst"),
        # The second analyst also holds the decision-maker role, so the refusal to let the
        # challenger decide comes from the separation of analysis and decision, not from a
        # missing grant.
        "challenger": t.user(
            Role.ANALYST, Role.DECISION_MAKER, organisation=nctv, username="chris-analyst"
        ),
        "senior": t.user(Role.SENIOR_ANALYST, organisation=nctv, username="sem-senior"),
        "dm1": t.user(Role.DECISION_MAKER, organisation=nctv, username="dirk-besluit"),
        "dm2": t.user(Role.DECISION_MAKER, organisation=nctv, username="daan-besluit"),
        "dm3": t.user(Role.DECISION_MAKER, organisation=nctv, username="dora-besluit"),
        "lcc": t.user(Role.LCC_COORDINATOR, organisation=nctv, username="lena-lcc"),
    }
    return Flow(timezone.localdate(), police, municipality, om, users)


# --- referral, triage, advice ----------------------------------------------------------------


def refer_and_advise(f: Flow) -> None:
    receipt = ok(
        f.api("liaison").post(
            f"{API}/cases",
            {
                "newProtectee": {"firstName": "Sanne", "lastName": "de Wit"},
                "phenomenon": "organised_crime",
                "severity": "serious",
                "summary": f"Advocaat in een liquidatieproces in de {MARKER}; bedreigd na een "
                "getuigenverhoor.",
                "codename": CODENAME,
            },
        ),
        201,
    )
    f.case_id, f.reference = receipt["id"], receipt["reference"]
    assert receipt["state"] == "referral"
    # The referrer is not in the team: the referral does not open for them.
    assert f.api("liaison").get(f.case_url).status_code == 404

    intake = results(ok(f.api("analyst").get(f"{API}/cases", {"state": "referral"})))
    assert [c["reference"] for c in intake] == [f.reference]
    ok(
        f.api("analyst").post(
            f"{f.case_url}/transitions",
            {"name": "start_triage", "reason": "Nieuwe aanmelding van de politie."},
        ),
        201,
    )
    advised = ok(
        f.api("analyst").post(
            f"{f.case_url}/transitions",
            {
                "name": "advise_authority",
                "reason": "Dreiging tegen het leven uit georganiseerde criminaliteit.",
                "advice": "national",
            },
        ),
        201,
    )
    assert advised["state"] == "designation"
    case = ok(f.api("analyst").get(f.case_url))
    assert case["triageRecommendation"] == "national" and not case["triageOverridden"]
    persons = results(ok(f.api("analyst").get(f"{f.case_url}/persons")))
    assert [p["role"] for p in persons] == ["protectee"]


def build_team(f: Flow) -> None:
    """The advising analyst owns the case now and adds the team through the team API."""
    team = results(ok(f.api("analyst").get(f"{f.case_url}/team-members")))
    assert [(m["user"]["id"], m["function"]) for m in team] == [(f.users["analyst"].pk, "owner")]
    for who, function in (
        ("challenger", "challenger"),
        ("senior", "senior_analyst"),
        ("dm1", "decision_maker"),
        ("dm2", "decision_maker"),
        ("lcc", "coordinator"),
        ("liaison", "liaison"),
    ):
        candidates = results(
            ok(f.api("analyst").get(f"{f.case_url}/team-candidates", {"function": function}))
        )
        assert f.users[who].pk in [c["id"] for c in candidates], (who, function)
        member = ok(
            f.api("analyst").post(
                f"{f.case_url}/team-members",
                {
                    "user": f.users[who].pk,
                    "function": function,
                    "reason": "Nodig voor de aanwijzing en de analyse.",
                },
            ),
            201,
        )
        assert member["function"] == function
        f.members[who] = member["id"]
    team = results(ok(f.api("dm1").get(f"{f.case_url}/team-members")))
    assert len(team) == 7
    # Only the owner manages the team: a member cannot bring in a colleague.
    refused(
        f.api("challenger").post(
            f"{f.case_url}/team-members",
            {"user": f.users["dm3"].pk, "function": "decision_maker", "reason": "Graag erbij."},
        ),
        403,
        "eigenaar",
    )
    # The referring liaison, now in the team, sees the case.
    assert ok(f.api("liaison").get(f.case_url))["reference"] == f.reference


# --- admission -------------------------------------------------------------------------------


def designate(f: Flow) -> None:
    # Designation carries the authority's power: never a plain step, whoever asks.
    refused(
        f.api("dm1").post(
            f"{f.case_url}/transitions",
            {"name": "route_national", "reason": "Gewoon doorzetten naar het rijk."},
        ),
        409,
        "een besluit tot aanwijzing",
    )
    decision = ok(
        f.api("dm1").post(
            f"{API}/decisions",
            {
                "case": f.case_id,
                "decisionType": "designate",
                "reasoning": "Dreiging tegen het leven uit een nationaal fenomeen; advies gevolgd.",
                "effectiveDate": f.today.isoformat(),
            },
        ),
        201,
    )
    assert (decision["status"], decision["needsApproval"]) == ("awaiting_approval", True)
    f.decisions["designate"] = decision["id"]
    approve(f, "designate", decider="dm1", approver="dm2", expect="in_force")
    case = ok(f.api("analyst").get(f.case_url))
    assert (case["state"], case["domain"]) == ("assessment", "national")


def approve(f: Flow, key: str, *, decider: str, approver: str, expect: str) -> None:
    """Four eyes: the decider cannot approve their own decision, the second one can."""
    url = f"{API}/decisions/{f.decisions[key]}/approvals"
    refused(f.api(decider).post(url, {"outcome": "approved"}), 403, "Vier ogen")
    result = ok(f.api(approver).post(url, {"outcome": "approved", "reason": "Akkoord."}), 201)
    assert result["status"] == expect
    decision = ok(f.api(approver).get(f"{API}/decisions/{f.decisions[key]}"))
    names = (f.users[decider].display_name, f.users[approver].display_name)
    assert (decision["decidedBy"], decision["approvedBy"]) == names


# --- information and the threat picture ------------------------------------------------------


def deliver_product(f: Flow) -> None:
    """The police delivers a product under its own legal basis and links it to the case."""
    product = ok(
        f.api("liaison").post(
            f"{API}/threat-products",
            {
                "title": f"Tapverslag netwerk {MARKER}",
                "legalBasis": "wpg-16",
                "reliability": "B",
                "credibility": 2,
                "phenomenon": "organised_crime",
                "summary": "Het netwerk bespreekt de advocaat en haar vaste route.",
                "cases": [f.reference],
            },
        ),
        201,
    )
    f.product_id = product["id"]
    # The analysts of the case read it as the police delivered it, linked to the case.
    seen = ok(f.api("analyst").get(f"{API}/threat-products/{f.product_id}"))
    assert seen["cases"] == [{"id": f.case_id, "reference": f.reference}]
    assert (seen["originator"], seen["legalBasis"]) == (f.police.code, "wpg-16")


def draft_assessment(f: Flow) -> None:
    created = f.api("analyst").post(
        f"{API}/assessments", {"case": f.case_id, "reason": "Eerste dreigingsbeeld."}
    )
    body = ok(created, 201)
    f.assessment_id = body["id"]
    # Not finalised: no submission to the authority, and no decision on it.
    refused(
        f.api("analyst").post(
            f"{f.case_url}/transitions",
            {"name": "submit_for_decision", "reason": "Graag een besluit."},
        ),
        409,
        "vastgesteld",
    )
    refused(f.api("dm1").post(f"{API}/decisions", start_body(f)), 409, "vastgesteld")

    later = f.today + timedelta(days=90)
    content = {
        "summary": "Concrete dreiging vanuit het netwerk na de verklaring.",
        "threatLevel": 4,
        "recommendedResistance": 2,
        "personResilience": "Redelijk weerbaar, volgt adviezen op.",
        "employerMeasures": "Het kantoor heeft toegangscontrole.",
        "measuresInPlace": "Geen.",
        "measuresEffectiveness": "Nog niet van toepassing.",
        "residualRisk": "Restrisico op de vaste route naar huis.",
        "factors": [
            {"factor": factor["factor"], "judgement": "present", "note": "Uit het tapverslag."}
            for factor in body["factors"]
        ],
        "products": [{"product": f.product_id, "note": "Kernproduct van de politie."}],
        "gaps": [
            {
                "description": "Onbekend of het netwerk het woonadres kent.",
                "consequence": "Woning meewegen.",
            }
        ],
        "scenarios": [
            {
                "title": "Aanslag op de route",
                "actor": "Uitvoerders uit het netwerk",
                "intent": "Wraak voor de verklaring",
                "capability": "Beschikt over vuurwapens",
                "opportunity": "Vaste route",
                "likelihood": "realistic_possibility",
                "impact": "fatal",
                "triggers": [{"description": "Inhoudelijke behandeling", "expectedOn": str(later)}],
            }
        ],
        "assumptions": [
            {
                "statement": "Het netwerk kent het woonadres niet.",
                "basis": "Geen aanwijzingen in de producten.",
                "confidence": "moderate",
                "disprovedIf": "Waarneming bij de woning.",
                "reviewBy": str(later),
            }
        ],
    }
    updated = ok(
        f.api("analyst").patch(
            f"{API}/assessments/{f.assessment_id}", content, HTTP_IF_MATCH=created["ETag"]
        )
    )
    assert [p["id"] for p in updated["products"]] == [f.product_id]
    assert updated["products"][0]["grading"] == "B2"


def challenge_and_finalise(f: Flow) -> None:
    url = f"{API}/assessments/{f.assessment_id}"
    assert ok(f.api("analyst").post(f"{url}/submissions"), 201)["status"] == "challenge"
    # The author never contradicts their own picture.
    challenge = {
        "summary": "Alternatieven onvoldoende gewogen.",
        "hypotheses": ["Gerichte dreiging vanuit het netwerk", "Bluf zonder intentie"],
        "evidence": ["Tapverslag", "Waarneming bij kantoor"],
        "ratings": [["CC", "C"], ["I", "II"]],
        "blindSpots": ["Rol van de ex-partner niet onderzocht."],
        "disagreements": ["Niveau 2 is te laag gezien de wapens."],
    }
    refused(f.api("analyst").post(f"{url}/challenges", challenge), 403)
    body = ok(f.api("challenger").post(f"{url}/challenges", challenge), 201)
    points = body["challenge"]["points"]
    assert {p["kind"] for p in points} == {"blind_spot", "disagreement"}
    answers = [
        {"point": p["id"], "position": "agree", "answer": "Meegenomen."}
        if p["kind"] == "blind_spot"
        else {"point": p["id"], "position": "partly", "answer": "Wapens wegen mee, niveau 2."}
        for p in points
    ]
    body = ok(f.api("analyst").post(f"{url}/answers", {"answers": answers}), 201)
    assert body["status"] == "answered" and body["unresolvedDisagreement"]
    # Threat level 4 makes the case complex: a senior analyst checks before it is final.
    assert body["isComplex"], body["complexityReasons"]
    refused(f.api("analyst").post(f"{url}/finalisations"), 409, "senior")
    ok(f.api("analyst").post(f"{url}/senior-check-requests"), 201)
    body = ok(
        f.api("senior").post(f"{url}/senior-checks", {"note": "Gecontroleerd en akkoord."}), 201
    )
    assert body["seniorCheckedBy"] == f.users["senior"].pk
    body = ok(f.api("analyst").post(f"{url}/finalisations"), 201)
    assert body["status"] == "finalised" and body["nextRecalibration"]

    submitted = ok(
        f.api("analyst").post(
            f"{f.case_url}/transitions",
            {"name": "submit_for_decision", "reason": "Dreigingsbeeld vastgesteld."},
        ),
        201,
    )
    assert submitted["state"] == "decision"


# --- the start decision and its execution ----------------------------------------------------


def start_body(f: Flow, **extra: Any) -> dict[str, Any]:
    return {
        "case": f.case_id,
        "decisionType": "start",
        "requiredResistance": 2,
        "reasoning": "Dreiging tegen het leven; de persoon kan zelf onvoldoende weerstand bieden.",
        "effectiveDate": f.today.isoformat(),
        "nextRecalibration": (f.today + timedelta(days=60)).isoformat(),
        "municipality": f.municipality.code,
        "prosecutorOffice": f.om.code,
        "preferredExecutor": f.police.code,
        **extra,
    }


ACKNOWLEDGED = {"acknowledgeDisagreement": True, "acknowledgeComplexity": True}


def start(f: Flow) -> None:
    refused(
        f.api("dm1").post(
            f"{f.case_url}/transitions",
            {"name": "activate_protection", "reason": "Beveiliging nu starten."},
        ),
        409,
        "een startbesluit",
    )
    # Analysis and decision are separated: the author and the challenger never decide.
    refused(f.api("analyst").post(f"{API}/decisions", start_body(f, **ACKNOWLEDGED)), 403)
    refused(
        f.api("challenger").post(f"{API}/decisions", start_body(f, **ACKNOWLEDGED)),
        403,
        "meegeschreven",
    )
    # The decision-maker must acknowledge what stayed disputed and the complex-case check.
    problem = refused(f.api("dm1").post(f"{API}/decisions", start_body(f)), 400)
    named = {p["name"] for p in problem["invalidParams"]}
    assert {"acknowledgeDisagreement", "acknowledgeComplexity"} <= named
    decision = ok(f.api("dm1").post(f"{API}/decisions", start_body(f, **ACKNOWLEDGED)), 201)
    assert decision["status"] == "awaiting_approval" and decision["assessment"]
    f.decisions["start"] = decision["id"]
    refused(
        f.api("challenger").post(
            f"{API}/decisions/{decision['id']}/approvals", {"outcome": "approved"}
        ),
        403,
        "meegeschreven",
    )
    approve(f, "start", decider="dm1", approver="dm2", expect="in_force")
    assert ok(f.api("dm1").get(f.case_url))["state"] == "protection_active"


def assignments_of(f: Flow, who: str, key: str | None = None) -> list[dict[str, Any]]:
    rows = results(
        ok(f.api(who).get(f"{API}/security-assignments", {"case": f.case_id, "pageSize": 100}))
    )
    if key is not None:
        rows = [a for a in rows if a["decision"] == f.decisions[key]]
    return sorted(rows, key=lambda a: a["reference"])


def acknowledge_and_staff(f: Flow) -> list[dict[str, Any]]:
    assignments = assignments_of(f, "liaison", "start")
    assert {a["measure"] for a in assignments} == {"alertering", "bewaken"}
    assert all(a["status"] == "pending" for a in assignments)
    for a in assignments:
        url = f"{API}/security-assignments/{a['id']}"
        # The LCC oversees, but only the executing organisation's liaison acknowledges.
        refused(f.api("lcc").post(f"{url}/acknowledgements", {"note": "Gezien."}), 403)
        body = ok(
            f.api("liaison").post(f"{url}/acknowledgements", {"note": "Wij voeren uit."}), 201
        )
        assert body["status"] == "active"  # in force from today
        body = ok(f.api("liaison").post(f"{url}/staffing-reports", {"note": "DKDB bemenst."}), 201)
        assert body["staffedAt"]
    return assignments_of(f, "liaison", "start")


def plan_capacity(f: Flow, assignments: list[dict[str, Any]]) -> None:
    days = 2
    run = ok(
        f.api("lcc").post(
            f"{API}/plan-runs", {"start": f.today.isoformat(), "days": days, "timeLimit": 10}
        ),
        201,
    )
    assert run["status"] in ("OPTIMAL", "FEASIBLE"), run
    lines = results(ok(f.api("lcc").get(f"{API}/plan-runs/{run['id']}/lines", {"pageSize": 100})))
    shortages = results(ok(f.api("lcc").get(f"{API}/plan-runs/{run['id']}/shortages")))
    assert shortages == []
    horizon = {f.today + timedelta(days=n) for n in range(days)}
    for a in assignments:
        mine = [line for line in lines if line["assignment"] == a["id"]]
        if a["officers"] == 0:  # alerting the local police takes no posts
            assert mine == []
            continue
        # A round-the-clock post: every shift of every day, with as many officers as demanded.
        slots: dict[tuple[str, str], int] = {}
        for line in mine:
            assert line["case"] == f.reference and line["officer"]
            slots[(line["date"], line["shift"])] = slots.get((line["date"], line["shift"]), 0) + 1
        expected = {(d.isoformat(), s) for d in horizon for s in SHIFTS}
        assert set(slots) == expected, (a["reference"], sorted(slots))
        assert set(slots.values()) == {a["officers"]}


def read_letter(f: Flow, key: str, who: str, sentence: str) -> None:
    response = f.api(who).get(f"{API}/decisions/{f.decisions[key]}/letter")
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/pdf")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert sentence in text, text[:1500]
    assert "Verstuur deze brief niet" not in text


# --- a member leaves the team ----------------------------------------------------------------


def sees_the_case(f: Flow, who: str) -> dict[str, bool]:
    """Every way `who` could reach the case or what hangs on it: the case, the case list,
    search, assignments, decisions and the letter, team, persons, timeline, picture, product."""
    api = f.api(who)
    listed = results(ok(api.get(f"{API}/cases", {"q": CODENAME})))
    found = results(ok(api.get(f"{API}/search", {"q": MARKER})))
    return {
        "case": api.get(f.case_url).status_code == 200,
        "list": any(c["reference"] == f.reference for c in listed),
        "search case": any(h["kind"] == "case" and h["id"] == f.case_id for h in found),
        "search product": any(h["kind"] == "product" and h["id"] == f.product_id for h in found),
        "assignments": bool(
            results(ok(api.get(f"{API}/security-assignments", {"case": f.case_id})))
        ),
        "decision": api.get(f"{API}/decisions/{f.decisions['start']}").status_code == 200,
        "decisions list": bool(results(ok(api.get(f"{API}/decisions", {"case": f.case_id})))),
        "letter": api.get(f"{API}/decisions/{f.decisions['start']}/letter").status_code == 200,
        "team": api.get(f"{f.case_url}/team-members").status_code == 200,
        "persons": api.get(f"{f.case_url}/persons").status_code == 200,
        "assessment": api.get(f"{API}/assessments/{f.assessment_id}").status_code == 200,
        "product": api.get(f"{API}/threat-products/{f.product_id}").status_code == 200,
        "timeline": api.get(f"{f.case_url}/events").status_code == 200,
    }


def replace_decision_maker(f: Flow) -> None:
    """The owner takes the second decision-maker off the team and brings in another one."""
    before = sees_the_case(f, "dm2")
    assert all(before.values()), before  # so that "nothing" below means something
    ok(
        f.api("analyst").delete(
            f"{f.case_url}/team-members/{f.members['dm2']}",
            {"reason": "Overgeplaatst naar een andere directie."},
        ),
        204,
    )
    after = sees_the_case(f, "dm2")
    assert not any(after.values()), after
    assert f.api("dm2").get(f.case_url).status_code == 404
    member = ok(
        f.api("analyst").post(
            f"{f.case_url}/team-members",
            {
                "user": f.users["dm3"].pk,
                "function": "decision_maker",
                "reason": "Vervangt de overgeplaatste besluitvormer.",
            },
        ),
        201,
    )
    f.members["dm3"] = member["id"]


# --- an upgrade and the end ------------------------------------------------------------------


def upgrade(f: Flow) -> None:
    tomorrow = f.today + timedelta(days=1)
    decision = ok(
        f.api("dm3").post(
            f"{API}/decisions",
            start_body(
                f,
                decisionType="adjust",
                requiredResistance=3,
                effectiveDate=tomorrow.isoformat(),
                reasoning="Nieuwe informatie over vuurwapens: een hoger niveau is nodig.",
                **ACKNOWLEDGED,
            ),
        ),
        201,
    )
    assert decision["needsApproval"]  # a change of level waits for a second pair of eyes
    f.decisions["adjust"] = decision["id"]
    # The removed decision-maker cannot approve any more: the decision is not there for them.
    refused(
        f.api("dm2").post(f"{API}/decisions/{decision['id']}/approvals", {"outcome": "approved"}),
        404,
    )
    approve(f, "adjust", decider="dm3", approver="dm1", expect="approved")
    old = assignments_of(f, "dm1", "start")
    assert {a["endsOn"] for a in old} == {f.today.isoformat()}  # no day without cover
    new = assignments_of(f, "liaison", "adjust")
    assert {a["measure"] for a in new} == {
        "alertering",
        "bewaken",
        "cameratoezicht",
        "beveiligd-vervoer",
    }
    assert {a["startsOn"] for a in new} == {tomorrow.isoformat()}
    for a in new:
        body = ok(
            f.api("liaison").post(f"{API}/security-assignments/{a['id']}/acknowledgements"), 201
        )
        assert body["status"] == "acknowledged"  # starts tomorrow


def stop(f: Flow) -> None:
    refused(
        f.api("dm1").post(
            f"{f.case_url}/transitions",
            {"name": "end_protection", "reason": "De dreiging is weg."},
        ),
        409,
        "een besluit tot beëindiging",
    )
    stop_on = f.today + timedelta(days=3)
    decision = ok(
        f.api("dm1").post(
            f"{API}/decisions",
            {
                "case": f.case_id,
                "decisionType": "stop",
                "reasoning": "Het netwerk is opgerold; de dreiging tegen het leven is weg.",
                "effectiveDate": stop_on.isoformat(),
                **ACKNOWLEDGED,
            },
        ),
        201,
    )
    f.decisions["stop"] = decision["id"]
    approve(f, "stop", decider="dm1", approver="dm3", expect="approved")
    # Until the stop's date the protection goes on.
    assert ok(f.api("dm1").get(f.case_url))["state"] == "protection_active"
    ends = {a["endsOn"] for a in assignments_of(f, "dm1", "adjust")}
    assert ends == {(stop_on - timedelta(days=1)).isoformat()}

    call_command("apply_decisions", "--date", stop_on.isoformat(), stdout=io.StringIO())

    case = ok(f.api("dm1").get(f.case_url))
    assert case["state"] == "ended" and case["endedAt"]
    statuses = {
        key: ok(f.api("dm1").get(f"{API}/decisions/{f.decisions[key]}"))["status"]
        for key in ("start", "adjust", "stop")
    }
    assert statuses == {"start": "superseded", "adjust": "ended", "stop": "in_force"}
    assignments = assignments_of(f, "dm1")
    assert assignments and not [a for a in assignments if a["status"] in OPEN]
    assert {a["status"] for a in assignments if a["decision"] == f.decisions["adjust"]} == {"ended"}
    assert not results(
        ok(
            f.api("lcc").get(
                f"{API}/security-assignments", {"case": f.case_id, "on": stop_on.isoformat()}
            )
        )
    )
    read_letter(f, "stop", "dm1", STOP_SENTENCE)


OPEN = {"pending", "acknowledged", "active"}


def test_a_new_case_goes_the_whole_way_through_the_api() -> None:
    f = configure()
    refer_and_advise(f)
    build_team(f)
    designate(f)
    deliver_product(f)
    draft_assessment(f)
    challenge_and_finalise(f)
    start(f)
    assignments = acknowledge_and_staff(f)
    plan_capacity(f, assignments)
    read_letter(f, "start", "dm1", START_SENTENCE)
    replace_decision_maker(f)
    upgrade(f)
    stop(f)
    # Protection ended (and was changed before): each opened an evaluation for the team.
    evaluations = results(ok(f.api("dm1").get(f"{API}/evaluations", {"case": f.case_id})))
    by_decision = {e["decision"]: e for e in evaluations}
    assert by_decision[f.decisions["stop"]]["trigger"] == "stop"
    assert by_decision[f.decisions["stop"]]["status"] == "open"
    # The timeline tells the life cycle in order, each authority step carried by its decision.
    events = results(ok(f.api("analyst").get(f"{f.case_url}/events", {"pageSize": 100})))
    steps = [(e["kind"], e["fromState"], e["toState"]) for e in events if e["toState"]]
    assert steps == [
        ("referral", "", "referral"),
        ("start_triage", "referral", "triage"),
        ("advise_authority", "triage", "designation"),
        ("route_national", "designation", "assessment"),
        ("submit_for_decision", "assessment", "decision"),
        ("activate_protection", "decision", "protection_active"),
        ("end_protection", "protection_active", "ended"),
    ], steps
    by_step = {e["kind"]: e for e in events}
    assert "Besluit" in by_step["route_national"]["reason"]
    assert "Besluit" in by_step["end_protection"]["reason"]
    assert re.fullmatch(r"WS-\d{4}-\d{4}", f.reference)

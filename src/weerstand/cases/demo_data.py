"""The demo case plan: which cases, how far each got, and the words on their timelines.

Plain data, no model imports; `cases.demo` writes the cases through the domain services.
"""

from __future__ import annotations

from dataclasses import dataclass

from weerstand.accounts.demo_data import DEPV, STG_CONFIDENTIEEL, STG_GEHEIM
from weerstand.cases.demo_scenarios import EER, LON, OC, OVR, REL, STA, STK, TER

# --- the case plan --------------------------------------------------------------------------

# How a case gets to its state: the steps after the referral, in order. The names are those of
# `cases.state_machine.TRANSITIONS` (each becomes an entry on the case's timeline); 'restrict'
# marks where a crown-witness compartment is put around a case that has already been decided
# on. Who takes a step follows from the life cycle: the analysts triage and advise the
# authority (the cases' demo step), every authority step comes from a decision that takes
# effect (the decisions' demo steps), and the threat picture is finalised before the case is
# submitted for a decision (the assessments' demo step).
_ADMITTED = ("start_triage", "advise_authority", "route_national")
_DECIDED = (*_ADMITTED, "submit_for_decision")
_PROTECTED = (*_DECIDED, "activate_protection")
PLANS: dict[str, tuple[str, ...]] = {
    "referral": (),
    "triage": ("start_triage",),
    "designation": ("start_triage", "advise_authority"),
    "assessment": _ADMITTED,
    "decision": _DECIDED,
    "decision_returned": (*_DECIDED, "return_to_assessment", "submit_for_decision"),
    "active": _PROTECTED,
    "active_restricted": (*_PROTECTED, "restrict"),
    "active_recalibrated": (*_PROTECTED, "start_recalibration", "continue_protection"),
    "recalibration": (*_PROTECTED, "start_recalibration"),
    "local": ("start_triage", "advise_authority", "route_local"),
    "rejected": ("start_triage", "advise_authority", "reject_referral"),
    "no_measures": (*_DECIDED, "decide_no_measures"),
    "ended": (*_PROTECTED, "end_protection"),
    "ended_after_recalibration": (*_PROTECTED, "start_recalibration", "end_protection"),
}

# The analysts' advice after triage, by the authority step the plan goes on with.
ADVICE_FOR: dict[str, str] = {
    "route_national": "national",
    "route_local": "local",
    "reject_referral": "refuse",
}


@dataclass(frozen=True)
class CaseRow:
    scenario: str
    plan: str
    severity: str
    classification: int
    referrer: str  # demo username
    owner: str = ""  # analyst who advises the authority (and so owns the case)
    local_authority: str = ""  # organisation code the advice hands the case to ('local')
    om_transfer: str = ""  # OM office code the protection is taken over from
    restriction: str = ""  # 'crown_witness' or 'shielded_investigation'
    limitative: bool = False
    demo_person: bool = False  # the case of the 'tbp', 'naaste' and 'werkgever' logins
    recalibration_in_days: int | None = None  # next recalibration, relative to today
    # A case still waiting for the authority: the advice given ('national', 'local',
    # 'refuse'; otherwise it follows from the plan), and whether a decision-maker has already
    # taken the admission decision that now waits for the second pair of eyes.
    advice: str = ""
    pending_decision: bool = False
    # The last authority step was taken today, through the decision service (four eyes).
    today: bool = False


S, C = "serious", "critical"
E, L = "elevated", "low"
AN, AN2, SR = "analist", "analist2", "senior-analist"

# fmt: off
CASES: tuple[CaseRow, ...] = (
    # referral: not yet picked up
    CaseRow("oc-havengetuige", "referral", S, DEPV, "politie"),
    CaseRow("ter-docent", "referral", C, STG_GEHEIM, "aivd"),
    CaseRow("stk-presentatrice", "referral", E, DEPV, "burgemeester"),
    CaseRow("lon-ggd", "referral", S, DEPV, "kmar"),
    CaseRow("rel-contactverbod", "referral", S, DEPV, "politie"),
    # triage
    CaseRow("sta-blogger", "triage", S, STG_GEHEIM, "aivd"),
    CaseRow("ovr-handhaver", "triage", E, DEPV, "politie"),
    CaseRow("ter-imam", "triage", E, DEPV, "lcc"),
    # advised: waiting for the authority's admission decision
    CaseRow(
        "oc-terminal", "designation", S, STG_CONFIDENTIEEL, "politie", AN2, advice="national",
        pending_decision=True,
    ),
    CaseRow(
        "eer-huwelijk", "designation", C, DEPV, "burgemeester", AN, advice="local",
        local_authority="gemeente-rotterdam",
    ),
    # threat assessment
    CaseRow(
        "oc-transporteur", "assessment", C, STG_CONFIDENTIEEL, "officier", AN,
        om_transfer="om-rotterdam",
    ),
    CaseRow(
        "oc-kroongetuige-verkenning", "assessment", S, STG_GEHEIM, "officier", SR,
        restriction="crown_witness",
    ),
    CaseRow(
        "oc-notaris", "assessment", S, STG_GEHEIM, "infocoordinator", AN,
        restriction="shielded_investigation",
    ),
    CaseRow("ter-onderzoeker", "assessment", S, STG_CONFIDENTIEEL, "aivd", AN2),
    CaseRow("sta-wetenschapper", "assessment", S, STG_GEHEIM, "aivd", SR),
    CaseRow("lon-presentator", "assessment", S, DEPV, "politie", AN2),
    CaseRow("eer-premie", "assessment", C, DEPV, "politie", AN),
    CaseRow("oc-pi-medewerker", "assessment", S, DEPV, "kmar", AN2),
    # decision by the authority
    CaseRow("oc-advocaat", "decision", S, DEPV, "politie", AN),
    CaseRow("ter-spijtoptant", "decision_returned", C, STG_CONFIDENTIEEL, "aivd", SR),
    CaseRow("sta-overloper", "decision", S, STG_GEHEIM, "aivd", AN2),
    CaseRow("lon-opvang", "decision", S, DEPV, "kmar", AN),
    CaseRow("oc-makelaar", "decision", C, STG_CONFIDENTIEEL, "lcc", AN2),
    # protection active
    CaseRow(
        "oc-kroongetuige", "active_restricted", C, STG_GEHEIM, "officier", SR,
        restriction="crown_witness", recalibration_in_days=35,
    ),
    CaseRow(
        "oc-journalist", "active", S, DEPV, "politie", AN, demo_person=True,
        recalibration_in_days=21,
    ),
    CaseRow(
        "oc-getuige-west", "active", S, DEPV, "officier", AN2, om_transfer="om-amsterdam",
        recalibration_in_days=-12,
    ),
    CaseRow("ter-kamerlid", "active", C, STG_GEHEIM, "aivd", SR, recalibration_in_days=45),
    CaseRow("ter-columnist", "active", S, STG_CONFIDENTIEEL, "aivd", AN, recalibration_in_days=-3),
    CaseRow("sta-vluchteling", "active", S, STG_GEHEIM, "aivd", SR, recalibration_in_days=60),
    CaseRow("lon-wethouder", "active", S, DEPV, "politie", AN2, recalibration_in_days=90),
    CaseRow("oc-rechercheur", "active", S, DEPV, "kmar", AN, recalibration_in_days=12),
    CaseRow(
        "oc-horeca", "active_recalibrated", S, STG_CONFIDENTIEEL, "politie", AN2,
        recalibration_in_days=120,
    ),
    CaseRow(
        "ter-interreligieus", "active_recalibrated", S, DEPV, "lcc", AN,
        recalibration_in_days=150,
    ),
    CaseRow(
        "ter-bewindspersoon", "active", S, DEPV, "lcc", SR, limitative=True,
        recalibration_in_days=30,
    ),
    CaseRow("lon-kinderarts", "active", C, DEPV, "politie", AN, recalibration_in_days=-30),
    CaseRow("oc-broer", "active", S, DEPV, "politie", AN2, recalibration_in_days=75),
    CaseRow("sta-activiste", "active", S, STG_CONFIDENTIEEL, "aivd", AN, recalibration_in_days=7),
    CaseRow(
        "oc-verslaggever", "active", C, STG_CONFIDENTIEEL, "kmar", SR, recalibration_in_days=40
    ),
    CaseRow("lon-rechter", "active", S, DEPV, "politie", AN2, recalibration_in_days=100),
    # recalibration running
    CaseRow("oc-wethouder", "recalibration", S, DEPV, "politie", AN, recalibration_in_days=-10),
    CaseRow(
        "ter-cartoonist", "recalibration", S, STG_CONFIDENTIEEL, "aivd", AN2,
        recalibration_in_days=-25,
    ),
    CaseRow(
        "sta-journalist", "recalibration", S, STG_GEHEIM, "aivd", SR, recalibration_in_days=-4
    ),
    CaseRow("lon-viroloog", "recalibration", S, DEPV, "kmar", AN, recalibration_in_days=-40),
    CaseRow(
        "oc-alarmbedrijf", "recalibration", C, STG_CONFIDENTIEEL, "politie", AN2,
        recalibration_in_days=-2,
    ),
    CaseRow("oc-raadslid", "recalibration", S, DEPV, "officier", AN, recalibration_in_days=-18),
    CaseRow("ter-wethouder", "recalibration", S, DEPV, "lcc", SR, recalibration_in_days=-7),
    # handed to the local domain
    CaseRow("rel-nieuw-adres", "local", S, DEPV, "politie", local_authority="om-rotterdam"),
    CaseRow(
        "stk-huisarts", "local", S, DEPV, "burgemeester", local_authority="gemeente-rotterdam"
    ),
    CaseRow("eer-broer", "local", S, DEPV, "politie", local_authority="gemeente-rotterdam"),
    CaseRow(
        "ovr-burenconflict", "local", E, DEPV, "burgemeester",
        local_authority="gemeente-rotterdam", today=True,
    ),
    CaseRow("rel-omgang", "local", C, DEPV, "politie", local_authority="om-amsterdam"),
    CaseRow("stk-ontwerper", "local", E, DEPV, "politie", local_authority="gemeente-utrecht"),
    CaseRow("oc-sportschool", "local", E, DEPV, "politie", local_authority="gemeente-den-haag"),
    CaseRow("lon-ambtenaar", "local", L, DEPV, "kmar", local_authority="gemeente-amsterdam"),
    # ended
    CaseRow("ovr-zakelijk", "rejected", L, DEPV, "burgemeester"),
    CaseRow("lon-raadslid", "no_measures", E, DEPV, "politie", AN),
    CaseRow("oc-vader", "ended", S, DEPV, "politie", AN2),
    CaseRow("ter-ambtenaar", "ended_after_recalibration", S, STG_CONFIDENTIEEL, "aivd", SR),
    CaseRow("sta-ondernemer", "ended", S, DEPV, "aivd", AN),
    CaseRow("oc-tolk", "ended", S, DEPV, "kmar", AN2),
)


# Codenames: Dutch birds, shuffled with the demo seed and handed out in case order.
CODENAMES: tuple[str, ...] = (
    "Kievit", "Reiger", "Grutto", "Tureluur", "Wulp", "Scholekster", "Zwaluw", "Merel",
    "Lijster", "Specht", "Buizerd", "Havik", "Sperwer", "Torenvalk", "Steenuil", "Kraai",
    "Ekster", "Gaai", "Vink", "Koolmees", "Roodborst", "Winterkoning", "Koekoek", "IJsvogel",
    "Aalscholver", "Fuut", "Meerkoet", "Waterhoen", "Zilvermeeuw", "Visdief", "Kluut",
    "Bergeend", "Smient", "Wintertaling", "Krakeend", "Slobeend", "Tafeleend", "Kuifeend",
    "Nonnetje", "Ooievaar", "Lepelaar", "Roerdomp", "Woudaap", "Patrijs", "Kwartel",
    "Houtduif", "Tortelduif", "Gierzwaluw", "Oeverzwaluw", "Veldleeuwerik", "Graspieper",
    "Kwikstaart", "Roodstaart", "Tapuit", "Paapje", "Putter", "Sijs", "Kneu", "Goudvink",
    "Appelvink", "Rietgors", "Spreeuw", "Wielewaal", "Kauw", "Roek", "Boomklever",
)

# fmt: on

# --- reasons --------------------------------------------------------------------------------

PHENOMENON_TEXT: dict[str, str] = {
    OC: "georganiseerde, ondermijnende criminaliteit",
    TER: "terrorisme",
    STA: "een statelijke actor",
    LON: "een geradicaliseerde eenling",
    REL: "relationeel geweld",
    STK: "stalking",
    EER: "eergerelateerd geweld",
    OVR: "een lokaal conflict",
}

# Measure packages by phenomenon and severity: what the authority decides on.
PACKAGES: dict[tuple[str, str], str] = {
    (OC, C): "pakket 4 (permanente persoonsbeveiliging, beveiligd vervoer, woningbeveiliging)",
    (OC, S): "pakket 3 (woningbeveiliging, alarmopvolging met voorrang, gerichte surveillance)",
    (TER, C): "pakket 4T (permanente persoonsbeveiliging, beveiligd vervoer, afgeschermde agenda)",
    (TER, S): "pakket 3T (woningbeveiliging, begeleiding bij publieke optredens, surveillance)",
    (STA, C): "pakket 4S (persoonsbeveiliging, contra-observatie, digitale weerbaarheid)",
    (STA, S): "pakket 3S (contra-observatie, woningbeveiliging, digitale weerbaarheid)",
    (LON, C): "pakket 4E (persoonsbeveiliging, gebiedsverbod dreiger, afspraken met de ggz)",
    (LON, S): "pakket 3E (gerichte surveillance, vast contactpunt eenheid, afspraken met de ggz)",
    (EER, C): "pakket 4 (beveiligd verblijf, persoonsbeveiliging bij verplaatsingen)",
}

OWN_RESISTANCE: tuple[str, ...] = (
    "De persoon neemt zelf maatregelen, maar kan een gewapende aanslag niet weerstaan.",
    "Werkgever heeft eigen maatregelen getroffen; die volstaan niet buiten het werk.",
    "Naasten zijn kwetsbaar: de kinderen gaan naar een school op een bekend adres.",
    "Eigen weerstand is beperkt: de woning is eenvoudig te verkennen.",
)

# Why the referrer reported the case, by referring demo user.
REFERRAL_REASONS: dict[str, str] = {
    "politie": "Aanmelding door de politie na een melding bij de eenheid; eerste "
    "dreigingsinformatie en zachte informatie van de wijkagent bijgevoegd.",
    "kmar": "Aanmelding door de KMar na signalen uit een lopende beveiligingsopdracht.",
    "aivd": "Aanmelding op basis van een ambtsbericht van de AIVD (Wiv 2017); het "
    "dreigingsinformatieproduct volgt via de liaison.",
    "burgemeester": "Aanmelding door de burgemeester van Rotterdam na overleg in de lokale "
    "driehoek.",
    "lcc": "Aanmelding vanuit het LCC na een signaal uit de dagelijkse operationele afstemming.",
    "officier": "Aanmelding door het Landelijk Parket: de veiligheid van de persoon is in het "
    "geding door een lopende strafzaak.",
    "infocoordinator": "Aanmelding door de informatiecoördinator: in een afgeschermd onderzoek "
    "is informatie aangetroffen die raakt aan de veiligheid van deze persoon.",
}

# Measures the OM office had in place when it handed the protection over.
INTERIM_MEASURES: dict[str, str] = {
    "om-rotterdam": (
        "Woningbeveiliging met camera's en alarmopvolging met voorrang door Eenheid Rotterdam; "
        "gerichte surveillance bij woning en bedrijfspand; afspraken met de werkgever over "
        "wisselende werktijden."
    ),
    "om-amsterdam": (
        "Tijdelijke beveiligde verblijfplaats; begeleiding op zittingsdagen door het segment "
        "persoonsbegeleiding; alarmknop en vast contactpunt bij Eenheid Amsterdam."
    ),
}

# --- timing ---------------------------------------------------------------------------------

# Plain steps the case's decision-maker takes (the other plain steps are the owner's; the
# authority steps follow from decisions).
DECIDER_STEPS: frozenset[str] = frozenset({"return_to_assessment"})

# Typical time between the previous timeline entry and this one, in hours (min, max).
GAP_HOURS: dict[str, tuple[float, float]] = {
    "om_transfer": (0.01, 0.05),
    "restricted": (0.5, 6),
    "start_triage": (1, 20),
    "advise_authority": (4, 72),
    "route_national": (24, 120),
    "route_local": (24, 120),
    "reject_referral": (24, 96),
    "submit_for_decision": (5 * 24, 21 * 24),
    "return_to_assessment": (24, 96),
    "activate_protection": (24, 120),
    "decide_no_measures": (24, 120),
    "start_recalibration": (60 * 24, 180 * 24),
    "continue_protection": (5 * 24, 14 * 24),
    "end_protection": (20 * 24, 120 * 24),
}
# Time since the last timeline entry, by plan (hours).
TAIL_HOURS: dict[str, tuple[float, float]] = {
    "referral": (1, 30),
    "triage": (2, 48),
    "designation": (4, 72),
    "assessment": (24, 240),
    "decision": (24, 160),
    "decision_returned": (24, 96),
    "active": (10 * 24, 200 * 24),
    "active_restricted": (10 * 24, 40 * 24),
    "active_recalibrated": (5 * 24, 60 * 24),
    "recalibration": (24, 10 * 24),
    "local": (5 * 24, 90 * 24),
    "rejected": (5 * 24, 60 * 24),
    "no_measures": (10 * 24, 90 * 24),
    "ended": (10 * 24, 120 * 24),
    "ended_after_recalibration": (10 * 24, 120 * 24),
}
# ...for a row whose last step was taken today (just now, through the decision service).
TODAY_TAIL_HOURS: tuple[float, float] = (0.01, 0.02)
# Time between the previous timeline entry and one that is not a step of the plan (team
# changes, threat pictures, advice), by kind ("": any other): at most half the time left
# until the plan's next step.
OTHER_GAP_HOURS: dict[str, tuple[float, float]] = {
    "": (0.1, 8),
    "assessment_started": (2, 48),
    "assessment_finalised": (3 * 24, 14 * 24),
}

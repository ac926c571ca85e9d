"""The demo accounts: one or more per role (plain data, no model imports).

All names are invented. Tests and scripts read this list without a configured database;
`accounts.demo` writes the users, `weerstand demo-users` prints their logins.
"""

from __future__ import annotations

from dataclasses import dataclass

# The classification scale (`accounts.roles.Clearance`) as plain numbers, for every app's
# demo data: clearances here, classifications of people, cases and the limitative list there.
UNCLASSIFIED, DEPV, STG_CONFIDENTIEEL, STG_GEHEIM, STG_ZEER_GEHEIM = 0, 1, 2, 3, 4


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    roles: tuple[str, ...]
    organisation: str
    unit: str
    clearance: int
    # Portal users are linked to their registry entry: 'protectee', 'relative', 'employer'.
    person: str = ""


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "analist", "Anouk", "Verbeek", ("analyst",), "nctv", "nctv-dreigingsanalyse", STG_GEHEIM
    ),
    DemoAccount(
        "analist2", "Daan", "Hofstede", ("analyst",), "nctv", "nctv-dreigingsanalyse", STG_GEHEIM
    ),
    DemoAccount(
        "senior-analist",
        "Marieke",
        "Roosendaal",
        ("senior_analyst",),
        "nctv",
        "nctv-dreigingsanalyse",
        STG_ZEER_GEHEIM,
    ),
    DemoAccount(
        "besluitvormer",
        "Hendrik",
        "Valkenburg",
        ("decision_maker",),
        "nctv",
        "nctv-gezag",
        STG_GEHEIM,
    ),
    DemoAccount(
        "besluitvormer2",
        "Saskia",
        "Oudshoorn",
        ("decision_maker",),
        "nctv",
        "nctv-gezag",
        STG_GEHEIM,
    ),
    DemoAccount("lcc", "Ilse", "Brouwer", ("lcc_coordinator",), "nctv", "nctv-lcc", STG_GEHEIM),
    DemoAccount(
        "politie",
        "Jeroen",
        "Kamphuis",
        ("police_liaison",),
        "politie",
        "politie-persoonsbegeleiding",
        STG_CONFIDENTIEEL,
    ),
    DemoAccount(
        "kmar", "Wendy", "Schilperoord", ("kmar_liaison",), "kmar", "kmar-pb", STG_CONFIDENTIEEL
    ),
    DemoAccount(
        "planner",
        "Bas",
        "Wolters",
        ("unit_planner",),
        "politie",
        "politie-rotterdam",
        STG_CONFIDENTIEEL,
    ),
    DemoAccount(
        "aivd",
        "Femke",
        "Lindeboom",
        ("intelligence_liaison",),
        "aivd",
        "aivd-liaison",
        STG_GEHEIM,
    ),
    DemoAccount(
        "officier",
        "Karel",
        "van Essen",
        ("om_officer",),
        "om-landelijk",
        "om-landelijk-kroongetuigen",
        STG_GEHEIM,
    ),
    DemoAccount(
        "officier2",
        "Mirjam",
        "de Graaf",
        ("om_officer",),
        "om-landelijk",
        "om-landelijk-kroongetuigen",
        STG_GEHEIM,
    ),
    DemoAccount("burgemeester", "Ingrid", "Zwartkruis", ("mayor",), "gemeente-rotterdam", "", DEPV),
    DemoAccount(
        "infocoordinator",
        "Ruud",
        "Pieterse",
        ("information_coordinator",),
        "politie",
        "politie-rotterdam",
        STG_ZEER_GEHEIM,
    ),
    DemoAccount(
        "weerbaarheid",
        "Nadia",
        "Haddou",
        ("resilience_expert",),
        "nctv",
        "nctv-lcc",
        STG_GEHEIM,
    ),
    DemoAccount(
        "tbp", "Sanne", "Wijnberg", ("protectee",), "burgers", "", UNCLASSIFIED, "protectee"
    ),
    DemoAccount(
        "naaste", "Thomas", "Kerkhof", ("relative",), "burgers", "", UNCLASSIFIED, "relative"
    ),
    DemoAccount(
        "werkgever", "Erik", "Dijkman", ("employer",), "burgers", "", UNCLASSIFIED, "employer"
    ),
    # A former protectee who helps as a buddy: the resilience demo links this login to the
    # protectee of an ended case and takes that person's name.
    DemoAccount("buddy", "Buddy", "Oud-beschermd", ("protectee",), "burgers", "", UNCLASSIFIED),
    DemoAccount(
        "inspecteur", "Gerda", "Hoogeveen", ("inspector",), "inspectie-jenv", "", STG_GEHEIM
    ),
    DemoAccount(
        "adviesorgaan", "Pieter-Jan", "Smeets", ("advisory_body",), "adviesorgaan", "", DEPV
    ),
    DemoAccount(
        "kwaliteit",
        "Femke",
        "Oosterhuis",
        ("quality_officer",),
        "nctv",
        "nctv-bedrijfsvoering",
        STG_GEHEIM,
    ),
    DemoAccount(
        "privacy", "Joost", "Brandsma", ("privacy_officer",), "nctv", "nctv-bedrijfsvoering", DEPV
    ),
    DemoAccount("bezwaar", "Lotte", "Vermeulen", ("appeal_officer",), "bezwaarcommissie", "", DEPV),
    # Outside investigation and prosecution: reviews crown-witness trajectories (issue 16).
    DemoAccount(
        "toetser",
        "Hanneke",
        "Verbrugge",
        ("independent_reviewer",),
        "toetsingscommissie",
        "",
        STG_GEHEIM,
    ),
    DemoAccount(
        "beheerder",
        "Kees",
        "Achterberg",
        ("system_admin",),
        "nctv",
        "nctv-bedrijfsvoering",
        DEPV,
    ),
    # The second persons for access changes: another administrator, and the NCTV's security
    # officer (four eyes on every grant and credential reset, `accounts.access_changes`).
    DemoAccount(
        "beheerder2",
        "Noor",
        "Wijnands",
        ("system_admin",),
        "nctv",
        "nctv-bedrijfsvoering",
        DEPV,
    ),
    DemoAccount(
        "beveiliger",
        "Ruud",
        "Kamphuis",
        ("security_officer",),
        "nctv",
        "nctv-bedrijfsvoering",
        DEPV,
    ),
)

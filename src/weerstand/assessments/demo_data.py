"""The demo's method templates and scenario texts (plain data, no model imports).

`assessments.demo` writes the templates for the four national phenomena and uses the scenario
texts in the threat pictures of the demo cases.
"""

from __future__ import annotations

# (group, code, label, guidance)
TEMPLATES: dict[str, tuple[str, str, list[tuple[str, str, str, str]]]] = {
    "organised_crime": (
        "Georganiseerde en ondermijnende criminaliteit",
        "Weging van dreiging vanuit criminele netwerken: belang, middelen en eerdere daden.",
        [
            (
                "factor",
                "belang-netwerk",
                "Belang van het netwerk bij uitschakeling",
                "Wat verliest het netwerk door de persoon: vrijheid, geld, reputatie?",
            ),
            (
                "factor",
                "geweldshistorie",
                "Geweldshistorie van het netwerk",
                "Eerdere liquidaties, aanslagen of intimidatie, ook bij naasten.",
            ),
            (
                "factor",
                "middelen",
                "Beschikbare middelen en uitvoerders",
                "Wapens, ingehuurde uitvoerders, informatieposities.",
            ),
            (
                "factor",
                "informatiepositie",
                "Informatiepositie over de persoon",
                "Kent het netwerk adres, routes, gewoonten of naasten?",
            ),
            (
                "factor",
                "triggermomenten",
                "Komende triggermomenten",
                "Zitting, openbaar worden van een afspraak, vrijlating.",
            ),
            (
                "factor",
                "naasten",
                "Kwetsbaarheid van de omgeving",
                "Familie, advocaat, vertrouwenspersoon: ook doelwit?",
            ),
        ],
    ),
    "terrorism": (
        "Terrorisme",
        "Weging van jihadistische, rechts- en links-extremistische en anti-institutionele "
        "dreiging.",
        [
            (
                "factor",
                "ideologie",
                "Ideologische motivatie en doelwitkeuze",
                "Past de persoon in een bekend doelwitprofiel?",
            ),
            (
                "factor",
                "oproepen",
                "Oproepen en doelwitlijsten",
                "Publieke oproepen, fatwa's, doxing.",
            ),
            (
                "factor",
                "netwerk",
                "Betrokkenheid van een netwerk of groep",
                "Gestuurd, geïnspireerd of zelfstandig?",
            ),
            (
                "factor",
                "capaciteit",
                "Capaciteit en middelen",
                "Toegang tot wapens, explosieven, voertuigen.",
            ),
            (
                "factor",
                "dreigingsniveau",
                "Nationaal dreigingsbeeld",
                "Het algemene dreigingsniveau en actuele aanslagen elders.",
            ),
        ],
    ),
    "state_actors": (
        "Statelijke actoren",
        "Weging van dreiging door of namens een buitenlandse staat (transnationale repressie).",
        [
            (
                "factor",
                "staatsbelang",
                "Belang van de staat bij de persoon",
                "Dissident, overloper, journalist, getuige?",
            ),
            (
                "factor",
                "modus",
                "Bekende werkwijze van de staat",
                "Intimidatie van familie, ontvoering, liquidatie in het buitenland.",
            ),
            (
                "factor",
                "proxies",
                "Inzet van criminele proxies",
                "Huurt de staat criminele uitvoerders in?",
            ),
            (
                "factor",
                "diaspora",
                "Druk via de diaspora en familie",
                "Familie in het land van herkomst onder druk gezet?",
            ),
            (
                "factor",
                "digitaal",
                "Digitale aanvallen en surveillance",
                "Spyware, hacking, volgen via sociale media.",
            ),
        ],
    ),
    "radicalised_loner": (
        "Geradicaliseerde eenling",
        "Gestructureerd professioneel oordeel in de stijl van TRAP-18: acht proximale "
        "waarschuwingsgedragingen en distale kenmerken.",
        [
            (
                "warning_behaviour",
                "pathway",
                "Pad naar geweld (pathway)",
                "Onderzoek, planning, voorbereiding of uitvoering van een aanslag.",
            ),
            (
                "warning_behaviour",
                "fixation",
                "Fixatie",
                "Toenemende preoccupatie met een persoon of zaak, ten koste van werk en relaties.",
            ),
            (
                "warning_behaviour",
                "identification",
                "Identificatie",
                "Met eerdere daders, een krijgersrol, wapens of een groep.",
            ),
            (
                "warning_behaviour",
                "novel-aggression",
                "Nieuwe agressie",
                "Geweld los van het doelwit, als test van het eigen vermogen.",
            ),
            (
                "warning_behaviour",
                "energy-burst",
                "Energie-uitbarsting",
                "Toename van activiteit rond het doelwit in de dagen of weken vooraf.",
            ),
            (
                "warning_behaviour",
                "leakage",
                "Lekken (leakage)",
                "Mededeling aan derden over het voornemen.",
            ),
            (
                "warning_behaviour",
                "last-resort",
                "Laatste redmiddel",
                "Geweld gezien als enige uitweg; wanhoop.",
            ),
            (
                "warning_behaviour",
                "direct-threat",
                "Rechtstreeks geuite dreiging",
                "Dreiging gecommuniceerd aan het doelwit of de politie.",
            ),
            (
                "distal",
                "grievance",
                "Persoonlijke grief en morele verontwaardiging",
                "Geframed in een ideologie.",
            ),
            (
                "distal",
                "framed-ideology",
                "Ideologisch kader",
                "Overtuigingen die geweld rechtvaardigen.",
            ),
            (
                "distal",
                "failure-affiliate",
                "Mislukte aansluiting bij een groep",
                "Afgewezen door een extremistische groep.",
            ),
            (
                "distal",
                "dependence-virtual",
                "Afhankelijkheid van de virtuele gemeenschap",
                "Leeft vooral online tussen gelijkgestemden.",
            ),
            (
                "distal",
                "thwarting",
                "Stagnatie in werk of relaties",
                "Doelen in het leven geblokkeerd.",
            ),
            ("distal", "mental-disorder", "Psychische stoornis", "Met of zonder behandeling."),
            (
                "distal",
                "creativity",
                "Vermogen tot planning en uitvoering",
                "Creativiteit en innovatie in eerdere handelingen.",
            ),
        ],
    ),
}

SCENARIO_TEXT = {
    "organised_crime": (
        "Liquidatiepoging door ingehuurde uitvoerders",
        "Uitvoerders ingehuurd door het netwerk",
        "Wraak en afschrikking: de persoon het zwijgen opleggen",
        "Het netwerk heeft eerder uitvoerders en vuurwapens ingezet",
        "Vaste dagelijkse routes en een bekend woonadres",
        "Inhoudelijke behandeling van de strafzaak",
    ),
    "terrorism": (
        "Aanslag met steekwapen door een geïnspireerde dader",
        "Geïnspireerde eenling of klein netwerk",
        "Bestraffen van vermeende belediging van geloof of groep",
        "Laagdrempelige middelen (mes, voertuig)",
        "Publieke optredens en bekende werkplek",
        "Publicatie of openbaar optreden van de persoon",
    ),
    "state_actors": (
        "Ontvoering of liquidatie in opdracht van een buitenlandse dienst",
        "Inlichtingendienst van het land van herkomst, mogelijk via criminele proxies",
        "Uitschakelen van een criticus en afschrikken van de diaspora",
        "Professionele planning, inzet van proxies",
        "Reizen en contacten met familie",
        "Verjaardag van de overloop of een publicatie",
    ),
    "radicalised_loner": (
        "Gerichte aanval door een gefixeerde eenling",
        "Bekende eenling met fixatie op de persoon",
        "Grief die in een ideologisch kader is geplaatst",
        "Beperkte middelen; eerder bezit van een mes",
        "Openbare optredens die vooraf worden aangekondigd",
        "Aangekondigd openbaar optreden",
    ),
}

"""The static tables of the demo world: organisations, demo accounts, scenarios, case plan.

All people, companies, streets and events here are invented. Real are only the public bodies
of the protection system (NCTV, police, KMar, OM, ...) and the Dutch towns people live in.
Phone numbers use the 06-0000xxxx range, which is not issued to subscribers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# --- organisations and units ----------------------------------------------------------------

# (code, name, kind, parent code)
ORGANISATIONS: tuple[tuple[str, str, str, str], ...] = (
    ("nctv", "Nationaal Coördinator Terrorismebestrijding en Veiligheid", "nctv", ""),
    ("politie", "Politie", "police", ""),
    ("kmar", "Koninklijke Marechaussee", "kmar", ""),
    ("aivd", "Algemene Inlichtingen- en Veiligheidsdienst", "aivd", ""),
    ("mivd", "Militaire Inlichtingen- en Veiligheidsdienst", "mivd", ""),
    ("om", "Openbaar Ministerie", "om", ""),
    ("om-rotterdam", "Parket Rotterdam", "om", "om"),
    ("om-amsterdam", "Parket Amsterdam", "om", "om"),
    ("om-landelijk", "Landelijk Parket", "om", "om"),
    ("gemeente-rotterdam", "Gemeente Rotterdam", "municipality", ""),
    ("gemeente-amsterdam", "Gemeente Amsterdam", "municipality", ""),
    ("gemeente-utrecht", "Gemeente Utrecht", "municipality", ""),
    ("gemeente-den-haag", "Gemeente Den Haag", "municipality", ""),
    ("dji", "Dienst Justitiële Inrichtingen", "dji", ""),
    ("reclassering", "Reclassering Nederland", "reclassering", ""),
    ("inspectie-jenv", "Inspectie Justitie en Veiligheid", "inspectorate", ""),
    ("adviesorgaan", "Onafhankelijk Adviescollege Beveiligen van Personen", "advisory_body", ""),
    (
        "bezwaarcommissie",
        "Onafhankelijke Bezwaarcommissie Beveiligen van Personen",
        "appeal_body",
        "",
    ),
    ("dijkwacht", "Dijkwacht Persoonsbeveiliging B.V.", "private", ""),
    ("burgers", "Burgers (te beveiligen personen, naasten, werkgevers)", "civilian", ""),
)

# (code, organisation code, name, kind)
UNITS: tuple[tuple[str, str, str, str], ...] = (
    ("nctv-dreigingsanalyse", "nctv", "Dreigingsanalysefunctie", "threat_analysis"),
    ("nctv-gezag", "nctv", "Gezag bewaken en beveiligen", "authority"),
    ("nctv-lcc", "nctv", "Landelijk Coördinatiecentrum", "lcc"),
    ("nctv-bedrijfsvoering", "nctv", "Bedrijfsvoering en informatievoorziening", "other"),
    ("politie-rotterdam", "politie", "Eenheid Rotterdam", "regional"),
    ("politie-amsterdam", "politie", "Eenheid Amsterdam", "regional"),
    ("politie-midden-nederland", "politie", "Eenheid Midden-Nederland", "regional"),
    ("politie-den-haag", "politie", "Eenheid Den Haag", "regional"),
    ("politie-dkdb", "politie", "Dienst Koninklijke en Diplomatieke Beveiliging", "dkdb"),
    ("politie-persoonsbegeleiding", "politie", "Segment persoonsbegeleiding", "police_pb"),
    ("politie-be", "politie", "Bewakingseenheid", "be"),
    ("kmar-bsb", "kmar", "Brigade Speciale Beveiligingsopdrachten", "bsb"),
    ("kmar-hrb", "kmar", "High Risk Beveiliging", "hrb"),
    ("kmar-pb", "kmar", "Contingent persoonsbeveiliging binnenland", "kmar_pb"),
    ("aivd-liaison", "aivd", "Liaison bewaken en beveiligen", "other"),
    ("om-landelijk-kroongetuigen", "om-landelijk", "Team kroongetuigen", "other"),
    ("dijkwacht-persoonsbeveiliging", "dijkwacht", "Team persoonsbeveiliging", "private"),
)

# --- demo accounts --------------------------------------------------------------------------

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
    DemoAccount(
        "inspecteur", "Gerda", "Hoogeveen", ("inspector",), "inspectie-jenv", "", STG_GEHEIM
    ),
    DemoAccount(
        "adviesorgaan", "Pieter-Jan", "Smeets", ("advisory_body",), "adviesorgaan", "", DEPV
    ),
    DemoAccount("bezwaar", "Lotte", "Vermeulen", ("appeal_officer",), "bezwaarcommissie", "", DEPV),
    DemoAccount(
        "beheerder",
        "Kees",
        "Achterberg",
        ("system_admin",),
        "nctv",
        "nctv-bedrijfsvoering",
        DEPV,
    ),
)

# --- employers ------------------------------------------------------------------------------

# key: (name, sector, own measures)
EMPLOYERS: dict[str, tuple[str, str, str]] = {
    "dagblad": (
        "Maasstad Dagblad",
        "media",
        "Redactie met toegangscontrole en camera's; meldprotocol voor bedreigingen; publicaties "
        "zonder woonplaats van de auteur; juridische bijstand bij aangifte.",
    ),
    "haven": (
        "Waalhaven Container Terminal B.V.",
        "logistiek",
        "Pasjessysteem en screening van personeel; vertrouwenspersoon integriteit; overplaatsing "
        "naar een andere ploeg bij dreiging.",
    ),
    "advocatuur": (
        "Kuipers & Van Dam Advocaten",
        "advocatuur",
        "Toegangscontrole en cameratoezicht op kantoor; afgeschermd postadres; cliëntgesprekken "
        "op een wisselende locatie.",
    ),
    "gemeente_utrecht": (
        "Gemeente Utrecht",
        "openbaar bestuur",
        "Bodeservice, beveiligde werkplek in het stadhuis, afgeschermde agenda en vervoer na "
        "avondvergaderingen.",
    ),
    "gemeente_den_haag": (
        "Gemeente Den Haag",
        "openbaar bestuur",
        "Beveiligde toegang raadhuis, begeleiding bij openbare bijeenkomsten, afgeschermde "
        "adresgegevens in de basisregistratie.",
    ),
    "gemeente_amsterdam": (
        "Gemeente Amsterdam",
        "openbaar bestuur",
        "Beveiligde werkplek, meldpunt agressie en geweld, afgeschermde agenda.",
    ),
    "gemeente_rotterdam": (
        "Gemeente Rotterdam",
        "openbaar bestuur",
        "Werken in koppels bij handhaving, bodycam, meldpunt agressie en geweld.",
    ),
    "transport": (
        "Maasdelta Transport B.V.",
        "transport",
        "Wisselende routes, volgsysteem in de voertuigen, geen vaste vertrektijden.",
    ),
    "politie_werkgever": (
        "Politie (als werkgever)",
        "overheid",
        "Afscherming van de identiteit in processtukken, tijdelijke overplaatsing, nazorg door "
        "het bedrijfsopvangteam.",
    ),
    "zorg": (
        "Zorggroep Eemland-Oost",
        "zorg",
        "Alarmknop op de werkplek, vaste collega bij afspraken, afgeschermd rooster.",
    ),
    "notariaat": (
        "Notariskantoor Ter Horst & Wielinga",
        "notariaat",
        "Afspraken alleen na identificatie, cameratoezicht, afgeschermde privégegevens.",
    ),
    "alarmbedrijf": (
        "Brandsma Alarmsystemen B.V.",
        "beveiliging",
        "Eigen alarmcentrale; camerabewaking van woning en bedrijfspand.",
    ),
    "omroep": (
        "Omroep Lage Landen",
        "media",
        "Beveiliger bij live-uitzendingen, afgeschermde parkeerplaats, studio met "
        "toegangscontrole.",
    ),
    "dji_werkgever": (
        "Dienst Justitiële Inrichtingen (als werkgever)",
        "overheid",
        "Overplaatsing naar een andere inrichting, afgeschermde roostergegevens, nazorgtraject.",
    ),
    "vastgoed": (
        "Kwartelhof Vastgoed B.V.",
        "vastgoed",
        "Geen eigen beveiligingsmaatregelen; de onderneming is inmiddels gesloten.",
    ),
    "horeca": (
        "Grand Café De Wachter",
        "horeca",
        "Camera's, alarmopvolging via een particuliere meldkamer, vroegere sluitingstijd in "
        "overleg met de gemeente.",
    ),
    "onderwijs": (
        "Scholengemeenschap De Vlietrand",
        "onderwijs",
        "Afspraken met de schoolleiding over toegang tot het gebouw, aangepast rooster, "
        "vertrouwenspersoon.",
    ),
    "sportschool": (
        "Sportcentrum De Veerkracht",
        "sport",
        "Camera's bij de ingang; contant betalen afgeschaft.",
    ),
    "bouw": (
        "Aannemersbedrijf Gebr. Rijnders",
        "bouw",
        "Wisselende werklocaties; geen naamsvermelding op bouwborden.",
    ),
    "vertaalbureau": (
        "Vertaalbureau Brugwoord",
        "dienstverlening",
        "Thuiswerken; geen namen van medewerkers op de website.",
    ),
    "autobedrijf": (
        "Autobedrijf De Koppeling",
        "autohandel",
        "Geen eigen beveiligingsmaatregelen.",
    ),
    "tweede_kamer": (
        "Tweede Kamer der Staten-Generaal",
        "volksvertegenwoordiging",
        "Toegangsbeveiliging van het parlementsgebouw, eigen beveiligingsdienst, afgeschermde "
        "agenda en beveiligd reisschema.",
    ),
    "weekblad": (
        "Weekblad De Kantlijn",
        "media",
        "Redactieadres afgeschermd; aangiftes via de uitgever; juridische bijstand.",
    ),
    "stichting": (
        "Stichting Vrije Stem",
        "maatschappelijk",
        "Bijeenkomsten alleen op aanmelding; beveiliger bij publieke optredens.",
    ),
    "universiteit": (
        "Universiteit Zuidwal",
        "onderwijs en onderzoek",
        "Afgeschermde werkplek, geen kamernummer op de website, meldpunt voor bedreigde "
        "wetenschappers.",
    ),
    "rijksoverheid": (
        "Ministerie (rijksoverheid)",
        "rijksoverheid",
        "Beveiligde werkplek, afgeschermde agenda, dienstauto met chauffeur.",
    ),
    "moskee": (
        "Stichting Moskee Al-Fajr Zuidwijk",
        "levensbeschouwing",
        "Camera's bij de ingang, gastheren bij de gebeden, vast contact met de wijkagent.",
    ),
    "adviesbureau": (
        "Adviesbureau Oostgrens",
        "advies",
        "Geen eigen beveiligingsmaatregelen; werkt vanaf wisselende locaties.",
    ),
    "handel": (
        "Noordzee Handelsonderneming B.V.",
        "handel",
        "Toegangscontrole kantoor; screening van nieuwe zakenpartners.",
    ),
    "kennisinstituut": (
        "Kennisinstituut Volksgezondheid Delta",
        "onderzoek",
        "Toegangscontrole, geen namen van onderzoekers in publieksuitingen, training digitale "
        "veiligheid.",
    ),
    "rechtspraak": (
        "De Rechtspraak (als werkgever)",
        "rechtspraak",
        "Beveiligde toegang tot het gerechtsgebouw, afgeschermd privéadres, begeleiding bij "
        "zittingen.",
    ),
    "opvang": (
        "Opvangorganisatie Rivierenland",
        "opvang",
        "Beveiliging op de locatie, afspraken met de wijkagent, cameratoezicht.",
    ),
    "ggd": (
        "GGD Regio Zuidwal",
        "zorg",
        "Beveiliger op testlocaties, geen namen op naambadges.",
    ),
    "zelfstandig": (
        "Studio Lichtval (eenmanszaak)",
        "creatieve sector",
        "Geen eigen beveiligingsmaatregelen; werkt vanuit huis.",
    ),
}

# --- scenarios ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    phenomenon: str
    gender: str  # 'v' or 'm': the summary speaks of the protectee as such
    employer: str
    summary: str
    town: str = ""  # where the protectee lives; empty: drawn from TOWNS


OC, TER, STA, LON = "organised_crime", "terrorism", "state_actors", "radicalised_loner"
REL, STK, EER, OVR = "relational_violence", "stalking", "honour_violence", "other_local"

SCENARIOS: dict[str, Scenario] = {
    # organised / undermining crime
    "oc-journalist": Scenario(
        OC,
        "v",
        "dagblad",
        "Onderzoeksjournalist publiceerde een reeks artikelen over witwassen via vastgoed in "
        "Rotterdam-Zuid. Sindsdien zijn meermaals onbekende voertuigen bij de woning gezien en "
        "is een dreigbrief met een foto van de voordeur bezorgd.",
        "Rotterdam",
    ),
    "oc-havengetuige": Scenario(
        OC,
        "m",
        "haven",
        "Getuige in een strafzaak tegen een netwerk dat cocaïne via de haven invoert. Uit een "
        "onderschept bericht blijkt dat opdracht is gegeven de getuige 'stil te krijgen'.",
    ),
    "oc-advocaat": Scenario(
        OC,
        "v",
        "advocatuur",
        "Advocaat van een verdachte die heeft verklaard over een liquidatie. Zij wordt in "
        "versleutelde chats genoemd; eerder is op het kantoorpand geschoten.",
    ),
    "oc-wethouder": Scenario(
        OC,
        "m",
        "gemeente_utrecht",
        "Wethouder die de vergunning van een horecazaak met banden met een criminele groep "
        "introk, vond een brandbom bij de voordeur. De eenheid ziet samenhang met eerdere "
        "intimidatie van ambtenaren.",
        "Utrecht",
    ),
    "oc-terminal": Scenario(
        OC,
        "m",
        "haven",
        "Medewerker van een containerterminal weigerde mee te werken aan het ongezien laten "
        "passeren van containers. Daarna is zijn broer benaderd met de boodschap dat 'de familie "
        "het zal voelen'.",
    ),
    "oc-transporteur": Scenario(
        OC,
        "m",
        "transport",
        "Ondernemer weigerde zijn transportbedrijf beschikbaar te stellen voor drugstransporten. "
        "Het bedrijfspand is twee keer beschoten; volgens de eenheid zoeken de opdrachtgevers "
        "zijn verblijfplaats.",
    ),
    "oc-raadslid": Scenario(
        OC,
        "v",
        "gemeente_den_haag",
        "Raadslid sprak zich uit tegen een horecaonderneming met criminele eigenaren en ontving "
        "een doodsbedreiging via sociale media, met het adres van haar ouders erbij.",
        "Den Haag",
    ),
    "oc-rechercheur": Scenario(
        OC,
        "m",
        "politie_werkgever",
        "Rechercheur die undercover werkte in een onderzoek naar een liquidatienetwerk is "
        "mogelijk herkend; zijn privéauto is gefotografeerd bij zijn woning.",
    ),
    "oc-broer": Scenario(
        OC,
        "m",
        "zorg",
        "Broer van een verdachte in een groot liquidatieproces verbrak het contact met de familie "
        "en werkt mee aan het onderzoek. Volgens een informant is een geldbedrag uitgeloofd voor "
        "wie hem vindt.",
    ),
    "oc-notaris": Scenario(
        OC,
        "v",
        "notariaat",
        "Notaris die verdachte vastgoedtransacties meldde, wordt volgens de eenheid in kaart "
        "gebracht door een crimineel samenwerkingsverband; een medewerker werd naar huis gevolgd.",
    ),
    "oc-alarmbedrijf": Scenario(
        OC,
        "m",
        "alarmbedrijf",
        "Eigenaar van een alarmbedrijf gaf camerabeelden van een liquidatie aan de politie. De "
        "daders zijn voortvluchtig; bij zijn woning is een verkenning waargenomen.",
    ),
    "oc-verslaggever": Scenario(
        OC,
        "m",
        "omroep",
        "Misdaadverslaggever van een omroep maakte een documentaire over drugslabs in Brabant; "
        "na de uitzending is bij zijn woning een explosief tot ontploffing gebracht.",
        "Eindhoven",
    ),
    "oc-pi-medewerker": Scenario(
        OC,
        "m",
        "dji_werkgever",
        "Medewerker van een penitentiaire inrichting weigerde telefoons naar binnen te smokkelen "
        "voor een gedetineerde uit een crimineel netwerk. Hij is bij zijn woning opgewacht en "
        "bedreigd.",
    ),
    "oc-makelaar": Scenario(
        OC,
        "m",
        "vastgoed",
        "Makelaar die weigerde mee te werken aan aankopen met contant geld, ontving een "
        "doodsbedreiging en een foto van zijn kinderen bij school.",
    ),
    "oc-horeca": Scenario(
        OC,
        "v",
        "horeca",
        "Horecaondernemer weigerde 'bescherming' af te nemen van een criminele groep. Na een "
        "explosie bij het pand volgden dreigementen gericht op haar gezin.",
    ),
    "oc-getuige-west": Scenario(
        OC,
        "m",
        "onderwijs",
        "Getuige van een liquidatie in Amsterdam-West herkende een van de schutters en legde een "
        "verklaring af. Zijn naam is via het procesdossier bekend geworden.",
        "Amsterdam",
    ),
    "oc-sportschool": Scenario(
        OC,
        "m",
        "sportschool",
        "Eigenaar van een sportschool wordt onder druk gezet om contant geld 'wit te wassen'. Er "
        "is intimidatie, maar geen aanwijzing van een dreiging tegen het leven.",
        "Den Haag",
    ),
    "oc-vader": Scenario(
        OC,
        "m",
        "bouw",
        "Vader van het slachtoffer van een vergismoord legde verklaringen af en trad op in de "
        "media; daarna werd hij bedreigd vanuit de kring van de opdrachtgevers.",
    ),
    "oc-tolk": Scenario(
        OC,
        "v",
        "vertaalbureau",
        "Tolk bij de verhoren van een verdachte uit een criminele organisatie werd herkend en in "
        "een bericht aan haar broer bedreigd.",
    ),
    "oc-kroongetuige-verkenning": Scenario(
        OC,
        "m",
        "autobedrijf",
        "Verdachte in een onderzoek naar een liquidatienetwerk heeft via zijn advocaat laten "
        "weten te willen verklaren. Het kroongetuigetraject is verkennend; het netwerk weet nog "
        "niet van de contacten met het OM.",
    ),
    "oc-kroongetuige": Scenario(
        OC,
        "m",
        "vastgoed",
        "Kroongetuige in een proces tegen een netwerk dat verantwoordelijk wordt gehouden voor "
        "meerdere liquidaties. De overeenkomst met het OM wordt openbaar; de maatregelen voor de "
        "getuige en zijn omgeving moeten dan werken.",
    ),
    # terrorism
    "ter-columnist": Scenario(
        TER,
        "v",
        "dagblad",
        "Columnist staat met naam en foto op een doelwittenlijst die via een jihadistisch "
        "Telegramkanaal is verspreid, met een oproep tot een aanslag.",
    ),
    "ter-kamerlid": Scenario(
        TER,
        "m",
        "tweede_kamer",
        "Kamerlid uitte zich kritisch over een terroristische organisatie. De AIVD heeft "
        "aanwijzingen voor aanslagvoorbereiding door personen uit een netwerk in het buitenland.",
        "Den Haag",
    ),
    "ter-cartoonist": Scenario(
        TER,
        "m",
        "weekblad",
        "Cartoonist van wie een tekening in het buitenland tot protesten leidde, wordt in online "
        "propaganda genoemd als 'legitiem doelwit'.",
    ),
    "ter-interreligieus": Scenario(
        TER,
        "v",
        "stichting",
        "Voorzitter van een interreligieus overleg ontving een dreigbrief van een "
        "rechts-extremistische groep, met verwijzingen naar eerdere aanslagen op gebedshuizen.",
    ),
    "ter-onderzoeker": Scenario(
        TER,
        "v",
        "universiteit",
        "Onderzoeker naar radicalisering trad op als deskundige in een terrorismeproces; in een "
        "afgeluisterd gesprek noemden verdachten haar naam en werkplek.",
    ),
    "ter-bewindspersoon": Scenario(
        TER,
        "v",
        "rijksoverheid",
        "Bewindspersoon (functie op de limitatieve lijst) met een verhoogd dreigingsniveau na een "
        "besluit over de terugkeer van uitreizigers; jihadistische kanalen roepen op tot geweld.",
        "Den Haag",
    ),
    "ter-spijtoptant": Scenario(
        TER,
        "m",
        "transport",
        "Voormalig lid van een terroristische organisatie verklaarde belastend in een rechtszaak; "
        "na de vrijlating van medeverdachten wordt hij online 'verrader' genoemd.",
    ),
    "ter-imam": Scenario(
        TER,
        "m",
        "moskee",
        "Imam die zich publiekelijk uitsprak tegen jihadistische ronselaars, werd na het "
        "vrijdaggebed opgewacht; daarna volgden berichten met zijn woonadres.",
    ),
    "ter-wethouder": Scenario(
        TER,
        "m",
        "gemeente_amsterdam",
        "Wethouder die een verbod op een extremistische demonstratie verdedigde, staat in "
        "rechts-extremistische chatgroepen op een 'lijst'; een van de deelnemers bezit wapens.",
        "Amsterdam",
    ),
    "ter-docent": Scenario(
        TER,
        "v",
        "onderwijs",
        "Docent die een les over vrijheid van meningsuiting gaf, wordt online bedreigd; een "
        "oud-leerling met jihadistische sympathieën zoekt contact met haar.",
    ),
    "ter-ambtenaar": Scenario(
        TER,
        "m",
        "rijksoverheid",
        "Beleidsmedewerker die betrokken was bij het terughalen van uitreizigers, wordt in "
        "propaganda met naam en functie genoemd.",
    ),
    # state actors
    "sta-vluchteling": Scenario(
        STA,
        "m",
        "vertaalbureau",
        "Politiek vluchteling en criticus van het regime in zijn land van herkomst. Volgens de "
        "AIVD brengt een buitenlandse inlichtingendienst hem in kaart; een ontvoeringsplan is "
        "niet uitgesloten.",
    ),
    "sta-journalist": Scenario(
        STA,
        "v",
        "dagblad",
        "Journalist die publiceerde over beïnvloedingscampagnes van een buitenlandse staat, merkt "
        "observatie bij haar woning en ontving phishingberichten gericht op haar naasten.",
    ),
    "sta-overloper": Scenario(
        STA,
        "m",
        "adviesbureau",
        "Overgelopen voormalig medewerker van een buitenlandse ambassade vreest voor zijn leven; "
        "in een buurland is eerder een overloper vergiftigd.",
    ),
    "sta-activiste": Scenario(
        STA,
        "v",
        "stichting",
        "Mensenrechtenactiviste uit een diasporagemeenschap ontving bedreigingen via familie in "
        "het land van herkomst en werd na een demonstratie gevolgd.",
    ),
    "sta-wetenschapper": Scenario(
        STA,
        "m",
        "universiteit",
        "Wetenschapper met kennis van gevoelige technologie is volgens de MIVD benaderd door een "
        "statelijke actor; na zijn weigering volgden intimiderende berichten.",
    ),
    "sta-blogger": Scenario(
        STA,
        "v",
        "weekblad",
        "Blogger die corruptie van een buitenlandse regeringsleider blootlegde, staat op een "
        "'lijst van verraders' die in de staatsmedia van dat land is getoond.",
    ),
    "sta-ondernemer": Scenario(
        STA,
        "m",
        "handel",
        "Ondernemer die sanctieontduiking door een buitenlands staatsbedrijf meldde, werd "
        "benaderd door personen die zich voordeden als diplomaten en zijn gezin noemden.",
    ),
    # radicalised loners
    "lon-wethouder": Scenario(
        LON,
        "m",
        "gemeente_utrecht",
        "Wethouder ontving een reeks dreigberichten van een man met een psychiatrische "
        "voorgeschiedenis die kort daarvoor een verlof tot wapenbezit aanvroeg.",
        "Utrecht",
    ),
    "lon-viroloog": Scenario(
        LON,
        "v",
        "kennisinstituut",
        "Viroloog wordt bedreigd door een eenling die op online fora aankondigt 'het recht in "
        "eigen hand te nemen'; de dreiger is gezien bij het instituut.",
    ),
    "lon-presentator": Scenario(
        LON,
        "m",
        "omroep",
        "Presentator van een actualiteitenprogramma wordt gevolgd door een man die in "
        "anti-overheidskanalen over 'tribunalen' schrijft; de man werd met een mes bij de studio "
        "aangetroffen.",
    ),
    "lon-kinderarts": Scenario(
        LON,
        "v",
        "zorg",
        "Kinderarts die publiekelijk vaccinatie verdedigde, vond een dreigbrief met een kogelhuls "
        "in haar brievenbus; de vermoedelijke afzender is eerder veroordeeld voor bedreiging.",
    ),
    "lon-rechter": Scenario(
        LON,
        "v",
        "rechtspraak",
        "Rechter in een geruchtmakende bestuurszaak wordt door een eenling met complotdenken "
        "'verrader' genoemd; de man heeft haar woonplaats online gedeeld.",
    ),
    "lon-opvang": Scenario(
        LON,
        "m",
        "opvang",
        "Locatiemanager van een opvanglocatie ontving doodsbedreigingen van een eenling die een "
        "'actie' aankondigde; bij een doorzoeking werd materiaal voor een brandbom gevonden.",
    ),
    "lon-ggd": Scenario(
        LON,
        "v",
        "ggd",
        "Teamleider bij de GGD werd gefilmd en online 'aangeklaagd'; een eenling kondigde aan "
        "haar thuis op te zoeken.",
    ),
    "lon-ambtenaar": Scenario(
        LON,
        "m",
        "gemeente_amsterdam",
        "Gemeenteambtenaar ontving na een afgewezen vergunning boze berichten van een eenling; "
        "geen aanwijzingen voor geweld, wel zorgen over de psychische toestand van de afzender.",
        "Amsterdam",
    ),
    "lon-raadslid": Scenario(
        LON,
        "v",
        "gemeente_den_haag",
        "Raadslid ontving beledigende en dreigende berichten van een eenling; de afzender heeft "
        "geen middelen en is in beeld bij de ggz.",
        "Den Haag",
    ),
    # local domain
    "rel-contactverbod": Scenario(
        REL,
        "v",
        "zorg",
        "Ex-partner overtreedt herhaaldelijk een contact- en gebiedsverbod en heeft gedreigd haar "
        "te doden; eerder is zij ernstig mishandeld.",
        "Rotterdam",
    ),
    "rel-nieuw-adres": Scenario(
        REL,
        "v",
        "onderwijs",
        "Vrouw verliet haar partner na jarenlang huiselijk geweld; de ex-partner heeft via een "
        "kennis haar nieuwe woonadres achterhaald.",
        "Rotterdam",
    ),
    "rel-omgang": Scenario(
        REL,
        "m",
        "transport",
        "Man wordt bedreigd door de broers van zijn ex-partner na een conflict over de "
        "omgangsregeling; er is een vuurwapen genoemd.",
        "Amsterdam",
    ),
    "stk-presentatrice": Scenario(
        STK,
        "v",
        "omroep",
        "Presentatrice van een regionale omroep wordt al maanden gestalkt door een onbekende die "
        "haar woonadres en dagritme kent.",
        "Rotterdam",
    ),
    "stk-huisarts": Scenario(
        STK,
        "v",
        "zorg",
        "Huisarts wordt gestalkt door een voormalig patiënt die zich meermaals in haar tuin heeft "
        "opgehouden.",
        "Rotterdam",
    ),
    "stk-ontwerper": Scenario(
        STK,
        "v",
        "zelfstandig",
        "Ontwerper met een groot online bereik krijgt dagelijks berichten van een stalker die "
        "dreigt 'haar op te zoeken'; de stalker negeert een contactverbod.",
        "Utrecht",
    ),
    "eer-huwelijk": Scenario(
        EER,
        "v",
        "onderwijs",
        "Jonge vrouw weigerde een gearrangeerd huwelijk; familieleden dreigen haar 'terug te "
        "halen' en er zijn verkenningen bij haar opvangadres gezien.",
        "Utrecht",
    ),
    "eer-premie": Scenario(
        EER,
        "v",
        "zorg",
        "Vrouw die aangifte deed tegen haar familie wordt met de dood bedreigd; volgens een "
        "informant is een premie uitgeloofd en is een crimineel netwerk benaderd voor de "
        "uitvoering.",
    ),
    "eer-broer": Scenario(
        EER,
        "m",
        "horeca",
        "Man die openlijk voor zijn relatie met een andere man uitkwam, wordt door familieleden "
        "bedreigd; een oom zei dat 'de eer hersteld moet worden'.",
        "Rotterdam",
    ),
    "ovr-burenconflict": Scenario(
        OVR,
        "m",
        "horeca",
        "Ondernemer wordt bedreigd na een uit de hand gelopen burenconflict; de bedreiger is "
        "bekend bij de politie om geweld.",
        "Rotterdam",
    ),
    "ovr-handhaver": Scenario(
        OVR,
        "v",
        "gemeente_rotterdam",
        "Handhaver werd na de sluiting van een woning bedreigd door de bewoner, die haar daarna "
        "op straat aansprak.",
        "Rotterdam",
    ),
    "ovr-zakelijk": Scenario(
        OVR,
        "m",
        "bouw",
        "Zakelijk geschil tussen twee aannemers; de melder voelt zich geïntimideerd, maar er is "
        "geen dreiging tegen zijn leven of dat van naasten.",
    ),
}

# --- the case plan --------------------------------------------------------------------------

# How a case gets to its state: the transitions after the referral, in order. The names are
# those of `cases.state_machine.TRANSITIONS`; 'restrict' marks where a crown-witness
# compartment is put around a case that has already been decided on.
PLANS: dict[str, tuple[str, ...]] = {
    "referral": (),
    "triage": ("start_triage",),
    "assessment": ("start_triage", "route_national"),
    "decision": ("start_triage", "route_national", "submit_for_decision"),
    "decision_returned": (
        "start_triage",
        "route_national",
        "submit_for_decision",
        "return_to_assessment",
        "submit_for_decision",
    ),
    "active": ("start_triage", "route_national", "submit_for_decision", "activate_protection"),
    "active_restricted": (
        "start_triage",
        "route_national",
        "submit_for_decision",
        "activate_protection",
        "restrict",
    ),
    "active_recalibrated": (
        "start_triage",
        "route_national",
        "submit_for_decision",
        "activate_protection",
        "start_recalibration",
        "continue_protection",
    ),
    "recalibration": (
        "start_triage",
        "route_national",
        "submit_for_decision",
        "activate_protection",
        "start_recalibration",
    ),
    "local": ("start_triage", "route_local"),
    "rejected": ("start_triage", "reject_referral"),
    "no_measures": ("start_triage", "route_national", "submit_for_decision", "decide_no_measures"),
    "ended": (
        "start_triage",
        "route_national",
        "submit_for_decision",
        "activate_protection",
        "end_protection",
    ),
    "ended_after_recalibration": (
        "start_triage",
        "route_national",
        "submit_for_decision",
        "activate_protection",
        "start_recalibration",
        "end_protection",
    ),
}


@dataclass(frozen=True)
class CaseRow:
    scenario: str
    plan: str
    severity: str
    classification: int
    referrer: str  # demo username
    owner: str = ""  # analyst who routes the case to the national domain
    local_authority: str = ""  # organisation code, for 'local'
    om_transfer: str = ""  # OM office code the protection is taken over from
    restriction: str = ""  # 'crown_witness' or 'shielded_investigation'
    limitative: bool = False
    demo_person: bool = False  # the case of the 'tbp', 'naaste' and 'werkgever' logins
    recalibration_in_days: int | None = None  # next recalibration, relative to today
    extra: dict[str, str] = field(default_factory=dict)


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
    CaseRow("oc-terminal", "triage", S, STG_CONFIDENTIEEL, "politie"),
    CaseRow("sta-blogger", "triage", S, STG_GEHEIM, "aivd"),
    CaseRow("eer-huwelijk", "triage", C, DEPV, "burgemeester"),
    CaseRow("ovr-handhaver", "triage", E, DEPV, "politie"),
    CaseRow("ter-imam", "triage", E, DEPV, "lcc"),
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
        local_authority="gemeente-rotterdam",
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

# --- people ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NameGroup:
    """Names that go together in one family, so households sound like real Dutch families."""

    weight: int
    women: tuple[str, ...]
    men: tuple[str, ...]
    children: tuple[str, ...]
    surnames: tuple[str, ...]


# fmt: off
NAME_GROUPS: tuple[NameGroup, ...] = (
    NameGroup(
        70,
        ("Anna", "Lotte", "Femke", "Iris", "Eva", "Sophie", "Lisa", "Marloes", "Esther",
         "Yvonne", "Monique", "Merel", "Noor", "Julia", "Fleur", "Roos", "Kim", "Linda",
         "Judith", "Renée", "Hanneke", "Mirjam", "Annelies", "Karin", "Petra", "Astrid"),
        ("Jan", "Henk", "Bram", "Thijs", "Ruben", "Joost", "Maarten", "Sander", "Mark",
         "Stefan", "Wouter", "Rob", "Frank", "Tim", "Niels", "Milan", "Gerrit", "Hans", "Wim",
         "Ton", "Arjen", "Koen", "Roel", "Vincent", "Michiel", "Olaf", "Jasper", "Luuk"),
        ("Sem", "Noah", "Liam", "Emma", "Tess", "Zoë", "Mila", "Lucas", "Finn", "Saar", "Levi",
         "Nora", "Fenna", "Guus", "Jule", "Mees", "Isa", "Ties"),
        ("Jansen", "de Boer", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "Mulder",
         "de Groot", "Bos", "Vos", "Hendriks", "van Leeuwen", "Dekker", "de Wit", "Dijkstra",
         "Smits", "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan",
         "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek", "de Bruijn",
         "Schouten", "Willems", "van Vliet", "Hoekstra", "Maas", "Verhoeven", "Koster",
         "Prins", "Blom", "Huisman", "van Wijk", "Veenstra", "Kramer", "Wijnands", "Tuinstra",
         "Zwart", "Hoogland", "Verbruggen", "Lambrechts", "Oosterhuis", "Terpstra", "Nijboer",
         "Veldkamp"),
    ),
    NameGroup(
        12,
        ("Samira", "Fatima", "Yasmina", "Naima", "Hanan", "Loubna", "Siham", "Khadija"),
        ("Youssef", "Karim", "Rachid", "Mohamed", "Hamza", "Bilal", "Anouar", "Said"),
        ("Adam", "Amira", "Rayan", "Lina", "Yara", "Ilyas", "Noah", "Sara"),
        ("El Amrani", "Bouzid", "El Idrissi", "Azzouzi", "Benali", "Ouali", "Tahiri",
         "Chaouch"),
    ),
    NameGroup(
        8,
        ("Elif", "Zeynep", "Ayla", "Esra", "Derya", "Merve"),
        ("Mehmet", "Emre", "Murat", "Kemal", "Burak", "Hakan"),
        ("Emir", "Defne", "Yusuf", "Ela", "Eymen", "Zehra"),
        ("Yilmaz", "Öztürk", "Demir", "Kaya", "Aydin", "Arslan"),
    ),
    NameGroup(
        10,
        ("Priya", "Dewi", "Sharon", "Chantal", "Anjali", "Kavita", "Shanti"),
        ("Anil", "Ricardo", "Dennis", "Rajesh", "Sunil", "Glenn", "Dinesh"),
        ("Aiden", "Anaya", "Jayden", "Kiara", "Arjun", "Maya"),
        ("Ramdin", "Sewdien", "Kartosen", "Pinas", "Jagesar", "Ramsaran", "Biharie"),
    ),
)
# fmt: on

# fmt: off
TOWNS: tuple[str, ...] = (
    "Rotterdam", "Amsterdam", "Utrecht", "Den Haag", "Eindhoven", "Breda", "Zwolle", "Arnhem",
    "Haarlem", "Leiden", "Groningen", "Tilburg", "Almere", "Amersfoort", "Dordrecht",
    "Schiedam", "Delft", "Nijmegen", "Zoetermeer", "Apeldoorn",
)
# Invented street names: a tree, bird or flower and a common street suffix.
STREET_STEMS: tuple[str, ...] = (
    "Zilverspar", "Ganzerik", "Kwartelkoning", "Lijsterbes", "Meidoornhaag", "Vlierbessen",
    "Klaprozen", "Korenbloemen", "Heidelibel", "Wilgenroosjes", "Brembos", "Elzenhout",
    "Reigersbek", "Kievitsbloem", "Pimpernel", "Duizendblad", "Zwanenbloem", "Ratelpopulier",
)
STREET_SUFFIXES: tuple[str, ...] = (
    "hof", "laan", "pad", "gaarde", "weide", "straat", "singel", "erf", "kade",
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

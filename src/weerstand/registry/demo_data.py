"""The registry's part of the demo world (plain data, no model imports): employers, the
limitative list, and the names, towns and streets households are drawn from.

All people, companies, streets and events here are invented; real are only the Dutch towns
people live in. Written by `registry.demo`.
"""

from __future__ import annotations

from dataclasses import dataclass

from weerstand.accounts.demo_data import DEPV, STG_CONFIDENTIEEL

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

# --- the limitative list --------------------------------------------------------------------

# (kind, name, description, owner organisation code, classification, active)
LIMITATIVE_LIST: tuple[tuple[str, str, str, str, int, bool], ...] = (
    (
        "person",
        "Minister-president (functie)",
        "Bewaken en beveiligen van de functie, ongeacht wie haar vervult.",
        "nctv",
        DEPV,
        True,
    ),
    (
        "person",
        "Leden van het Koninklijk Huis (functie)",
        "Leden van het Koninklijk Huis op de limitatieve lijst; uitvoering door de DKDB.",
        "politie",
        DEPV,
        True,
    ),
    (
        "person",
        "Bewindspersonen (functie)",
        "Ministers en staatssecretarissen gedurende hun ambtstermijn.",
        "nctv",
        DEPV,
        True,
    ),
    (
        "object",
        "Ambtswoning minister-president",
        "Objectbewaking door de Bewakingseenheid, cameratoezicht en toegangscontrole.",
        "politie",
        DEPV,
        True,
    ),
    (
        "object",
        "Diplomatieke vertegenwoordigingen (categorie)",
        "Bewaking van ambassades en residenties naar het dreigingsniveau per land.",
        "politie",
        STG_CONFIDENTIEEL,
        True,
    ),
    (
        "service",
        "Beveiliging bewindspersonen bij werkbezoeken",
        "Verkenning van locaties en begeleiding tijdens werkbezoeken in het land.",
        "nctv",
        DEPV,
        True,
    ),
    (
        "service",
        "Begeleiding buitenlandse delegaties op Schiphol",
        "Ontvangst en begeleiding van hoogwaardigheidsbekleders bij aankomst en vertrek.",
        "kmar",
        DEPV,
        True,
    ),
    (
        "national_event",
        "Staatsbezoek (fictief) 2026",
        "Inkomend staatsbezoek van een bevriend staatshoofd; programma in Den Haag en Rotterdam.",
        "nctv",
        STG_CONFIDENTIEEL,
        True,
    ),
    (
        "national_event",
        "Staatsbezoek (fictief) 2025",
        "Afgerond inkomend staatsbezoek; bewaard voor evaluatie.",
        "nctv",
        DEPV,
        False,
    ),
    (
        "national_event",
        "Internationale havenconferentie Rotterdam (fictief) 2026",
        "Conferentie met buitenlandse regeringsleiders in de Rotterdamse haven.",
        "gemeente-rotterdam",
        DEPV,
        True,
    ),
    (
        "national_event",
        "Nationale Dodenherdenking",
        "Herdenking met leden van het Koninklijk Huis en bewindspersonen.",
        "gemeente-amsterdam",
        DEPV,
        True,
    ),
)

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

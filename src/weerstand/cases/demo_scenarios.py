"""The scenarios of the demo cases: what threatens whom (plain data, no model imports).

Every person, company and event here is invented. `cases.demo_data.CASES` names a scenario
per case; the registry builds the protectee's household from its gender, town and employer.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- scenarios ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    phenomenon: str
    gender: str  # 'v' or 'm': the summary speaks of the protectee as such
    employer: str
    summary: str
    town: str = ""  # where the protectee lives; empty: drawn from the registry's towns


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

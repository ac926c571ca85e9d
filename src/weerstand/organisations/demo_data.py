"""The partner organisations and units of the demo world (plain data, no model imports).

Real are only the public bodies of the protection system (NCTV, police, KMar, OM, ...);
the private security firm is invented. Written by `organisations.demo`.
"""

from __future__ import annotations

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
    (
        "toetsingscommissie",
        "Onafhankelijke Toetsingscommissie Kroongetuigentrajecten",
        "advisory_body",
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

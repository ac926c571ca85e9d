"""One canonical form per selector kind, so the same person, number, plate, address or handle
written in different notations yields the same keyed hash (`digests.digest`).

Pure functions, no database: a value that cannot be normalised raises `InvalidSelector` and is
never stored. The canonical forms are kept only in memory, long enough to be hashed.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class SelectorKind(models.TextChoices):
    NAME_DOB = "name_dob", _("Naam met geboortedatum")
    PHONE = "phone", _("Telefoonnummer")
    PLATE = "plate", _("Kenteken")
    ADDRESS = "address", _("Adres")
    HANDLE = "handle", _("Account op sociale media")


class InvalidSelector(ValueError):
    """The value is not a usable selector of its kind (the message names what is missing)."""


# Letters NFKD does not take apart into a base letter and a mark.
_FOLD = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th"})


def fold_text(value: str) -> str:
    """Lower case, without diacritics, words of letters and digits separated by one space."""
    text = unicodedata.normalize("NFKD", value.casefold().translate(_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.translate(_FOLD)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DUTCH_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")


def name_dob(name: str, born: date | None = None) -> str:
    """'José  de Vries' born 1980-05-01 -> 'jose de vries|1980-05-01'.

    The date may instead be part of `name` ('José de Vries, 01-05-1980' or '... 1980-05-01').
    A name without a date of birth is not a selector: far too many people share one.
    """
    text = name or ""
    if born is None:
        for pattern, order in ((_ISO_DATE, (0, 1, 2)), (_DUTCH_DATE, (2, 1, 0))):
            found = pattern.search(text)
            if found:
                parts = [int(found.group(i + 1)) for i in order]
                try:
                    born = date(parts[0], parts[1], parts[2])
                except ValueError as exc:
                    raise InvalidSelector("Geen geldige geboortedatum.") from exc
                text = text[: found.start()] + " " + text[found.end() :]
                break
    if born is None:
        raise InvalidSelector("Een naam alleen met geboortedatum.")
    folded = fold_text(text)
    if len(folded.replace(" ", "")) < 2 or any(c.isdigit() for c in folded):
        raise InvalidSelector("Geef een naam van letters.")
    return f"{folded}|{born.isoformat()}"


NL_COUNTRY_CODE = "31"


def phone(value: str) -> str:
    """To E.164, Dutch by default: '06-12345678', '+31 6 1234 5678', '0031612345678' ->
    '+31612345678'. A national number starts with 0; an international one with + or 00."""
    text = (value or "").strip().replace("(0)", "")
    if re.search(r"[^\d\s+\-./()]", text):
        raise InvalidSelector("Alleen cijfers, spaties, +, -, / en haakjes.")
    plus = text.startswith("+")
    digits = re.sub(r"\D", "", text)
    if plus:
        international = digits
    elif digits.startswith("00"):
        international = digits[2:]
    elif digits.startswith("0"):
        international = NL_COUNTRY_CODE + digits[1:]
    else:
        raise InvalidSelector("Begin met 0 (Nederlands) of met + of 00 en de landcode.")
    if international.startswith(NL_COUNTRY_CODE + "0"):  # '+31 06…' written with the trunk 0
        international = NL_COUNTRY_CODE + international[3:]
    if international.startswith("0") or not 8 <= len(international) <= 15:
        raise InvalidSelector("Geen geldig telefoonnummer.")
    if international.startswith(NL_COUNTRY_CODE) and len(international) != 11:
        raise InvalidSelector("Een Nederlands nummer heeft 9 cijfers na de 0.")
    return "+" + international


def plate(value: str) -> str:
    """'12-ABC-3' and '12abc3' -> '12ABC3': only letters and digits, upper case."""
    text = fold_text(value).replace(" ", "").upper()
    if not 4 <= len(text) <= 10:
        raise InvalidSelector("Geen geldig kenteken.")
    return text


_POSTCODE = re.compile(r"(?<![0-9])([1-9]\d{3})\s*([A-Za-z]{2})(?![A-Za-z])")
_HOUSE = re.compile(
    r"(?<![0-9A-Za-z])(\d{1,5})(?:\s*[-/]?\s*([A-Za-z]{1,4}|\d{1,4}))?(?![0-9A-Za-z])"
)


def address(value: str) -> str:
    """Postcode, house number and addition: 'Dorpsstraat 12-a, 1234 ab Ons Dorp' and
    '1234AB 12 A' -> '1234AB|12|A'. The street and town add nothing the postcode does not."""
    text = unicodedata.normalize("NFKC", value or "")
    candidates = list(_POSTCODE.finditer(text))
    if not candidates:
        raise InvalidSelector("Geef een postcode (1234 AB).")
    # '1000 HS' may be a house number with an addition: the postcode is written first
    # ('1234 AB 12') or after street and number ('Straat 12, 1234 AB Stad').
    starts = candidates[0].start() == len(text) - len(text.lstrip())
    found = candidates[0] if starts else candidates[-1]
    postcode = found.group(1) + found.group(2).upper()
    rest = text[: found.start()] + " , " + text[found.end() :]
    houses = list(_HOUSE.finditer(rest))
    if not houses:
        raise InvalidSelector("Geef een huisnummer.")
    house = houses[-1]
    number = str(int(house.group(1)))
    if number == "0":
        raise InvalidSelector("Geef een huisnummer.")
    addition = fold_text(house.group(2) or "").replace(" ", "").upper()
    return f"{postcode}|{number}|{addition}"


_PLATFORM_URL = re.compile(
    r"^(?:https?://)?(?:www\.|m\.|mobile\.)?"
    r"(?:twitter\.com|x\.com|instagram\.com|tiktok\.com|facebook\.com|threads\.net|"
    r"snapchat\.com/add|t\.me|telegram\.me|youtube\.com|linkedin\.com/in)/",
)


def handle(value: str) -> str:
    """'@Jan_Jansen', 'https://x.com/jan_jansen/' and 'instagram.com/jan_jansen?igsh=1' ->
    'jan_jansen'. The platform is left out: the same handle on two platforms is the same lead."""
    text = (value or "").strip().casefold()
    text = _PLATFORM_URL.sub("", text)
    text = re.split(r"[/?#]", text, maxsplit=1)[0].lstrip("@")
    if not re.fullmatch(r"[a-z0-9._]{2,64}", text):
        raise InvalidSelector("Geen geldige gebruikersnaam.")
    return text


def normalise(kind: str, value: str) -> str:
    """The canonical form of `value` as a selector of `kind`."""
    if kind == SelectorKind.NAME_DOB:
        return name_dob(value)
    if kind == SelectorKind.PHONE:
        return phone(value)
    if kind == SelectorKind.PLATE:
        return plate(value)
    if kind == SelectorKind.ADDRESS:
        return address(value)
    if kind == SelectorKind.HANDLE:
        return handle(value)
    raise InvalidSelector("Onbekende soort selector.")

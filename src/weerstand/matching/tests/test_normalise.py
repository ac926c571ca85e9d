"""Normalisation: the same selector in different notations is equal, different ones differ."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from weerstand.matching import normalise as n
from weerstand.matching.normalise import InvalidSelector, SelectorKind

# --- examples from the issue ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "a", "b"),
    [
        (SelectorKind.NAME_DOB, "José  de Vries 1980-05-01", "jose de vries, 01-05-1980"),
        (SelectorKind.NAME_DOB, "Jansen-de Vries 1.5.1980", "JANSEN DE VRIES 1980-05-01"),
        (SelectorKind.NAME_DOB, "Søren Ødegård 2001-12-31", "soren odegard 31/12/2001"),
        (SelectorKind.PHONE, "06-12345678", "+31 6 1234 5678"),
        (SelectorKind.PHONE, "0031612345678", "+31 (0)6 12 34 56 78"),
        (SelectorKind.PHONE, "+31 06 12345678", "06 123 456 78"),
        (SelectorKind.PHONE, "+32 470 12 34 56", "0032470123456"),
        (SelectorKind.PLATE, "12-ABC-3", "12abc3"),
        (SelectorKind.PLATE, "g-123-bb", "G 123 BB"),
        (SelectorKind.ADDRESS, "Dorpsstraat 12-a, 1234 ab Ons Dorp", "1234AB 12 A"),
        (SelectorKind.ADDRESS, "1234ab, nr 7", "Laan 7 1234 AB Stad"),
        (SelectorKind.HANDLE, "@Jan_Jansen", "https://x.com/jan_jansen/"),
        (SelectorKind.HANDLE, "instagram.com/jan_jansen?igsh=1", "jan_jansen"),
        (SelectorKind.HANDLE, "https://www.tiktok.com/@jan_jansen", "@JAN_JANSEN"),
    ],
)
def test_notations_are_equal(kind: str, a: str, b: str) -> None:
    assert n.normalise(kind, a) == n.normalise(kind, b)


@pytest.mark.parametrize(
    ("kind", "a", "b"),
    [
        (SelectorKind.NAME_DOB, "Jan de Vries 1980-05-01", "Jan de Vries 1980-05-02"),
        (SelectorKind.NAME_DOB, "Jan de Vries 1980-05-01", "Jan Devries 1980-05-01"),
        (SelectorKind.PHONE, "06-12345678", "06-12345679"),
        (SelectorKind.PHONE, "+31 6 1234 5678", "+32 6 1234 5678"),
        (SelectorKind.PLATE, "12-ABC-3", "12-ABC-4"),
        (SelectorKind.ADDRESS, "1234 AB 12", "1234 AB 12a"),
        (SelectorKind.ADDRESS, "1234 AB 12", "1234 AC 12"),
        (SelectorKind.HANDLE, "@jan_jansen", "@jan.jansen"),
    ],
)
def test_different_selectors_differ(kind: str, a: str, b: str) -> None:
    assert n.normalise(kind, a) != n.normalise(kind, b)


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (SelectorKind.NAME_DOB, "Jan de Vries"),  # no date of birth: too many share a name
        (SelectorKind.NAME_DOB, "Jan de Vries 1980-02-30"),
        (SelectorKind.PHONE, "612345678"),  # neither national nor international
        (SelectorKind.PHONE, "06-1234567"),  # a Dutch number has 9 digits after the 0
        (SelectorKind.PHONE, "06-1234567x"),
        (SelectorKind.PLATE, "A-1"),
        (SelectorKind.ADDRESS, "Dorpsstraat 12, Ons Dorp"),  # no postcode
        (SelectorKind.ADDRESS, "1234 AB"),  # no house number
        (SelectorKind.HANDLE, "@"),
        (SelectorKind.HANDLE, "jan jansen"),
        ("colour", "blauw"),
    ],
)
def test_unusable_values_are_refused(kind: str, value: str) -> None:
    with pytest.raises(InvalidSelector):
        n.normalise(kind, value)


# --- properties ------------------------------------------------------------------------------

# Pure functions, but the machine may be busy: no deadline, no complaint about slow draws.
_settings = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
_DIGITS = "0123456789"
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

_ACCENTS = {"a": "áàâä", "e": "éèêë", "i": "íìîï", "o": "óòôö", "u": "úùûü", "c": "ç", "n": "ñ"}


@st.composite
def _spelled(draw: st.DrawFn, word: str) -> str:
    """`word` with random case and diacritics."""
    out = []
    for c in word:
        c = draw(st.sampled_from([c, *_ACCENTS.get(c, "")]))
        out.append(c.upper() if draw(st.booleans()) else c)
    return "".join(out)


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=10)
_NAME = st.lists(_WORD, min_size=1, max_size=4)
_DOB = st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31))
_SPACES = st.sampled_from([" ", "  ", " \t "])


@st.composite
def _name_notation(draw: st.DrawFn, words: list[str], born: date) -> str:
    written = [draw(_spelled(w)) for w in words]
    name = draw(_SPACES).join(written)
    dob = draw(
        st.sampled_from(
            [
                born.isoformat(),
                f"{born.day:02d}-{born.month:02d}-{born.year}",
                f"{born.day}/{born.month}/{born.year}",
                f"{born.day}.{born.month}.{born.year}",
            ]
        )
    )
    return draw(st.sampled_from([f"{name} {dob}", f"{name}, {dob}", f"{dob} {name}"]))


@_settings
@given(st.data(), _NAME, _DOB)
def test_name_notations_normalise_equal(data: st.DataObject, words: list[str], born: date) -> None:
    a = data.draw(_name_notation(words, born))
    b = data.draw(_name_notation(words, born))
    assert n.normalise(SelectorKind.NAME_DOB, a) == n.normalise(SelectorKind.NAME_DOB, b)
    assert n.normalise(SelectorKind.NAME_DOB, a) == f"{' '.join(words)}|{born.isoformat()}"


@_settings
@given(_NAME, _DOB, _NAME, _DOB)
def test_different_names_or_dates_differ(w1: list[str], d1: date, w2: list[str], d2: date) -> None:
    same = " ".join(w1) == " ".join(w2) and d1 == d2
    a = n.normalise(SelectorKind.NAME_DOB, f"{' '.join(w1)} {d1.isoformat()}")
    b = n.normalise(SelectorKind.NAME_DOB, f"{' '.join(w2)} {d2.isoformat()}")
    assert (a == b) == same


_NL_NUMBER = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from(_DIGITS[1:]),
    st.text(alphabet=_DIGITS, min_size=8, max_size=8),
)


def _grouped(digits: str, sizes: list[int], sep: str) -> str:
    out, i = [], 0
    for size in sizes:
        if i >= len(digits):
            break
        out.append(digits[i : i + size])
        i += size
    if i < len(digits):
        out.append(digits[i:])
    return sep.join(p for p in out if p)


@st.composite
def _phone_notation(draw: st.DrawFn, national: str) -> str:
    sep = draw(st.sampled_from(["", " ", "-", ".", " - "]))
    sizes = draw(st.lists(st.integers(1, 4), min_size=1, max_size=5))
    body = _grouped(national, sizes, sep)
    prefix = draw(st.sampled_from(["0", "+31 ", "+31", "0031", "0031 ", "+31 (0)", "+31 0"]))
    return prefix + body


@_settings
@given(st.data(), _NL_NUMBER)
def test_phone_notations_normalise_to_one_e164(data: st.DataObject, national: str) -> None:
    a = data.draw(_phone_notation(national))
    b = data.draw(_phone_notation(national))
    assert n.phone(a) == n.phone(b) == f"+31{national}"


@_settings
@given(_NL_NUMBER, _NL_NUMBER)
def test_different_phone_numbers_differ(x: str, y: str) -> None:
    assert (n.phone("0" + x) == n.phone("0" + y)) == (x == y)


_PLATE = st.text(alphabet=_UPPER + _DIGITS, min_size=6, max_size=6)


@st.composite
def _plate_notation(draw: st.DrawFn, plate: str) -> str:
    out = []
    for c in plate:
        out.append(c.lower() if draw(st.booleans()) else c)
        out.append(draw(st.sampled_from(["", "", "-", " "])))
    return "".join(out).strip(" -")


@_settings
@given(st.data(), _PLATE, _PLATE)
def test_plate_notations(data: st.DataObject, p: str, q: str) -> None:
    a, b = data.draw(_plate_notation(p)), data.draw(_plate_notation(p))
    assert n.plate(a) == n.plate(b) == p
    assert (n.plate(data.draw(_plate_notation(q))) == p) == (p == q)


_POSTCODE = st.tuples(st.integers(1000, 9999), st.text(alphabet=_UPPER, min_size=2, max_size=2))
_HOUSE = st.tuples(st.integers(1, 99999), st.sampled_from(["", "A", "B", "BIS", "2", "HS"]))


@st.composite
def _address_notation(draw: st.DrawFn, pc: tuple[int, str], house: tuple[int, str]) -> str:
    digits, letters = pc
    letters = letters.lower() if draw(st.booleans()) else letters
    postcode = f"{digits}{draw(st.sampled_from(['', ' ']))}{letters}"
    number, addition = house
    if addition:
        addition = addition.lower() if draw(st.booleans()) else addition
        sep = draw(st.sampled_from(["", " ", "-"] if not addition.isdigit() else [" ", "-"]))
        number_text = f"{number}{sep}{addition}"
    else:
        number_text = str(number)
    return draw(
        st.sampled_from(
            [
                f"Dorpsstraat {number_text}, {postcode} Ons Dorp",
                f"{postcode} {number_text}",
                f"{postcode}, {number_text}",
                f"Lange Laan {number_text} {postcode} Stad",
            ]
        )
    )


@_settings
@given(st.data(), _POSTCODE, _HOUSE, _POSTCODE, _HOUSE)
def test_address_notations(
    data: st.DataObject,
    pc: tuple[int, str],
    house: tuple[int, str],
    pc2: tuple[int, str],
    house2: tuple[int, str],
) -> None:
    a = data.draw(_address_notation(pc, house))
    b = data.draw(_address_notation(pc, house))
    expected = f"{pc[0]}{pc[1]}|{house[0]}|{house[1]}"
    assert n.address(a) == n.address(b) == expected
    other = n.address(data.draw(_address_notation(pc2, house2)))
    assert (other == expected) == ((pc, house) == (pc2, house2))


_HANDLE = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789_"),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._", min_size=1, max_size=20),
)


@st.composite
def _handle_notation(draw: st.DrawFn, handle: str) -> str:
    written = "".join(c.upper() if draw(st.booleans()) else c for c in handle)
    return draw(
        st.sampled_from(
            [
                written,
                f"@{written}",
                f"https://x.com/{written}",
                f"https://www.instagram.com/{written}/",
                f"twitter.com/{written}?s=20",
                f"https://www.tiktok.com/@{written}",
                f" @{written} ",
            ]
        )
    )


@_settings
@given(st.data(), _HANDLE, _HANDLE)
def test_handle_notations(data: st.DataObject, h: str, other: str) -> None:
    a, b = data.draw(_handle_notation(h)), data.draw(_handle_notation(h))
    assert n.handle(a) == n.handle(b) == h
    assert (n.handle(data.draw(_handle_notation(other))) == h) == (h == other)

"""Dutch lexemes and their blinded form: the only thing the search index ever stores.

Pipeline, the same at index and at query time:

1. **Lexemes.** PostgreSQL: `to_tsvector('dutch', text)` (its parser, Dutch stop words and the
   Snowball Dutch stemmer). SQLite and Python: a word split, the same stop-word list and the
   same Snowball algorithm (`snowballstemmer`'s ``dutch_porter`` is the algorithm PostgreSQL's
   ``dutch`` configuration uses; its newer ``dutch`` stemmer is a different one).
2. **Dutch normalisation** (`normalise`): Snowball leaves past participles and the third
   person with their ending ("bedreigd", "bedreigt") while it stems the nouns and the
   infinitive to "bedreig". Dropping a final *d* or *t* after a consonant other than *d*, *t*
   or *n*, for lexemes of at least six letters, joins them ("-nd"/"-nt" words are nouns and
   adjectives, "bestand", "student", that must not merge with "bestaan" or "studen").
   Applied identically on both sides it can only merge lexemes, never lose a match;
   `tests/test_text.py` checks a word list for harmful merges.
3. **Blinding** (`blind`): each lexeme becomes a short keyed HMAC, so the index in a database
   dump reveals neither the words of encrypted fields nor (without the key) which word a
   token stands for. It does reveal that two documents share a token and how often a token
   occurs: the price of searching at all. Prefix and fuzzy search are therefore impossible.

The key is derived from the field-encryption key of a given version (HKDF with its own label),
so the index key rotates with `weerstand rotate-keys`; `weerstand search-reindex` moves the
index to the newest key, and queries are blinded under every configured version meanwhile.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import threading
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

import snowballstemmer
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from weerstand.core.crypto import fields as crypto

if TYPE_CHECKING:
    from django.db.backends.utils import CursorWrapper

TOKEN_CHARS = 12  # hex characters of a blinded token: 48 bits, no practical collisions
MIN_STRIP_LENGTH = 6
VOWELS = frozenset("aeiouyáéíóúäëïöüèàâêîôû")
_HKDF_INFO = b"weerstand search blind index v1"

# PostgreSQL's Dutch stop-word list (the Snowball list it ships), so SQLite drops the same words.
_STOP = """de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er
    maar om hem dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar
    haar naar heb hoe heeft hebben deze u want nog zal me zij nu ge geen omdat iets worden toch al
    waren veel meer doen toen moet ben zonder kan hun dus alles onder ja eens hier wie werd
    altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest
    andere"""
STOP_WORDS = frozenset(_STOP.split())
_WORD = re.compile(r"\w+", re.UNICODE)


_local = threading.local()


def _stemmer() -> snowballstemmer.stemmer:
    """This thread's own stemmer.

    A Snowball stemmer keeps the word it works on in instance state (cursor, limits, buffer),
    so one stemmer shared by the threads of a threaded server mixes their words up and fails
    with `IndexError` now and then. Each thread therefore gets its own, made once.
    """
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("dutch_porter")
    return stemmer


def normalise(lexeme: str) -> str:
    """The Dutch normalisation step (see the module docstring): "bedreigd" -> "bedreig"."""
    if (
        len(lexeme) >= MIN_STRIP_LENGTH
        and lexeme[-1] in "dt"
        and lexeme[-2] not in VOWELS
        and lexeme[-2] not in "dtn"
    ):
        return lexeme[:-1]
    return lexeme


def words(text: str) -> list[str]:
    """The words of a text, lower-case, in order (stop words included: positions count)."""
    return _WORD.findall(text.lower())


def stem(word: str) -> str:
    """One word's normalised lexeme (Python side), or "" for a stop word."""
    word = word.lower()
    if word in STOP_WORDS:
        return ""
    return normalise(_stemmer().stemWord(word))


def python_lexemes(text: str) -> list[tuple[str, int]]:
    """(lexeme, position) pairs, positions from 1 like PostgreSQL's."""
    out = []
    for position, word in enumerate(words(text), start=1):
        lexeme = stem(word)
        if lexeme:
            out.append((lexeme, position))
    return out


# --- PostgreSQL lexemes ----------------------------------------------------------------------


def pg_lexemes_many(cursor: CursorWrapper, texts: list[str]) -> list[list[tuple[str, int]]]:
    """`to_tsvector('dutch', t)` for many texts in one round trip, normalised."""
    out: list[list[tuple[str, int]]] = [[] for _ in texts]
    if not texts:
        return out
    cursor.execute(
        "SELECT u.ord, v.lexeme, v.positions "
        "FROM unnest(%s::text[]) WITH ORDINALITY AS u(t, ord), "
        "LATERAL unnest(to_tsvector('dutch', u.t)) AS v",
        [texts],
    )
    for ordinal, lexeme, positions in cursor.fetchall():
        target = out[ordinal - 1]
        norm = normalise(lexeme)
        for position in positions or [1]:
            target.append((norm, position))
    return out


# --- blinding ----------------------------------------------------------------------------------


@lru_cache(maxsize=16)
def _index_key(version: int, key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(key)


def index_key(version: int | None = None) -> tuple[int, bytes]:
    """(key version, derived index key); the newest version unless one is named."""
    ring = crypto.keyring()
    version = crypto.current_version() if version is None else version
    return version, _index_key(version, ring[version])


def key_versions() -> list[int]:
    return sorted(crypto.keyring())


def blind(lexeme: str, key: bytes) -> str:
    """The stored form of a lexeme: the first TOKEN_CHARS hex digits of HMAC-SHA256."""
    digest = hmac.new(key, lexeme.encode("utf-8"), hashlib.sha256).hexdigest()
    # A leading letter keeps every token a plain word for both FTS engines' tokenisers.
    return "t" + digest[: TOKEN_CHARS - 1]


def blind_all(lexemes: Iterable[str], key: bytes) -> list[str]:
    return [blind(lexeme, key) for lexeme in lexemes]

"""PyStemmer (the Snowball stemmers compiled to C) is the backend `snowballstemmer` uses when
it is installed (issue 19: the search's stemmer was pure Python). The lexemes must not change:
a stem that differs would make old index entries unfindable."""

from __future__ import annotations

import re
import time
from pathlib import Path

import snowballstemmer
import Stemmer
from snowballstemmer.dutch_porter_stemmer import DutchPorterStemmer

from weerstand.search import text

CATALOGUE = Path(text.__file__).resolve().parents[1] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _dutch_words() -> list[str]:
    """Every word of the Dutch texts of the interface: about a thousand real Dutch words."""
    msgids = re.findall(r'^msgid "(.*)"$', CATALOGUE.read_text(encoding="utf-8"), re.MULTILINE)
    found = {w for m in msgids for w in text.words(m) if w.isalpha()}
    found |= {"bedreigingen", "achtervolgd", "handgranaten", "beveiligde", "ontvoering"}
    return sorted(found)


def test_the_compiled_stemmer_is_the_one_in_use() -> None:
    assert isinstance(snowballstemmer.stemmer("dutch_porter"), Stemmer.Stemmer)
    assert isinstance(text._stemmer(), Stemmer.Stemmer)


def test_it_stems_exactly_as_the_pure_python_one() -> None:
    words = _dutch_words()
    assert len(words) > 500
    compiled, pure = Stemmer.Stemmer("dutch_porter"), DutchPorterStemmer()
    differ = [(w, compiled.stemWord(w), pure.stemWord(w)) for w in words]
    assert [d for d in differ if d[1] != d[2]] == []


def test_it_is_faster_in_the_same_process() -> None:
    """A ratio in one process, not a time: the machine may be busy."""
    words = _dutch_words() * 5
    compiled, pure = Stemmer.Stemmer("dutch_porter"), DutchPorterStemmer()

    def took(stemmer: object) -> float:
        started = time.perf_counter()
        for w in words:
            stemmer.stemWord(w)  # type: ignore[attr-defined]  # both stemmers have stemWord
        return time.perf_counter() - started

    took(compiled), took(pure)  # warm
    assert took(pure) / took(compiled) > 2

"""The questions of the experience questionnaire, as data (`questions.json`): a few 1-5
scale statements in plain Dutch and English, and one open question."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from django.utils import translation

PATH = Path(__file__).resolve().parent / "questions.json"


@dataclass(frozen=True)
class Question:
    code: str
    kind: str  # "scale" (1-5) or "open"
    text: str
    text_en: str

    @property
    def shown(self) -> str:
        english = (translation.get_language() or "nl").startswith("en")
        return self.text_en if english and self.text_en else self.text


@functools.cache
def _data() -> dict:
    return json.loads(PATH.read_text(encoding="utf-8"))


def version() -> int:
    return int(_data()["version"])


def questions() -> list[Question]:
    return [Question(**q) for q in _data()["questions"]]


def scale_questions() -> list[Question]:
    return [q for q in questions() if q.kind == "scale"]


def open_question() -> Question | None:
    return next((q for q in questions() if q.kind == "open"), None)


def scale_labels() -> list[tuple[int, str]]:
    """(score, words) for 1..5 in the user's language."""
    english = (translation.get_language() or "nl").startswith("en")
    return [(int(k), v[1] if english else v[0]) for k, v in sorted(_data()["scale"].items())]

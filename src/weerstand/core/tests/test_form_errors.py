"""Forms and errors in the NL Design System / GOV.UK pattern: a specific message per empty
required field (no "Dit veld is vereist."), one way to mark optional fields, labels that stay
the same after an error, the error summary that gets focus, and "Fout: " in the title."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

import pytest
from django import forms
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

import weerstand
from weerstand.core.forms import GENERIC_REQUIRED, SpecificMessages, WeerstandForm

GENERIC = ("Dit veld is vereist", "This field is required")


def _project_form_classes() -> list[type[forms.BaseForm]]:
    """Every form class the project defines (tests, migrations and the admin left out)."""
    for info in pkgutil.walk_packages(weerstand.__path__, "weerstand."):
        name = info.name
        if any(part in name for part in (".tests", ".migrations", ".admin", "demo")):
            continue
        if name.rsplit(".", 1)[-1] in ("wsgi", "__main__", "cli"):
            continue
        importlib.import_module(name)
    found: list[type[forms.BaseForm]] = []

    def walk(cls: type[forms.BaseForm]) -> None:
        sub: type[forms.BaseForm]
        for sub in cls.__subclasses__():
            module = sub.__module__
            if (
                module.startswith("weerstand.")
                and ".tests" not in module
                and ".admin" not in module
            ):
                found.append(sub)
            walk(sub)

    walk(forms.BaseForm)
    return sorted(set(found), key=lambda c: f"{c.__module__}.{c.__qualname__}")


FORM_CLASSES = _project_form_classes()


def test_the_scan_finds_the_project_forms() -> None:
    names = {c.__name__ for c in FORM_CLASSES}
    assert len(FORM_CLASSES) > 80
    assert {"AssessmentForm", "ScenarioForm", "TransitionForm", "ObjectionForm"} <= names


@pytest.mark.parametrize("cls", FORM_CLASSES, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_form_gives_specific_required_messages(cls: type[forms.BaseForm]) -> None:
    """Every form has the mechanism; where a form can be made without arguments, posting it
    empty names each field in its message."""
    assert issubclass(cls, SpecificMessages), f"{cls.__name__}: base it on WeerstandForm"
    if inspect.isabstract(cls):
        return
    try:
        form: Any = cls(data={})
    except Exception:  # needs request-specific arguments: the subclass check above holds
        return
    with translation.override("nl"):
        try:
            form.is_valid()
        except Exception:
            return
        messages = [str(m) for errors in form.errors.values() for m in errors]
    for message in messages:
        assert not any(g in message for g in GENERIC), f"{cls.__name__}: {message}"


class SampleForm(WeerstandForm):
    reason = forms.CharField(label="Reden")
    level = forms.ChoiceField(label="Dreigingsniveau", choices=[("1", "1"), ("2", "2")])
    bsn = forms.CharField(label="BSN van de persoon")
    agree = forms.BooleanField(label="Ik heb de gegevens gecontroleerd")
    note = forms.CharField(label="Toelichting", required=False)
    custom = forms.CharField(label="Afwijking", error_messages={"required": "Eigen tekst"})


def test_messages_are_built_from_the_label() -> None:
    with translation.override("nl"):
        form = SampleForm(data={})
        assert not form.is_valid()
        assert form.errors["reason"] == ["Vul reden in"]
        assert form.errors["level"] == ["Kies dreigingsniveau"]
        assert form.errors["bsn"] == ["Vul BSN van de persoon in"]  # abbreviations stay
        assert form.errors["agree"] == ["Vink aan: ik heb de gegevens gecontroleerd"]
        assert form.errors["custom"] == ["Eigen tekst"]  # hand-written messages win
        assert "note" not in form.errors
    assert str(GENERIC_REQUIRED)  # Django's own text is what gets replaced


def _field(form: forms.BaseForm, name: str) -> str:
    return render_to_string("weerstand/_field.html", {"field": form[name]})


def _label(html: str) -> str:
    return html[html.index("<label") : html.index("</label>")]


def test_optional_fields_are_marked_and_labels_stay_after_an_error() -> None:
    with translation.override("nl"):
        before = SampleForm()
        after = SampleForm(data={})
        after.is_valid()
        assert "(niet verplicht)" in _field(before, "note")
        for name in ("reason", "level", "note"):
            html = _field(before, name)
            assert "verplicht)" not in html or name == "note"
            assert _label(html) == _label(_field(after, name))  # the label does not change
        assert "Vul reden in" in _field(after, "reason")


def test_summary_at_the_top_once_with_focus_and_title_prefix() -> None:
    template = Template(
        "{% load weerstand_forms %}<title>{% error_title_prefix %}Pagina</title>"
        "<main><h1>Kop</h1>{% error_summary %}<p>tekst</p>"
        '<form>{% include "weerstand/_form_errors.html" with form=other %}</form>'
        '<form>{% include "weerstand/_form_errors.html" with form=form %}</form></main>'
    )
    with translation.override("nl"):
        failed = SampleForm(data={})
        failed.is_valid()
        html = template.render(Context({"form": failed, "other": SampleForm()}))
        assert html.startswith("<title>Fout: Pagina</title>")
        assert html.count("error-summary-title") == 1
        top = html.index("<h1>Kop</h1>") + len("<h1>Kop</h1>")
        assert html.index('<div class="error-summary"') == html.index("<div", top)
        assert 'tabindex="-1" autofocus' in html and "Er is een probleem" in html
        assert '<a href="#id_reason">Vul reden in</a>' in html
        clean = template.render(Context({"form": SampleForm(), "other": SampleForm()}))
        assert clean.startswith("<title>Pagina</title>") and "error-summary" not in clean


def test_forms_inside_rows_count_for_the_title() -> None:
    template = Template("{% load weerstand_forms %}{% error_title_prefix %}")
    with translation.override("nl"):
        failed = SampleForm(data={})
        failed.is_valid()
        assert template.render(Context({"rows": [{"form": failed}]})) == "Fout: "
        assert template.render(Context({"rows": [{"form": SampleForm()}]})) == ""
        assert template.render(Context({"error": "Dit kan nu niet."})) == "Fout: "

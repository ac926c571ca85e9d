"""`core.forms.submit_form` and `perform`: one way for every page to post to a service."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import Http404, HttpRequest, HttpResponse
from django.test import RequestFactory

from weerstand.core.errors import (
    ConcurrencyConflict,
    InvalidParam,
    InvalidTransition,
    ValidationFailed,
)
from weerstand.core.forms import perform, submit_form


class NoteForm(forms.Form):
    note = forms.CharField(min_length=3)


def _request(method: str = "post", data: dict[str, str] | None = None) -> HttpRequest:
    request = getattr(RequestFactory(), method)("/", data or {})
    request._messages = CookieStorage(request)  # as MessageMiddleware does
    return request


def _messages(request: HttpRequest) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(request)]


class Page:
    """Records what `submit_form` asked of the page."""

    def __init__(self) -> None:
        self.shown: list[tuple[Any, int]] = []
        self.done: list[Any] = []

    def show(self, form: Any, status: int) -> HttpResponse:
        self.shown.append((form, status))
        return HttpResponse("form", status=status)

    def finish(self, result: Any) -> HttpResponse:
        self.done.append(result)
        return HttpResponse(status=302)


def _submit(request: HttpRequest, page: Page, run: Any, **kwargs: Any) -> HttpResponse:
    form = NoteForm(request.POST if request.method == "POST" else None)
    return submit_form(request, form, run, done=page.finish, show=page.show, **kwargs)


def test_success_says_so_and_finishes_with_the_result() -> None:
    request, page = _request(data={"note": "klaar"}), Page()
    response = _submit(request, page, lambda d: d["note"].upper(), success=lambda r: f"ok {r}")
    assert response.status_code == 302
    assert page.done == ["KLAAR"] and not page.shown
    assert _messages(request) == [("success", "ok KLAAR")]


def test_an_invalid_form_is_shown_again_with_400_and_the_service_is_not_called() -> None:
    request, page = _request(data={"note": "x"}), Page()
    called: list[dict[str, Any]] = []
    response = _submit(request, page, called.append, success="ok")
    assert response.status_code == 400 and not called and not page.done
    form, status = page.shown[0]
    assert status == 400 and "note" in form.errors
    assert _messages(request) == []


def test_a_get_shows_the_form_with_200() -> None:
    request, page = _request("get"), Page()
    assert _submit(request, page, lambda d: None).status_code == 200
    assert page.shown[0][1] == 200 and not page.done


def test_a_refusal_lands_on_the_form_with_the_services_status() -> None:
    def refuse(d: dict[str, Any]) -> None:
        raise InvalidTransition(
            "Kan niet nu.", invalid_params=[InvalidParam("note", "bad", "Niet zo.")]
        )

    request, page = _request(data={"note": "iets"}), Page()
    response = _submit(request, page, refuse, success="ok")
    assert response.status_code == 409
    form, _status = page.shown[0]
    assert form.errors["note"] == ["Niet zo."]
    assert form.non_field_errors() == ["Kan niet nu."]
    assert _messages(request) == [] and not page.done


def test_a_conflict_can_have_its_own_text() -> None:
    def stale(d: dict[str, Any]) -> None:
        raise ConcurrencyConflict("versie 3 is intussen 4")

    request, page = _request(data={"note": "iets"}), Page()
    response = _submit(request, page, stale, conflict=lambda exc: f"Iemand was eerder: {exc}")
    assert response.status_code == 412
    assert page.shown[0][0].non_field_errors() == ["Iemand was eerder: versie 3 is intussen 4"]
    # Without `conflict` it is an ordinary refusal.
    page = Page()
    _submit(_request(data={"note": "iets"}), page, stale)
    assert page.shown[0][0].non_field_errors() == ["versie 3 is intussen 4"]


def test_other_exceptions_are_not_swallowed() -> None:
    def vanish(d: dict[str, Any]) -> None:
        raise Http404("weg")

    with pytest.raises(Http404):
        _submit(_request(data={"note": "iets"}), Page(), vanish)


def test_perform_shows_the_refusal_or_the_success_and_answers_then_either_way() -> None:
    request = _request()
    response = perform(
        request, lambda: 7, success=lambda n: f"{n} gedaan", then=lambda: HttpResponse(status=302)
    )
    assert response.status_code == 302 and _messages(request) == [("success", "7 gedaan")]

    def refuse() -> None:
        raise ValidationFailed("Dat mag niet.")

    request = _request()
    response = perform(request, refuse, success="nooit", then=lambda: HttpResponse(status=302))
    assert response.status_code == 302 and _messages(request) == [("error", "Dat mag niet.")]

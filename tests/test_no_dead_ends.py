"""No dead ends: a page offers an action only when the service will take it.

The registry below names, per action, the page that offers it, the address its form posts to
(or its link leads to), the domain's own precondition (the very function the service raises
from: a `DomainError` when refused, None when allowed) and how the service is called as the
form would. Each scene builds brand-new objects in one state and the test asserts both ways:

- refused before the form is shown → the page has no enabled form or link to the action (it
  may show it disabled, with the reason), and the service indeed refuses, with that reason;
- allowed → the page offers it, enabled, and the service takes it.

A later slice adds an action by adding an `Offer` and the scenes that put it in each state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from weerstand import testing as t
from weerstand.assessments import selectors as assessment_selectors
from weerstand.assessments import services as assessment_services
from weerstand.assessments.tests import builders as ab
from weerstand.cases.models import CaseState
from weerstand.core.errors import DomainError
from weerstand.decisions import services as decision_services
from weerstand.decisions.tests import builders as db

pytestmark = pytest.mark.django_db
WHY = "De dreiging komt uit een nationaal fenomeen en is gericht tegen het leven."


# --------------------------------------------------------------------------- the registry


@dataclass(frozen=True)
class Offer:
    """One action as a page offers it."""

    name: str
    page: Callable[[Any], str]  # the object -> the page that offers the action
    action: Callable[[Any], str]  # the object -> where its form posts (or its link leads)
    refusal: Callable[[Any, Any], DomainError | None]  # (user, object) -> the service's "why not"
    perform: Callable[[Any, Any], Any]  # (user, object) -> the service call the form makes


@dataclass(frozen=True)
class Scene:
    """Brand-new objects in one state: `build()` returns (user, object, extra for perform)."""

    name: str
    offers: tuple[str, ...]
    build: Callable[[], tuple[Any, Any]]
    refused: bool  # what the scene is meant to show; guards the builder against drifting


def _decide(user: Any, case: Any) -> Any:
    """The decision the case's phase asks for, as the screen would record it."""
    case.refresh_from_db()
    if case.state == CaseState.DESIGNATION:
        data = decision_services.DecisionData(
            decision_type="designate", reasoning=WHY, effective_date=timezone.localdate()
        )
    else:
        data = db.start_data(case._world)
    return decision_services.create_decision(user, case.pk, data)


def _approval_refusal(user: Any, decision: Any) -> DomainError | None:
    """The approval service's own checks, in its order: still waiting, then four eyes."""
    from weerstand.core.errors import InvalidTransition, NotPermitted

    decision.refresh_from_db()
    if decision.status != "awaiting_approval":
        return InvalidTransition("Dit besluit wacht niet (meer) op accordering.")
    why = decision_services.approval_refusal(user, decision)
    return NotPermitted(why) if why else None


def _approve(user: Any, decision: Any) -> Any:
    decision.refresh_from_db()
    return decision_services.approve_decision(user, decision.pk, expected_version=decision.version)


def _submit(user: Any, a: Any) -> Any:
    a.refresh_from_db()
    return assessment_services.submit_for_challenge(user, a.pk, expected_version=a.version)


OFFERS: dict[str, Offer] = {
    o.name: o
    for o in (
        Offer(
            "besluit nemen (casuspagina)",
            page=lambda case: reverse("cases:detail", args=[case.pk]),
            action=lambda case: reverse("decisions:create", args=[case.pk]),
            refusal=lambda user, case: decision_services.decision_refusal(user, case),
            perform=_decide,
        ),
        Offer(
            "besluit vastleggen (besluitscherm)",
            page=lambda case: reverse("decisions:create", args=[case.pk]),
            action=lambda case: reverse("decisions:create", args=[case.pk]),
            refusal=lambda user, case: decision_services.decision_refusal(user, case),
            perform=_decide,
        ),
        Offer(
            "besluit over de aanwijzing (aanwijzingsscherm)",
            page=lambda case: reverse("decisions:admission", args=[case.pk]),
            action=lambda case: reverse("decisions:admission", args=[case.pk]),
            refusal=lambda user, case: decision_services.decision_refusal(user, case),
            perform=_decide,
        ),
        Offer(
            "accorderen (besluitpagina)",
            page=lambda d: reverse("decisions:detail", args=[d.pk]),
            action=lambda d: reverse("decisions:approve", args=[d.pk]),
            refusal=_approval_refusal,
            perform=_approve,
        ),
        Offer(
            "indienen voor tegenspraak",
            page=lambda a: reverse("assessments:detail", args=[a.pk]),
            action=lambda a: reverse("assessments:step", args=[a.pk, "indienen"]),
            refusal=lambda user, a: assessment_services.submission_refusal(user, a),
            perform=_submit,
        ),
    )
}


# --------------------------------------------------------------------------- the scenes


def _decision_world() -> db.World:
    return db.world()


def _case_ready(*, author_decides: bool = False) -> tuple[Any, Any]:
    w = _decision_world()
    case, _assessment = db.decided_case(w)
    case._world = w
    return (w.author if author_decides else w.dm1), case


def _case_with_pending_decision() -> tuple[Any, Any]:
    user, case = _case_ready()
    decision = _decide(user, case)
    assert decision.needs_approval, "a start waits for a second decision-maker"
    return user, case


def _case_without_finalised_assessment() -> tuple[Any, Any]:
    w = _decision_world()
    case = t.case(w.author, team=(w.author, w.dm1, w.dm2), owner=w.author, state="decision")
    case._world = w
    return w.dm1, case


def _advised_referral(*, pending: bool = False) -> tuple[Any, Any]:
    """A referral the analysts advised on, awaiting the authority's admission decision."""
    from weerstand.cases import team
    from weerstand.cases.services import transition_case

    w = _decision_world()
    analyst = t.user("analyst", organisation=w.nctv)
    case = t.case(t.user("police_liaison"), state=CaseState.TRIAGE)
    transition_case(analyst, case.pk, "advise_authority", reason=WHY, advice="national")
    for dm in (w.dm1, w.dm2):
        team.add_member(analyst, case.pk, dm.pk, function="decision_maker", reason=WHY)
    case.refresh_from_db()
    case._world = w
    if pending:
        assert _decide(w.dm1, case).needs_approval, "a designation waits for a second person"
    return w.dm1, case


def _pending_decision(*, by_decider: bool) -> tuple[Any, Any]:
    """A start decision waiting for approval, seen by its own decider or by the other one."""
    decider, case = _case_ready()
    decision = _decide(decider, case)
    return (decider if by_decider else case._world.dm2), decision


def _draft(*, cited: bool) -> tuple[Any, Any]:
    w = ab.world()
    a = assessment_services.start_version(w.author, w.case.pk)
    content = ab.full_content(w)
    if not cited:
        content.pop("products")
    a = assessment_services.update_assessment(w.author, a.pk, content, expected_version=a.version)
    return w.author, a


DECISION_OFFERS = ("besluit nemen (casuspagina)", "besluit vastleggen (besluitscherm)")
ADMISSION_OFFERS = ("besluit nemen (casuspagina)", "besluit over de aanwijzing (aanwijzingsscherm)")
SCENES = (
    Scene("besluit wacht op accordering", DECISION_OFFERS, _case_with_pending_decision, True),
    Scene(
        "auteur van het dreigingsbeeld",
        DECISION_OFFERS,
        lambda: _case_ready(author_decides=True),
        True,
    ),
    Scene(
        "geen vastgesteld dreigingsbeeld", DECISION_OFFERS, _case_without_finalised_assessment, True
    ),
    Scene("besluit kan", DECISION_OFFERS, _case_ready, False),
    Scene(
        "aanwijzing wacht op accordering",
        ADMISSION_OFFERS,
        lambda: _advised_referral(pending=True),
        True,
    ),
    Scene("aanwijzing kan", ADMISSION_OFFERS, _advised_referral, False),
    Scene(
        "eigen besluit accorderen",
        ("accorderen (besluitpagina)",),
        lambda: _pending_decision(by_decider=True),
        True,
    ),
    Scene(
        "besluit van een ander accorderen",
        ("accorderen (besluitpagina)",),
        lambda: _pending_decision(by_decider=False),
        False,
    ),
    Scene(
        "concept zonder citaten", ("indienen voor tegenspraak",), lambda: _draft(cited=False), True
    ),
    Scene("volledig concept", ("indienen voor tegenspraak",), lambda: _draft(cited=True), False),
)


# --------------------------------------------------------------------------- reading a page


class _Offers(HTMLParser):
    """Every enabled way out of a page: links, and POST forms with an enabled submit."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.links: set[str] = set()
        self.forms: list[dict[str, Any]] = []  # {"action", "enabled_submits"}
        self._form: dict[str, Any] | None = None
        self._disabled_fieldsets = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href") and a.get("aria-disabled") != "true":
            self.links.add(_path(a["href"] or "", self.page))
        elif tag == "form" and (a.get("method") or "get").lower() == "post":
            self._form = {"action": _path(a.get("action") or "", self.page), "enabled": 0}
            self.forms.append(self._form)
        elif tag == "fieldset" and self._form is not None and "disabled" in a:
            self._disabled_fieldsets += 1
        elif self._form is not None and not self._disabled_fieldsets and "disabled" not in a:
            kind = (a.get("type") or ("submit" if tag == "button" else "")).lower()
            if tag in ("button", "input") and kind in ("submit", "image"):
                self._form["enabled"] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
            self._disabled_fieldsets = 0
        elif tag == "fieldset" and self._disabled_fieldsets:
            self._disabled_fieldsets -= 1


def _path(href: str, page: str) -> str:
    parts = urlsplit(href)
    return parts.path or urlsplit(page).path


def offered(html: str, page: str, action: str) -> bool:
    """Whether `html` (the page at `page`) offers `action` as something that can be used."""
    found = _Offers(page)
    found.feed(html)
    via_form = any(f["action"] == action and f["enabled"] for f in found.forms)
    via_link = action != page and action in found.links
    return via_form or via_link


def _client(user: Any) -> Client:
    c = Client()
    t.login(c, user)
    return c


# --------------------------------------------------------------------------- the test


@pytest.mark.parametrize("scene", SCENES, ids=[s.name for s in SCENES])
def test_a_page_offers_an_action_exactly_when_the_service_takes_it(scene: Scene) -> None:
    user, obj = scene.build()
    for name in scene.offers:
        offer = OFFERS[name]
        refused = offer.refusal(user, obj)
        assert (refused is not None) == scene.refused, (name, refused and refused.detail)
        page = offer.page(obj)
        response = _client(user).get(page)
        assert response.status_code == 200, (name, response.status_code)
        html = response.content.decode()
        action = offer.action(obj)
        if refused is not None:
            assert not offered(html, page, action), f"{name}: offered, then refused"
            assert refused.detail in html, f"{name}: the reason is not shown in words"
        else:
            assert offered(html, page, action), f"{name}: not offered though it can succeed"
    # The service decides as the page said: refused with the same words, or taken.
    offer = OFFERS[scene.offers[0]]
    refused = offer.refusal(user, obj)
    if refused is not None:
        with pytest.raises(type(refused)) as caught:
            offer.perform(user, obj)
        assert caught.value.detail == refused.detail
    else:
        assert offer.perform(user, obj) is not None


def test_the_page_reader_finds_an_enabled_form_and_ignores_a_disabled_button() -> None:
    """The checker itself can fail: an enabled submit is an offer, a disabled one is not."""
    page, action = "/x/1", "/x/1/stap/indienen"
    enabled = f'<form method="post" action="{action}"><button type="submit">Go</button></form>'
    disabled = f'<form method="post" action="{action}"><button disabled>Go</button></form>'
    fenced = (
        f'<form method="post" action="{action}"><fieldset disabled>'
        "<button>Go</button></fieldset></form>"
    )
    outside = '<button type="button" disabled>Go</button>'
    assert offered(enabled, page, action)
    assert not offered(disabled, page, action)
    assert not offered(fenced, page, action)
    assert not offered(outside, page, action)
    assert offered(f'<a href="{action}">Go</a>', page, action)
    assert not offered(f'<a href="{action}" aria-disabled="true">Go</a>', page, action)
    # A form without an action posts to its own page.
    assert offered('<form method="post"><button>Go</button></form>', action, action)


def test_the_citation_checklist_offers_citing_from_the_picture_page() -> None:
    """The submission's checklist names what is missing and lets the author cite a product on
    the picture's own page; once cited, the submit button is enabled."""
    user, a = _draft(cited=False)
    c = _client(user)
    page = reverse("assessments:detail", args=[a.pk])
    html = c.get(page).content.decode()
    assert "Citeer de informatie waarop het rust." in html
    cite = reverse("assessments:add-part", args=[a.pk, "products"])
    assert offered(html, page, cite)
    product = assessment_selectors.part_options(user, a)["products"][0]
    a.refresh_from_db()
    response = c.post(
        cite,
        {
            "terug": "dreigingsbeeld",
            "products-version": a.version,
            "products-product": product.pk,
            "products-note": "Kernproduct",
        },
    )
    assert response.status_code == 302 and response["Location"].startswith(page)
    html = c.get(page).content.decode()
    assert offered(html, page, reverse("assessments:step", args=[a.pk, "indienen"]))
    assert "Citeer de informatie waarop het rust." not in html

"""Leak hunt for evaluations and post-incident reviews (the learning app).

A unique marker is planted in every text of an evaluation and of a post-incident review of a
crown-witness case (sections, a partner's contribution, an action, a lesson linked to a
method-template version) built through the services. Then a user of every role outside the
case's restricting compartment (team members outside it, the NCTV quality function and the
inspectorate outside it, and every other role) requests the learning pages, the case page,
the method-template page, the start page, the search page, the API lists (with filters),
details, sub-lists, write endpoints and absent ids: the marker and the count must reach
only the members of the compartment who are in the case team, and the quality function
inside it.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from weerstand import testing as t
from weerstand.accounts.roles import Role
from weerstand.experience.tests import builders as b
from weerstand.learning import services
from weerstand.learning.models import Evaluation, IncidentReview
from weerstand.policy.models import CompartmentMembership
from weerstand.signals import services as signals
from weerstand.signals.services import SignalData

pytestmark = pytest.mark.django_db
EVAL = "/api/v1/evaluations"
REVIEW = "/api/v1/incident-reviews"


def _world() -> dict[str, Any]:
    from weerstand.assessments.models import MethodTemplate

    mark = f"LEAKMARK{secrets.token_hex(6)}"
    world = b.started()
    case, w = world.case, world.w
    police = t.user("police_liaison", organisation=w.police)
    CompartmentMembership.objects.create(compartment=case.team, user=police)
    outside_member = t.user("analyst")
    CompartmentMembership.objects.create(compartment=case.team, user=outside_member)
    quality_in = t.user("quality_officer")
    t.restrict(case, members=(w.author, w.challenger, w.dm1, w.dm2, police, quality_in))
    b.stop(world)
    evaluation = Evaluation.objects.get(case=case)
    owner = w.author
    services.update_sections(
        owner, "evaluation", evaluation.pk, {"what_worked": f"Werkte {mark}"}, expected_version=None
    )
    services.add_contribution(police, "evaluation", evaluation.pk, f"Politie {mark}")
    due = timezone.localdate() + timedelta(days=5)
    services.add_action(
        owner, "evaluation", evaluation.pk, services.ActionData(f"Actie {mark}", police.pk, due)
    )
    signal = signals.record_signal(
        owner,
        SignalData(
            what=f"Incident {mark}",
            happened_at=timezone.now() - timedelta(hours=2),
            kind="incident",
            case_id=case.pk,
        ),
    )
    review = IncidentReview.objects.get(signal=signal)
    services.update_sections(
        owner, "review", review.pk, {"happened": f"Gebeurd {mark}"}, expected_version=None
    )
    lesson = services.add_lesson(owner, "review", review.pk, f"Les {mark}")
    template = MethodTemplate.objects.create(phenomenon="organised_crime", version=9, name="OC9")
    services.link_lesson(owner, lesson.pk, "method_template", template.pk)
    services.add_action(
        owner, "review", review.pk, services.ActionData(f"Reviewactie {mark}", owner.pk, due)
    )
    others = {
        "team_outside_compartment": outside_member,
        "quality_outside_compartment": t.user("quality_officer"),
        "inspector_outside_compartment": t.user("inspector"),
        **{f"role_{r.value}": t.user(r.value) for r in Role},
    }
    return {
        "mark": mark,
        "case": case,
        "evaluation": evaluation,
        "review": review,
        "insiders": (owner, police, quality_in),
        "others": others,
    }


def _urls(x: dict[str, Any]) -> list[str]:
    e, r, c = x["evaluation"].pk, x["review"].pk, x["case"].pk
    return [
        "/",
        "/leren/",
        f"/leren/evaluaties/{e}",
        f"/leren/nabesprekingen/{r}",
        f"/casussen/{c}",
        "/dreigingsbeelden/methoden",
        "/zoeken/?q=Incident",
        EVAL,
        f"{EVAL}?case={c}",
        f"{EVAL}/{e}",
        f"{EVAL}/{e}/actions",
        f"{EVAL}/{e}/lessons",
        f"{EVAL}/{e + 999}",
        REVIEW,
        f"{REVIEW}?status=open",
        f"{REVIEW}/{r}",
        f"{REVIEW}/{r}/actions",
        f"{REVIEW}/{r}/lessons",
        f"{REVIEW}/{r + 999}",
    ]


def _bodies(user: Any, x: dict[str, Any]) -> tuple[str, list[int]]:
    client = Client()
    t.login(client, user)
    api = t.api_client(user)
    out, counts = [], []
    for url in _urls(x):
        getter = api if url.startswith("/api/") else client
        response = getter.get(url)
        out.append(response.content.decode(errors="replace"))
        out.extend(str(v) for v in response.headers.values())
        if url in (EVAL, REVIEW) and response.status_code == 200:
            counts.append(response.json()["count"])
    e, r = x["evaluation"].pk, x["review"].pk
    for url in (f"{EVAL}/{e}/contributions", f"{REVIEW}/{r}/complete", f"{REVIEW}/{r}/actions"):
        out.append(api.post(url, {"text": "poging tot inbreng"}).content.decode(errors="replace"))
    patched = api.patch(f"{REVIEW}/{r}", {"decided": "x"}, HTTP_IF_MATCH='"2"')
    out.append(patched.content.decode(errors="replace"))
    return "\n".join(out), counts


def test_the_marker_reaches_no_one_outside_the_compartment() -> None:
    x = _world()
    for name, user in x["others"].items():
        text, counts = _bodies(user, x)
        assert x["mark"] not in text, f"{name} reached the evaluation or review"
        assert set(counts) <= {0}, f"{name} counted hidden rows"


def test_the_team_inside_the_compartment_and_the_quality_function_inside_it_reach_it() -> None:
    x = _world()
    for user in x["insiders"]:
        api = t.api_client(user)
        assert x["mark"] in api.get(f"{REVIEW}/{x['review'].pk}").content.decode()
        assert x["mark"] in api.get(f"{EVAL}/{x['evaluation'].pk}").content.decode()
    client = Client()
    t.login(client, x["insiders"][0])
    assert x["mark"] in client.get("/dreigingsbeelden/methoden").content.decode()

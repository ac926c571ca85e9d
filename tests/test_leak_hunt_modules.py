"""Leak hunt for the resilience modules and the experience questionnaire.

A brand-new case is carried through the decision services to a stop (which invites the
protectee and the partner through the `decision_in_force` hook). Two unique markers are
planted: one in the private note of a module assignment to the protectee, one in the
protectee's open answer to the questionnaire. A second case has its own protectee and
relative with portal accounts, a module and an open invitation.

Then every user signs in and requests every page and API endpoint of both apps (lists,
filters, details of the marked objects and of an absent id, the start page with its panels,
the case page with its sections, and write attempts on the marked objects), and every body
is searched for the markers. The case team and the person themselves must reach them
(so the hunt can fail); nobody else may: not the other case's portal users, not the
partner of the same case, not a police liaison in the team (a partner without the need),
not an analyst or a resilience expert outside the team, not the inspectorate for the
answers, and not the quality monitor's aggregates.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from weerstand import testing as t
from weerstand.cases.models import CasePerson
from weerstand.experience import selectors as experience_selectors
from weerstand.experience import services as experience
from weerstand.experience.models import ExperienceQuestionnaire
from weerstand.experience.tests import builders as eb
from weerstand.modules import services as modules
from weerstand.modules.models import ModuleAssignment, ModuleSection
from weerstand.modules.tests.builders import portal_user, version
from weerstand.policy.models import CompartmentMembership

pytestmark = pytest.mark.django_db
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Hunt:
    note: str
    answer: str
    case: Any
    other_case: Any
    assignment: ModuleAssignment
    questionnaire: ExperienceQuestionnaire
    other_assignment: ModuleAssignment
    other_questionnaire: ExperienceQuestionnaire
    users: dict[str, Any]


def _build() -> Hunt:
    note = f"LEAKNOTE{secrets.token_hex(6)}"
    answer = f"LEAKOPEN{secrets.token_hex(6)}"
    modules.load_content()
    world = eb.started()
    w = world.w
    police_in_team = w.police_liaison
    CompartmentMembership.objects.create(compartment=world.case.team, user=police_in_team)
    protectee_link = CasePerson.objects.get(case=world.case, role="protectee")
    assignment = modules.assign_module(
        world.expert, world.case.pk, protectee_link.pk, version().pk, note=f"Begin rustig. {note}"
    )
    first = ModuleSection.objects.filter(version=assignment.module_version).order_by("position")[0]
    modules.mark_section_done(world.portal, assignment.pk, first.pk)
    eb.stop(world)
    questionnaire = ExperienceQuestionnaire.objects.get(recipient=world.portal)
    experience.answer_questionnaire(world.portal, questionnaire.pk, eb.SCORES, f"Ok. {answer}")

    # Another case with its own portal users, module and open invitation.
    other = eb.started(w)
    other_link = CasePerson.objects.get(case=other.case, role="protectee")
    other_assignment = modules.assign_module(
        other.expert, other.case.pk, other_link.pk, version("partner-beveiligd").pk
    )
    eb.stop(other)
    other_questionnaire = ExperienceQuestionnaire.objects.get(recipient=other.portal)
    users = {
        # allowed
        "expert": world.expert,
        "author": w.author,
        "decision_maker": w.dm1,
        "protectee": world.portal,
        # forbidden
        "partner_same_case": world.partner_portal,
        "police_in_team": police_in_team,
        "kmar_liaison": w.kmar_liaison,
        "lcc": w.lcc,
        "other_protectee": other.portal,
        "other_relative": other.partner_portal,
        "other_expert": other.expert,
        "analyst_outside": t.user("analyst"),
        "expert_outside": t.user("resilience_expert"),
        "inspector": t.user("inspector"),
        "advisory_body": t.user("advisory_body"),
        "mayor": w.mayor,
        "employer": portal_user(t.person("Werk", "Gever"), "employer"),
    }
    return Hunt(
        note,
        answer,
        world.case,
        other.case,
        assignment,
        questionnaire,
        other_assignment,
        other_questionnaire,
        users,
    )


# Who may read which marker (a restatement of the documented policy).
NOTE_READERS = {"expert", "author", "decision_maker", "protectee", "inspector"}
ANSWER_READERS = {"expert", "author", "decision_maker", "protectee"}


def _surfaces(h: Hunt) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(method, url, kind, body) for every page and endpoint of both apps."""
    absent = 999_999
    a, q = h.assignment.pk, h.questionnaire.pk
    oa, oq = h.other_assignment.pk, h.other_questionnaire.pk
    module_id = h.assignment.module_version.module_id
    section = ModuleSection.objects.filter(version=h.assignment.module_version_id).first()
    assert section is not None
    web = [
        reverse("core:home"),
        h.case.get_absolute_url(),
        h.other_case.get_absolute_url(),
        reverse("modules:index"),
        reverse("modules:version", args=[h.assignment.module_version_id]),
        reverse("modules:assignment", args=[a]),
        reverse("modules:assignment", args=[a]) + "?deel=2",
        reverse("modules:assignment", args=[oa]),
        reverse("modules:assignment", args=[absent]),
        reverse("modules:assign", args=[h.case.pk]),
        reverse("experience:answer", args=[q]),
        reverse("experience:answer", args=[oq]),
        reverse("experience:answer", args=[absent]),
    ]
    api = [
        "/api/v1/modules",
        f"/api/v1/modules/{module_id}",
        "/api/v1/module-assignments",
        f"/api/v1/module-assignments?case={h.case.pk}",
        f"/api/v1/module-assignments?person={h.assignment.person_id}",
        f"/api/v1/module-assignments/{a}",
        f"/api/v1/module-assignments/{oa}",
        f"/api/v1/module-assignments/{absent}",
        "/api/v1/experience-questionnaires",
        f"/api/v1/experience-questionnaires?case={h.case.pk}",
        "/api/v1/experience-questionnaires?status=answered",
        f"/api/v1/experience-questionnaires/{q}",
        f"/api/v1/experience-questionnaires/{oq}",
        f"/api/v1/experience-questionnaires/{absent}",
    ]
    writes = [
        (reverse("modules:section-done", args=[a]), "web", {"section": section.pk}),
        (reverse("experience:answer", args=[q]), "web", {"knew_whom_to_call": "1"}),
        (reverse("experience:decline", args=[q]), "web", {}),
        (f"/api/v1/module-assignments/{a}/progress", "api", {"section": section.pk}),
        (f"/api/v1/experience-questionnaires/{q}/answers", "api", {"declined": True}),
        (
            "/api/v1/module-assignments",
            "api",
            {
                "case": h.case.pk,
                "casePerson": h.assignment.case_person_id,
                "moduleVersion": h.assignment.module_version_id,
                "note": "x",
            },
        ),
    ]
    return (
        [("GET", u, "web", {}) for u in web]
        + [("GET", u, "api", {}) for u in api]
        + [("POST", u, kind, body) for u, kind, body in writes]
    )


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
def test_markers_reach_the_team_and_the_person_and_nobody_else() -> None:
    h = _build()
    surfaces = _surfaces(h)
    seen: dict[str, set[str]] = {}
    for name, user in h.users.items():
        client = Client()
        t.login(client, user)
        api = t.api_client(user)
        found: set[str] = set()
        for method, url, kind, body in surfaces:
            if method == "GET":
                r = client.get(url) if kind == "web" else api.get(url)
            else:
                r = client.post(url, body) if kind == "web" else api.post(url, body, format="json")
            assert r.status_code < 500, f"{name} {method} {url}: {r.status_code}"
            text = r.content.decode(errors="replace") + str(dict(r.headers))
            for marker in (h.note, h.answer):
                if marker in text:
                    found.add(marker)
                    allowed = NOTE_READERS if marker == h.note else ANSWER_READERS
                    assert name in allowed, f"{name} reached {marker[:8]} through {method} {url}"
        seen[name] = found
    # The allowed do reach them (so this hunt can fail).
    for name in NOTE_READERS:
        assert h.note in seen[name], f"{name} should read the note"
    for name in ANSWER_READERS:
        assert h.answer in seen[name], f"{name} should read the answer"
    # The writes above changed nothing for anyone but the person themselves.
    assert ExperienceQuestionnaire.objects.get(pk=h.questionnaire.pk).status == "answered"
    # The quality monitor: aggregates only, never the free text or a case.
    scores = experience_selectors.aggregate_scores(h.users["advisory_body"], min_group=1)
    assert h.answer not in repr(scores) and h.case.reference not in repr(scores)
    assert all(s.answers <= 2 for s in scores)


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
def test_lists_and_counts_do_not_change_for_outsiders() -> None:
    """An outsider's lists are the same whether or not the hidden rows exist."""
    h = _build()
    for name in ("other_protectee", "other_relative", "analyst_outside", "partner_same_case"):
        api = t.api_client(h.users[name])
        before_a = api.get("/api/v1/module-assignments").json()
        before_q = api.get("/api/v1/experience-questionnaires").json()
        ids_a = {r["id"] for r in before_a.get("results", [])}
        ids_q = {r["id"] for r in before_q.get("results", [])}
        assert h.assignment.pk not in ids_a and h.questionnaire.pk not in ids_q
        if "count" in before_a:
            visible = ModuleAssignment.objects.visible_to(h.users[name]).count()
            assert before_a["count"] == visible

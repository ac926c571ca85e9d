"""The hand-over pages and `/api/v1/local-handovers`: the mayor's office answers there and
sees only the allow-listed fields; the case team sees the status on the case page. A marker
planted in the case file never reaches the mayor through any of them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from weerstand import testing as t
from weerstand.assessments.models import Assessment
from weerstand.cases.api.local import LocalHandoverSerializer, LocalHandoverSharedSerializer
from weerstand.cases.models import HANDOVER_SHARED_FIELDS, Case, CaseState, HandoverStatus
from weerstand.cases.models import LocalHandover as Handover
from weerstand.cases.tests.test_local_domain import SECRETS, handed_over
from weerstand.core.api.problems import PROBLEM_CT

pytestmark = pytest.mark.django_db

ASSESSMENT_MARK = "LOKAALGEHEIM-BEELD-7713 dader volgt de persoon dagelijks"
PERSON_MARK = "Lokaalgeheimnaam"


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM_CT
    return response.json()


def _source_root(field: Any, name: str) -> str:
    return (field.source or name).split(".")[0]


def test_the_serializers_follow_the_allow_list() -> None:
    shared = LocalHandoverSharedSerializer().fields
    assert {_source_root(f, n) for n, f in shared.items()} == set(HANDOVER_SHARED_FIELDS)
    extra = set(LocalHandoverSerializer().fields) - set(shared)
    assert extra == {"case", "decisionReference"}


# --------------------------------------------------------------------------- API


def test_the_api_gives_the_mayor_the_allow_list_and_the_team_the_record() -> None:
    h = handed_over()
    mayor = t.api_client(h.w.mayor)
    body = mayor.get("/api/v1/local-handovers").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert set(row) == set(LocalHandoverSharedSerializer().fields)
    assert row["caseReference"] == h.case.reference and row["status"] == "offered"
    assert row["authority"] == h.w.municipality.code and row["note"]
    detail = mayor.get(f"/api/v1/local-handovers/{h.handover.pk}")
    assert detail.status_code == 200 and detail["ETag"] == '"1"'
    assert "case" not in detail.json()
    team = t.api_client(h.owner).get(f"/api/v1/local-handovers/{h.handover.pk}").json()
    assert team["case"] == h.case.pk and team["decisionReference"] == h.decision.reference
    # Another mayor: the same 404 as for an absent hand-over; nothing in the list.
    other = t.api_client(h.w.other_mayor)
    hidden = _problem(other.get(f"/api/v1/local-handovers/{h.handover.pk}"), 404)
    absent = _problem(other.get("/api/v1/local-handovers/987654"), 404)
    assert {k: v for k, v in hidden.items() if k != "instance"} == {
        k: v for k, v in absent.items() if k != "instance"
    }
    assert other.get("/api/v1/local-handovers").json()["count"] == 0


def test_the_api_accepts_once() -> None:
    h = handed_over()
    client = t.api_client(h.w.mayor)
    url = f"/api/v1/local-handovers/{h.handover.pk}/acceptances"
    assert _problem(client.post(url, {"reden": "x"}), 400)["invalidParams"][0]["name"] == "reden"
    response = client.post(url, {"reason": "Opgepakt door team Veiligheid"})
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "accepted" and "case" not in response.json()
    _problem(client.post(url, {}), 409)
    _problem(
        client.post(f"/api/v1/local-handovers/{h.handover.pk}/returns", {"reason": "x" * 20}), 409
    )
    # The case team cannot answer for the mayor; another mayor cannot even find it.
    _problem(t.api_client(h.owner).post(url, {}), 403)
    _problem(t.api_client(h.w.other_mayor).post(url, {}), 404)


def test_the_api_returns_with_a_reason_and_the_case_goes_back_to_triage() -> None:
    h = handed_over()
    client = t.api_client(h.w.mayor)
    url = f"/api/v1/local-handovers/{h.handover.pk}/returns"
    body = _problem(client.post(url, {"reason": "te kort"}), 400)
    assert {p["name"] for p in body["invalidParams"]} == {"reason"}
    _problem(client.post(url, {}), 400)
    stale = client.post(url, {"reason": "Niet onze gemeente."}, HTTP_IF_MATCH='"7"')
    _problem(stale, 412)
    response = client.post(url, {"reason": "Niet onze gemeente: zie Elders."}, HTTP_IF_MATCH='"1"')
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "returned"
    assert Case.objects.get(pk=h.case.pk).state == CaseState.TRIAGE


# --------------------------------------------------------------------------- pages


def test_the_mayor_answers_on_the_hand_over_page(client) -> None:
    h = handed_over()
    t.login(client, h.w.mayor)
    home = client.get(reverse("core:home")).content.decode()
    assert reverse("cases:handover", args=[h.handover.pk]) in home
    listing = client.get(reverse("cases:handovers"))
    assert listing.status_code == 200
    page = listing.content.decode()
    assert h.case.reference in page and h.handover.contact_name in page
    assert f'id="form-accept-{h.handover.pk}"' in page
    assert f'id="form-return-{h.handover.pk}"' in page
    # A return without enough reason stays on the page, with the input and the error.
    url = reverse("cases:handover-return", args=[h.handover.pk])
    p = f"t{h.handover.pk}-"
    short = client.post(url, {p + "reason": "kort", p + "version": "1"})
    assert short.status_code == 400
    assert 'aria-invalid="true"' in short.content.decode() and "kort" in short.content.decode()
    done = client.post(url, {p + "reason": "Geen zaak voor onze gemeente.", p + "version": "1"})
    assert done.status_code == 302
    after = client.get(done["Location"]).content.decode()
    assert "Teruggegeven aan de NCTV" in after and f"form-accept-{h.handover.pk}" not in after
    # Answering again: refused with the reason, no form.
    again = client.post(
        reverse("cases:handover-accept", args=[h.handover.pk]),
        {f"a{h.handover.pk}-reason": "", f"a{h.handover.pk}-version": "2"},
    )
    assert again.status_code == 409 and "al afgehandeld" in again.content.decode()


def test_pages_of_another_organisation_are_absent(client) -> None:
    h = handed_over()
    t.login(client, h.w.other_mayor)
    url = reverse("cases:handover", args=[h.handover.pk])
    assert client.get(url).status_code == 404
    assert h.case.reference not in client.get(reverse("cases:handovers")).content.decode()
    accept = reverse("cases:handover-accept", args=[h.handover.pk])
    assert client.post(accept, {f"a{h.handover.pk}-version": "1"}).status_code == 404
    assert Handover.objects.get(pk=h.handover.pk).status == HandoverStatus.OFFERED
    client.logout()
    t.login(client, t.user("police_liaison"))  # no hand-over grant at all
    assert client.get(reverse("cases:handovers")).status_code == 404


def test_the_case_page_shows_the_status_and_the_answer_to_the_team(client) -> None:
    from weerstand.cases import local_domain

    h = handed_over()
    local_domain.accept(h.w.mayor, h.handover.pk, reason="Wij nemen contact op met de politie.")
    t.login(client, h.owner)
    page = client.get(reverse("cases:detail", args=[h.case.pk])).content.decode()
    assert "Overdracht aan het lokale domein" in page
    assert "Aanvaard door het lokaal gezag" in page
    assert "Wij nemen contact op met de politie." in page
    assert "Overdracht aanvaard door het lokaal gezag" in page  # the timeline entry


def test_a_planted_marker_in_the_case_file_never_reaches_the_mayor(client) -> None:
    h = handed_over()
    # Plant more: the protectee's name, an assessment of the case, the codename.
    Case.objects.filter(pk=h.case.pk).update(codename="LOKAALGEHEIM-WERKNAAM")
    h.case.protectee.__class__.objects.filter(pk=h.case.protectee_id).update(last_name=PERSON_MARK)
    Assessment.objects.create(case=h.case, number=1, author=h.owner, residual_risk=ASSESSMENT_MARK)
    secrets = (*SECRETS, ASSESSMENT_MARK, PERSON_MARK, "LOKAALGEHEIM-WERKNAAM")
    t.login(client, h.w.mayor)
    api = t.api_client(h.w.mayor)
    pk = h.handover.pk
    seen: list[str] = []
    for url in (
        reverse("core:home"),
        reverse("cases:handovers"),
        reverse("cases:handover", args=[pk]),
        reverse("decisions:notifications"),
    ):
        seen.append(client.get(url).content.decode())
    for url in ("/api/v1/local-handovers", f"/api/v1/local-handovers/{pk}"):
        seen.append(api.get(url).content.decode())
    # The answers too: a refused one (too short) and the accepted one.
    seen.append(api.post(f"/api/v1/local-handovers/{pk}/returns", {"reason": "x"}).content.decode())
    seen.append(api.post(f"/api/v1/local-handovers/{pk}/acceptances", {}).content.decode())
    seen.append(client.get(reverse("cases:handover", args=[pk])).content.decode())
    seen += [a.message for a in h.w.mayor.alerts.all()]
    for text in seen:
        found = [s for s in secrets if s in text]
        assert not found, found
    # And the page shows what it should: the allow-listed fields.
    assert h.case.reference in seen[2] and h.handover.note in seen[2]
    assert not re.search(r"/casussen/\d+\"", seen[2])  # no link to the case itself

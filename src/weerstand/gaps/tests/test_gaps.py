"""Gaps and requests for information: the case team records, the legal basis is checked, the
addressee sees only its own requests (never the case file) and answers with a product, and
overdue requests escalate once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from weerstand import testing as t
from weerstand.core.errors import NotPermitted, ValidationFailed
from weerstand.gaps import services
from weerstand.gaps.models import Gap, InformationRequest
from weerstand.information.models import LegalBasis, ProductCase, ReassessmentAdvice
from weerstand.policy.models import Alert

pytestmark = pytest.mark.django_db

CASE_MARKER = "CASUSMARKER-5K"
GAP_MARKER = "LEEMTEMARKER-3J"


def signed_in(u: Any) -> Client:
    client = Client()
    t.login(client, u)
    return client


@pytest.fixture
def world() -> dict[str, Any]:
    police = t.org("police", code="politie-test")
    other_police = t.org("police", code="politie-elders")
    aivd = t.org("aivd", code="aivd-test")
    analyst = t.user("analyst")
    liaison = t.user("police_liaison", organisation=police)
    wpg = LegalBasis.objects.create(
        code="wpg-16-test",
        name="Verstrekking voor de beveiliging van personen",
        law="Wpg art. 16",
        provider_kinds=["police"],
        recipient_kinds=["nctv"],
    )
    wiv = LegalBasis.objects.create(
        code="wiv-64-test",
        name="Verstrekking door de diensten",
        law="Wiv 2017 art. 64",
        provider_kinds=["aivd", "mivd"],
        recipient_kinds=["nctv"],
    )
    internal = LegalBasis.objects.create(
        code="intern-test",
        name="Alleen intern",
        law="Wpg art. 8",
        provider_kinds=["police"],
        recipient_kinds=["police"],
    )
    case = t.case(
        t.user("mayor"),
        owner=analyst,
        state="assessment",
        codename=f"Werknaam {CASE_MARKER}",
        summary=f"Aanleiding {CASE_MARKER}",
    )
    gap = services.record_gap(
        analyst,
        case.pk,
        description=f"Onbekend of de dader vrij is {GAP_MARKER}",
        why_it_matters="Bepaalt of de dreiging actueel is.",
    )
    return {
        "police": police,
        "other_police": other_police,
        "aivd": aivd,
        "analyst": analyst,
        "liaison": liaison,
        "wpg": wpg,
        "wiv": wiv,
        "internal": internal,
        "case": case,
        "gap": gap,
    }


def rfi_for(w: dict[str, Any], *, due: int = 7, org: str = "police", basis: str = "wpg") -> Any:
    return services.request_information(
        w["analyst"],
        w["gap"].pk,
        services.RequestData(
            addressee_id=w[org].pk,
            legal_basis_id=w[basis].pk,
            question="Is de verdachte op dit moment gedetineerd?",
            due_date=timezone.localdate() + timedelta(days=due),
        ),
    )


def test_only_the_case_team_records_gaps(world: dict[str, Any]) -> None:
    from django.http import Http404

    assert world["gap"].status == "open"
    with pytest.raises(Http404):
        services.record_gap(
            t.user("analyst"), world["case"].pk, description="Iets", why_it_matters="Daarom"
        )
    with pytest.raises(ValidationFailed):
        services.record_gap(world["analyst"], world["case"].pk, description="", why_it_matters="")
    assert Gap.objects.visible_to(world["analyst"]).count() == 1
    assert Gap.objects.visible_to(t.user("analyst")).count() == 0
    assert Gap.objects.visible_to(world["liaison"]).count() == 0
    assert Gap.objects.visible_to(t.user("inspector")).count() == 1


def test_legal_basis_check_refuses_with_the_reason(world: dict[str, Any]) -> None:
    with pytest.raises(ValidationFailed) as exc:
        rfi_for(world, org="aivd", basis="wpg")  # AIVD cannot provide under the Wpg
    assert "Wpg art. 16" in exc.value.detail and exc.value.invalid_params[0].name == "legal_basis"
    with pytest.raises(ValidationFailed) as exc:
        rfi_for(world, basis="internal")  # not to the NCTV
    assert "NCTV" in exc.value.detail
    assert not InformationRequest.objects.exists()
    assert Gap.objects.get(pk=world["gap"].pk).status == "open"
    ok = rfi_for(world, org="aivd", basis="wiv")
    assert ok.status == "open" and Gap.objects.get(pk=world["gap"].pk).status == "requested"


def test_due_date_must_lie_in_the_future(world: dict[str, Any]) -> None:
    with pytest.raises(ValidationFailed):
        rfi_for(world, due=0)


def test_addressee_sees_only_own_org_requests_and_never_case_content(
    world: dict[str, Any],
) -> None:
    rfi = rfi_for(world)
    stranger = t.user("police_liaison", organisation=world["other_police"])
    assert list(InformationRequest.objects.visible_to(world["liaison"])) == [rfi]
    assert not InformationRequest.objects.visible_to(stranger).exists()
    client = signed_in(world["liaison"])
    for url in (
        reverse("gaps:requests"),
        reverse("gaps:request", args=[rfi.pk]),
        reverse("core:home"),
    ):
        body = client.get(url).content.decode()
        assert rfi.reference in body and world["case"].reference in body, url
        assert CASE_MARKER not in body and GAP_MARKER not in body, url
    assert client.get(reverse("gaps:case", args=[world["case"].pk])).status_code == 404
    assert client.get(reverse("cases:detail", args=[world["case"].pk])).status_code == 404
    api = t.api_client(world["liaison"])
    listed = api.get("/api/v1/information-requests").content.decode()
    assert rfi.reference in listed and CASE_MARKER not in listed and GAP_MARKER not in listed
    # Liaisons hold no gap grant at all: the gap list answers as if it did not exist.
    assert api.get("/api/v1/gaps").status_code == 404
    other = signed_in(stranger)
    assert rfi.reference not in other.get(reverse("gaps:requests")).content.decode()
    assert other.get(reverse("gaps:request", args=[rfi.pk])).status_code == 404
    assert t.api_client(stranger).get(f"/api/v1/information-requests/{rfi.pk}").status_code == 404


def test_restricted_case_requests_need_compartment_membership(world: dict[str, Any]) -> None:
    rfi = rfi_for(world)
    t.restrict(world["case"], members=(world["analyst"],))
    assert not InformationRequest.objects.visible_to(world["liaison"]).filter(pk=rfi.pk).exists()
    assert InformationRequest.objects.visible_to(world["analyst"]).filter(pk=rfi.pk).exists()


def test_answer_creates_the_product_fills_the_gap_and_flags_the_case(
    world: dict[str, Any],
) -> None:
    rfi = rfi_for(world)
    with pytest.raises(NotPermitted):  # the case team does not answer its own request
        services.answer_request(world["analyst"], rfi.pk, _answer())
    client = signed_in(world["liaison"])
    resp = client.post(
        reverse("gaps:answer", args=[rfi.pk]),
        {
            "title": "Detentiestatus verdachte",
            "summary": "De verdachte is sinds 3 maart in vrijheid gesteld.",
            "reliability": "A",
            "credibility": "1",
            "classification": "1",
            "version": rfi.version,
        },
    )
    assert resp.status_code == 302, resp.content.decode()[:2000]
    rfi.refresh_from_db()
    assert rfi.status == "answered" and rfi.answer_product is not None
    product = rfi.answer_product
    assert product.originator == world["police"] and product.legal_basis == world["wpg"]
    assert product.grading == "A1"
    assert ProductCase.objects.filter(product=product, case=world["case"]).exists()
    assert Gap.objects.get(pk=world["gap"].pk).status == "filled"
    advice = ReassessmentAdvice.objects.get(case=world["case"], source_type="rfi_answer")
    assert advice.source_id == rfi.pk
    # Answered once; a second answer is refused.
    again = client.post(
        reverse("gaps:answer", args=[rfi.pk]),
        {
            "title": "Nog een keer",
            "summary": "Tweede antwoord op hetzelfde verzoek.",
            "reliability": "A",
            "credibility": "1",
            "classification": "1",
            "version": rfi.version,
        },
    )
    assert again.status_code == 409


def _answer() -> services.AnswerData:
    return services.AnswerData(
        title="Antwoord",
        summary="Het antwoord op de vraag.",
        reliability="B",
        credibility=2,
        classification=1,
    )


def test_answer_through_the_api(world: dict[str, Any]) -> None:
    rfi = rfi_for(world)
    api = t.api_client(world["liaison"])
    resp = api.post(
        f"/api/v1/information-requests/{rfi.pk}/answers",
        {
            "title": "Antwoord via API",
            "summary": "Verdachte is gedetineerd in PI Vught.",
            "reliability": "B",
            "credibility": 2,
            "classification": 1,
        },
    )
    assert resp.status_code == 201, resp.content
    assert resp.json()["status"] == "answered" and resp.json()["answerProduct"]
    assert CASE_MARKER not in resp.content.decode()


def test_overdue_requests_escalate_once_to_owner_and_addressee(world: dict[str, Any]) -> None:
    rfi = rfi_for(world, due=2)
    stranger = t.user("police_liaison", organisation=world["other_police"])
    assert services.escalate_overdue_requests(now=timezone.now() + timedelta(days=1)) == []
    later = timezone.now() + timedelta(days=4)
    assert [r.pk for r in services.escalate_overdue_requests(now=later)] == [rfi.pk]
    assert Alert.objects.filter(recipient=world["analyst"], message__contains=rfi.reference)
    assert Alert.objects.filter(recipient=world["liaison"], message__contains=rfi.reference)
    assert not Alert.objects.filter(recipient=stranger).exists()
    assert services.escalate_overdue_requests(now=later + timedelta(days=1)) == []
    assert Alert.objects.filter(message__contains=rfi.reference).count() == 2


def test_escalation_command_covers_overdue_requests(world: dict[str, Any]) -> None:
    rfi = rfi_for(world, due=1)
    InformationRequest.objects.filter(pk=rfi.pk).update(
        due_date=timezone.localdate() - timedelta(days=1)
    )
    call_command("escalate_overdue")
    call_command("escalate_overdue")
    assert InformationRequest.objects.get(pk=rfi.pk).escalated_at is not None
    assert Alert.objects.filter(message__contains=rfi.reference).count() == 2
    home = signed_in(world["liaison"]).get(reverse("core:home")).content.decode()
    assert rfi.reference in home and "te laat" in home


def test_case_page_pages_and_api_for_the_team(world: dict[str, Any]) -> None:
    client = signed_in(world["analyst"])
    page = client.get(reverse("gaps:case", args=[world["case"].pk])).content.decode()
    assert GAP_MARKER in page and 'id="form-gap"' in page
    resp = client.post(
        reverse("gaps:request-create", args=[world["gap"].pk]),
        {
            f"rfi{world['gap'].pk}-addressee": world["aivd"].pk,
            f"rfi{world['gap'].pk}-legal_basis": world["wpg"].pk,
            f"rfi{world['gap'].pk}-question": "Wat weet de dienst over de opdrachtgever?",
            f"rfi{world['gap'].pk}-due_date": (
                timezone.localdate() + timedelta(days=5)
            ).isoformat(),
        },
    )
    assert resp.status_code == 400 and "Wpg art. 16" in resp.content.decode()
    case_page = client.get(reverse("cases:detail", args=[world["case"].pk])).content.decode()
    assert "Leemten en informatieverzoeken" in case_page
    api = t.api_client(world["analyst"])
    created = api.post(
        "/api/v1/gaps",
        {
            "case": world["case"].pk,
            "description": "Wie is de opdrachtgever?",
            "whyItMatters": "Dreiging",
        },
    )
    assert created.status_code == 201
    rfi = api.post(
        "/api/v1/information-requests",
        {
            "gap": created.json()["id"],
            "addressee": "aivd-test",
            "legalBasis": "wiv-64-test",
            "question": "Is de opdrachtgever bekend?",
            "dueDate": (timezone.localdate() + timedelta(days=10)).isoformat(),
        },
    )
    assert rfi.status_code == 201, rfi.content
    refused = api.post(
        "/api/v1/information-requests",
        {
            "gap": created.json()["id"],
            "addressee": "aivd-test",
            "legalBasis": "wpg-16-test",
            "question": "Is de opdrachtgever bekend?",
            "dueDate": (timezone.localdate() + timedelta(days=10)).isoformat(),
        },
    )
    assert refused.status_code == 400
    assert refused.json()["invalidParams"][0]["name"] == "legalBasis"
    assert (
        t.api_client(t.user("analyst")).get(f"/api/v1/gaps/{created.json()['id']}").status_code
        == 404
    )


def test_gap_pages_are_accessible(world: dict[str, Any]) -> None:
    from weerstand.core.tests.test_views_a11y import check

    rfi = rfi_for(world)
    team = signed_in(world["analyst"])
    addressee = signed_in(world["liaison"])
    for client, url in (
        (team, reverse("gaps:case", args=[world["case"].pk])),
        (team, reverse("gaps:requests")),
        (team, reverse("gaps:request", args=[rfi.pk])),
        (addressee, reverse("gaps:requests")),
        (addressee, reverse("gaps:request", args=[rfi.pk])),
        (addressee, reverse("core:home")),
    ):
        resp = client.get(url)
        assert resp.status_code == 200, url
        problems = [p for p in check(resp.content.decode()) if "herijking-kop" not in p]
        assert problems == [], (url, problems)

"""Finding 5: a case's classification is never lowered at will, and its next recalibration is
never pushed later than the threat level allows.

- Lowering takes a second person (the case owner or a senior analyst of the team, never the
  one who asked) and never goes below the highest classification of what is linked to the
  case (persons, threat products, signals, picture versions).
- The next recalibration comes from the threat level; by hand it can only come earlier.

The same refusals, with the same words, through the service, the API and the pages.
"""

from __future__ import annotations

import html
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.admin.sites import site as default_admin_site
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from weerstand import testing as t
from weerstand.accounts.roles import Clearance
from weerstand.assessments.models import Assessment, AssessmentRules
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.cases import classification, selectors
from weerstand.cases.models import Case, CaseEvent, ClassificationChange, ClassificationChangeStatus
from weerstand.cases.services import update_case
from weerstand.core.admin import site as weerstand_admin_site
from weerstand.core.api.problems import PROBLEM_CT
from weerstand.core.errors import (
    ConcurrencyConflict,
    InvalidTransition,
    NotPermitted,
    ValidationFailed,
)
from weerstand.information.legal_bases import ensure_default_legal_bases
from weerstand.information.models import ProductCase, ThreatProduct
from weerstand.policy.models import Alert
from weerstand.signals.models import Signal

pytestmark = pytest.mark.django_db

SECRET, CONFIDENTIAL, DEPV = Clearance.STG_GEHEIM, Clearance.STG_CONFIDENTIEEL, Clearance.DEPV
TOP = Clearance.STG_ZEER_GEHEIM
REASON = "Bron is inmiddels openbaar gemaakt."


@pytest.fixture
def team() -> dict[str, Any]:
    """A case classified Stg. Geheim with an owner, an analyst and a senior analyst."""
    owner = t.user("analyst", clearance=TOP)
    analyst = t.user("analyst", clearance=TOP)
    senior = t.user("senior_analyst", clearance=TOP)
    case = t.case(
        t.user("police_liaison", clearance=TOP),
        classification=SECRET,
        owner=owner,
        team=(analyst, senior),
        state="assessment",
    )
    return {"case": case, "owner": owner, "analyst": analyst, "senior": senior}


def _fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def _link_product(case: Case, level: int) -> ThreatProduct:
    bases = ensure_default_legal_bases()
    product = ThreatProduct.objects.create(
        reference=f"TP-{level}-{case.pk}-{ThreatProduct.objects.count()}",
        originator=t.org("aivd"),
        legal_basis=bases["wpg-19"],
        classification=level,
        title="Observatie",
        reliability="B",
        credibility=2,
    )
    ProductCase.objects.create(product=product, case=case)
    return product


def _link_signal(case: Case, level: int) -> None:
    now = timezone.now()
    Signal.objects.create(
        reference=f"SG-{case.pk}-{level}",
        case=case,
        reported_by=t.user("police_liaison"),
        reporter_kind="officer",
        what="Auto voor de deur",
        happened_at=now,
        certainty="seen_myself",
        reliability="B",
        credibility=2,
        classification=level,
        triage_deadline=now + timedelta(hours=4),
    )


def _link_assessment(case: Case, level: int) -> None:
    Assessment.objects.create(
        case=case, number=1, author=t.user("analyst"), classification=level, status="draft"
    )


def _link_person(case: Case, level: int) -> None:
    case.protectee.classification = level
    case.protectee.save()


def _finalised(case: Case, due: Any) -> None:
    Assessment.objects.create(
        case=case,
        number=1,
        status="finalised",
        author=t.user("analyst"),
        threat_level=3,
        recommended_resistance=2,
        finalised_at=timezone.now(),
        next_recalibration=due,
    )
    # As `finalise` does: the case carries the date of its picture in force.
    Case.objects.filter(pk=case.pk).update(next_recalibration=due)
    case.refresh_from_db()


# --- the service: an edit never lowers ------------------------------------------------------


def test_an_edit_that_lowers_the_classification_is_refused_and_changes_nothing(
    team: dict[str, Any],
) -> None:
    case = team["case"]
    with pytest.raises(ValidationFailed) as refused:
        update_case(team["owner"], case.pk, {"classification": DEPV}, expected_version=1)
    assert [(p.name, p.code) for p in refused.value.invalid_params] == [
        ("classification", "four-eyes")
    ]
    assert "tweede persoon" in refused.value.detail
    after = _fresh(case)
    assert after.classification == SECRET and after.version == 1
    assert not AuditRecord.objects.filter(action=AuditAction.UPDATE, case_id=case.pk).exists()


def test_raising_within_clearance_is_an_edit_and_above_it_is_refused(
    team: dict[str, Any],
) -> None:
    case = team["case"]
    update_case(team["owner"], case.pk, {"classification": TOP}, expected_version=1)
    assert _fresh(case).classification == TOP
    low = t.user("analyst", clearance=SECRET)
    other = t.case(t.user("mayor"), classification=CONFIDENTIAL, team=(low,))
    with pytest.raises(ValidationFailed) as refused:
        update_case(low, other.pk, {"classification": TOP}, expected_version=1)
    assert refused.value.invalid_params[0].code == "too-high"


@pytest.mark.parametrize("link", [_link_product, _link_signal, _link_assessment, _link_person])
def test_the_floor_is_the_highest_classification_of_what_is_linked(
    team: dict[str, Any], link: Any
) -> None:
    case = team["case"]
    update_case(team["owner"], case.pk, {"classification": TOP}, expected_version=1)
    case = _fresh(case)
    assert selectors.classification_floor(case) <= DEPV
    link(case, SECRET)
    assert selectors.classification_floor(case) == SECRET
    with pytest.raises(ValidationFailed) as refused:
        classification.request_lowering(team["analyst"], case.pk, CONFIDENTIAL, reason=REASON)
    assert refused.value.invalid_params[0].code == "below-floor"
    assert "Stg. Geheim" in refused.value.detail
    # Down to the floor is a request like any other.
    change = classification.request_lowering(team["analyst"], case.pk, SECRET, reason=REASON)
    assert change.status == ClassificationChangeStatus.PENDING
    assert _fresh(case).classification == TOP


def test_a_floor_above_the_actors_clearance_is_not_named() -> None:
    analyst = t.user("analyst", clearance=CONFIDENTIAL)
    case = t.case(t.user("mayor"), classification=CONFIDENTIAL, owner=analyst)
    _link_product(case, TOP)
    with pytest.raises(ValidationFailed) as refused:
        classification.request_lowering(analyst, case.pk, DEPV, reason=REASON)
    assert refused.value.invalid_params[0].code == "below-floor"
    assert "Zeer Geheim" not in refused.value.detail and "Geheim" not in refused.value.detail


# --- the service: four eyes -------------------------------------------------------------------


def test_lowering_takes_a_second_person_of_the_team(team: dict[str, Any]) -> None:
    case = team["case"]
    change = classification.request_lowering(team["analyst"], case.pk, DEPV, reason=REASON)
    assert _fresh(case).classification == SECRET
    assert CaseEvent.objects.filter(case=case, kind="classification_requested").exists()
    create = t.last_audit(action=AuditAction.CREATE, object_type="cases.classificationchange")
    assert create.changes == {"classification": [SECRET, DEPV]} and create.reason == REASON
    # The owner and the senior analyst are asked; the requester is not.
    asked = set(Alert.objects.filter(case=case).values_list("recipient", flat=True))
    assert asked == {team["owner"].pk, team["senior"].pk}

    with pytest.raises(NotPermitted, match="Vier ogen"):
        classification.decide(team["analyst"], case.pk, change.pk, approve=True)
    plain = t.user("analyst", clearance=TOP)
    t.case(t.user("mayor"))  # noise
    from weerstand.policy.models import CompartmentMembership

    CompartmentMembership.objects.create(compartment=case.team, user=plain)
    with pytest.raises(NotPermitted, match="eigenaar van de casus of een senior analist"):
        classification.decide(plain, case.pk, change.pk, approve=True)
    assert _fresh(case).classification == SECRET

    done = classification.decide(team["senior"], case.pk, change.pk, approve=True)
    assert done.status == ClassificationChangeStatus.APPLIED
    assert done.decided_by_id == team["senior"].pk
    after = _fresh(case)
    assert after.classification == DEPV and after.version == 2
    lowered = t.last_audit(action=AuditAction.UPDATE, object_type="cases.case")
    assert lowered.changes == {"classification": [SECRET, DEPV]}
    assert lowered.actor_id == team["senior"].pk
    assert CaseEvent.objects.filter(case=case, kind="classification_lowered").exists()
    with pytest.raises(InvalidTransition, match="al beslist"):
        classification.decide(team["owner"], case.pk, change.pk, approve=True)


def test_the_owner_rejects_with_a_reason_and_nothing_changes(team: dict[str, Any]) -> None:
    case = team["case"]
    change = classification.request_lowering(team["senior"], case.pk, DEPV, reason=REASON)
    with pytest.raises(ValidationFailed):
        classification.decide(team["owner"], case.pk, change.pk, approve=False, reason="")
    done = classification.decide(
        team["owner"], case.pk, change.pk, approve=False, reason="Bron nog niet openbaar."
    )
    assert done.status == ClassificationChangeStatus.REJECTED
    assert _fresh(case).classification == SECRET and _fresh(case).version == 1


def test_one_request_at_a_time_and_only_to_a_lower_level(team: dict[str, Any]) -> None:
    case = team["case"]
    with pytest.raises(ValidationFailed) as higher:
        classification.request_lowering(team["analyst"], case.pk, TOP, reason=REASON)
    assert higher.value.invalid_params[0].code == "not-lower"
    classification.request_lowering(team["analyst"], case.pk, CONFIDENTIAL, reason=REASON)
    with pytest.raises(InvalidTransition):
        classification.request_lowering(team["owner"], case.pk, DEPV, reason=REASON)


def test_outside_the_team_nobody_asks_or_sees(team: dict[str, Any]) -> None:
    outsider = t.user("analyst", clearance=TOP)
    from django.http import Http404

    with pytest.raises(Http404):
        classification.request_lowering(outsider, team["case"].pk, DEPV, reason=REASON)
    assert not selectors.classification_changes(outsider, team["case"]).exists()


def test_an_approval_rechecks_the_floor_and_the_level(team: dict[str, Any]) -> None:
    case = team["case"]
    change = classification.request_lowering(team["analyst"], case.pk, DEPV, reason=REASON)
    _link_product(case, CONFIDENTIAL)  # linked after the request
    with pytest.raises(InvalidTransition, match="niet lager dan"):
        classification.decide(team["owner"], case.pk, change.pk, approve=True)
    assert _fresh(case).classification == SECRET
    ClassificationChange.objects.filter(pk=change.pk).update(status="rejected")
    change = classification.request_lowering(team["analyst"], case.pk, CONFIDENTIAL, reason=REASON)
    update_case(team["owner"], case.pk, {"classification": TOP}, expected_version=1)
    with pytest.raises(InvalidTransition, match="intussen gewijzigd"):
        classification.decide(team["senior"], case.pk, change.pk, approve=True)
    assert _fresh(case).classification == TOP


def test_a_stale_version_on_approval_changes_nothing(team: dict[str, Any]) -> None:
    case = team["case"]
    change = classification.request_lowering(team["analyst"], case.pk, DEPV, reason=REASON)
    update_case(team["owner"], case.pk, {"codename": "Kievit"}, expected_version=1)
    with pytest.raises(ConcurrencyConflict):
        classification.decide(team["senior"], case.pk, change.pk, approve=True, expected_version=1)
    assert _fresh(case).classification == SECRET
    done = classification.decide(
        team["senior"], case.pk, change.pk, approve=True, expected_version=2
    )
    assert done.status == ClassificationChangeStatus.APPLIED


def test_neither_the_case_nor_its_requests_are_editable_in_the_admin() -> None:
    for site in (weerstand_admin_site, default_admin_site):
        assert Case not in site._registry
        assert ClassificationChange not in site._registry


# --- the service: the next recalibration -------------------------------------------------------


def test_the_next_recalibration_can_only_be_brought_forward(team: dict[str, Any]) -> None:
    case = team["case"]
    today = timezone.localdate()
    due = today + timedelta(days=60)
    _finalised(case, due)
    assert selectors.recalibration_limit(case) == due
    for later in (due + timedelta(days=1), today.replace(year=2099), None):
        with pytest.raises(ValidationFailed) as refused:
            update_case(team["owner"], case.pk, {"next_recalibration": later}, expected_version=1)
        assert [(p.name, p.code) for p in refused.value.invalid_params] == [
            ("next_recalibration", "too-late")
        ]
        assert f"{due:%d-%m-%Y}" in refused.value.detail
    assert _fresh(case).version == 1 and _fresh(case).next_recalibration == due
    sooner = today + timedelta(days=10)
    update_case(team["owner"], case.pk, {"next_recalibration": sooner}, expected_version=1)
    assert _fresh(case).next_recalibration == sooner
    # Back up to the derived date is still within it.
    update_case(team["owner"], case.pk, {"next_recalibration": due}, expected_version=2)


def test_without_a_picture_the_shortest_interval_applies(team: dict[str, Any]) -> None:
    case = team["case"]
    today = timezone.localdate()
    AssessmentRules.objects.create(recalibration_days={"5": 10, "1": 400})
    assert selectors.recalibration_limit(case) == today + timedelta(days=10)
    with pytest.raises(ValidationFailed):
        update_case(
            team["owner"],
            case.pk,
            {"next_recalibration": today + timedelta(days=11)},
            expected_version=1,
        )
    update_case(
        team["owner"],
        case.pk,
        {"next_recalibration": today + timedelta(days=9)},
        expected_version=1,
    )


# --- the API ---------------------------------------------------------------------------------


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM_CT
    return response.json()


def test_api_patch_cannot_lower_or_delay(team: dict[str, Any]) -> None:
    """The reported attack: PATCH 3 → 1 and `nextRecalibration` 2099, with a valid ETag."""
    case = team["case"]
    _finalised(case, timezone.localdate() + timedelta(days=60))
    client = t.api_client(team["owner"])
    etag = client.get(f"/api/v1/cases/{case.pk}")["ETag"]
    url = f"/api/v1/cases/{case.pk}"
    lower = _problem(client.patch(url, {"classification": DEPV}, HTTP_IF_MATCH=etag), 400)
    assert [p["name"] for p in lower["invalidParams"]] == ["classification"]
    later = _problem(
        client.patch(url, {"nextRecalibration": "2099-01-01"}, HTTP_IF_MATCH=etag), 400
    )
    assert [p["name"] for p in later["invalidParams"]] == ["nextRecalibration"]
    assert "alleen vervroegen" in later["detail"]
    assert client.get(url)["ETag"] == etag
    # The concurrency rule still holds: no If-Match, no change.
    _problem(client.patch(url, {"nextRecalibration": "2099-01-01"}), 428)


def test_api_classification_changes_take_four_eyes(team: dict[str, Any]) -> None:
    case = team["case"]
    url = f"/api/v1/cases/{case.pk}/classification-changes"
    analyst, senior = t.api_client(team["analyst"]), t.api_client(team["senior"])
    asked = analyst.post(url, {"classification": DEPV, "reason": REASON})
    assert asked.status_code == 201, asked.content
    body = asked.json()
    assert body["status"] == "pending" and body["fromClassification"] == SECRET
    assert body["toClassification"] == DEPV and body["requestedBy"]
    _problem(analyst.post(url, {"classification": DEPV, "reason": REASON}), 409)
    decisions = f"{url}/{body['id']}/decisions"
    own = _problem(analyst.post(decisions, {"outcome": "approved"}), 403)
    assert "Vier ogen" in own["detail"]
    stale = senior.post(decisions, {"outcome": "approved"}, HTTP_IF_MATCH='"7"')
    _problem(stale, 412)
    _problem(senior.post(decisions, {"outcome": "approved", "x": 1}), 400)
    done = senior.post(decisions, {"outcome": "approved"}, HTTP_IF_MATCH='"1"')
    assert done.status_code == 201, done.content
    assert done.json()["status"] == "applied"
    assert senior.get(f"/api/v1/cases/{case.pk}").json()["classification"] == DEPV
    listed = analyst.get(url).json()
    assert listed["count"] == 1 and listed["results"][0]["decidedBy"]
    below = _problem(analyst.post(url, {"classification": DEPV, "reason": REASON}), 400)
    assert [p["name"] for p in below["invalidParams"]] == ["classification"]


def test_api_hidden_case_answers_404(team: dict[str, Any]) -> None:
    outsider = t.api_client(t.user("analyst", clearance=TOP))
    url = f"/api/v1/cases/{team['case'].pk}/classification-changes"
    _problem(outsider.get(url), 404)
    _problem(outsider.post(url, {"classification": DEPV, "reason": REASON}), 404)


# --- the pages -------------------------------------------------------------------------------


def _client(user: Any) -> Client:
    client = Client()
    t.login(client, user)
    return client


def _edit(case: Case, **over: Any) -> dict[str, Any]:
    data = {
        "edit-codename": case.codename,
        "edit-summary": case.summary,
        "edit-severity": case.severity,
        "edit-classification": case.classification,
        "edit-next_recalibration": case.next_recalibration or "",
        "edit-version": case.version,
    }
    data.update({f"edit-{k}": v for k, v in over.items()})
    return data


def test_the_edit_form_refuses_lowering_and_delaying_with_readable_words(
    team: dict[str, Any],
) -> None:
    case = team["case"]
    due = timezone.localdate() + timedelta(days=60)
    _finalised(case, due)
    client = _client(team["owner"])
    url = reverse("cases:edit", args=[case.pk])
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert f"Uiterlijk {due:%d-%m-%Y}" in html.unescape(page)
    lowered = client.post(url, _edit(case, classification=DEPV))
    assert lowered.status_code == 400
    assert "tweede persoon" in html.unescape(lowered.content.decode())
    later = client.post(url, _edit(case, next_recalibration="2099-01-01"))
    assert later.status_code == 400
    text = html.unescape(later.content.decode())
    assert f"kan niet later dan {due:%d-%m-%Y}" in text
    assert 'id="id_edit-next_recalibration_error"' in text
    assert _fresh(case).version == 1


def test_the_classification_page_asks_and_a_second_person_approves(
    team: dict[str, Any],
) -> None:
    case = team["case"]
    analyst, senior = _client(team["analyst"]), _client(team["senior"])
    page = reverse("cases:classification", args=[case.pk])
    assert analyst.get(page).status_code == 200
    asked = analyst.post(
        reverse("cases:classification-request", args=[case.pk]),
        {"lower-classification": DEPV, "lower-reason": REASON},
    )
    assert asked.status_code == 302
    change = ClassificationChange.objects.get(case=case)
    decide = reverse("cases:classification-decide", args=[case.pk, change.pk])
    prefix = f"c{change.pk}"
    # The requester is offered no decision form, and a forged post is refused.
    assert f'id="form-classification-decide-{change.pk}"' not in analyst.get(page).content.decode()
    own = analyst.post(decide, {f"{prefix}-outcome": "approved", f"{prefix}-version": 1})
    assert own.status_code == 403
    assert "Vier ogen" in html.unescape(own.content.decode())
    assert f'id="form-classification-decide-{change.pk}"' in senior.get(page).content.decode()
    stale = senior.post(decide, {f"{prefix}-outcome": "approved", f"{prefix}-version": 9})
    assert stale.status_code == 412 and _fresh(case).classification == SECRET
    done = senior.post(decide, {f"{prefix}-outcome": "approved", f"{prefix}-version": 1})
    assert done.status_code == 302
    assert _fresh(case).classification == DEPV


def test_the_classification_page_of_a_hidden_case_is_404(team: dict[str, Any]) -> None:
    outsider = _client(t.user("analyst", clearance=TOP))
    assert outsider.get(reverse("cases:classification", args=[team["case"].pk])).status_code == 404

"""Case pages: list with htmx filters, case page, transitions, triage, edits and referrals."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from weerstand import testing as t
from weerstand.accounts.roles import Clearance
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.cases.models import Case, CasePerson, CaseState, Domain
from weerstand.registry.models import Person, PersonRelation

pytestmark = pytest.mark.django_db


def signed_in(*roles: str, **kwargs: Any) -> tuple[Client, Any]:
    client = Client()
    u = t.user(*roles, **kwargs)
    t.login(client, u)
    return client, u


def normalise(body: bytes, *paths: str) -> str:
    """Drop what differs per request anyway (CSRF masks, the language form's return path)."""
    text = body.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    text = re.sub(r'"X-CSRFToken": "[^"]+"', "", text)
    for p in paths:
        text = text.replace(p, "PATH")
    return text


# --- list -------------------------------------------------------------------------------------


def test_list_shows_only_visible_cases_and_counts_only_those() -> None:
    client, analyst = signed_in("decision_maker")
    referrer = t.user("mayor")
    mine = [t.case(referrer, team=(analyst,), codename=f"Eigen {i}") for i in range(3)]
    t.case(referrer, codename="Vreemd")  # not in the team
    resp = client.get(reverse("cases:list"))
    assert resp.status_code == 200
    body = resp.content.decode()
    for c in mine:
        assert c.reference in body
    assert "Vreemd" not in body
    assert "3 casussen gevonden" in body
    rec = t.last_audit(action=AuditAction.LIST, object_type="cases.case")
    assert sorted(rec.changes["ids"]) == sorted(c.pk for c in mine)
    assert rec.actor_id == analyst.pk


def test_list_filters_and_htmx_returns_only_the_results_fragment() -> None:
    client, dm = signed_in("decision_maker")
    referrer = t.user("mayor")
    a = t.case(referrer, team=(dm,), codename="Merel", phenomenon="terrorism")
    b = t.case(referrer, team=(dm,), codename="Zwaluw", phenomenon="organised_crime")
    Case.objects.filter(pk=b.pk).update(state=CaseState.ASSESSMENT, domain=Domain.NATIONAL)
    url = reverse("cases:list")

    resp = client.get(url, {"phenomenon": "terrorism"}, headers={"HX-Request": "true"})
    assert resp.status_code == 200
    body = resp.content.decode()
    assert "<html" not in body  # a fragment, not the page
    assert a.reference in body and b.reference not in body
    # The count is swapped into the live region out of band.
    assert 'hx-swap-oob="innerHTML:#result-count"' in body
    assert "1 casus gevonden" in body
    assert "HX-Request" in resp["Vary"]

    resp = client.get(url, {"q": "zwal"})
    assert "<html" in resp.content.decode()
    assert b.reference in resp.content.decode() and a.reference not in resp.content.decode()
    resp = client.get(url, {"state": "assessment", "domain": "national"})
    assert b.reference in resp.content.decode() and a.reference not in resp.content.decode()
    resp = client.get(url, {"q": a.reference})
    assert "1 casus gevonden" in resp.content.decode()


def test_list_page_has_live_region_and_htmx_form() -> None:
    client, _ = signed_in("analyst")
    body = client.get(reverse("cases:list")).content.decode()
    assert 'id="result-count"' in body and 'aria-live="polite"' in body
    assert 'hx-get="/casussen/"' in body and 'hx-target="#case-results"' in body
    assert 'hx-push-url="true"' in body
    for name in ("q", "state", "phenomenon", "domain"):
        assert f'<label for="id_{name}">' in body


def test_list_paginates_visible_cases() -> None:
    client, dm = signed_in("decision_maker")
    referrer = t.user("mayor")
    for i in range(27):
        t.case(referrer, team=(dm,), codename=f"C{i}")
    first = client.get(reverse("cases:list")).content.decode()
    assert "27 casussen gevonden" in first and "Pagina 1 van 2" in first
    second = client.get(reverse("cases:list"), {"pagina": 2}).content.decode()
    assert "Pagina 2 van 2" in second
    rec = t.last_audit(action=AuditAction.LIST, object_type="cases.case")
    assert len(rec.changes["ids"]) == 2


def test_list_is_404_for_roles_without_case_access() -> None:
    client, _ = signed_in("advisory_body")
    assert client.get(reverse("cases:list")).status_code == 404


def test_pages_need_a_verified_sign_in() -> None:
    client = Client()
    resp = client.get(reverse("cases:list"))
    assert resp.status_code == 302 and "/aanmelden" in resp["Location"]
    u = t.user("analyst")
    client.force_login(u)  # password only, no second factor
    resp = client.get(reverse("cases:list"))
    assert resp.status_code == 302 and resp["Location"].startswith(reverse("accounts:login"))


# --- case page --------------------------------------------------------------------------------


def test_case_page_shows_facts_rule_persons_timeline_and_audits_the_read() -> None:
    client, analyst = signed_in("analyst")
    referrer = t.user("mayor")
    protectee = t.person("Sara", "Bakker")
    relative = t.person("Tom", "Bakker")
    hidden_relative = t.person("Verstopt", "Familielid")
    case = t.case(referrer, protectee=protectee, owner=analyst, codename="Reiger")
    CasePerson.objects.create(case=case, person=relative, role="relative")
    PersonRelation.objects.create(person=protectee, related=relative, kind="sibling")
    PersonRelation.objects.create(person=protectee, related=hidden_relative, kind="parent")
    resp = client.get(reverse("cases:detail", args=[case.pk]))
    assert resp.status_code == 200
    body = resp.content.decode()
    assert body.count("<h1") == 1
    assert "Reiger" in body and case.reference in body
    assert "NATIONAL_SCOPE" not in body  # the rule that fired: its text, not its code
    assert "Ernstige dreiging tegen het leven vanuit een rijksfenomeen" in body
    assert reverse("registry:person", args=[protectee.pk]) in body
    assert reverse("registry:person", args=[relative.pk]) in body
    assert "Verstopt" not in body  # a relative in no visible case is not shown
    assert "Casusteam" in body  # members see the team
    assert reverse("audit:case-log", args=[case.pk]) in body  # owner sees the access log link
    assert '<ol class="timeline">' in body and "<strong>Aanmelding</strong>" in body
    rec = t.last_audit(action=AuditAction.READ, case_id=case.pk)
    assert rec.actor_id == analyst.pk and not rec.break_glass


def test_case_page_hides_team_and_log_link_for_intake_viewers() -> None:
    client, _analyst = signed_in("analyst")
    case = t.case(t.user("mayor"))  # intake: visible to every analyst, not a member
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Casusteam" not in body
    assert reverse("audit:case-log", args=[case.pk]) not in body


def test_case_page_without_person_grant_shows_no_persons() -> None:
    client, liaison = signed_in("intelligence_liaison")
    protectee = t.person("Verborgen", "Persoon")
    case = t.case(t.user("mayor"), protectee=protectee, team=(liaison,))
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Verborgen" not in body
    assert reverse("registry:person", args=[protectee.pk]) not in body


def test_interim_measures_banner_for_om_transfer() -> None:
    client, dm = signed_in("decision_maker")
    case = t.case(t.user("mayor"), team=(dm,))
    om = t.org("om", name="Parket Rotterdam")
    Case.objects.filter(pk=case.pk).update(
        interim_measures_active=True, interim_measures="Camerabewaking woning", interim_authority=om
    )
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Lopende maatregelen van het OM blijven van kracht" in body
    assert "Camerabewaking woning" in body and "Parket Rotterdam" in body


def test_absent_and_forbidden_cases_answer_with_the_same_404() -> None:
    client, _ = signed_in("decision_maker")
    forbidden = t.case(t.user("mayor"))
    absent_pk = forbidden.pk + 1000
    r1 = client.get(reverse("cases:detail", args=[forbidden.pk]))
    r2 = client.get(reverse("cases:detail", args=[absent_pk]))
    assert r1.status_code == r2.status_code == 404
    p1, p2 = reverse("cases:detail", args=[forbidden.pk]), reverse("cases:detail", args=[absent_pk])
    assert normalise(r1.content, p1) == normalise(r2.content, p2)
    assert forbidden.reference not in r1.content.decode()
    # Posting to a hidden case is a 404 too, and changes nothing.
    resp = client.post(
        reverse("cases:transition", args=[forbidden.pk, "start_triage"]),
        {"start_triage-reason": "Poging", "start_triage-version": forbidden.version},
    )
    assert resp.status_code == 404
    forbidden.refresh_from_db()
    assert forbidden.state == CaseState.REFERRAL


# --- transitions and triage -------------------------------------------------------------------


def test_transition_form_moves_the_case_and_records_the_reason() -> None:
    client, _analyst = signed_in("analyst")
    case = t.case(t.user("mayor"))
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="form-start_triage"' in body and 'for="id_start_triage-reason"' in body
    resp = client.post(
        reverse("cases:transition", args=[case.pk, "start_triage"]),
        {"start_triage-reason": "Binnengekomen melding", "start_triage-version": case.version},
    )
    assert resp.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.TRIAGE
    assert case.events.filter(kind="start_triage", reason="Binnengekomen melding").exists()


def test_refused_transition_shows_a_readable_message_and_changes_nothing() -> None:
    client, dm = signed_in("decision_maker")
    case = t.case(t.user("mayor"), team=(dm,), state=CaseState.ASSESSMENT)
    version = case.version
    resp = client.post(
        reverse("cases:transition", args=[case.pk, "submit_for_decision"]),
        {"submit_for_decision-reason": "Ik wil dit", "submit_for_decision-version": version},
    )
    assert resp.status_code == 403
    body = resp.content.decode()
    assert 'role="alert"' in body
    assert "Uw rol mag de overgang" in body
    case.refresh_from_db()
    assert case.state == CaseState.ASSESSMENT and case.version == version


def test_missing_reason_keeps_the_form_and_explains() -> None:
    client, _analyst = signed_in("analyst")
    case = t.case(t.user("mayor"))
    resp = client.post(
        reverse("cases:transition", args=[case.pk, "start_triage"]),
        {"start_triage-reason": "kort", "start_triage-version": case.version},
    )
    assert resp.status_code == 400
    body = resp.content.decode()
    assert "Een reden is verplicht (minimaal 5 tekens)." in body
    assert 'role="alert"' in body
    assert 'aria-describedby="id_start_triage-reason_helptext id_start_triage-reason_error"' in body
    assert 'id="id_start_triage-reason_error"' in body
    assert "kort</textarea>" in body  # input kept
    case.refresh_from_db()
    assert case.state == CaseState.REFERRAL


def test_stale_transition_changes_nothing() -> None:
    client, _analyst = signed_in("analyst")
    case = t.case(t.user("mayor"))
    resp = client.post(
        reverse("cases:transition", args=[case.pk, "start_triage"]),
        {"start_triage-reason": "Verouderd scherm", "start_triage-version": case.version + 5},
    )
    assert resp.status_code == 412
    assert "intussen door iemand anders gewijzigd" in resp.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.REFERRAL


def test_triage_shows_the_rule_and_the_advice_goes_to_the_authority() -> None:
    client, _analyst = signed_in("analyst")
    case = t.case(t.user("mayor"), state=CaseState.TRIAGE)
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="triage-kop"' in body and "het gezag (de NCTV) besluit" in body
    assert 'id="id_advise_authority-local_authority"' in body
    # Designating, refusing or handing over is never a button of the analyst.
    for name in ("route_national", "route_local", "reject_referral"):
        assert f'id="form-{name}"' not in body
    resp = client.post(
        reverse("cases:transition", args=[case.pk, "advise_authority"]),
        {
            "advise_authority-advice": "national",
            "advise_authority-reason": "Advies klopt",
            "advise_authority-version": case.version,
        },
    )
    assert resp.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.DESIGNATION and case.domain == ""
    assert case.triage_advice == "national" and not case.triage_overridden
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Wacht op een besluit van het gezag" in body and "Advies klopt" in body


def test_advising_the_local_domain_requires_the_local_authority() -> None:
    client, _analyst = signed_in("analyst")
    case = t.case(t.user("mayor"), state=CaseState.TRIAGE)
    url = reverse("cases:transition", args=[case.pk, "advise_authority"])
    data = {
        "advise_authority-advice": "local",
        "advise_authority-reason": "Lokaal beter belegd",
        "advise_authority-version": case.version,
    }
    resp = client.post(url, data)
    assert resp.status_code == 400
    body = resp.content.decode()
    assert "Noem de burgemeester (gemeente) of hoofdofficier (OM)" in body
    assert 'id="id_advise_authority-local_authority_error"' in body
    assert "Lokaal beter belegd</textarea>" in body
    case.refresh_from_db()
    assert case.state == CaseState.TRIAGE

    municipality = t.org("municipality", name="Gemeente Utrecht")
    resp = client.post(url, {**data, "advise_authority-local_authority": municipality.pk})
    assert resp.status_code == 302
    # The advising analyst owns the case, so stays on the case page.
    assert resp["Location"] == reverse("cases:detail", args=[case.pk])
    case.refresh_from_db()
    assert case.state == CaseState.DESIGNATION
    assert case.triage_overridden and case.local_authority == municipality
    assert case.triage_reason == "Lokaal beter belegd"
    inspector_client, _ = signed_in("inspector")
    body = inspector_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "afgeweken van de triageregel" in body and "Gemeente Utrecht" in body


# --- edits -----------------------------------------------------------------------------------


def _edit_data(case: Case, **over: Any) -> dict[str, Any]:
    data = {
        "edit-codename": case.codename,
        "edit-summary": case.summary,
        "edit-severity": case.severity,
        "edit-classification": case.classification,
        "edit-next_recalibration": "",
        "edit-version": case.version,
    }
    data.update({f"edit-{k}": v for k, v in over.items()})
    return data


def test_edit_saves_with_the_current_version() -> None:
    client, analyst = signed_in("analyst")
    case = t.case(t.user("mayor"), team=(analyst,))
    # Without a picture the shortest interval applies; a week is within it.
    soon = timezone.localdate() + timedelta(days=7)
    resp = client.post(
        reverse("cases:edit", args=[case.pk]),
        _edit_data(case, codename="Nieuwe naam", next_recalibration=str(soon)),
    )
    assert resp.status_code == 302
    case.refresh_from_db()
    assert case.codename == "Nieuwe naam" and case.version == 2
    assert case.next_recalibration == soon


def test_stale_edit_shows_conflict_keeps_input_and_overwrites_nothing() -> None:
    client, analyst = signed_in("analyst")
    other = t.user("analyst")
    case = t.case(t.user("mayor"), team=(analyst, other))
    stale = _edit_data(case, codename="Mijn versie")
    from weerstand.cases.services import update_case

    update_case(other, case.pk, {"codename": "Andermans versie"}, expected_version=case.version)
    resp = client.post(reverse("cases:edit", args=[case.pk]), stale)
    assert resp.status_code == 409
    body = resp.content.decode()
    assert "Iemand anders heeft deze casus gewijzigd nadat u hem opende" in body
    assert 'role="alert"' in body
    assert 'value="Mijn versie"' in body  # the user's input is kept
    assert 'name="edit-version" value="2"' in body  # saving again is now deliberate
    case.refresh_from_db()
    assert case.codename == "Andermans versie" and case.version == 2


def test_edit_form_only_for_those_who_may_change() -> None:
    client, dm = signed_in("decision_maker")
    case = t.case(t.user("mayor"), team=(dm,))
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="form-edit"' not in body
    resp = client.post(reverse("cases:edit", args=[case.pk]), _edit_data(case, codename="X"))
    assert resp.status_code == 403
    assert "U mag deze casus niet wijzigen." in resp.content.decode()
    case.refresh_from_db()
    assert case.codename != "X"


def test_edit_classification_choices_stop_at_clearance() -> None:
    client, analyst = signed_in("analyst", clearance=Clearance.STG_CONFIDENTIEEL)
    case = t.case(t.user("mayor"), team=(analyst,))
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert f'value="{int(Clearance.STG_CONFIDENTIEEL)}"' in body
    assert f'<option value="{int(Clearance.STG_GEHEIM)}"' not in body


# --- referrals --------------------------------------------------------------------------------


def _referral(**over: Any) -> dict[str, Any]:
    data = {
        "first_name": "Eva",
        "last_name": "Jansen",
        "date_of_birth": "1980-04-02",
        "home_address": "Dorpsstraat 1, Ergens",
        "phone_numbers": "06-12345678",
        "phenomenon": "organised_crime",
        "severity": "critical",
        "summary": "Bedreigd na een getuigenverklaring",
        "codename": "Vink",
        "classification": int(Clearance.DEPV),
    }
    data.update(over)
    return data


def test_referral_creates_person_and_case_together() -> None:
    client, _referrer = signed_in("analyst")
    resp = client.get(reverse("cases:refer"))
    assert resp.status_code == 200
    body = resp.content.decode()
    for name in ("existing_person", "first_name", "last_name", "summary", "classification"):
        assert f'for="id_{name}"' in body
    resp = client.post(reverse("cases:refer"), _referral())
    case = Case.objects.get(codename="Vink")
    assert resp.status_code == 302 and resp["Location"] == reverse("cases:detail", args=[case.pk])
    person = case.protectee
    assert (person.first_name, person.last_name) == ("Eva", "Jansen")
    assert person.home_address == "Dorpsstraat 1, Ergens"
    assert CasePerson.objects.filter(case=case, person=person, role="protectee").exists()
    created = AuditRecord.objects.get(action=AuditAction.CREATE, object_type="registry.person")
    assert "Dorpsstraat" not in str(created.changes) and "06-1234" not in str(created.changes)
    assert created.changes["home_address"] == "«versleuteld veld gewijzigd»"


def test_referral_by_someone_who_cannot_see_the_case_confirms_the_reference() -> None:
    client, _mayor = signed_in("mayor")
    resp = client.post(reverse("cases:refer"), _referral(), follow=True)
    case = Case.objects.get(codename="Vink")
    assert resp.redirect_chain[0][0] == reverse("core:home")
    assert case.reference in resp.content.decode()


def test_referral_with_an_existing_visible_person() -> None:
    client, analyst = signed_in("analyst")
    existing = t.person("Bestaand", "Iemand")
    t.case(t.user("mayor"), protectee=existing, team=(analyst,))
    data = _referral(existing_person=existing.pk, codename="Tweede")
    for k in ("first_name", "last_name", "date_of_birth", "home_address", "phone_numbers"):
        data[k] = ""
    resp = client.post(reverse("cases:refer"), data)
    assert resp.status_code == 302
    assert Case.objects.get(codename="Tweede").protectee == existing
    assert Person.objects.count() == 1


def test_referral_cannot_pick_an_invisible_person() -> None:
    client, _dm = signed_in("decision_maker")
    hidden = t.person("Onzichtbaar", "Iemand")
    t.case(t.user("mayor"), protectee=hidden)
    body = client.get(reverse("cases:refer")).content.decode()
    assert "Onzichtbaar" not in body
    data = _referral(existing_person=hidden.pk, first_name="", last_name="")
    resp = client.post(reverse("cases:refer"), data)
    assert resp.status_code == 404  # decision-makers may not refer at all
    client2, _police = signed_in("police_liaison")
    resp = client2.post(reverse("cases:refer"), data)
    assert resp.status_code == 400
    assert Case.objects.count() == 1


def test_referral_errors_keep_input_and_create_nothing() -> None:
    client, _ = signed_in("analyst")
    resp = client.post(reverse("cases:refer"), _referral(summary="kort", last_name=""))
    assert resp.status_code == 400
    body = resp.content.decode()
    assert 'role="alert"' in body
    assert 'value="Eva"' in body
    assert Person.objects.count() == 0 and Case.objects.count() == 0
    # The service's own check (summary too short) also creates no person.
    resp = client.post(reverse("cases:refer"), _referral(summary="kort"))
    assert resp.status_code == 400
    assert "Beschrijf de aanleiding." in resp.content.decode()
    assert Person.objects.count() == 0 and Case.objects.count() == 0


def test_referral_classification_stops_at_clearance() -> None:
    client, _ = signed_in("analyst", clearance=Clearance.DEPV)
    resp = client.post(reverse("cases:refer"), _referral(classification=int(Clearance.STG_GEHEIM)))
    assert resp.status_code == 400
    assert Case.objects.count() == 0


def test_om_transfer_form_keeps_measures_in_force() -> None:
    om = t.org("om", name="Parket Amsterdam")
    client, _officer = signed_in("om_officer", organisation=om)
    resp = client.get(reverse("cases:om-transfer"))
    assert resp.status_code == 200
    assert f'<option value="{om.pk}" selected>' in resp.content.decode()
    data = _referral(
        om_office=om.pk,
        interim_measures="Beveiliging woning door politie",
        reason="Dreiging uit georganiseerde misdaad",
        codename="Overdracht",
    )
    resp = client.post(reverse("cases:om-transfer"), data)
    assert resp.status_code == 302
    case = Case.objects.get(codename="Overdracht")
    assert case.interim_measures_active and case.interim_authority == om
    assert case.origin == "om_transfer"


def test_om_transfer_is_404_for_other_roles() -> None:
    client, _ = signed_in("police_liaison")
    assert client.get(reverse("cases:om-transfer")).status_code == 404


@pytest.mark.parametrize(
    ("name", "state"),
    [
        ("route_national", CaseState.DESIGNATION),
        ("reject_referral", CaseState.DESIGNATION),
        ("activate_protection", CaseState.DECISION),
        ("decide_no_measures", CaseState.DECISION),
        ("end_protection", CaseState.PROTECTION_ACTIVE),
    ],
)
def test_an_authority_step_posted_on_the_page_is_refused_like_in_the_api(
    name: str, state: str
) -> None:
    """The page and the API refuse a plain step that carries the authority's power with the
    same status and the same words, and nothing changes."""
    client, decider = signed_in("decision_maker")
    case = t.case(t.user("police_liaison"), state=state, team=(decider,))
    resp = client.post(
        reverse("cases:transition", args=[case.pk, name]),
        {f"{name}-reason": "Zo besloten in het overleg", f"{name}-version": case.version},
    )
    api = t.api_client(decider).post(
        f"/api/v1/cases/{case.pk}/transitions", {"name": name, "reason": "Zo besloten"}
    )
    assert resp.status_code == api.status_code == 409
    assert api.json()["detail"] in html.unescape(resp.content.decode())
    case.refresh_from_db()
    assert case.state == state and case.version == 1

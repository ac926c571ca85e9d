"""Registry pages: visible persons only, contact fields and programme cover by grant."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from weerstand import testing as t
from weerstand.audit.models import AuditAction
from weerstand.registry.forms import ProgrammeCoverForm
from weerstand.registry.models import Employer, LimitativeEntry, PersonRelation, ProgrammeCover

pytestmark = pytest.mark.django_db

CSRF = r'(csrfmiddlewaretoken" value=|"X-CSRFToken": )"[^"]+"'


def signed_in(*roles: str, **kwargs: Any) -> tuple[Client, Any]:
    client = Client()
    u = t.user(*roles, **kwargs)
    t.login(client, u)
    return client, u


COVERED = "Gedekt door getuigenbescherming: Programma Noord"


def secret_person(**kwargs: Any) -> Any:
    employer = Employer.objects.create(name="Krant BV", contact="redactie@krant.example")
    person = t.person(
        "Lotte",
        "Visser",
        home_address="Kade 12, Havenstad",
        phone_numbers="06-99990000",
        employer=employer,
        **kwargs,
    )
    ProgrammeCover.objects.create(
        person=person, programme="Programma Noord", reason="Kroongetuige sinds maart."
    )
    return person


def test_person_list_shows_visible_persons_and_audits_ids() -> None:
    client, analyst = signed_in("decision_maker")
    mine = t.person("Zichtbaar", "Persoon")
    hidden = t.person("Onzichtbaar", "Persoon")
    t.case(t.user("mayor"), protectee=mine, team=(analyst,))
    t.case(t.user("mayor"), protectee=hidden)
    resp = client.get(reverse("registry:persons"))
    assert resp.status_code == 200
    body = resp.content.decode()
    assert "Zichtbaar" in body and "Onzichtbaar" not in body
    rec = t.last_audit(action=AuditAction.LIST, object_type="registry.person")
    assert rec.changes["ids"] == [mine.pk]

    resp = client.get(reverse("registry:persons"), {"q": "zicht"})
    assert "Zichtbaar" in resp.content.decode()
    rec = t.last_audit(action=AuditAction.SEARCH)
    assert rec.changes["q"] == "zicht" and rec.changes["ids"] == [mine.pk]


def test_person_list_is_404_without_person_grant() -> None:
    client, _ = signed_in("intelligence_liaison")
    assert client.get(reverse("registry:persons")).status_code == 404


def test_team_analyst_sees_contact_fields_and_the_audit_names_them() -> None:
    client, analyst = signed_in("analyst")
    person = secret_person()
    t.case(t.user("mayor"), protectee=person, team=(analyst,))
    resp = client.get(reverse("registry:person", args=[person.pk]))
    assert resp.status_code == 200
    body = resp.content.decode()
    assert "Kade 12, Havenstad" in body and "06-99990000" in body
    assert "redactie@krant.example" in body
    assert "Programma Noord" not in body and "sinds maart" not in body  # no cover grant
    rec = t.last_audit(action=AuditAction.READ, object_type="registry.person")
    shown = rec.changes["fields_shown"]
    assert "home_address" in shown and "phone_numbers" in shown
    assert "programme_cover" not in shown
    assert "Kade" not in str(rec.changes)


def test_decision_maker_sees_the_person_but_not_contact_fields() -> None:
    client, dm = signed_in("decision_maker")
    person = secret_person()
    t.case(t.user("mayor"), protectee=person, team=(dm,))
    body = client.get(reverse("registry:person", args=[person.pk])).content.decode()
    assert "Lotte" in body
    assert "Kade 12" not in body and "06-9999" not in body and "redactie@" not in body
    rec = t.last_audit(action=AuditAction.READ, object_type="registry.person")
    assert "home_address" not in rec.changes["fields_shown"]


def test_programme_cover_only_inside_the_crown_witness_compartment() -> None:
    client, officer = signed_in("om_officer")
    person = secret_person()
    case = t.case(t.user("mayor"), protectee=person, team=(officer,))
    url = reverse("registry:person", args=[person.pk])
    body = client.get(url).content.decode()
    assert "Programma Noord" not in body and "Dekking vastleggen" not in body
    t.restrict(case, "crown_witness", members=(officer,))
    body = client.get(url).content.decode()
    assert COVERED in body and "Kroongetuige sinds maart." in body
    assert "Dekking vastleggen" in body  # the OM may also record it
    rec = t.last_audit(action=AuditAction.READ, object_type="registry.person")
    assert "programme_cover" in rec.changes["fields_shown"]
    cover = person.programme_cover
    read = t.last_audit(action=AuditAction.READ, object_type="registry.programmecover")
    assert read.object_id == str(cover.pk) and read.actor_id == officer.pk


def test_the_cover_form_asks_only_that_and_by_which_programme() -> None:
    assert set(ProgrammeCoverForm.base_fields) == {"programme", "reason", "version"}


def test_the_om_records_and_corrects_the_cover_on_the_person_page() -> None:
    client, officer = signed_in("om_officer")
    person = t.person("Kees", "Kroon")
    case = t.case(t.user("mayor"), protectee=person, team=(officer,))
    t.restrict(case, "crown_witness", members=(officer,))
    url = reverse("registry:person_programme_cover", args=[person.pk])
    resp = client.post(url, {"programme": "Programma Zuid", "reason": "kort"})
    assert resp.status_code == 400 and not ProgrammeCover.objects.filter(person=person).exists()
    resp = client.post(url, {"programme": "Programma Zuid", "reason": "Getuige en gezin."})
    assert resp.status_code == 302
    cover = ProgrammeCover.objects.get(person=person)
    assert (cover.programme, cover.recorded_by_id, cover.version) == (
        "Programma Zuid",
        officer.pk,
        1,
    )
    rec = t.last_audit(action=AuditAction.CREATE, object_type="registry.programmecover")
    assert "Getuige en gezin" not in str(rec.changes)  # the reason is masked
    page = client.get(reverse("registry:person", args=[person.pk])).content.decode()
    assert "Gedekt door getuigenbescherming: Programma Zuid" in page
    # A stale version is refused, the current one accepted.
    stale = {"programme": "Programma West", "reason": "Overgeplaatst.", "version": 5}
    assert client.post(url, stale).status_code == 412
    resp = client.post(url, stale | {"version": 1})
    assert resp.status_code == 302
    assert ProgrammeCover.objects.get(person=person).programme == "Programma West"


def test_recording_a_cover_outside_the_compartment_is_404() -> None:
    officer_client, officer = signed_in("om_officer")
    analyst_client, analyst = signed_in("analyst")
    person = t.person("Kees", "Kroon")
    t.case(t.user("mayor"), protectee=person, team=(officer, analyst))  # not crown witness
    url = reverse("registry:person_programme_cover", args=[person.pk])
    data = {"programme": "Programma Zuid", "reason": "Getuige en gezin."}
    assert officer_client.post(url, data).status_code == 404
    assert analyst_client.post(url, data).status_code == 404  # no grant at all
    assert not ProgrammeCover.objects.filter(person=person).exists()


def test_relations_shown_only_when_both_ends_are_visible() -> None:
    client, dm = signed_in("decision_maker")
    person = t.person("Hoofd", "Persoon")
    visible_relative = t.person("Broer", "Zichtbaar")
    hidden_relative = t.person("Zus", "Verborgen")
    t.case(t.user("mayor"), protectee=person, team=(dm,))
    t.case(t.user("mayor"), protectee=visible_relative, team=(dm,))
    PersonRelation.objects.create(person=person, related=visible_relative, kind="sibling")
    PersonRelation.objects.create(person=person, related=hidden_relative, kind="sibling")
    body = client.get(reverse("registry:person", args=[person.pk])).content.decode()
    assert "Broer" in body and "Verborgen" not in body


def test_absent_and_forbidden_persons_answer_with_the_same_404() -> None:
    client, _ = signed_in("decision_maker")
    hidden = t.person("Onzichtbaar", "Persoon")
    t.case(t.user("mayor"), protectee=hidden)
    bodies = []
    for pk in (hidden.pk, hidden.pk + 500):
        path = reverse("registry:person", args=[pk])
        resp = client.get(path)
        assert resp.status_code == 404
        bodies.append(re.sub(CSRF, "", resp.content.decode()).replace(path, "PATH"))
    assert bodies[0] == bodies[1]


def test_limitative_list_follows_the_organisation_scope() -> None:
    police = t.org("police")
    other = t.org("kmar")
    own = LimitativeEntry.objects.create(kind="object", name="Paleis Noordeinde", owner=police)
    LimitativeEntry.objects.create(kind="object", name="Kazerne Oost", owner=other)
    client, _ = signed_in("police_liaison", organisation=police)
    body = client.get(reverse("registry:limitative")).content.decode()
    assert "Paleis Noordeinde" in body and "Kazerne Oost" not in body
    rec = t.last_audit(object_type="registry.limitativeentry")
    assert rec.changes["ids"] == [own.pk]
    inspector, _ = signed_in("inspector")
    body = inspector.get(reverse("registry:limitative")).content.decode()
    assert "Paleis Noordeinde" in body and "Kazerne Oost" in body
    nobody, _ = signed_in("advisory_body")
    assert nobody.get(reverse("registry:limitative")).status_code == 404

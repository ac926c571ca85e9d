"""Opening investigations, registering and deriving selectors, and matching that says only
hit or no hit, to the coordinators of the investigation only."""

from __future__ import annotations

import pytest
from django.http import Http404

from weerstand import testing as t
from weerstand.core.errors import NotPermitted, ValidationFailed
from weerstand.matching import services
from weerstand.matching.models import Hit, Selector, SelectorSide, SelectorSource
from weerstand.matching.tests.helpers import (
    add_member,
    open_investigation,
    protection_case,
    register,
)
from weerstand.policy.models import Alert, CompartmentKind

pytestmark = pytest.mark.django_db


def test_open_investigation_is_a_restricting_compartment_with_its_coordinator() -> None:
    s = open_investigation()
    assert s.investigation.compartment.kind == CompartmentKind.SHIELDED_INVESTIGATION
    members = set(s.investigation.compartment.memberships.values_list("user_id", flat=True))
    assert members == {s.coordinator.pk, s.om.pk}
    assert t.last_audit(object_type="matching.shieldedinvestigation").actor_id == s.coordinator.pk


def test_open_needs_the_owning_side_and_a_coordinator() -> None:
    data = services.InvestigationData("Onderzoek", co_owner=None, reason="Afgeschermd onderzoek")
    with pytest.raises(NotPermitted):
        services.open_investigation(t.user("analyst"), data)
    om, om2 = t.user("om_officer"), t.user("om_officer")
    data.co_owner = om2.pk
    with pytest.raises(ValidationFailed) as exc:
        services.open_investigation(om, data)
    assert exc.value.invalid_params[0].name == "coOwner"
    data.co_owner = t.user("information_coordinator").pk
    assert services.open_investigation(om, data).compartment.kind == "shielded_investigation"


def test_investigation_is_hidden_from_non_members_inspectors_included() -> None:
    s = open_investigation()
    for outsider in (
        t.user("information_coordinator"),
        t.user("om_officer"),
        t.user("inspector"),
        t.user("analyst"),
    ):
        with pytest.raises(Http404):
            services.get_investigation(outsider, s.investigation.pk)
        with pytest.raises(Http404):
            services.register_for_investigation(
                outsider,
                s.investigation.pk,
                services.SelectorData("plate", "12-ABC-3", "kenteken 1"),
            )


def test_register_refuses_bad_values_labels_and_duplicates() -> None:
    s = open_investigation()
    with pytest.raises(ValidationFailed) as exc:
        register(s, "phone", "12345", "telefoon 1")
    assert "12345" not in str(exc.value.invalid_params[0].reason)
    with pytest.raises(ValidationFailed):
        register(s, "phone", "06-12345678", "")
    with pytest.raises(ValidationFailed):  # the label would keep the value in clear
        register(s, "phone", "06-12345678", "tel 0612345678")
    with pytest.raises(ValidationFailed):
        register(s, "plate", "12-ABC-3", "kenteken 12-abc-3")
    with pytest.raises(ValidationFailed):
        register(s, "name_dob", "José de Vries 1980-05-01", "de heer Vries")
    with pytest.raises(ValidationFailed):
        register(s, "handle", "@jan_jansen", "account Jan_Jansen")
    register(s, "phone", "06-12345678", "telefoon 1")
    with pytest.raises(ValidationFailed):
        register(s, "phone", "+31 6 1234 5678", "telefoon 2")


def test_derived_case_selectors_follow_the_persons() -> None:
    case, _, _ = protection_case()
    assert services.refresh_case_selectors(case) == 4  # name+dob, two phones, address
    derived = Selector.objects.filter(case=case, source=SelectorSource.DERIVED)
    assert sorted(derived.values_list("kind", flat=True)) == [
        "address",
        "name_dob",
        "phone",
        "phone",
    ]
    assert services.refresh_case_selectors(case) == 0  # idempotent
    person = case.protectee
    person.phone_numbers = "06-12345678"
    person.save()
    assert services.refresh_case_selectors(case) == 1
    assert derived.filter(kind="phone").count() == 1


def test_matching_finds_equal_selectors_in_other_notations_and_no_others() -> None:
    case, _, _ = protection_case()
    other_case, _, _ = protection_case(
        first_name="Piet", phone_numbers="06-87654321", home_address="9999 ZZ 1"
    )
    services.refresh_all_case_selectors()
    s = open_investigation()
    phone = register(s, "phone", "+31 6 1234 5678", "telefoon 1")
    name = register(s, "name_dob", "JOSE DE VRIES, 01-05-1980", "persoon A")
    address = register(s, "address", "1234ab 12 A", "adres 1")
    register(s, "phone", "06-12345679", "telefoon 2")  # one digit off
    register(s, "plate", "12-ABC-3", "kenteken 1")  # the case has no plate
    register(s, "name_dob", "José de Vries 1980-05-02", "persoon B")  # other date of birth

    hits = services.match_new()
    assert {(h.investigation_selector_id, h.case_id) for h in hits} == {
        (phone.pk, case.pk),
        (name.pk, case.pk),
        (address.pk, case.pk),
    }
    assert other_case.pk not in {h.case_id for h in hits}
    assert services.match_new() == []  # everything seen: nothing new
    assert Hit.objects.count() == 3


def test_a_case_selector_added_later_matches_an_older_investigation_selector() -> None:
    s = open_investigation()
    plate = register(s, "plate", "G-123-BB", "kenteken 1")
    case, _, analyst = protection_case()
    assert services.match_new() == []
    services.register_for_case(
        analyst, case.pk, services.SelectorData("plate", "g123bb", "auto beschermde persoon")
    )
    [hit] = services.match_new()
    assert (hit.investigation_selector_id, hit.case_id) == (plate.pk, case.pk)


def test_a_hit_reaches_only_the_coordinators_of_that_investigation() -> None:
    case, owner, analyst = protection_case()
    services.refresh_case_selectors(case)
    s = open_investigation()
    second_coordinator = t.user("information_coordinator")
    add_member(s, second_coordinator)
    register(s, "phone", "0031612345678", "telefoon 1")
    elsewhere = open_investigation("Onderzoek Merel")  # another coordinator, no hit
    register(elsewhere, "plate", "12-ABC-3", "kenteken 1")
    [hit] = services.match_new()

    for coordinator in (s.coordinator, second_coordinator):
        assert list(services.hits_for(coordinator)) == [hit]
        assert Alert.objects.filter(recipient=coordinator, message__contains="hit").count() == 1
    for nobody in (
        s.om,  # member, but not a coordinator
        elsewhere.coordinator,
        owner,
        analyst,  # the case team learns nothing
        t.user("information_coordinator"),
        t.user("senior_analyst"),
        t.user("decision_maker"),
    ):
        assert list(services.hits_for(nobody)) == []
    assert not Alert.objects.filter(
        recipient__in=[owner, analyst, s.om, elsewhere.coordinator], message__contains="hit"
    ).exists()
    assert list(services.hits_for(t.user("inspector"))) == [hit]  # oversight, see grants
    contacts = services.nctv_contacts([case.pk])
    assert contacts == {case.pk: owner.display_name}


def test_case_selectors_are_for_the_case_team_only() -> None:
    case, _, analyst = protection_case()
    services.refresh_case_selectors(case)
    assert services.selectors_of_case(analyst, services.get_case(analyst, case.pk)).count() == 4
    s = open_investigation()
    for outsider in (s.coordinator, s.om, t.user("inspector"), t.user("analyst")):
        with pytest.raises(Http404):
            services.get_case(outsider, case.pk)
        assert not Selector.objects.visible_to(outsider).filter(side=SelectorSide.CASE).exists()
    # ... and an investigation's selectors are not the case team's business.
    register(s, "plate", "12-ABC-3", "kenteken 1")
    assert not Selector.objects.visible_to(analyst).filter(side="investigation").exists()
    assert Selector.objects.visible_to(s.om).filter(side="investigation").count() == 1

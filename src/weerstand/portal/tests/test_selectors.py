"""'Uw beveiliging nu' and 'Wat u aan ons meldde' as services, without HTTP: each portal user is
told what applies to them, within what the case shares, and never internal codes."""

from __future__ import annotations

import pytest
from django.utils import translation

from weerstand import testing as t
from weerstand.portal import selectors
from weerstand.portal.tests import builders as pb

pytestmark = pytest.mark.django_db


def test_protectee_hears_every_measure_in_force_and_what_is_expected() -> None:
    pw = pb.world()
    now = selectors.protection_now(pw.protectee)
    assert now is not None and now.audience == "protectee" and now.protected
    names = [m.name for m in now.measures]
    assert "Alertering lokale politie" in names and "Beveiligd vervoer" in names
    texts = " ".join(m.text for m in now.measures)
    assert "U reist in een beveiligde auto met een chauffeur." in texts
    assert pb.MARK_EXPECTATION in now.expectation_bullets
    assert now.next_review == pw.decision.next_recalibration
    # The read is audited against the decision, with the case.
    rec = t.last_audit(object_type="decisions.decision", actor_id=pw.protectee.pk)
    assert rec.case_id == pw.case.pk and rec.action == "read"


def test_relative_hears_only_home_measures_and_employer_only_work_measures() -> None:
    pw = pb.world()
    rel = selectors.protection_now(pw.relative)
    assert rel is not None and rel.audience == "relative" and rel.protected
    assert {m.name for m in rel.measures} == {"Alertering lokale politie", "Cameratoezicht"}
    emp = selectors.protection_now(pw.employer)
    assert emp is not None and emp.audience == "employer" and not emp.protected
    assert {m.name for m in emp.measures} == {"Alertering lokale politie", "Beveiligd vervoer"}
    assert "beveiligde auto naar het werk" in " ".join(m.text for m in emp.measures)
    assert "Vertel niemand waar of wanneer uw medewerker werkt." in emp.expectation_bullets
    assert pb.MARK_EMPLOYER not in emp.expectation_bullets + emp.expectations


def test_nothing_shared_means_nothing_told() -> None:
    pw = pb.world(relative_shares=(), employer_shares=("contact_person",))
    assert selectors.protection_now(pw.relative) is None
    assert selectors.protection_now(pw.employer) is None


def test_sharing_only_the_expectations_tells_no_measures() -> None:
    pw = pb.world(relative_shares=("expectations",))
    rel = selectors.protection_now(pw.relative)
    assert rel is not None and not rel.measures and not rel.protected
    assert "Praat niet met anderen over de beveiliging." in rel.expectation_bullets
    # The framework's words for the protectee are not theirs.
    assert pb.MARK_EXPECTATION not in rel.expectation_bullets


def test_officials_and_strangers_get_no_panel() -> None:
    pw = pb.world()
    assert selectors.protection_now(pw.analyst) is None
    stranger = pb.portal_user("protectee", t.person("Vreemd", "Persoon"))
    assert selectors.protection_now(stranger) is None


def test_english_uses_the_written_english_sentences() -> None:
    pw = pb.world()
    with translation.override("en"):
        now = selectors.protection_now(pw.protectee)
    assert now is not None
    assert any(m.name == "Secure transport" for m in now.measures)
    assert "You travel in a secure car with a driver." in [m.text for m in now.measures]

"""The coordinator's sharing decisions on a hit, without HTTP: share (a product reaches the
case team, the coordinator still cannot see the case), not share (reasons, reconsider date,
the reminder job), who may decide, and what the inspectorate sees."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.http import Http404
from django.test import override_settings
from django.utils import timezone

from weerstand import testing as t
from weerstand.audit.models import AuditRecord
from weerstand.cases.models import Case
from weerstand.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from weerstand.information.legal_bases import ensure_default_legal_bases
from weerstand.information.models import ProductCase, ReassessmentAdvice, ThreatProduct
from weerstand.matching import services, sharing
from weerstand.matching.models import HitStatus, SharingDecision
from weerstand.matching.tests.helpers import Setup, protection_case, register
from weerstand.policy.models import Alert

pytestmark = pytest.mark.django_db


def hit_world() -> tuple[Setup, Any, Any, Any, Any]:
    """(setup, hit, case, case owner, case analyst): a police coordinator's investigation
    whose phone selector matches the protectee of an active case."""
    ensure_default_legal_bases()
    coordinator = t.user("information_coordinator", organisation=t.org("police", code="pol"))
    om = t.user("om_officer")
    investigation = services.open_investigation(
        coordinator,
        services.InvestigationData("Onderzoek Reiger", co_owner=om.pk, reason="Afgeschermd"),
    )
    setup = Setup(coordinator, om, investigation)
    case, owner, analyst = protection_case()
    services.refresh_case_selectors(case)
    register(setup, "phone", "+31 6 1234 5678", "telefoon 1")
    [hit] = services.match_new()
    return setup, hit, case, owner, analyst


def share_data(**kw: Any) -> sharing.ShareData:
    values: dict[str, Any] = {
        "title": "Dreiging uit afgeschermd onderzoek",
        "summary": "Betrokkene wordt genoemd in gesprekken over een aanslag.",
        "legal_basis": "wpg-16",
        "handling": "analysis_only",
        "reasons": "Relevant voor de dreigingsinschatting.",
    }
    values.update(kw)
    return sharing.ShareData(**values)


def test_share_delivers_a_product_the_case_team_sees_and_the_coordinator_not_the_case() -> None:
    s, hit, case, _owner, analyst = hit_world()
    decision = sharing.share(s.coordinator, hit.pk, share_data())
    hit.refresh_from_db()
    assert hit.status == HitStatus.SHARED
    product = decision.product
    assert product is not None
    assert ProductCase.objects.filter(product=product, case=case).exists()
    assert product.legal_basis.code == "wpg-16" and decision.handling == "analysis_only"
    # The case team reads it like any delivered product, with re-assessment advice.
    assert ThreatProduct.objects.visible_to(analyst).filter(pk=product.pk).exists()
    assert ReassessmentAdvice.objects.filter(case=case, source_id=product.pk).exists()
    # The coordinator still cannot see the case.
    assert not Case.objects.visible_to(s.coordinator).filter(pk=case.pk).exists()
    # Audited, the decision without a case id; the case trail names the product only.
    record = AuditRecord.objects.filter(object_type="matching.sharingdecision").get()
    assert record.case_id is None and record.actor_id == s.coordinator.pk
    on_case = [(r.object_repr, r.reason) for r in AuditRecord.objects.filter(case_id=case.pk)]
    assert not any("hit" in f"{r} {why}".lower() for r, why in on_case)
    # Shared is final.
    with pytest.raises(InvalidTransition):
        sharing.not_share(s.coordinator, hit.pk, sharing.NotShareData("Toch maar niet delen."))


def test_share_checks_the_legal_basis_and_stores_nothing_when_refused() -> None:
    s, hit, _case, _owner, _analyst = hit_world()
    with pytest.raises(ValidationFailed):
        sharing.share(s.coordinator, hit.pk, share_data(legal_basis="wiv-64"))  # AIVD only
    with pytest.raises(ValidationFailed):
        sharing.share(s.coordinator, hit.pk, share_data(title=""))
    hit.refresh_from_db()
    assert hit.status == HitStatus.NEW
    assert not SharingDecision.objects.exists() and not ThreatProduct.objects.exists()


def test_not_share_needs_reasons_and_sets_a_reconsider_date() -> None:
    s, hit, _case, _owner, _analyst = hit_world()
    with pytest.raises(ValidationFailed) as exc:
        sharing.not_share(s.coordinator, hit.pk, sharing.NotShareData(""))
    assert exc.value.invalid_params[0].name == "reasons"
    with pytest.raises(ValidationFailed):
        sharing.not_share(
            s.coordinator,
            hit.pk,
            sharing.NotShareData("Operationeel belang gaat nu voor.", timezone.localdate()),
        )
    decision = sharing.not_share(
        s.coordinator, hit.pk, sharing.NotShareData("Operationeel belang gaat nu voor.")
    )
    assert decision.reconsider_on == sharing.default_reconsider_on()
    hit.refresh_from_db()
    assert hit.status == HitStatus.NOT_SHARED
    # A later decision may still share: append-only, the status follows.
    sharing.share(s.coordinator, hit.pk, share_data())
    hit.refresh_from_db()
    assert hit.status == HitStatus.SHARED
    assert SharingDecision.objects.filter(hit=hit).count() == 2


@override_settings(MATCHING_RECONSIDER_DAYS=10)
def test_reconsider_days_are_configurable() -> None:
    assert sharing.default_reconsider_on() == timezone.localdate() + timedelta(days=10)


def test_only_the_coordinator_of_the_investigation_decides() -> None:
    s, hit, _case, owner, analyst = hit_world()
    for nobody in (s.om, owner, analyst, t.user("information_coordinator"), t.user("analyst")):
        with pytest.raises(Http404):
            sharing.not_share(nobody, hit.pk, sharing.NotShareData("Geen reden om te delen."))
    with pytest.raises((NotPermitted, Http404)):
        sharing.not_share(
            t.user("inspector"), hit.pk, sharing.NotShareData("Geen reden om te delen.")
        )
    assert not SharingDecision.objects.exists()


def test_the_inspector_sees_hits_and_decisions_but_no_content() -> None:
    s, hit, _case, _owner, _analyst = hit_world()
    sharing.not_share(s.coordinator, hit.pk, sharing.NotShareData("Operationeel belang nu."))
    inspector = t.user("inspector")
    assert sharing.get_hit(inspector, hit.pk) == hit
    assert [d.reasons for d in sharing.decisions_of(inspector, hit)] == ["Operationeel belang nu."]
    assert not sharing.decides(inspector)
    assert not services.selectors_of_investigation(inspector, s.investigation).exists()
    with pytest.raises(Http404):
        services.get_investigation(inspector, s.investigation.pk)


def test_reminder_job_alerts_once_when_the_date_passes() -> None:
    s, hit, _case, _owner, _analyst = hit_world()
    soon = timezone.localdate() + timedelta(days=5)
    decision = sharing.not_share(
        s.coordinator, hit.pk, sharing.NotShareData("Operationeel belang nu.", soon)
    )
    assert sharing.remind_reconsideration() == 0  # not yet
    later = timezone.now() + timedelta(days=6)
    assert sharing.remind_reconsideration(now=later) == 1
    alerts = Alert.objects.filter(recipient=s.coordinator, message__startswith="Heroverweeg")
    assert alerts.count() == 1
    assert sharing.remind_reconsideration(now=later) == 0  # idempotent
    decision.refresh_from_db()
    assert decision.reminded_at is not None
    assert not Alert.objects.filter(recipient=s.om, message__startswith="Heroverweeg").exists()


def test_reminder_skips_a_decision_already_replaced() -> None:
    s, hit, _case, _owner, _analyst = hit_world()
    soon = timezone.localdate() + timedelta(days=5)
    sharing.not_share(s.coordinator, hit.pk, sharing.NotShareData("Eerst nog niet delen.", soon))
    sharing.share(s.coordinator, hit.pk, share_data())
    assert sharing.remind_reconsideration(now=timezone.now() + timedelta(days=6)) == 0


def test_the_reminder_job_is_registered() -> None:
    from weerstand.core import extensions

    assert "remind-hit-reconsideration" in {job.name for job in extensions.jobs()}


def test_nctv_contact_is_the_duty_desk_for_a_restricted_case() -> None:
    case, owner, _ = protection_case()
    other, other_owner, _ = protection_case(first_name="Piet")
    t.restrict(other, kind="crown_witness")
    with override_settings(MATCHING_NCTV_DUTY_DESK="Piket NCTV test"):
        contacts = services.nctv_contacts([case.pk, other.pk])
    assert contacts == {case.pk: owner.display_name, other.pk: "Piket NCTV test"}
    assert other_owner.pk != owner.pk


def test_waiting_hits_are_the_coordinators_new_ones() -> None:
    s, hit, _case, _owner, _analyst = hit_world()
    assert list(sharing.hits_waiting(s.coordinator)) == [hit]
    assert list(sharing.hits_waiting(t.user("inspector"))) == []
    sharing.not_share(s.coordinator, hit.pk, sharing.NotShareData("Operationeel belang nu."))
    assert list(sharing.hits_waiting(s.coordinator)) == []

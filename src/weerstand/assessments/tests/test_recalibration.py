"""When a finalised picture is due: its date, expired assumptions, trigger dates, new
information; shown on the start page and the overview; advice resolved by a new version."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from weerstand import testing as t
from weerstand.assessments import services
from weerstand.assessments.models import Assessment, AssessmentRules, Assumption
from weerstand.assessments.tests import builders as b

pytestmark = pytest.mark.django_db


def test_interval_follows_threat_level_and_rules() -> None:
    w = b.world()
    AssessmentRules.objects.create(recalibration_days={"3": 7})
    a = b.finalised(w, level=3)
    assert a.next_recalibration == timezone.localdate() + timedelta(days=7)


def test_fresh_picture_is_not_due() -> None:
    w = b.world(state="protection_active")
    a = b.finalised(w)
    info = services.due_info(w.author, w.case, a)
    assert not info.due and not info.overdue


def test_expired_assumption_marks_due() -> None:
    w = b.world(state="protection_active")
    a = b.finalised(w)
    Assumption.objects.filter(assessment=a).update(
        review_by=timezone.localdate() - timedelta(days=1)
    )
    info = services.due_info(w.author, w.case, a)
    assert info.due and any("aanname verlopen" in r for r in info.reasons)


def test_overdue_date_and_trigger_date() -> None:
    w = b.world(state="protection_active")
    a = b.finalised(w)
    later = timezone.localdate() + timedelta(days=200)
    assert services.due_info(w.author, w.case, a, today=later).overdue
    trigger_day = a.scenarios.get().triggers.get().expected_on
    assert trigger_day is not None
    info = services.due_info(w.author, w.case, a, today=trigger_day - timedelta(days=3))
    assert any("triggermoment" in r for r in info.reasons)


def test_new_product_triggers_recalibration_and_new_version_resolves_advice() -> None:
    from weerstand.information import services as information

    w = b.world(state="protection_active")
    a = b.finalised(w)
    Assessment.objects.filter(pk=a.pk).update(finalised_at=timezone.now() - timedelta(days=5))
    a.refresh_from_db()
    product = b.product(w.case, title="Nieuw product na vaststelling")
    information.advise_reassessment(
        w.case, reason="Nieuw product", source_type="product", source_id=product.pk, actor=w.author
    )
    info = services.due_info(w.author, w.case, a)
    assert any("nieuw" in r for r in info.reasons)
    assert any("advies herbeoordeling" in r for r in info.reasons)
    # On the analysts' start page and in the overview.
    c = Client()
    t.login(c, w.author)
    assert w.case.reference in c.get(reverse("core:home")).content.decode()
    assert "advies herbeoordeling" in c.get(reverse("assessments:overview")).content.decode()
    # Recalibration: a new version, finalised, answers the advice.
    v2 = services.start_version(w.author, w.case.pk)
    services.update_assessment(
        w.author,
        v2.pk,
        {"products": [{"product": w.product.pk}, {"product": product.pk}]},
        expected_version=v2.version,
    )
    services.submit_for_challenge(w.author, v2.pk)
    services.record_challenge(w.challenger, v2.pk, b.challenge_data(points=False))
    services.answer_challenge(w.author, v2.pk, {})
    v2 = services.finalise(w.author, v2.pk)
    assert not information.open_advice(w.case).exists()
    assert not services.due_info(w.author, w.case, v2).due


def test_incident_signal_triggers_recalibration() -> None:
    from weerstand.signals.models import Signal

    w = b.world(state="protection_active")
    a = b.finalised(w)
    Signal.objects.create(
        reference="SIG-T-9",
        case=w.case,
        reported_by=w.author,
        reporter_kind="officer",
        kind="incident",
        what="Auto in brand gestoken",
        happened_at=timezone.now(),
        certainty="sure",
        reliability="B",
        credibility=2,
        triage_deadline=timezone.now(),
    )
    assert any("incident" in r for r in services.due_info(w.author, w.case, a).reasons)

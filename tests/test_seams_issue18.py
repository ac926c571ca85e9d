"""The seams of issue 18's apps (learning, advisory, inspection, oversight, retention): every
rule lives in a service, so no other way in may skip it.

- no admin registration: the admin site (`/beheer/`) shows none of their models;
- no generic API write: every POST/PUT/PATCH/DELETE handler of their API is written out and
  calls a service; none is DRF's generic create/update/destroy (which would `save()` a
  serializer past the rules);
- append-only rows refuse `save()` and `delete()` once created (and the learning models
  refuse bulk `QuerySet.update()`/`delete()` too).
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from rest_framework import mixins

from weerstand import testing as t
from weerstand.advisory import services as advisory
from weerstand.advisory.models import Advice, AdviceResponse, AdviceTheme, QuarterCount
from weerstand.core.admin import site as weerstand_admin
from weerstand.core.errors import DomainError
from weerstand.inspection.models import VerifiedCheckpoint
from weerstand.learning import services as learning
from weerstand.learning.models import (
    Contribution,
    FollowUpAction,
    IncidentReview,
    Lesson,
)
from weerstand.retention.models import DestructionReport, HoldKind, LegalHold
from weerstand.signals import services as signals
from weerstand.signals.services import SignalData

APPS = ("learning", "advisory", "inspection", "oversight", "retention")
WRITES = {"post", "put", "patch", "delete"}
GENERIC_WRITES = (mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin)


def test_no_model_of_the_new_apps_is_in_any_admin_site() -> None:
    for site in (weerstand_admin, admin.site):
        registered = {m._meta.app_label for m in site._registry}
        assert not registered & set(APPS), (site.name, sorted(registered & set(APPS)))


def _patterns(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, Any]]:
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from _patterns(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.callback


def _api_views() -> list[tuple[str, Any, dict[str, str]]]:
    out = []
    for path, callback in _patterns(get_resolver()):
        cls = getattr(callback, "cls", None)
        if cls is None or not path.startswith("api/v1/"):
            continue
        if cls.__module__.split(".")[1:2] and cls.__module__.split(".")[1] in APPS:
            out.append((path, cls, getattr(callback, "actions", None) or {}))
    return out


def test_every_api_write_of_the_new_apps_goes_through_a_service() -> None:
    views = _api_views()
    assert {cls.__module__.split(".")[1] for _, cls, _ in views} == set(APPS)
    writes = 0
    for path, cls, actions in views:
        assert not issubclass(cls, GENERIC_WRITES), f"{cls.__name__} has a generic write"
        for method, handler_name in actions.items():
            if method not in WRITES:
                continue
            writes += 1
            handler = getattr(cls, handler_name)
            source = inspect.getsource(handler)
            assert "services." in source, (
                f"{method.upper()} {path} ({cls.__name__}.{handler_name}) calls no service"
            )
            assert ".save(" not in source and "objects.create" not in source, (
                f"{method.upper()} {path} writes a model itself"
            )
    assert writes >= 10  # edits, completions, contributions, actions, advice, holds, ...


@pytest.mark.django_db
def test_append_only_rows_refuse_save_and_delete_after_creation() -> None:
    adviser, quality = t.user("advisory_body"), t.user("quality_officer")
    theme = advisory.create_theme(adviser, "Naden")
    advice = advisory.create_advice(adviser, title="Titel", body="Advies.", theme_ids=[theme.pk])
    response = advisory.respond(quality, advice.pk, "Overgenomen.")
    count = QuarterCount.objects.create(
        year=2025, quarter=1, indicator="referrals", value="", numerator=3, denominator=3
    )
    report = DestructionReport.objects.create(
        run_at=timezone.now(), as_of=timezone.now(), key_id="k", signature="s"
    )
    verified = VerifiedCheckpoint.objects.create(seq=1, record_hash="0" * 64)
    lifted = LegalHold.objects.create(
        object_type="case",
        object_id=1,
        kind=HoldKind.choices[0][0],
        reason="Procedure.",
        placed_by=quality,
        lifted_at=timezone.now(),
        lifted_by=quality,
        lift_reason="Afgerond.",
    )

    analyst = t.user("analyst")
    case = t.case(analyst, team=(analyst,), owner=analyst)
    signal = signals.record_signal(
        analyst,
        SignalData(
            what="Incident bij de woning.",
            happened_at=timezone.now() - timedelta(hours=1),
            kind="incident",
            case_id=case.pk,
        ),
    )
    review = IncidentReview.objects.get(signal=signal)
    sections = {f: f"Tekst {f}." for f in learning.sections_of(review)}
    review = learning.update_sections(analyst, "review", review.pk, sections, expected_version=1)
    action = learning.add_action(
        analyst,
        "review",
        review.pk,
        learning.ActionData("Actie", analyst.pk, case.created_at.date()),
    )
    action = learning.complete_action(analyst, action.pk, "Gedaan.")
    learning.add_contribution(analyst, "review", review.pk, "Inbreng.")
    learning.add_lesson(analyst, "review", review.pk, "Les.")
    learning.complete(analyst, "review", review.pk, expected_version=review.version)

    rows = [
        theme,
        AdviceTheme.objects.get(pk=theme.pk),
        Advice.objects.get(pk=advice.pk),
        AdviceResponse.objects.get(pk=response.pk),
        count,
        DestructionReport.objects.get(pk=report.pk),
        verified,
        LegalHold.objects.get(pk=lifted.pk),
        IncidentReview.objects.get(pk=review.pk),
        FollowUpAction.objects.get(pk=action.pk),
        Contribution.objects.get(),
        Lesson.objects.get(),
    ]
    for row in rows:
        with pytest.raises((DomainError, RuntimeError)):
            row.save()
        with pytest.raises((DomainError, RuntimeError)):
            row.delete()
        assert type(row)._base_manager.filter(pk=row.pk).exists(), type(row).__name__
    for model in (IncidentReview, FollowUpAction, Contribution, Lesson):
        with pytest.raises(DomainError):
            model.objects.filter(pk__gt=0).update(pk=0)
        with pytest.raises(DomainError):
            model.objects.filter(pk__gt=0).delete()

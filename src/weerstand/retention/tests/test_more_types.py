"""Time travel for the object types beyond threat products: signals (destroyed, or stripped
of their content when an incident review or an assessment cites them) and a closed case's
file (free texts anonymised, facts kept). Each: expired ones go, held ones stay, the signed
report lists both, the audit chain verifies, search no longer finds them, and their marker is
in no table afterwards."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from weerstand import testing as t
from weerstand.audit.verify import verify_chain
from weerstand.retention import builtin, services
from weerstand.retention.tests import builders as b
from weerstand.retention.tests.test_retention import LATER, _all_tables_text, _audit_text
from weerstand.search import engine
from weerstand.search.models import SearchDocument

pytestmark = pytest.mark.django_db


def _signal(w: Any, mark: str, **kw: Any) -> Any:
    from weerstand.signals.services import SignalData, record_signal

    return record_signal(
        w.liaison,
        SignalData(
            what=f"Onbekende man fotografeerde de voordeur {mark}",
            happened_at=timezone.now() - timedelta(hours=1),
            subject=f"Woning aan de {mark}",
            noticed_by=f"Buurman {mark}",
            vehicles=[f"KT{mark[-6:]}"],
            **kw,
        ),
    )


def _everything() -> str:
    """Every table as stored (what a dump would hold) and every model's rows as the
    application reads them, so encrypted fields are checked decrypted too."""
    from django.apps import apps

    out = [_all_tables_text()]
    for model in apps.get_models():
        names = [f.attname for f in model._meta.concrete_fields]
        out += [repr(row) for row in model._base_manager.values_list(*names)]
    return "\n".join(out)


def _found(user: Any, mark: str) -> list[int]:
    results, _ = engine.search(user, engine.Filters(q=mark))
    return [d.object_id for d in results]


def _end(case: Any) -> None:
    from weerstand.cases.models import Case

    Case.objects.filter(pk=case.pk).update(state="ended", ended_at=timezone.now())


def test_signals_expire_from_their_date_or_their_case_closing() -> None:
    from weerstand.learning.models import IncidentReview
    from weerstand.signals.models import Signal, SignalEntity

    w = b.world()
    gone_mark, kept_mark, incident_mark, running_mark = (b.marker() for _ in range(4))
    gone = _signal(w, gone_mark)
    kept = _signal(w, kept_mark)
    incident = _signal(w, incident_mark, kind="incident")
    running = _signal(w, running_mark, case_id=w.case.pk)
    review = IncidentReview.objects.get(signal=incident.pk)
    assert SearchDocument.objects.filter(kind="signal", object_id=gone.pk).exists()
    assert gone_mark in _everything() and incident_mark in _everything()
    rule = b.rule(w, object_type="signal", counted_from="signal_date", period_days=30)
    hold = services.place_hold(
        w.privacy, kind="inquiry", reason="Onderzoek", object_type="signal", object_id=kept.pk
    )

    assert services.apply_retention(timezone.now()) is None
    report = services.apply_retention(timezone.now() + LATER)
    assert report is not None and services.verify_report(report)
    outcomes = {(i["objectId"], i["outcome"]) for i in report.items}
    # The signal of a running case waits for the case; the cited one keeps its bare row.
    assert outcomes == {(gone.pk, "destroyed"), (kept.pk, "withheld"), (incident.pk, "anonymised")}
    assert all(i["rule"] == rule.pk and i["objectType"] == "signal" for i in report.items)
    withheld = next(i for i in report.items if i["outcome"] == "withheld")
    assert withheld["holds"] == [hold.pk]

    assert not Signal.objects.filter(pk=gone.pk).exists()
    assert Signal.objects.filter(pk__in=[kept.pk, running.pk]).count() == 2
    stripped = Signal.objects.get(pk=incident.pk)
    assert stripped.what == builtin.ERASED_TEXT and not stripped.subject
    assert (stripped.reference, stripped.kind) == (incident.reference, "incident")
    assert not SignalEntity.objects.filter(signal=incident.pk).exists()
    # The review stays whole, on its (stripped) signal.
    assert IncidentReview.objects.get(pk=review.pk).signal_id == incident.pk

    assert verify_chain().ok
    text = _everything()
    for mark in (gone_mark, incident_mark):
        assert mark not in text and mark.lower() not in text.lower()
        assert _found(w.analyst, mark) == []
        assert mark not in _audit_text()
    assert kept_mark in text and running_mark in text
    assert not SearchDocument.objects.filter(kind="signal", object_id=gone.pk).exists()

    # Nothing new to do: the stripped signal is no candidate any more.
    again = services.apply_retention(timezone.now() + LATER)
    assert again is not None and [i["outcome"] for i in again.items] == ["withheld"]

    # Once the case has closed, its signal counts from that day.
    _end(w.case)
    assert services.apply_retention() is None  # counted from today's closing: not yet
    late = services.apply_retention(timezone.now() + LATER)
    assert late is not None
    assert (running.pk, "destroyed") in {(i["objectId"], i["outcome"]) for i in late.items}
    assert running_mark not in _everything()
    assert verify_chain().ok


def test_a_case_hold_holds_the_case_signals() -> None:
    w = b.world()
    signal = _signal(w, b.marker(), case_id=w.case.pk)
    b.rule(w, object_type="signal", counted_from="case_closed", period_days=0)
    _end(w.case)
    services.place_hold(w.privacy, case_id=w.case.pk, kind="objection", reason="Bezwaar")
    report = services.apply_retention(timezone.now() + LATER)
    assert report is not None
    assert [(i["objectId"], i["outcome"]) for i in report.items] == [(signal.pk, "withheld")]


def _case_file_world(w: Any, mark: str) -> dict[str, Any]:
    from weerstand.cases.models import CaseEvent, LocalHandover
    from weerstand.gaps import services as gaps

    case = t.case(
        t.user("mayor"),
        owner=w.analyst,
        team=(w.liaison,),
        state="assessment",
        codename=f"Werknaam {mark}",
        summary=f"Aanleiding {mark}",
    )
    gap = gaps.record_gap(
        w.analyst,
        case.pk,
        description=f"Onbekend of de dader vrij is {mark}",
        why_it_matters=f"Bepaalt of de dreiging actueel is {mark}",
    )
    rfi = gaps.request_information(
        w.analyst,
        gap.pk,
        gaps.RequestData(
            addressee_id=w.police.pk,
            legal_basis_id=w.bases["wpg-16"].pk,
            question=f"Is de verdachte gedetineerd {mark}?",
            due_date=timezone.localdate() + timedelta(days=7),
        ),
    )
    CaseEvent.objects.create(case=case, actor_name="analist", kind="note", reason=f"Gesprek {mark}")
    LocalHandover.objects.create(
        case=case,
        authority=t.org("municipality", code=f"gem-{mark[-6:]}"),
        case_reference=case.reference,
        phenomenon=case.phenomenon,
        offered_by=w.analyst,
        contact_name="Analist",
        contact_organisation="NCTV",
        contact_line="070",
        note=f"Overdrachtsnotitie {mark}",
        answer_reason=f"Toelichting {mark}",
    )
    _end(case)
    return {"case": case, "gap": gap, "rfi": rfi}


def test_a_closed_case_file_is_anonymised_its_facts_kept() -> None:
    from weerstand.advisory import sources
    from weerstand.cases.models import Case, CaseEvent
    from weerstand.gaps.models import Gap, InformationRequest
    from weerstand.oversight import indicators

    w = b.world()
    mark, held_mark = b.marker(), b.marker()
    one = _case_file_world(w, mark)
    held = _case_file_world(w, held_mark)
    case = one["case"]
    assert _found(w.analyst, mark) == [case.pk]
    assert mark in _everything()
    rule = b.rule(w, object_type="case_file", counted_from="case_closed", action="anonymise")
    hold = services.place_hold(
        w.privacy, case_id=held["case"].pk, kind="litigation", reason="Rechtszaak"
    )

    assert services.apply_retention(timezone.now()) is None
    report = services.apply_retention(timezone.now() + LATER)
    assert report is not None and services.verify_report(report)
    assert {(i["objectId"], i["outcome"]) for i in report.items} == {
        (case.pk, "anonymised"),
        (held["case"].pk, "withheld"),
    }
    assert all(i["rule"] == rule.pk for i in report.items)
    assert next(i for i in report.items if i["outcome"] == "withheld")["holds"] == [hold.pk]

    after = Case.objects.get(pk=case.pk)
    # The facts stay: reference, state, dates, phenomenon, the gap's and request's states.
    assert (after.reference, after.state, after.phenomenon) == (
        case.reference,
        "ended",
        case.phenomenon,
    )
    assert after.ended_at is not None and after.referred_at == case.referred_at
    assert after.codename == builtin.ANONYMOUS_CODENAME and after.summary == ""
    gap = Gap.objects.get(pk=one["gap"].pk)
    assert gap.status == "requested" and gap.description == builtin.ERASED_TEXT
    rfi = InformationRequest.objects.get(pk=one["rfi"].pk)
    assert (rfi.status, rfi.due_date, rfi.legal_basis_id) == (
        one["rfi"].status,
        one["rfi"].due_date,
        one["rfi"].legal_basis_id,
    )
    assert rfi.question == builtin.ERASED_TEXT
    assert CaseEvent.objects.filter(case=case.pk, kind="note").exists()

    assert verify_chain().ok
    text = _everything()
    assert mark not in text and mark.lower() not in text.lower()
    assert held_mark in text
    assert _found(w.analyst, mark) == []
    assert _found(w.analyst, held_mark) == [held["case"].pk]

    # The quality monitor and the advisory counts still work on the anonymised case.
    start, end = date.today() - timedelta(days=30), date.today() + timedelta(days=1)
    for code in indicators.INDICATORS:
        indicators.compute(code, start, end)
    cells = sources.cells(start, end, None)
    assert cells

    again = services.apply_retention(timezone.now() + LATER)
    assert again is not None and [i["outcome"] for i in again.items] == ["withheld"]


def test_rules_for_the_new_types_are_validated() -> None:
    from weerstand.core.errors import ValidationFailed

    w = b.world()
    with pytest.raises(ValidationFailed):  # a case file is anonymised, never destroyed
        b.rule(w, object_type="case_file", counted_from="case_closed", action="destroy")
    with pytest.raises(ValidationFailed):  # a signal has no product date
        b.rule(w, object_type="signal", counted_from="product_date")
    with pytest.raises(ValidationFailed):
        b.rule(w, object_type="threat_product", counted_from="signal_date")

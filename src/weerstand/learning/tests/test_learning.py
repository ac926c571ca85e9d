"""Evaluations and post-incident reviews: opened automatically, completed is final by every
path, actions overdue alert once, lessons linked both ways, need-to-know by attack."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from weerstand import testing as t
from weerstand.core.errors import ConcurrencyConflict, NotPermitted, ValidationFailed
from weerstand.experience.tests import builders as b
from weerstand.learning import selectors, services
from weerstand.learning.models import (
    Contribution,
    Evaluation,
    Finalised,
    IncidentReview,
    LessonLink,
)
from weerstand.policy.models import Alert
from weerstand.signals import services as signals
from weerstand.signals.services import SignalData

pytestmark = pytest.mark.django_db
NOW = timezone.now().replace(microsecond=0)
MARKER = "ZQX-LEERMARKER-7731"


def _incident(actor: Any, case: Any = None, **kw: Any) -> Any:
    return signals.record_signal(
        actor,
        SignalData(
            what="Auto reed in op de beveiligde woning.",
            happened_at=NOW - timedelta(hours=1),
            kind="incident",
            case_id=case.pk if case else None,
            **kw,
        ),
        now=NOW,
    )


def _fill(obj: Any, actor: Any, kind: str) -> Any:
    values = {f: f"Tekst bij {f}." for f in services.sections_of(obj)}
    return services.update_sections(actor, kind, obj.pk, values, expected_version=obj.version)


def test_a_stop_in_force_opens_the_evaluation_once() -> None:
    world = b.started()
    assert not Evaluation.objects.exists()  # a start is no trigger
    stop = b.stop(world)
    evaluation = Evaluation.objects.get()
    assert (evaluation.decision_id, evaluation.case_id, evaluation.trigger) == (
        stop.pk,
        world.case.pk,
        "stop",
    )
    assert evaluation.owner_id == world.w.author.pk  # the case owner
    assert services.open_missing_evaluations() == 0  # the job finds nothing missing
    Evaluation.objects.all()._raw_delete(Evaluation.objects.db)  # lost: the job reopens it
    assert services.open_missing_evaluations() == 1
    # The person's experience is read through the experience app's rules: the team sees it.
    exp = selectors.experience(world.expert, Evaluation.objects.get())
    assert len(exp.rows) == 2


def test_every_incident_signal_opens_a_review_that_follows_the_case() -> None:
    analyst = t.user("analyst")
    case = t.case(analyst, team=(analyst,), owner=analyst)
    with_case = _incident(analyst, case)
    review = IncidentReview.objects.get(signal=with_case)
    assert review.case_id == case.pk and review.owner_id == analyst.pk
    signals.record_signal(
        analyst,
        SignalData(what="Gewone waarneming.", happened_at=NOW - timedelta(hours=1)),
        now=NOW,
    )
    assert IncidentReview.objects.count() == 1  # only incidents
    loose = _incident(analyst, subject="Iemand bij de school")
    review = IncidentReview.objects.get(signal=loose)
    assert review.case_id is None
    signals.triage_signal(analyst, loose.pk, decision="link", case_id=case.pk, note="Hoort hierbij")
    review.refresh_from_db()
    assert review.case_id == case.pk
    IncidentReview.objects.filter(pk=review.pk)._raw_delete(IncidentReview.objects.db)
    assert services.open_missing_incident_reviews() == 1
    assert services.open_missing_incident_reviews() == 0


def test_completed_is_final_by_service_api_and_model() -> None:
    analyst = t.user("analyst")
    police = t.user("police_liaison", organisation=t.org("police"))
    case = t.case(analyst, team=(analyst, police), owner=analyst)
    review = IncidentReview.objects.get(signal=_incident(analyst, case))
    with pytest.raises(ValidationFailed):  # sections empty
        services.complete(analyst, "review", review.pk, expected_version=None)
    with pytest.raises(NotPermitted):  # partners contribute, they do not write sections
        services.update_sections(police, "review", review.pk, {"decided": "x"}, expected_version=1)
    services.add_contribution(police, "review", review.pk, "De politie zag het zo.")
    review = _fill(review, analyst, "review")
    with pytest.raises(ConcurrencyConflict):  # a stale save changes nothing
        services.update_sections(analyst, "review", review.pk, {"decided": "y"}, expected_version=1)
    services.complete(analyst, "review", review.pk, expected_version=review.version)
    review.refresh_from_db()
    with pytest.raises(Finalised):
        services.update_sections(
            analyst, "review", review.pk, {"decided": "z"}, expected_version=review.version
        )
    with pytest.raises(Finalised):
        services.complete(analyst, "review", review.pk, expected_version=None)
    with pytest.raises(Finalised):  # the model itself refuses
        review.decided = "stiekem"
        review.save()
    with pytest.raises(Finalised):
        review.delete()
    with pytest.raises(Finalised):  # a partner cannot add after completion
        services.add_contribution(police, "review", review.pk, "Nog iets.")
    fix = services.add_contribution(analyst, "review", review.pk, "Correctie: het was 22 uur.")
    assert fix.kind == "correction"
    with pytest.raises(Finalised):
        fix.text = "anders"
        fix.save()
    api = t.api_client(analyst)
    url = f"/api/v1/incident-reviews/{review.pk}"
    got = api.get(url)
    assert got.status_code == 200 and got.json()["status"] == "completed"
    patched = api.patch(url, {"decided": "API"}, HTTP_IF_MATCH=f'"{review.version}"')
    assert patched.status_code == 409, patched.content
    assert api.post(f"{url}/complete", {}).status_code == 409
    assert api.patch(url, {"decided": "x"}).status_code == 428
    assert api.patch(url, {"bogus": "x"}, HTTP_IF_MATCH='"1"').status_code == 400


def test_api_edit_contribute_complete_and_actions() -> None:
    analyst = t.user("analyst")
    police = t.user("police_liaison", organisation=t.org("police"))
    case = t.case(analyst, team=(analyst, police), owner=analyst)
    review = IncidentReview.objects.get(signal=_incident(analyst, case))
    api = t.api_client(analyst)
    url = f"/api/v1/incident-reviews/{review.pk}"
    body = {"knownBefore": "a", "decided": "b", "happened": "c", "lessons": "d"}
    ok = api.patch(url, body, HTTP_IF_MATCH='"1"')
    assert ok.status_code == 200 and ok.json()["version"] == 2
    assert api.patch(url, {"decided": "e"}, HTTP_IF_MATCH='"1"').status_code == 412
    p = t.api_client(police)
    assert p.patch(url, {"decided": "e"}, HTTP_IF_MATCH='"2"').status_code == 403
    assert p.post(f"{url}/contributions", {"text": "Politie: snel ter plaatse."}).status_code == 201
    due = (timezone.localdate() + timedelta(days=3)).isoformat()
    made = api.post(
        f"{url}/actions", {"description": "Camera plaatsen", "assignee": police.pk, "dueOn": due}
    )
    assert made.status_code == 201, made.content
    action_id = made.json()["id"]
    assert api.get(f"{url}/actions").json()["results"][0]["id"] == action_id
    done_url = f"{url}/actions/{action_id}/completions"
    assert p.post(done_url, {"note": ""}).status_code == 400  # done needs a note
    assert p.post(done_url, {"note": "Geplaatst."}).status_code == 201
    assert api.post(f"{url}/complete", {}, HTTP_IF_MATCH='"2"').json()["status"] == "completed"
    assert t.api_client(police).get("/api/v1/evaluations").status_code == 200


def test_overdue_action_alerts_assignee_and_owner_once() -> None:
    owner = t.user("analyst")
    other = t.user("analyst")
    case = t.case(owner, team=(owner, other), owner=owner)
    review = IncidentReview.objects.get(signal=_incident(owner, case))
    action = services.add_action(
        owner,
        "review",
        review.pk,
        services.ActionData("Evalueer route", other.pk, timezone.localdate()),
    )
    outsider = t.user("analyst")
    with pytest.raises(ValidationFailed):  # the assignee must be able to read the review
        services.add_action(
            owner,
            "review",
            review.pk,
            services.ActionData("x y z", outsider.pk, timezone.localdate()),
        )
    before = Alert.objects.count()
    later = timezone.now() + timedelta(days=2)
    assert services.alert_overdue_actions(later) == 1
    assert services.alert_overdue_actions(later) == 0  # once
    assert Alert.objects.count() == before + 2
    assert set(Alert.objects.order_by("-pk")[:2].values_list("recipient", flat=True)) == {
        owner.pk,
        other.pk,
    }
    with pytest.raises(ValidationFailed):
        services.complete_action(other, action.pk, "")
    done = services.complete_action(other, action.pk, "Route aangepast.")
    assert done.status == "done"
    with pytest.raises(Finalised):
        services.complete_action(other, action.pk, "Nog eens.")


def test_lessons_are_linked_both_ways(client: Any) -> None:
    from weerstand.assessments.models import MethodTemplate

    senior = t.user("senior_analyst")
    case = t.case(senior, team=(senior,), owner=senior)
    review = IncidentReview.objects.get(signal=_incident(senior, case))
    lesson = services.add_lesson(senior, "review", review.pk, f"Scenario auto-aanval {MARKER}")
    template = MethodTemplate.objects.create(phenomenon="organised_crime", version=7, name="OC")
    link = services.link_lesson(senior, lesson.pk, "method_template", template.pk)
    assert (link.target_version, LessonLink.objects.count()) == (7, 1)
    with pytest.raises(ValidationFailed):
        services.link_lesson(senior, lesson.pk, "measure", 999999)
    assert selectors.lessons_for_target(senior, "method_template", template.pk) == [lesson]
    t.login(client, senior)
    page = client.get(reverse("learning:detail", args=["nabesprekingen", review.pk])).content
    assert b"OC (v7)" in page
    methods = client.get(reverse("assessments:methods")).content.decode()
    # the template is in force for organised crime, so its page shows the lesson
    assert MARKER in methods
    other = t.user("senior_analyst")
    assert selectors.lessons_for_target(other, "method_template", template.pk) == []


def test_leak_marker_in_a_crown_witness_review_reaches_no_one_else(client: Any) -> None:
    om = t.user("om_officer", organisation=t.org("om"))
    member = t.user("analyst")
    outsider_team = t.user("analyst")
    quality_in = t.user("quality_officer")
    quality_out = t.user("quality_officer")
    inspector = t.user("inspector")
    mayor = t.user("mayor")
    admin = t.user("system_admin")
    case = t.case(member, team=(member, outsider_team, om), owner=member)
    t.restrict(case, members=(om, member, quality_in))
    review = IncidentReview.objects.get(signal=_incident(member, case))
    services.update_sections(member, "review", review.pk, {"happened": MARKER}, expected_version=1)
    services.add_contribution(om, "review", review.pk, f"OM {MARKER}")
    services.add_lesson(member, "review", review.pk, f"Les {MARKER}")
    assert IncidentReview.objects.visible_to(quality_in).filter(pk=review.pk).exists()
    assert IncidentReview.objects.visible_to(member).filter(pk=review.pk).exists()
    for u in (outsider_team, quality_out, inspector, mayor, admin):
        assert not IncidentReview.objects.visible_to(u).exists()
        assert not Contribution.objects.visible_to(u).exists()
        assert selectors.counts(u)["reviews_open"] == 0
        api = t.api_client(u)
        listed = api.get("/api/v1/incident-reviews")
        assert MARKER not in listed.content.decode()
        assert listed.status_code in (200, 404)
        if listed.status_code == 200:
            assert listed.json()["count"] == 0
        for path in ("", "/actions", "/lessons"):
            r = api.get(f"/api/v1/incident-reviews/{review.pk}{path}")
            assert r.status_code == 404 and MARKER not in r.content.decode()
        r = api.post(f"/api/v1/incident-reviews/{review.pk}/contributions", {"text": "hoi hoi"})
        assert r.status_code == 404
        client.logout()
        t.login(client, u)
        for url in (
            reverse("learning:overview"),
            reverse("learning:detail", args=["nabesprekingen", review.pk]),
            reverse("cases:detail", args=[case.pk]),
        ):
            resp = client.get(url)
            assert MARKER not in resp.content.decode(), (u, url)


def test_web_stale_save_keeps_the_text_and_says_why(client: Any) -> None:
    analyst = t.user("analyst")
    case = t.case(analyst, team=(analyst,), owner=analyst)
    review = IncidentReview.objects.get(signal=_incident(analyst, case))
    url = reverse("learning:detail", args=["nabesprekingen", review.pk])
    t.login(client, analyst)
    page = client.get(url).content.decode()
    assert 'name="version"' in page
    services.update_sections(analyst, "review", review.pk, {"decided": "eerst"}, expected_version=1)
    mine = "Mijn zorgvuldige tekst over de avond"
    answer = client.post(
        url,
        {"known_before": "", "decided": mine, "happened": "", "lessons": "", "version": "1"},
    )
    assert answer.status_code == 412
    body = answer.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd" in body and mine in body
    review.refresh_from_db()
    assert review.decided == "eerst"
    ok = client.post(
        url, {"known_before": "a", "decided": "b", "happened": "c", "lessons": "d", "version": "2"}
    )
    assert ok.status_code == 302
    complete = client.post(
        reverse("learning:complete", args=["nabesprekingen", review.pk]), {"version": "3"}
    )
    assert complete.status_code == 302
    review.refresh_from_db()
    assert review.status == "completed"
    # After completion the page shows no edit form, and a posted edit is refused (409).
    assert 'name="version"' not in client.get(url).content.decode().split("Afronden")[0]
    stale = client.post(
        url, {"known_before": "x", "decided": "y", "happened": "z", "lessons": "w", "version": "4"}
    )
    assert stale.status_code == 409


def test_a_lesson_shows_on_the_catalogue_version_it_led_to(client: Any) -> None:
    from weerstand.catalogue.models import Measure

    dm = t.user("decision_maker")
    analyst = t.user("analyst")
    case = t.case(analyst, team=(analyst, dm), owner=analyst)
    review = IncidentReview.objects.get(signal=_incident(t.user("analyst"), case))
    lesson = services.add_lesson(dm, "review", review.pk, f"Avondsurveillance {MARKER}")
    measure = Measure.objects.create(
        code="avond", version=2, name="Avondsurveillance", effective_from=timezone.localdate()
    )
    services.link_lesson(dm, lesson.pk, "measure", measure.pk)
    t.login(client, dm)
    page = client.get(reverse("catalogue:history", args=["maatregel", "avond"])).content.decode()
    assert MARKER in page
    client.logout()
    other = t.user("decision_maker")  # may read the catalogue, not this case's review
    t.login(client, other)
    page = client.get(reverse("catalogue:history", args=["maatregel", "avond"])).content.decode()
    assert "Avondsurveillance" in page and MARKER not in page

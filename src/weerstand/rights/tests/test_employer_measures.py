"""The employer's own expected measures: recorded by the case team, confirmed by the employer
contact, followed up when overdue; the API with If-Match."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from weerstand import testing as t
from weerstand.core.errors import NotPermitted, ValidationFailed
from weerstand.policy.models import Alert
from weerstand.rights import services
from weerstand.rights.models import EmployerMeasure
from weerstand.rights.tests import relatives_builders as rb

pytestmark = pytest.mark.django_db
API = "/api/v1/employer-measures"


def _record(rw: rb.RWorld, **overrides: object) -> EmployerMeasure:
    data = {
        "contact": rw.employer.pk,
        "title": "Toegangscontrole bij de receptie",
        "due_on": timezone.localdate() + timedelta(days=14),
        "description": "Alleen bezoekers met een afspraak komen binnen.",
    }
    data.update(overrides)
    return services.record_employer_measure(
        rw.w.author,
        rw.case.pk,
        services.EmployerMeasureData(**data),
    )


def test_the_team_records_the_employer_confirms_the_owner_hears() -> None:
    rw = rb.linked_case()
    m = _record(rw)
    assert Alert.objects.filter(recipient=rw.employer_user, message__contains="maatregel").exists()
    # only an employer contact of this case can be named
    with pytest.raises(ValidationFailed):
        _record(rw, contact=rw.partner.pk)
    # the partner, the protectee and a partner liaison outside the team cannot confirm
    for u in (rw.partner_user, rw.protectee_user, rw.w.police_liaison):
        with pytest.raises((Http404, NotPermitted)):
            services.confirm_employer_measure(u, m.pk)
    done = services.confirm_employer_measure(rw.employer_user, m.pk, note="Poortje geplaatst.")
    assert done.status == "done" and done.confirmed_by == rw.employer_user
    assert Alert.objects.filter(recipient=rw.w.author, message__contains="bevestigd").exists()


def test_overdue_measures_are_followed_up_once() -> None:
    rw = rb.linked_case()
    m = _record(rw)
    later = m.due_on + timedelta(days=1)
    assert services.follow_up_employer_measures(later) == 1
    assert services.follow_up_employer_measures(later) == 0  # idempotent
    assert Alert.objects.filter(recipient=rw.w.author, message__contains="nog niet").count() == 1
    # a new due date is followed up again
    m.refresh_from_db()
    services.update_employer_measure(
        rw.w.author, m.pk, {"due_on": later + timedelta(days=3)}, expected_version=m.version
    )
    assert services.follow_up_employer_measures(later + timedelta(days=5)) == 1


def test_api_create_patch_with_if_match_and_confirm() -> None:
    rw = rb.linked_case()
    team = t.api_client(rw.w.author)
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    body = {
        "case": rw.case.pk,
        "contact": rw.employer.pk,
        "title": "Slot op de achterdeur",
        "dueOn": due,
    }
    assert team.post(API, {**body, "extra": 1}).status_code == 400
    created = team.post(API, body)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert team.patch(f"{API}/{pk}", {"title": "Nieuw"}).status_code == 428
    stale = team.patch(f"{API}/{pk}", {"title": "Nieuw"}, HTTP_IF_MATCH='"99"')
    assert stale.status_code in (409, 412)
    etag = team.get(f"{API}/{pk}")["ETag"]
    changed = team.patch(f"{API}/{pk}", {"title": "Slot en camera"}, HTTP_IF_MATCH=etag)
    assert changed.status_code == 200 and changed.json()["title"] == "Slot en camera"
    employer = t.api_client(rw.employer_user)
    assert [m["id"] for m in employer.get(API).json()["results"]] == [pk]
    assert employer.patch(f"{API}/{pk}", {"title": "x"}, HTTP_IF_MATCH=etag).status_code in (
        403,
        404,
        412,
    )
    confirmed = employer.post(f"{API}/{pk}/confirmations", {"note": "Gedaan."})
    assert confirmed.status_code == 201 and confirmed.json()["status"] == "done"
    for other in (rw.partner_user, rw.protectee_user):
        client = t.api_client(other)
        assert client.get(f"{API}/{pk}").status_code == 404
        assert client.get(API).status_code in (200, 404)
        if client.get(API).status_code == 200:
            assert client.get(API).json()["results"] == []

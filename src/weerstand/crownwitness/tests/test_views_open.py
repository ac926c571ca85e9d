"""Opening a trajectory and changing its status on the web: OM only, with readable errors;
publication cannot be chosen as a status on the page."""

from __future__ import annotations

import pytest
from django.test import Client

from weerstand import testing as t
from weerstand.crownwitness.models import Trajectory
from weerstand.crownwitness.tests.helpers import open_trajectory

pytestmark = pytest.mark.django_db


def test_om_opens_a_trajectory_on_the_page() -> None:
    om, om2 = t.user("om_officer"), t.user("om_officer")
    client = Client()
    t.login(client, om)
    r = client.get("/kroongetuigen/")
    assert "/kroongetuigen/nieuw" in r.content.decode()
    r = client.get("/kroongetuigen/nieuw")
    assert r.status_code == 200 and om2.display_name in r.content.decode()
    r = client.post("/kroongetuigen/nieuw", {"title": "Traject Pagina", "reason": "kort"})
    assert r.status_code == 400
    r = client.post(
        "/kroongetuigen/nieuw",
        {"title": "Traject Pagina", "co_owner": om2.pk, "reason": "Toezegging in overweging"},
    )
    assert r.status_code == 302
    trajectory = Trajectory.objects.get(title="Traject Pagina")
    assert r["Location"] == f"/kroongetuigen/{trajectory.pk}"
    analyst = Client()
    t.login(analyst, t.user("analyst"))
    assert analyst.get("/kroongetuigen/nieuw").status_code == 404
    assert "/kroongetuigen/nieuw" not in analyst.get("/kroongetuigen/").content.decode()


def test_status_on_the_page_never_publishes() -> None:
    s = open_trajectory()
    client = Client()
    t.login(client, s.om)
    url = f"/kroongetuigen/{s.trajectory.pk}/status"
    r = client.post(url, {"status": "published", "reason": "Nu bekendmaken", "version": 1})
    assert r.status_code == 400
    s.trajectory.refresh_from_db()
    assert s.trajectory.status == "considered"
    r = client.post(
        url, {"status": "running", "reason": "Afspraken worden voorbereid", "version": 1}
    )
    assert r.status_code == 302
    s.trajectory.refresh_from_db()
    assert s.trajectory.status == "running"
    r = client.post(url, {"status": "stopped", "reason": "Weging valt negatief uit", "version": 1})
    assert r.status_code in (409, 412) and "collega" in r.content.decode()

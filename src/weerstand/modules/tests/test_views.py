"""Pages: the portal panel and the module page (section by section) for the person, the
case-page section and the assign form for the resilience expert."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from weerstand import testing as t
from weerstand.modules import services
from weerstand.modules.models import ModuleAssignment, ModuleSection
from weerstand.modules.tests import builders as b

pytestmark = pytest.mark.django_db


def test_the_person_follows_a_module_in_the_portal(client) -> None:
    w = b.world()
    version = b.version()
    a = services.assign_module(
        w.expert, w.case.pk, w.protectee_link.pk, version.pk, note="Rustig aan."
    )
    t.login(client, w.portal)
    home = client.get(reverse("core:home")).content.decode()
    assert "Begin aan de module Veilig online" in home and "0 van 4 delen klaar" in home
    assert w.case.reference not in home
    home = client.get(reverse("portal:overview")).content.decode()
    assert "Uw modules" in home and "Veilig online" in home and "0 van 4 delen klaar" in home
    assert w.case.reference not in home
    page = client.get(reverse("modules:assignment", args=[a.pk])).content.decode()
    assert "Wat weten anderen over u?" in page and "Rustig aan." in page
    assert "<progress" in page and w.case.reference not in page
    first, second = ModuleSection.objects.filter(version=version).order_by("position")[:2]
    done = client.post(
        reverse("modules:section-done", args=[a.pk]), {"section": first.pk, "next": "2"}
    )
    assert done.status_code == 302 and done.url.endswith("?deel=2")
    page = client.get(done.url).content.decode()
    assert "1 van 4 delen klaar" in page and second.title in page
    assert re.search(r'aria-current="step"[^>]*>Uw telefoon', page)
    index = client.get(reverse("modules:index")).content.decode()
    assert "25%" in index
    # In English the content is English.
    client.cookies["django_language"] = "en"
    english = client.get(reverse("modules:assignment", args=[a.pk]) + "?deel=1")
    assert "What do others know about you?" in english.content.decode()


def test_the_expert_assigns_from_the_case_page_and_sees_progress(client) -> None:
    w = b.world()
    t.login(client, w.expert)
    case_page = client.get(w.case.get_absolute_url()).content.decode()
    assert "Modules weerbaarheid" in case_page and "Module toewijzen" in case_page
    url = reverse("modules:assign", args=[w.case.pk])
    form = client.get(url).content.decode()
    assert "Thomas Wijnberg" in form and "Veilig online" in form
    posted = client.post(
        url,
        {
            "case_person": w.partner_link.pk,
            "module_version": b.version("partner-beveiligd").pk,
            "note": "",
        },
    )
    assert posted.status_code == 302
    a = ModuleAssignment.objects.get(person=w.partner)
    case_page = client.get(w.case.get_absolute_url()).content.decode()
    assert "Als je partner beveiligd wordt" in case_page and "0 van 4 delen (0%)" in case_page
    # The expert reads the module page but gets no button to tick.
    page = client.get(reverse("modules:assignment", args=[a.pk])).content.decode()
    assert "form-section-done" not in page
    # An analyst of the team sees the section without the assign link, and no form.
    client.logout()
    t.login(client, w.analyst)
    case_page = client.get(w.case.get_absolute_url()).content.decode()
    assert "Als je partner beveiligd wordt" in case_page and "Module toewijzen" not in case_page
    assert client.get(url).status_code == 404


def test_the_module_pages_are_closed_to_others(client) -> None:
    w = b.world()
    a = services.assign_module(w.expert, w.case.pk, w.protectee_link.pk, b.version().pk)
    for outsider in (w.partner_portal, t.user("analyst"), t.user("police_liaison")):
        client.logout()
        t.login(client, outsider)
        assert client.get(reverse("modules:assignment", args=[a.pk])).status_code == 404
        assert client.post(
            reverse("modules:section-done", args=[a.pk]), {"section": 1}
        ).status_code in (302, 404)
    assert ModuleAssignment.objects.get(pk=a.pk).version == 1


def test_pages_are_structurally_accessible(client) -> None:
    from weerstand.core.tests.test_views_a11y import check
    from weerstand.experience import services as experience
    from weerstand.experience.models import ExperienceQuestionnaire
    from weerstand.experience.tests import builders as eb

    world = eb.started()
    services.load_content()
    from weerstand.cases.models import CasePerson

    link = CasePerson.objects.get(case=world.case, role="protectee")
    a = services.assign_module(world.expert, world.case.pk, link.pk, b.version().pk, note="Hoi")
    eb.stop(world)
    q = ExperienceQuestionnaire.objects.get(recipient=world.portal)
    t.login(client, world.portal)
    urls = [
        reverse("core:home"),
        reverse("modules:index"),
        reverse("modules:assignment", args=[a.pk]),
        reverse("experience:answer", args=[q.pk]),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert check(html) == [], (url, check(html))
    errors = client.post(reverse("experience:answer", args=[q.pk]), {"one_voice": "3"})
    assert errors.status_code == 400 and check(errors.content.decode()) == []
    experience.answer_questionnaire(world.portal, q.pk, eb.SCORES, "Prima")
    client.logout()
    t.login(client, world.expert)
    for url in (
        world.case.get_absolute_url(),
        reverse("modules:index"),
        reverse("modules:assign", args=[world.case.pk]),
        reverse("modules:version", args=[a.module_version_id]),
    ):
        html = client.get(url).content.decode()
        assert check(html) == [], (url, check(html))
    errors = client.post(reverse("modules:assign", args=[world.case.pk]), {"note": "x"})
    assert errors.status_code == 400 and check(errors.content.decode()) == []

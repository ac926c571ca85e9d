"""The portal: the invitation on the start page, the answer page (no preselected answer),
answering once or declining; the case-page section for the team."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from weerstand import testing as t
from weerstand.experience.models import ExperienceQuestionnaire
from weerstand.experience.tests import builders as b

pytestmark = pytest.mark.django_db


def test_the_person_is_invited_answers_once_and_the_team_sees_it(client) -> None:
    world = b.started()
    b.stop(world)
    mine = ExperienceQuestionnaire.objects.get(recipient=world.portal)
    t.login(client, world.portal)
    home = client.get(reverse("core:home")).content.decode()
    assert "Vertel ons hoe u de beveiliging hebt ervaren" in home
    assert reverse("experience:answer", args=[mine.pk]) in home
    home = client.get(reverse("portal:overview")).content.decode()
    assert (
        "Hoe hebt u het ervaren?" in home and reverse("experience:answer", args=[mine.pk]) in home
    )
    url = reverse("experience:answer", args=[mine.pk])
    page = client.get(url).content.decode()
    assert "Ik wist wie ik kon bellen." in page and "Ik begreep waarom dit besloten werd." in page
    assert "checked" not in page  # no answer preselected
    assert world.case.reference not in page, page[page.find(world.case.reference) - 300 :][:400]
    assert not re.search(r"\bstop\b", page)
    missing = client.post(url, {"knew_whom_to_call": "4"})
    assert missing.status_code == 400 and "Kies een antwoord." in missing.content.decode()
    data = {**{k: str(v) for k, v in b.SCORES.items()}, "open_answer": "Fijne contactpersoon."}
    assert client.post(url, data).status_code == 302
    mine.refresh_from_db()
    assert mine.status == "answered" and mine.open_answer == "Fijne contactpersoon."
    again = client.get(url).content.decode()
    assert "al beantwoord" in again and "form-experience" not in again
    home = client.get(reverse("core:home")).content.decode()
    assert reverse("experience:answer", args=[mine.pk]) not in home
    # The partner declines.
    partner = ExperienceQuestionnaire.objects.get(recipient=world.partner_portal)
    client.logout()
    t.login(client, world.partner_portal)
    assert client.get(url).status_code == 404
    assert client.post(reverse("experience:decline", args=[partner.pk])).status_code == 302
    assert ExperienceQuestionnaire.objects.get(pk=partner.pk).status == "declined"
    # The case team reads the evaluation on the case page.
    client.logout()
    t.login(client, world.expert)
    case_page = client.get(world.case.get_absolute_url()).content.decode()
    assert "Ervaring van de persoon" in case_page and "Fijne contactpersoon." in case_page
    assert re.search(r"Ik wist wie ik kon bellen\.</dt><dd>4 / 5", case_page)
    assert client.get(url).status_code == 404  # the team reads on the case page, never answers

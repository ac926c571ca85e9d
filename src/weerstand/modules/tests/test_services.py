"""Content as versioned data, assignment by the team's resilience expert, progress by the
person: the rules of `modules.services`, without HTTP."""

from __future__ import annotations

import pytest
from django.http import Http404

from weerstand import testing as t
from weerstand.core.errors import ConcurrencyConflict, NotPermitted, ValidationFailed
from weerstand.modules import selectors, services
from weerstand.modules.models import (
    Module,
    ModuleAssignment,
    ModuleSection,
    ModuleVersion,
    PublishedVersionChanged,
)
from weerstand.modules.tests import builders as b
from weerstand.policy.models import Alert

pytestmark = pytest.mark.django_db


def _data(**overrides: object) -> dict:
    data: dict = {
        "code": "rust-thuis",
        "audience": "adult",
        "title": "Rust in huis",
        "title_en": "Peace at home",
        "summary": "Hoe u thuis weer rust vindt.",
        "summary_en": "How to find peace at home again.",
        "sections": [
            {"title": "Slapen", "title_en": "Sleep", "body": "Ga op tijd naar bed.",
             "body_en": "Go to bed on time."},
        ],
    }  # fmt: skip
    data.update(overrides)
    return data


def test_shipped_content_loads_once_in_both_languages() -> None:
    first = services.load_content()
    assert first == {"published": 3, "present": 0}
    assert services.load_content() == {"published": 0, "present": 3}
    assert set(Module.objects.values_list("audience", flat=True)) == {"adult", "partner", "child"}
    for v in ModuleVersion.objects.all():
        sections = ModuleSection.objects.filter(version=v)
        assert sections.count() >= 3
        assert all(s.body and s.body_en and s.title_en for s in sections)


def test_only_the_expert_or_admin_publishes_and_a_published_version_never_changes() -> None:
    with pytest.raises(NotPermitted):
        services.publish_version(t.user("analyst"), _data())
    expert = t.user("resilience_expert")
    v1 = services.publish_version(expert, _data())
    v2 = services.publish_version(t.user("system_admin"), _data(title="Rust in huis (nieuw)"))
    assert (v1.number, v2.number) == (1, 2)
    with pytest.raises(ConcurrencyConflict):
        services.publish_version(expert, _data(version=2))
    with pytest.raises(ValidationFailed):
        services.publish_version(expert, _data(audience="child"))
    with pytest.raises(ValidationFailed):
        services.publish_version(expert, _data(sections=[{"title": "x"}]))
    v1.title = "Anders"
    with pytest.raises(PublishedVersionChanged):
        v1.save()
    with pytest.raises(PublishedVersionChanged):
        v1.delete()
    section = ModuleSection.objects.filter(version=v1).first()
    assert section is not None
    section.body = "Anders"
    with pytest.raises(PublishedVersionChanged):
        section.save()
    assert ModuleVersion.objects.get(pk=v1.pk).title == "Rust in huis"


def test_the_expert_of_the_team_assigns_and_the_person_is_told() -> None:
    w = b.world()
    version = b.version()
    a = services.assign_module(
        w.expert, w.case.pk, w.protectee_link.pk, version.pk, note="Begin rustig."
    )
    assert a.person_id == w.protectee.pk and a.note == "Begin rustig."
    alert = Alert.objects.get(recipient=w.portal)
    assert alert.case_id is None and "Veilig online" in alert.message
    with pytest.raises(ValidationFailed):  # the same module twice
        services.assign_module(w.expert, w.case.pk, w.protectee_link.pk, version.pk)
    # An analyst of the team may see, not assign; an expert outside the team reaches nothing.
    with pytest.raises(NotPermitted):
        services.assign_module(w.analyst, w.case.pk, w.partner_link.pk, version.pk)
    with pytest.raises(Http404):
        services.assign_module(
            t.user("resilience_expert"), w.case.pk, w.partner_link.pk, version.pk
        )


def test_only_persons_with_a_portal_account_and_no_professionals() -> None:
    from weerstand.cases.models import CasePerson

    w = b.world()
    version = b.version()
    child = CasePerson.objects.create(case=w.case, person=t.person("Lotte"), role="child")
    lawyer_person = t.person("Mr.", "Advocaat")
    lawyer = CasePerson.objects.create(case=w.case, person=lawyer_person, role="lawyer")
    b.portal_user(lawyer_person, "relative")
    with pytest.raises(ValidationFailed, match="geen account"):
        services.assign_module(w.expert, w.case.pk, child.pk, version.pk)
    with pytest.raises(ValidationFailed, match="naasten"):
        services.assign_module(w.expert, w.case.pk, lawyer.pk, version.pk)
    other = t.case(t.user("analyst"))
    stranger = CasePerson.objects.get(case=other, role="protectee")
    with pytest.raises(ValidationFailed):
        services.assign_module(w.expert, w.case.pk, stranger.pk, version.pk)
    assert {cp.pk for cp in selectors.assignable_persons(w.expert, w.case)} == {
        w.protectee_link.pk,
        w.partner_link.pk,
    }


def test_the_person_follows_section_by_section_to_completion() -> None:
    w = b.world()
    version = b.version()
    a = services.assign_module(w.expert, w.case.pk, w.protectee_link.pk, version.pk)
    sections = list(ModuleSection.objects.filter(version=version).order_by("position"))
    services.mark_section_done(w.portal, a.pk, sections[0].pk)
    services.mark_section_done(w.portal, a.pk, sections[0].pk)  # twice is once
    progress = selectors.progress_for([a])[a.pk]
    assert (progress.done, progress.total, progress.percent) == (1, 4, 25)
    # Not the expert, not the partner (whose account does not reach it), not a stale version.
    with pytest.raises(NotPermitted):
        services.mark_section_done(w.expert, a.pk, sections[1].pk)
    with pytest.raises(Http404):
        services.mark_section_done(w.partner_portal, a.pk, sections[1].pk)
    with pytest.raises(ConcurrencyConflict):
        services.mark_section_done(w.portal, a.pk, sections[1].pk, expected_version=1)
    other = ModuleSection.objects.exclude(version=version).first()
    assert other is not None
    with pytest.raises(ValidationFailed):
        services.mark_section_done(w.portal, a.pk, other.pk)
    for s in sections[1:]:
        a = services.mark_section_done(w.portal, a.pk, s.pk)
    assert a.completed_at is not None
    assert selectors.progress_for([a])[a.pk].percent == 100


def test_who_sees_an_assignment() -> None:
    w = b.world()
    a = services.assign_module(w.expert, w.case.pk, w.protectee_link.pk, b.version().pk)
    seen = {
        "expert": w.expert,
        "analyst": w.analyst,
        "person": w.portal,
        "inspector": t.user("inspector"),
    }
    hidden = {
        "partner": w.partner_portal,
        "other analyst": t.user("analyst"),
        "other expert": t.user("resilience_expert"),
        "police liaison": t.user("police_liaison"),
        "other protectee": b.portal_user(t.person("Ander")),
    }
    for who, u in seen.items():
        assert ModuleAssignment.objects.visible_to(u).filter(pk=a.pk).exists(), who
    for who, u in hidden.items():
        assert not ModuleAssignment.objects.visible_to(u).filter(pk=a.pk).exists(), who


def test_the_command_loads_the_shipped_modules_idempotently() -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("load_modules", stdout=out)
    call_command("load_modules", stdout=out)
    assert "3 moduleversies gepubliceerd" in out.getvalue()
    assert "0 moduleversies gepubliceerd, 3 waren er al" in out.getvalue()
    assert ModuleVersion.objects.count() == 3

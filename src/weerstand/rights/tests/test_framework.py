"""The framework of rights and obligations: versions, one in force, acknowledgements."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from weerstand import testing as t
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from weerstand.rights import services
from weerstand.rights.models import FrameworkAcknowledgement, FrameworkVersion
from weerstand.rights.tests import builders as b

pytestmark = pytest.mark.django_db


def old_version(number: int = 1, days_ago: int = 400) -> FrameworkVersion:
    """A version from the past (set-up: the service only adds versions from today on)."""
    return FrameworkVersion.objects.create(
        number=number,
        title="Eerste kader",
        effective_from=timezone.localdate() - timedelta(days=days_ago),
        person_text="Oude tekst voor de persoon.",
        employer_text="Oude tekst voor de werkgever.",
        state_text="Oude tekst voor de overheid.",
    )


def test_only_the_latest_begun_version_is_in_force() -> None:
    dm = t.user("decision_maker")
    first = old_version()
    assert services.framework_in_force() == first
    current = b.framework(dm)
    later = b.framework(dm, effective_from=timezone.localdate() + timedelta(days=30))
    assert (current.number, later.number) == (2, 3)
    assert services.framework_in_force() == current
    assert services.framework_in_force(timezone.localdate() + timedelta(days=30)) == later
    # Not for the past, not twice on one date, not by other roles.
    with pytest.raises(ValidationFailed):
        b.framework(dm, effective_from=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationFailed):
        b.framework(dm, effective_from=later.effective_from)
    with pytest.raises(NotPermitted):
        b.framework(t.user("analyst"), effective_from=timezone.localdate() + timedelta(days=60))
    assert (
        AuditRecord.objects.filter(
            action=AuditAction.CREATE, object_type="rights.frameworkversion"
        ).count()
        == 2
    )


def test_versions_in_force_are_frozen_future_ones_editable() -> None:
    dm = t.user("decision_maker")
    current = b.framework(dm)
    with pytest.raises(InvalidTransition):
        services.update_framework(dm, current.pk, {"title": "Nieuw"}, expected_version=1)
    later = b.framework(dm, effective_from=timezone.localdate() + timedelta(days=10))
    updated = services.update_framework(
        dm, later.pk, {"title": "Herzien kader"}, expected_version=1
    )
    assert updated.title == "Herzien kader" and updated.version == 2


def test_acknowledgement_per_version_and_a_new_version_asks_again() -> None:
    w = b.world()
    old_version()
    fw = b.framework(w.decider)
    user = w.protectee_user
    assert services.outstanding_framework(user) == fw
    client = Client()
    t.login(client, user)
    page = client.get(reverse("rights:framework")).content.decode()
    assert "Ik heb dit gelezen" in page and "Vertel ons als u op reis gaat." in page
    assert (
        "Tell us when you travel."
        in client.get(reverse("rights:framework") + "?lang=en").content.decode()
    )
    resp = client.post(reverse("rights:framework-acknowledge", args=[fw.pk]))
    assert resp.status_code == 302
    ack = FrameworkAcknowledgement.objects.get(user=user)
    assert ack.framework == fw and ack.person == w.protectee
    assert services.outstanding_framework(user) is None
    client.post(reverse("rights:framework-acknowledge", args=[fw.pk]))  # twice: no second row
    assert FrameworkAcknowledgement.objects.filter(user=user).count() == 1
    # An old version cannot be acknowledged.
    with pytest.raises(InvalidTransition):
        services.acknowledge_framework(user, FrameworkVersion.objects.get(number=1).pk)
    # A newer version in force asks again.
    FrameworkVersion.objects.filter(pk=fw.pk).update(
        effective_from=timezone.localdate() - timedelta(days=5)
    )
    newer = b.framework(w.decider)
    assert services.outstanding_framework(user) == newer
    home = client.get(reverse("core:home")).content.decode()
    assert "Lees uw rechten en plichten en bevestig dat u ze hebt gelezen" in home
    home = client.get(reverse("portal:overview")).content.decode()
    assert "Er is een nieuwe versie van uw rechten en plichten." in home


def test_relative_and_employer_acknowledge_too_staff_cannot() -> None:
    dm = t.user("decision_maker")
    fw = b.framework(dm)
    for role in ("relative", "employer"):
        u = t.user(role, clearance=0)
        from weerstand.accounts.models import User

        User.objects.filter(pk=u.pk).update(person=t.person(last=role))
        u = User.objects.get(pk=u.pk)
        assert services.acknowledge_framework(u, fw.pk).person_id == u.person_id
    with pytest.raises(NotPermitted):
        services.acknowledge_framework(dm, fw.pk)


def test_future_versions_hidden_from_portal_users() -> None:
    w = b.world()
    b.framework(w.decider)
    later = b.framework(w.decider, effective_from=timezone.localdate() + timedelta(days=10),
                        title="TOEKOMSTIG-KADER")  # fmt: skip
    api = t.api_client(w.protectee_user)
    data = api.get("/api/v1/rights-frameworks").json()
    assert "TOEKOMSTIG-KADER" not in str(data)
    assert api.get(f"/api/v1/rights-frameworks/{later.pk}").status_code == 404
    assert "TOEKOMSTIG-KADER" in str(
        t.api_client(w.decider).get("/api/v1/rights-frameworks").json()
    )


def test_owner_panel_lists_protectees_who_have_not_read() -> None:
    w = b.world()
    fw = b.framework(w.decider)
    client = Client()
    t.login(client, w.analyst)
    home = client.get(reverse("core:home")).content.decode()
    assert "Kader rechten en plichten bespreken" in home and w.case.reference in home
    services.acknowledge_framework(w.protectee_user, fw.pk)
    home = client.get(reverse("core:home")).content.decode()
    assert "Kader rechten en plichten bespreken" not in home


def test_decision_maker_manages_versions_through_pages() -> None:
    dm = t.user("decision_maker")
    client = Client()
    t.login(client, dm)
    assert client.get(reverse("rights:framework-create")).status_code == 200
    data = {
        "title": "Kader 2027",
        "effective_from": (timezone.localdate() + timedelta(days=20)).isoformat(),
        "person_text": "U volgt de afspraken.",
        "employer_text": "De werkgever helpt mee.",
        "state_text": "De overheid beveiligt.",
    }
    assert client.post(reverse("rights:framework-create"), data).status_code == 302
    fw = FrameworkVersion.objects.get(title="Kader 2027")
    page = client.get(reverse("rights:framework-versions")).content.decode()
    assert "Kader 2027" in page and reverse("rights:framework-edit", args=[fw.pk]) in page
    edit = {**data, "title": "Kader 2027 herzien", "version": 1}
    assert client.post(reverse("rights:framework-edit", args=[fw.pk]), edit).status_code == 302
    assert client.post(reverse("rights:framework-edit", args=[fw.pk]), edit).status_code == 412
    analyst = Client()
    t.login(analyst, t.user("analyst"))
    assert analyst.get(reverse("rights:framework-versions")).status_code == 404

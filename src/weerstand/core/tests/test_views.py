"""Start page per role, alerts, aggregates with small-cell suppression, and the English switch."""

from __future__ import annotations

import re
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.signals import setting_changed
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from weerstand import testing as t
from weerstand.accounts.services import is_verified
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.cases.aggregates import COMPLEMENTARY, SUPPRESSED, suppress
from weerstand.cases.models import Case, CaseState
from weerstand.policy.models import Alert, CompartmentMembership

pytestmark = pytest.mark.django_db


def signed_in(*roles: str, **kwargs: Any) -> tuple[Client, Any]:
    client = Client()
    u = t.user(*roles, **kwargs)
    t.login(client, u)
    return client, u


def work_titles(resp: Any) -> list[tuple[str, str]]:
    """The start page's work items as (title, case reference), in the order shown."""
    return [(str(w.item.title), w.item.case_reference) for w in resp.context["work"]]


# --- signing in for tests --------------------------------------------------------------------


def test_login_helper_yields_a_verified_session() -> None:
    client, u = signed_in("analyst")
    resp = client.get(reverse("core:home"))
    assert resp.status_code == 200
    assert is_verified(resp.wsgi_request.user)
    assert u.display_name in resp.content.decode()


# --- start page ------------------------------------------------------------------------------


def test_analyst_start_page_lists_intake_and_recalibration_as_work_by_deadline() -> None:
    client, analyst = signed_in("analyst")
    referrer = t.user("mayor")
    intake = t.case(referrer, codename="Binnenkomer")
    mine = t.case(referrer, team=(analyst,), codename="Eigen", state=CaseState.PROTECTION_ACTIVE)
    overdue = t.case(
        referrer, team=(analyst,), codename="Te laat", state=CaseState.PROTECTION_ACTIVE
    )
    today = timezone.localdate()
    Case.objects.filter(pk=mine.pk).update(next_recalibration=today + timedelta(days=3))
    Case.objects.filter(pk=overdue.pk).update(next_recalibration=today - timedelta(days=3))
    resp = client.get(reverse("core:home"))
    titles = work_titles(resp)
    assert ("Aanmelding beoordelen", intake.reference) in titles
    body = resp.content.decode()
    assert body.count("<h1") == 1
    assert "Wat u vandaag moet doen" in body
    # The cases of the analyst's teams are a count that leads to the case list.
    counts = {str(c.label): c for c in resp.context["counts"]}
    assert counts["casussen in uw team"].n == 2
    assert counts["casussen in uw team"].url == reverse("cases:list")
    assert ("Eerste dreigingsbeeld opstellen", mine.reference) in titles
    assert ("Eerste dreigingsbeeld opstellen", overdue.reference) in titles
    shown = {
        pk
        for rec in AuditRecord.objects.filter(
            action=AuditAction.LIST, actor_id=analyst.pk, object_type="cases.case"
        )
        for pk in rec.changes["ids"]
    }
    assert {intake.pk, mine.pk, overdue.pk} <= shown


def test_start_page_per_role() -> None:
    t.case(t.user("mayor"), codename="Niet voor hen")
    client, _ = signed_in("decision_maker")
    resp = client.get(reverse("core:home"))
    assert not any("Aanmelding" in title for title, _ref in work_titles(resp))

    client, _ = signed_in("inspector")
    resp = client.get(reverse("core:home"))
    assert resp.context["work"] == []  # an inspector reads, and is given no jobs

    client, _ = signed_in("advisory_body")
    resp = client.get(reverse("core:home"))
    body = resp.content.decode()
    assert resp.context["work"] == [] and resp.context["counts"] == []
    assert "Niet voor hen" not in body

    client, _ = signed_in("system_admin")
    resp = client.get(reverse("core:home"))
    body = resp.content.decode()
    assert resp.context["work"] == [] and "Niet voor hen" not in body
    assert reverse("cases:list") not in body


def test_alerts_are_rechecked_and_only_the_recipient_marks_them_read() -> None:
    client, owner = signed_in("analyst")
    case = t.case(t.user("mayor"), owner=owner, state=CaseState.PROTECTION_ACTIVE)
    alert = Alert.objects.create(recipient=owner, case=case, message="Noodtoegang door X")
    body = client.get(reverse("core:home")).content.decode()
    assert "Noodtoegang door X" in body and "1 ongelezen melding" in body

    stranger, _ = signed_in("analyst")
    assert stranger.post(reverse("core:alert-read", args=[alert.pk])).status_code == 404
    alert.refresh_from_db()
    assert alert.read_at is None

    # Someone who left the team no longer reads (or counts) alerts about that case.
    CompartmentMembership.objects.filter(compartment=case.team, user=owner).delete()
    body = client.get(reverse("core:home")).content.decode()
    assert "Noodtoegang door X" not in body and "1 ongelezen melding" not in body
    assert client.post(reverse("core:alert-read", args=[alert.pk])).status_code == 404


def test_marking_an_alert_read_is_audited() -> None:
    client, owner = signed_in("analyst")
    alert = Alert.objects.create(recipient=owner, message="Systeemmelding")
    assert client.get(reverse("core:alert-read", args=[alert.pk])).status_code == 405
    resp = client.post(reverse("core:alert-read", args=[alert.pk]))
    assert resp.status_code == 302
    alert.refresh_from_db()
    assert alert.read_at is not None
    assert AuditRecord.objects.filter(
        action=AuditAction.UPDATE, object_type="policy.alert", object_id=str(alert.pk)
    ).exists()


# --- aggregates ------------------------------------------------------------------------------


def test_suppression_hides_small_cells_and_one_complement_per_row() -> None:
    shown = suppress([[20, 6, 40], [14, 16, 18], [0, 0, 0], [8, 8, 10], [12, 0, 0]])
    assert shown.cells[0] == [COMPLEMENTARY, SUPPRESSED, "40"]
    assert shown.row_totals[0] == "66"
    assert shown.cells[1] == ["14", "16", "18"]
    assert shown.cells[2] == [SUPPRESSED] * 3 and shown.row_totals[2] == SUPPRESSED
    # 8 + 8 would be pinned down by the total 26 without the complementary "x".
    assert shown.cells[3] == [SUPPRESSED, SUPPRESSED, COMPLEMENTARY]
    # Hidden cells that are all empty reveal nobody: no complement needed.
    assert shown.cells[4] == ["12", SUPPRESSED, SUPPRESSED] and shown.row_totals[4] == "12"


def test_suppression_hides_the_total_when_every_cell_is_small() -> None:
    shown = suppress([[8, 8]])
    assert shown.cells[0] == [SUPPRESSED, SUPPRESSED]
    assert shown.row_totals[0] == COMPLEMENTARY


def test_aggregates_page_counts_all_cases_with_suppression() -> None:
    referrer = t.user("mayor")
    for _ in range(12):
        t.case(referrer, phenomenon="terrorism")
    for _ in range(2):
        t.case(referrer, phenomenon="state_actors")
    client, adviser = signed_in("advisory_body")
    resp = client.get(reverse("cases:aggregates"))
    assert resp.status_code == 200
    table = resp.context["table"]
    rows = {r.code: r for r in table.rows}
    referral = [code for code, _ in table.columns].index("referral")
    assert rows["terrorism"].cells[referral] == "12" and rows["terrorism"].total == "12"
    assert rows["state_actors"].cells[referral] == SUPPRESSED
    assert rows["state_actors"].total == SUPPRESSED
    body = resp.content.decode()
    assert '<th scope="col">' in body and '<th scope="row">' in body
    assert "WS-" not in body  # counts only, never a case
    assert AuditRecord.objects.filter(
        object_type="cases.aggregates", actor_id=adviser.pk, action=AuditAction.READ
    ).exists()


@pytest.mark.parametrize("role", ["analyst", "police_liaison", "system_admin", "om_officer"])
def test_aggregates_are_404_without_the_grant(role: str) -> None:
    client, _ = signed_in(role)
    assert client.get(reverse("cases:aggregates")).status_code == 404


# --- language --------------------------------------------------------------------------------


@pytest.fixture
def english_catalog() -> None:
    """Compile the English catalogue when the build has not (the .mo files are not in git)."""
    po = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
        subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], check=True)
        # Django's own reset of its translation caches (what override_settings triggers):
        # the catalogues read so far, and which languages have one.
        setting_changed.send(
            sender=type(settings), setting="LOCALE_PATHS", value=settings.LOCALE_PATHS, enter=True
        )


def test_english_language_switch(english_catalog: None) -> None:
    client, analyst = signed_in("analyst")
    case = t.case(t.user("mayor"), team=(analyst,), state=CaseState.TRIAGE)
    assert '<html lang="nl">' in client.get(reverse("core:home")).content.decode()
    resp = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("cases:detail", args=[case.pk])}
    )
    assert resp.status_code == 302
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert '<html lang="en">' in body
    assert "Skip to content" in body and "Main menu" in body
    assert "Persons concerned" in body and "Timeline" in body
    assert "Triage: advice to the authority" in body and "Designate: to the national domain" in body
    assert "Serious threat against life from a national phenomenon" in body  # the rule text
    assert "Organised/undermining crime" in body
    assert "Betrokken personen" not in body
    body = client.get(reverse("cases:list")).content.decode()
    assert "1 case found" in body and "Filter cases" in body
    body = client.get(reverse("core:home")).content.decode()
    assert "Welcome, " in body and "Main menu" in body
    client.post(reverse("set_language"), {"language": "nl", "next": "/"})
    assert "Welkom, " in client.get(reverse("core:home")).content.decode()


def test_every_english_entry_is_translated() -> None:
    """The project catalogue and every domain app's own catalogue."""
    base = Path(settings.BASE_DIR)
    catalogues = [base / "locale" / "en" / "LC_MESSAGES" / "django.po"]
    catalogues += sorted(base.glob("*/locale/en/LC_MESSAGES/django.po"))
    assert len(catalogues) > 5
    for po in catalogues:
        text = po.read_text(encoding="utf-8")
        empty = re.findall(r'\nmsgid "(.+)"\nmsgstr ""\n\n', text)
        assert not empty, f"{po.parent.parent.parent.parent.name}: untranslated: {empty[:5]}"
        assert "#, fuzzy" not in text, po

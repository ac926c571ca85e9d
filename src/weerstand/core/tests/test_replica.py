"""The read-replica router (`core.replica`): which database each read and write goes to.

The whole path over a real streaming replica is `make check-cluster`; these tests pin the
decisions, so a change that would send a sign-in, an audit chain head or a read inside a
transaction to a copy that may lag fails here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django_tasks_db.models import DBTaskResult

from weerstand.accounts.models import User
from weerstand.audit.models import AuditCheckpoint, AuditRecord
from weerstand.cases.models import Case
from weerstand.core import replica
from weerstand.core.models import JobRunnerHeartbeat, ScheduledRun
from weerstand.organisations.models import Unit
from weerstand.policy.models import BreakGlassGrant, CompartmentMembership
from weerstand.registry.models import Person

router = replica.ReplicaRouter()
ALWAYS_PRIMARY = [
    User,
    Session,
    AuditRecord,
    AuditCheckpoint,
    ScheduledRun,
    JobRunnerHeartbeat,
    DBTaskResult,
    CompartmentMembership,
    BreakGlassGrant,
    Unit,
]
REPLICATED = [Case, Person]


@pytest.fixture
def page_view() -> Iterator[replica.ReadState]:
    """The state of a GET page view that may read the replica."""
    state = replica.ReadState(replica=True)
    token = replica._state.set(state)
    yield state
    replica._state.reset(token)


def test_no_replica_is_configured_in_the_normal_run() -> None:
    if os.environ.get("DATABASE_REPLICA_URL"):
        pytest.skip("this run has a replica configured")
    assert "replica" not in settings.DATABASES
    assert not getattr(settings, "DATABASE_ROUTERS", [])
    assert "weerstand.core.replica.ReplicaReadsMiddleware" not in settings.MIDDLEWARE


def test_every_primary_only_label_is_an_installed_app() -> None:
    from django.apps import apps

    labels = {cfg.label for cfg in apps.get_app_configs()}
    assert labels >= replica.PRIMARY_ONLY_APPS, replica.PRIMARY_ONLY_APPS - labels


def test_outside_a_request_everything_reads_the_primary() -> None:
    for model in [*REPLICATED, *ALWAYS_PRIMARY]:
        assert router.db_for_read(model) == "default", model


def test_a_page_view_reads_replicated_tables_on_the_replica(
    page_view: replica.ReadState,
) -> None:
    for model in REPLICATED:
        assert router.db_for_read(model) == "replica", model


def test_identity_policy_audit_sessions_and_jobs_always_read_the_primary(
    page_view: replica.ReadState,
) -> None:
    for model in ALWAYS_PRIMARY:
        assert router.db_for_read(model) == "default", model


def test_a_request_not_allowed_the_replica_reads_the_primary() -> None:
    token = replica._state.set(replica.ReadState(replica=False))
    try:
        assert router.db_for_read(Case) == "default"
    finally:
        replica._state.reset(token)


def test_writes_always_go_to_the_primary(page_view: replica.ReadState) -> None:
    for model in [*REPLICATED, *ALWAYS_PRIMARY]:
        assert router.db_for_write(model) == "default", model


def test_a_write_of_a_replicated_table_pins_the_rest_of_the_request(
    page_view: replica.ReadState,
) -> None:
    assert router.db_for_read(Case) == "replica"
    router.db_for_write(Case)
    assert page_view.wrote
    assert router.db_for_read(Case) == "default"
    assert router.db_for_read(Person) == "default"


def test_saving_a_row_read_from_the_replica_goes_to_the_primary_with_a_warning(
    page_view: replica.ReadState, caplog: pytest.LogCaptureFixture
) -> None:
    case = Case()
    case._state.db = "replica"
    assert router.db_for_write(Case, instance=case) == "default"
    assert "saving a cases.Case read from the replica" in caplog.text


def test_the_audit_record_of_an_audited_read_does_not_pin_the_request(
    page_view: replica.ReadState,
) -> None:
    router.db_for_write(AuditRecord)
    router.db_for_write(Session)
    assert not page_view.wrote
    assert router.db_for_read(Case) == "replica"


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_go_to_the_primary(page_view: replica.ReadState) -> None:
    assert router.db_for_read(Case) == "replica"
    with transaction.atomic():
        assert router.db_for_read(Case) == "default"
    assert router.db_for_read(Case) == "replica"


def test_nothing_is_migrated_on_the_replica() -> None:
    assert router.allow_migrate("replica", "cases") is False
    assert router.allow_migrate("default", "cases") is None


def test_rows_of_primary_and_replica_may_refer_to_each_other() -> None:
    a, b = Case(), Person()
    a._state.db, b._state.db = "replica", "default"
    assert router.allow_relation(a, b) is True
    b._state.db = "elsewhere"
    assert router.allow_relation(a, b) is None


# --- which requests may read the replica ----------------------------------------------------

rf = RequestFactory()


@pytest.mark.parametrize(
    ("request_", "allowed"),
    [
        (rf.get("/casussen/"), True),
        (rf.head("/zoeken/"), True),
        (rf.post("/casussen/"), False),
        (rf.get("/api/v1/cases"), False),
        (rf.get("/casussen/", HTTP_AUTHORIZATION="Token abc"), False),
        (rf.get("/health/ready"), False),
        (rf.get("/aanmelden"), False),
    ],
    ids=["page", "head", "post", "api", "token", "health", "sign-in"],
)
def test_which_requests_may_read_the_replica(request_: HttpRequest, allowed: bool) -> None:
    assert replica.may_use_replica(request_) is allowed


def test_a_browser_that_just_wrote_reads_the_primary() -> None:
    request = rf.get("/casussen/")
    request.COOKIES[replica.PIN_COOKIE] = "1"
    assert replica.may_use_replica(request) is False


def _through_middleware(
    request: HttpRequest, view: object, monkeypatch: pytest.MonkeyPatch, answers: bool = True
) -> tuple[HttpResponse, list[replica.ReadState | None]]:
    monkeypatch.setattr(replica, "_replica_answers", lambda: answers)
    seen: list[replica.ReadState | None] = []

    def get_response(req: HttpRequest) -> HttpResponse:
        seen.append(replica._state.get())
        if callable(view):
            view()
        return HttpResponse("ok")

    response = replica.ReplicaReadsMiddleware(get_response)(request)
    return response, seen


def test_middleware_lets_a_page_view_read_the_replica_and_cleans_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    response, seen = _through_middleware(rf.get("/casussen/"), None, monkeypatch)
    assert seen[0] is not None and seen[0].replica
    assert replica._state.get() is None
    assert replica.PIN_COOKIE not in response.cookies


def test_middleware_reads_the_primary_when_the_replica_does_not_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, seen = _through_middleware(rf.get("/casussen/"), None, monkeypatch, answers=False)
    assert seen[0] is not None and not seen[0].replica


def test_a_post_pins_the_browser_to_the_primary(monkeypatch: pytest.MonkeyPatch) -> None:
    response, seen = _through_middleware(rf.post("/casussen/"), None, monkeypatch)
    assert seen[0] is not None and not seen[0].replica
    cookie = response.cookies[replica.PIN_COOKIE]
    assert int(cookie["max-age"]) == settings.REPLICA_PIN_SECONDS
    assert cookie["httponly"]


def test_a_get_that_writes_a_replicated_table_pins_the_browser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    response, _ = _through_middleware(
        rf.get("/casussen/"), lambda: router.db_for_write(Case), monkeypatch
    )
    assert replica.PIN_COOKIE in response.cookies


def test_a_get_that_only_audits_does_not_pin_the_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    response, _ = _through_middleware(
        rf.get("/casussen/"), lambda: router.db_for_write(AuditRecord), monkeypatch
    )
    assert replica.PIN_COOKIE not in response.cookies


def test_the_replica_setting_installs_router_and_middleware() -> None:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "r = s.DATABASES['replica']; "
        "print(r['HOST'], r['PORT'], r['NAME'], r['TEST']['MIRROR'], s.DATABASE_ROUTERS, "
        "s.MIDDLEWARE.index('weerstand.core.replica.ReplicaReadsMiddleware'))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "weerstand.settings",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/primary_db",
        "DATABASE_REPLICA_URL": "postgres://postgres@127.0.0.2:5433/replica_db",
    }
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, text=True, capture_output=True, check=True
    )
    assert done.stdout.split() == [
        "127.0.0.2",
        "5433",
        "replica_db",
        "default",
        "['weerstand.core.replica.ReplicaRouter']",
        "1",
    ]

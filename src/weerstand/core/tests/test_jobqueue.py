"""The scheduled jobs' queue: once per slot whatever the number of schedulers, each task run
by one worker, failures retried and then kept visible to the administrator."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from weerstand import testing as t
from weerstand.accounts.roles import Role
from weerstand.core import jobqueue
from weerstand.core.extensions import Job
from weerstand.core.models import ScheduledRun

pytestmark = pytest.mark.django_db


class Counter:
    """A job that counts its runs and fails its first `fail_first` ones."""

    def __init__(self, fail_first: int = 0) -> None:
        self.runs = 0
        self.fail_first = fail_first
        self.lock = threading.Lock()

    def __call__(self, now: datetime) -> int:
        with self.lock:
            self.runs += 1
            n = self.runs
        if n <= self.fail_first:
            raise RuntimeError("geheime inhoud die niet in de taaklijst mag komen")
        return 1


@pytest.fixture
def counters(monkeypatch: pytest.MonkeyPatch) -> dict[str, Counter]:
    made = {"snel": Counter(), "traag": Counter()}
    test_jobs = [
        Job("snel", made["snel"], "elke minuut", every_minutes=1),
        Job("traag", made["traag"], "elk uur", every_minutes=60),
    ]
    monkeypatch.setattr(jobqueue, "jobs", lambda: test_jobs)
    return made


def _now() -> datetime:
    return timezone.now().replace(second=30, microsecond=0)


def test_a_slot_is_enqueued_once_however_often_the_scheduler_runs(counters: Any) -> None:
    now = _now()
    first = jobqueue.schedule_due(now)
    again = jobqueue.schedule_due(now + timedelta(seconds=20))
    assert sorted(r.job_name for r in first) == ["snel", "traag"]
    assert again == []
    assert ScheduledRun.objects.count() == 2
    assert DBTaskResult.objects.count() == 2
    # The next minute is a new slot for the minute job only.
    later = jobqueue.schedule_due(now + timedelta(minutes=1))
    assert [r.job_name for r in later] == ["snel"]


def test_the_worker_runs_each_task_once_and_records_it(counters: Any) -> None:
    jobqueue.schedule_due(_now())
    done = jobqueue.work_available(worker_id="test-1")
    assert done == 2
    assert counters["snel"].runs == counters["traag"].runs == 1
    assert set(ScheduledRun.objects.values_list("state", flat=True)) == {"done"}
    assert jobqueue.work_available(worker_id="test-2") == 0
    assert counters["snel"].runs == 1
    # Running a done run's task again (a redelivery) does nothing.
    run = ScheduledRun.objects.get(job_name="snel")
    assert jobqueue.run_scheduled_job.call(run.pk) == "done"
    assert counters["snel"].runs == 1


def test_a_failing_run_is_retried_later_then_succeeds(counters: Any) -> None:
    counters["snel"].fail_first = 1
    jobqueue.schedule_due(_now())
    jobqueue.work_available(worker_id="w")
    run = ScheduledRun.objects.get(job_name="snel")
    assert run.state == "retrying" and run.attempts == 1
    assert run.error_class == "builtins.RuntimeError"
    # Not before its delay has passed.
    assert jobqueue.work_available(worker_id="w") == 0
    DBTaskResult.objects.filter(pk=run.task_id).update(run_after=timezone.now())
    jobqueue.work_available(worker_id="w")
    run.refresh_from_db()
    assert run.state == "done" and run.attempts == 2 and counters["snel"].runs == 2


def test_after_the_last_attempt_the_failure_stays_visible_without_its_message(
    counters: Any, client: Any
) -> None:
    counters["snel"].fail_first = 99
    jobqueue.schedule_due(_now())
    for _ in range(jobqueue.MAX_ATTEMPTS):
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        jobqueue.work_available(worker_id="w")
    run = ScheduledRun.objects.get(job_name="snel")
    assert run.state == "failed" and run.attempts == jobqueue.MAX_ATTEMPTS
    health = {h.name: h for h in jobqueue.job_health()}
    assert health["snel"].failed_recently == 1 and health["snel"].overdue
    assert health["traag"].last_done is not None and not health["traag"].overdue

    admin = t.user(Role.SYSTEM_ADMIN, username="beheer-taken")
    t.login(client, admin)
    page = client.get("/geplande-taken")
    assert page.status_code == 200
    body = page.content.decode()
    assert "snel" in body and "builtins.RuntimeError" in body
    assert "geheime inhoud" not in body
    answer = t.api_client(admin).get("/api/v1/scheduled-jobs")
    assert answer.status_code == 200
    rows = {r["name"]: r for r in answer.json()["results"]}
    assert rows["snel"]["failedLastDay"] == 1 and rows["snel"]["overdue"] is True
    assert "geheime inhoud" not in answer.content.decode()


def test_only_the_system_administrator_sees_the_jobs(client: Any) -> None:
    analyst = t.user(Role.ANALYST, username="analist-taken")
    t.login(client, analyst)
    page = client.get("/geplande-taken")
    assert page.status_code in (403, 404) and b"audit" not in page.content.lower()
    assert t.api_client(analyst).get("/api/v1/scheduled-jobs").status_code in (403, 404)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_schedulers_and_two_workers_run_each_slot_exactly_once(counters: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks with SKIP LOCKED: PostgreSQL")
    now = _now()
    barrier = threading.Barrier(2)

    def schedule() -> None:
        barrier.wait()
        try:
            jobqueue.schedule_due(now)
        finally:
            connection.close()

    threads = [threading.Thread(target=schedule) for _ in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert ScheduledRun.objects.count() == 2 and DBTaskResult.objects.count() == 2

    # Many slots on the queue, two workers taking from it at once.
    for minute in range(1, 20):
        jobqueue.schedule_due(now + timedelta(minutes=minute))
    expected = ScheduledRun.objects.count()

    def work(name: str) -> None:
        barrier.wait()
        try:
            jobqueue.work_available(worker_id=name)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert counters["snel"].runs + counters["traag"].runs == expected
    assert set(ScheduledRun.objects.values_list("state", flat=True)) == {"done"}
    assert len(set(ScheduledRun.objects.values_list("worker", flat=True))) >= 1

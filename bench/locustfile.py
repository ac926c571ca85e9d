"""Traffic of each role for the load test (`bench/loadtest.py` runs it; locust, headless).

Each simulated user takes one generated account of its role (`WEERSTAND_LOADTEST_PLAN`: the
tokens, web sessions, team cases and drafts made by `loadtest.plan`), in turn, so no two
simulated users share an account. Officials use the API with their token and the web pages
with their session; the persons concerned (protectee, relative) use the portal. The weights
are a guess at a working day: analysts and the police make most requests.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from typing import Any

from locust import HttpUser, between, task

PLAN: dict[str, Any] = json.loads(open(os.environ["WEERSTAND_LOADTEST_PLAN"]).read())  # noqa: SIM115
_turns: dict[str, Any] = {}
QUERIES = ["woning", "bedreigingen", "kenteken", "scooter kenteken", "liquidatie", "advocaat"]


def _next_account(role: str) -> dict[str, Any]:
    accounts = PLAN["roles"][role]
    turn = _turns.setdefault(role, itertools.count())
    return accounts[next(turn) % len(accounts)]


class RoleUser(HttpUser):
    abstract = True
    role = ""
    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        self.account = _next_account(self.role)
        self.cases = self.account.get("cases") or [0]
        token = self.account.get("token")
        if token:
            self.client.headers["Authorization"] = f"Token {token}"
        self.client.cookies.set(PLAN["session_cookie"], self.account["session"])

    def api(self, path: str, name: str) -> Any:
        return self.client.get(f"/api/v1/{path}", name=name)

    def web(self, path: str, name: str) -> Any:
        # Sessions and tokens together: the web pages ignore the token header.
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} {r.headers.get('Location', '')}")
            return r


class Analyst(RoleUser):
    role = "analyst"
    weight = 8

    @task(4)
    def case_list(self) -> None:
        self.api("cases?pageSize=25", "api case list")

    @task(4)
    def case_detail(self) -> None:
        self.api(f"cases/{random.choice(self.cases)}", "api case detail")

    @task(2)
    def search(self) -> None:
        self.api(f"search?q={random.choice(QUERIES)}", "api search")

    @task(1)
    def web_case(self) -> None:
        self.web(f"/casussen/{random.choice(self.cases)}", "web case page")

    @task(1)
    def start_page(self) -> None:
        self.web("/", "web start page")

    @task(2)
    def save_draft(self) -> None:
        draft = self.account.get("draft")
        if not draft:
            return
        got = self.api(f"assessments/{draft}", "api assessment draft")
        etag = got.headers.get("ETag")
        if not etag:
            return
        self.client.patch(
            f"/api/v1/assessments/{draft}",
            json={"summary": f"Concept, bijgewerkt ({random.randint(1, 10**6)})."},
            headers={"If-Match": etag},
            name="api save assessment draft",
        )


class DecisionMaker(RoleUser):
    role = "decision_maker"
    weight = 1

    @task(2)
    def to_decide(self) -> None:
        self.api("cases?state=decision&pageSize=25", "api cases to decide")

    @task(1)
    def decisions(self) -> None:
        self.api("decisions?pageSize=25", "api decision list")

    @task(1)
    def start_page(self) -> None:
        self.web("/", "web start page")


class Planner(RoleUser):
    abstract = True
    weight = 2

    @task(2)
    def plans(self) -> None:
        self.api("plan-runs?pageSize=25", "api plan runs")

    @task(2)
    def assignments(self) -> None:
        self.api("security-assignments?pageSize=25", "api security assignments")

    @task(1)
    def case_detail(self) -> None:
        self.api(f"cases/{random.choice(self.cases)}", "api case detail")

    @task(1)
    def start_page(self) -> None:
        self.web("/", "web start page")


class LccCoordinator(Planner):
    role = "lcc_coordinator"


class UnitPlanner(Planner):
    role = "unit_planner"


class PoliceLiaison(RoleUser):
    role = "police_liaison"
    weight = 2

    @task(2)
    def case_list(self) -> None:
        self.api("cases?pageSize=25", "api case list")

    @task(1)
    def case_detail(self) -> None:
        self.api(f"cases/{random.choice(self.cases)}", "api case detail")

    @task(1)
    def start_page(self) -> None:
        self.web("/", "web start page")


class Protectee(RoleUser):
    role = "protectee"
    weight = 2
    wait_time = between(2, 5)

    @task
    def portal(self) -> None:
        self.web("/", "web portal")


class Inspector(RoleUser):
    role = "inspector"
    weight = 1

    @task(2)
    def case_list(self) -> None:
        self.api("cases?pageSize=25", "api case list (inspector)")

    @task(1)
    def web_list(self) -> None:
        self.web("/casussen/", "web case list (inspector)")


class OtherOfficial(RoleUser):
    """Public prosecutor, mayor, liaisons and the rest: their start page and case list."""

    role = "om_officer"
    weight = 1

    @task
    def start_page(self) -> None:
        self.web("/", "web start page")

    @task
    def case_list(self) -> None:
        self.api("cases?pageSize=25", "api case list")


class Mayor(OtherOfficial):
    role = "mayor"

"""The planted world of the authority/execution leak hunt, and the rules restated.

`build_world()` takes the seeded demo world (the `seeded_demo` fixture) and plants unique
markers ("LEAKMARK" + hex) in restricted objects of every kind the assessments, catalogue,
decisions, rights and capacity apps hold.
Which user may see which marker is decided by `Rules`: a plain-Python restatement of the
documented policy (docs/access-policy.md, the apps' grants.py NOTES, issues 6-8) over facts
read from the database. It shares no code with the apps' `rules.py` or the policy engine; it
only reuses the independent case/person oracle of `policy.tests.oracle`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from weerstand.policy.tests.oracle import Oracle, U, grants

MARK = "LEAKMARK"
FINAL = ("finalised", "superseded")
# Decisions whose letter went out; the person sees the letters of live decisions only.
SENT = ("approved", "in_force", "superseded", "ended")
PERSON_LETTER = ("approved", "in_force")


def new_token() -> str:
    return uuid.uuid4().hex[:16]


@dataclass
class Marker:
    token: str
    what: str
    allowed: Callable[[U], bool]

    @property
    def text(self) -> str:
        return f"{MARK}{self.token}"


# --- facts ---------------------------------------------------------------------------------


@dataclass
class Facts:
    """What the rules read, snapshotted from the database after planting."""

    assessments: dict[int, tuple[int, int, str]] = field(default_factory=dict)  # case, cls, st
    decisions: dict[int, tuple[int, str]] = field(default_factory=dict)  # case, status
    assignments: dict[int, tuple[int, int]] = field(default_factory=dict)  # case, executing org
    notifications: dict[int, tuple[int, int]] = field(default_factory=dict)  # recipient, case
    objections: dict[int, tuple[int, int]] = field(default_factory=dict)  # case, decision
    officers: dict[int, int] = field(default_factory=dict)  # officer -> organisation
    tasks: dict[int, tuple[int, int | None]] = field(default_factory=dict)  # case, assignee
    protectee: dict[int, int | None] = field(default_factory=dict)  # case -> person
    user_person: dict[int, int | None] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Facts:
        from weerstand.accounts.models import User
        from weerstand.assessments.models import Assessment
        from weerstand.capacity.models import InformTask, Officer
        from weerstand.cases.models import Case
        from weerstand.decisions.models import Decision, LocalNotification, SecurityAssignment
        from weerstand.rights.models import Objection

        f = cls()
        for pk, case, cl, st in Assessment._base_manager.values_list(
            "pk", "case_id", "classification", "status"
        ):
            f.assessments[pk] = (case, cl, st)
        for pk, case, st in Decision._base_manager.values_list("pk", "case_id", "status"):
            f.decisions[pk] = (case, st)
        for pk, case, org in SecurityAssignment._base_manager.values_list(
            "pk", "case_id", "executing_organisation_id"
        ):
            f.assignments[pk] = (case, org)
        for pk, rec, case in LocalNotification._base_manager.values_list(
            "pk", "recipient_id", "source_assignment__case_id"
        ):
            f.notifications[pk] = (rec, case)
        for pk, case, dec in Objection._base_manager.values_list("pk", "case_id", "decision_id"):
            f.objections[pk] = (case, dec)
        f.officers = dict(Officer._base_manager.values_list("pk", "unit__organisation_id"))
        for pk, case, assignee in InformTask._base_manager.values_list(
            "pk", "case_id", "assignee_id"
        ):
            f.tasks[pk] = (case, assignee)
        f.protectee = dict(Case._base_manager.values_list("pk", "protectee_id"))
        f.user_person = dict(User._base_manager.values_list("pk", "person_id"))
        return f


class Rules:
    """The documented need-to-know of issues 6-8, restated (see the module docstring)."""

    def __init__(self, oracle: Oracle, facts: Facts) -> None:
        self.o = oracle
        self.f = facts

    # building blocks: reach within a grant's scopes (no break-glass: that is for cases and
    # persons only), and the always-binding clearance and restricting compartment.
    def _reach(self, u: U, case_id: int, resource: str, scopes: set[str] | None = None) -> bool:
        c = self.o.cases[case_id]
        scopes = grants(u.roles, resource, "view") if scopes is None else scopes
        return u.active and self.o._reach(u, c, scopes) and self.o._always(u, c)

    def _within(self, u: U, case_id: int) -> bool:
        """Clearance and restricting compartment of the case, whatever the scope."""
        return u.active and self.o._always(u, self.o.cases[case_id])

    def case(self, u: U, case_id: int) -> bool:
        return self.o.case(u, self.o.cases[case_id])

    # issue 6: the assessment. Analysts of the case team and inspectors; decision-makers of
    # the team only finalised/superseded versions; the version's own classification binds.
    def assessment(self, u: U, pk: int) -> bool:
        case_id, classification, status = self.f.assessments[pk]
        scopes = grants(u.roles, "assessment", "view")
        if not scopes or classification > u.clearance:
            return False
        if not (self._reach(u, case_id, "assessment") and self.case(u, case_id)):
            return False
        writes = bool(grants(u.roles, "assessment", "change"))
        return status in FINAL or writes or "all" in scopes

    # issue 7: decisions (and their deviations) through the case, within the decision grant.
    def decision(self, u: U, pk: int) -> bool:
        case_id, _status = self.f.decisions[pk]
        return (
            bool(grants(u.roles, "decision", "view"))
            and self._reach(u, case_id, "decision")
            and self.case(u, case_id)
        )

    # Security assignments: the case team / LCC / inspector through the case, the executing
    # organisation's liaisons and planners; always within clearance and compartments.
    def assignment(self, u: U, pk: int) -> bool:
        case_id, org = self.f.assignments[pk]
        scopes = grants(u.roles, "security_assignment", "view")
        if self._reach(u, case_id, "security_assignment", scopes - {"organisation"}):
            return True
        return "organisation" in scopes and u.org == org and self._within(u, case_id)

    # Local notifications: the recipient organisation's mayor/OM; LCC and inspectors within
    # the case's clearance and compartments.
    def notification(self, u: U, pk: int) -> bool:
        recipient, case_id = self.f.notifications[pk]
        scopes = grants(u.roles, "local_notification", "view")
        if "organisation" in scopes and u.active and u.org == recipient:
            return True
        return "all" in scopes and self._within(u, case_id)

    # Rights: objections (team, the appeal body and inspectors within compartments, the
    # protectee's own) and letters (letter grant AND the decision; the person's own live
    # decisions; whoever may view an objection against it).
    def objection(self, u: U, pk: int) -> bool:
        case_id, _decision = self.f.objections[pk]
        scopes = grants(u.roles, "objection", "view")
        if not u.active:
            return False
        c = self.o.cases[case_id]
        if "all" in scopes and (c.restricted is None or c.restricted in u.member_of):
            return True
        staff = scopes - {"self", "all"}
        if staff and self._reach(u, case_id, "objection", staff) and self.case(u, case_id):
            return True
        own = self.f.user_person.get(u.pk)
        return "self" in scopes and own is not None and self.f.protectee.get(case_id) == own

    def letter(self, u: U, decision_pk: int) -> bool:
        case_id, status = self.f.decisions[decision_pk]
        scopes = grants(u.roles, "decision_letter", "view")
        if not u.active:
            return False
        staff = scopes - {"self"}
        if staff and self.decision(u, decision_pk) and self._reach(u, case_id, "x", staff):
            return True
        own = self.f.user_person.get(u.pk)
        mine = own is not None and self.f.protectee.get(case_id) == own
        if "self" in scopes and mine and status in PERSON_LETTER:
            return True
        objected = [pk for pk, (_c, d) in self.f.objections.items() if d == decision_pk]
        return status in SENT and any(self.objection(u, pk) for pk in objected)

    # issue 8: officers are personal data of their organisation; the LCC and inspectors see
    # all. Inform tasks: the assignee, and whoever sees plans, while the case is visible.
    def officer(self, u: U, pk: int) -> bool:
        scopes = grants(u.roles, "capacity", "view")
        return u.active and (
            "all" in scopes or ("organisation" in scopes and u.org == self.f.officers[pk])
        )

    def task(self, u: U, pk: int) -> bool:
        case_id, assignee = self.f.tasks[pk]
        if not self.case(u, case_id):
            return False
        return assignee == u.pk or bool(grants(u.roles, "capacity_plan", "view"))

    # "May this user know that the object exists at all?" (for forbidden == absent).
    def knows(self, kind: str, u: U, pk: int) -> bool:
        check = {
            "case": self.case,
            "assessment": self.assessment,
            "decision": lambda u, pk: self.decision(u, pk) or self.letter(u, pk),
            "assignment": self.assignment,
            "objection": self.objection,
            "officer": self.officer,
            "task": self.task,
            # A plan run's figures are national: any capacity_plan grant, nobody else.
            "plan_run": lambda u, pk: u.active and bool(grants(u.roles, "capacity_plan", "view")),
        }.get(kind)
        return True if check is None else check(u, pk)


# --- the world -----------------------------------------------------------------------------


@dataclass
class World:
    markers: list[Marker]
    rules: Rules
    oracle: Oracle
    users: dict[str, Any]
    priority: dict[str, list[int]]  # kind -> restricted pks to try first
    named: dict[str, Any]
    absent: int = 0

    def facts(self, user: Any) -> U:
        return self.oracle.users[user.pk]

    def hidden(self, user: Any | None) -> list[Marker]:
        if user is None:
            return self.markers
        u = self.facts(user)
        return [m for m in self.markers if not m.allowed(u)]

    def marker(self, what: str) -> Marker:
        return next(m for m in self.markers if m.what == what)


def _member(compartment_id: int, user: Any, function: str = "member") -> None:
    from weerstand.policy.models import CompartmentMembership

    CompartmentMembership.objects.get_or_create(
        compartment_id=compartment_id, user=user, defaults={"function": function}
    )


def _owner_id(case: Any) -> int | None:
    from weerstand.policy.models import CompartmentMembership

    return (
        CompartmentMembership.objects.filter(compartment=case.team_id, function="owner")
        .order_by("pk")
        .values_list("user_id", flat=True)
        .first()
    )


def _team_ids(case: Any) -> set[int]:
    from weerstand.policy.models import CompartmentMembership

    return set(
        CompartmentMembership.objects.filter(compartment=case.team_id).values_list(
            "user_id", flat=True
        )
    )


class Planter:
    """Collects markers while objects are planted; the predicates read `rules` lazily."""

    def __init__(self) -> None:
        self.markers: list[Marker] = []
        self.rules: Rules | None = None

    def mark(self, what: str, allowed: Callable[[Rules, U], bool]) -> str:
        def check(u: U) -> bool:
            assert self.rules is not None
            return allowed(self.rules, u)

        m = Marker(new_token(), what, check)
        self.markers.append(m)
        return m.text


def _assessment_with_parts(case: Any, author: Any, p: Planter, label: str, final: bool) -> Any:
    """The case's latest assessment (or a new version) with marked content; finalised when
    asked (parts are written while it is open: a final version never changes)."""
    from weerstand.assessments.models import (
        Assessment,
        Assumption,
        Challenge,
        ChallengePoint,
        Scenario,
    )

    latest = Assessment._base_manager.filter(case=case).order_by("-number").first()
    if latest is None or latest.status in FINAL:
        latest = Assessment.objects.create(
            case=case,
            number=(latest.number + 1) if latest else 1,
            author=author,
            status="answered",
            previous=latest,
        )
    a = latest
    ok: Callable[[Rules, U], bool] = lambda r, u: r.assessment(u, a.pk)  # noqa: E731
    Scenario.objects.create(
        assessment=a,
        order=99,
        title="Aanslag bij de woning",
        actor="Netwerk " + p.mark(f"{label} scenario actor", ok),
        intent="Uitschakelen van de getuige",
        likelihood="realistic_possibility",
        impact="fatal",
    )
    Assumption.objects.create(
        assessment=a,
        statement="Het netwerk weet niet waar hij woont: " + p.mark(f"{label} assumption", ok),
        basis="Geen signalen van verkenning",
        confidence="moderate",
        disproved_if="Een waarneming bij de woning",
        review_by=timezone.localdate() + timedelta(days=30),
    )
    challenger = a.author
    challenge = Challenge.objects.filter(assessment=a).first() or Challenge.objects.create(
        assessment=a, challenger=challenger, summary=""
    )
    Challenge.objects.filter(pk=challenge.pk).update(
        summary="Tegenspraak: " + p.mark(f"{label} challenge summary", ok)
    )
    ChallengePoint.objects.create(
        challenge=challenge,
        order=99,
        kind="disagreement",
        text="Onderschat: " + p.mark(f"{label} challenge point", ok),
        position="disagree",
        answer="Blijft staan",
    )
    update: dict[str, Any] = {
        "summary": "Integraal oordeel " + p.mark(f"{label} summary", ok),
        "unresolved_disagreement": "Blijvend verschil: "
        + p.mark(f"{label} unresolved disagreement", ok),
        "threat_level": 4,
        "recommended_resistance": 3,
    }
    if final:
        update.update(
            status="finalised",
            finalised_at=timezone.now(),
            finalised_by_id=a.author_id,
            next_recalibration=timezone.localdate() + timedelta(days=30),
        )
    Assessment._base_manager.filter(pk=a.pk).update(**update)
    a.refresh_from_db()
    return a


def _decision(case: Any, assessment: Any, p: Planter, users: dict[str, Any], orgs: dict) -> Any:
    """A start decision on the crown-witness case, scheduled by the decisions app's own code
    (assignments and local notifications are derived from it, so whatever they contain came
    from the decision): marked reasoning and a marked deviation (an added mayor measure)."""
    from weerstand.catalogue import services as catalogue
    from weerstand.catalogue.models import Measure
    from weerstand.decisions import services
    from weerstand.decisions.models import Decision, Deviation

    today = timezone.localdate()
    level = 3
    package = catalogue.standard_package(case.phenomenon, level, today)
    measures = list(package.measures_on(today)) if package else []
    extra = (
        Measure.objects.in_force(today)
        .filter(touches_local_powers__in=["mayor", "both"])
        .exclude(pk__in=[m.pk for m in measures])
        .order_by("code")
        .first()
    )
    dm1, dm2 = users["besluitvormer"], users["besluitvormer2"]
    ok: Callable[[Rules, U], bool] = lambda r, u: r.decision(u, d.pk)  # noqa: E731
    d = Decision.objects.create(
        reference=services._next_reference(Decision, "BS", 4),
        case=case,
        assessment=assessment,
        decision_type="start",
        required_resistance=level,
        reasoning="Het kroongetuigetraject vraagt maximale weerstand. "
        + p.mark("crown-witness decision reasoning", ok),
        effective_date=today,
        next_recalibration=today + timedelta(days=60),
        status="approved",
        needs_approval=True,
        municipality=orgs["gemeente-rotterdam"],
        prosecutor_office=orgs.get("om-landelijk"),
        preferred_executor=orgs["politie"],
        disagreement_acknowledged=True,
        complexity_acknowledged=True,
        decided_by=dm1,
        approved_by=dm2,
        approved_at=timezone.now(),
    )
    if package:
        d.packages.set([package])
    if extra is not None:
        measures.append(extra)
        Deviation.objects.create(
            decision=d,
            measure=extra,
            kind="added",
            reasoning="Extra toezicht rond de woning: "
            + p.mark("crown-witness deviation reasoning", ok),
        )
    d.measures.set(measures)
    services._schedule(d, dm2)
    services.apply_decisions(today, only=d.pk)
    d.refresh_from_db()
    return d


def build_world() -> World:
    from weerstand.accounts.models import User
    from weerstand.assessments.models import Assessment
    from weerstand.capacity.models import (
        InformTask,
        Officer,
        PlanCoverage,
        PlanLine,
        PlanRun,
        Shortage,
    )
    from weerstand.cases.models import Case
    from weerstand.decisions.models import Decision, LocalNotification, SecurityAssignment
    from weerstand.organisations.models import Organisation, Unit
    from weerstand.rights.models import LetterText, Objection

    users = {u.username: u for u in User.objects.select_related("organisation")}
    orgs = {o.code: o for o in Organisation.objects.all()}
    p = Planter()
    today = timezone.localdate()

    # 1. The crown-witness case (prefer one under active protection): owner, OM officer,
    #    LCC and one decision-maker are in its compartment; the other decision-maker and
    #    the analysts of the team are not.
    cws = Case.objects.filter(restricted_compartment__kind="crown_witness").order_by("pk")
    cw = cws.filter(state="protection_active").first() or cws.first()
    assert cw is not None, "the demo has no crown-witness case"
    owner = User.objects.get(pk=_owner_id(cw)) if _owner_id(cw) else users["senior-analist"]
    for u in (owner, users["officier"], users["lcc"], users["besluitvormer"]):
        _member(cw.restricted_compartment_id, u)
        _member(cw.team_id, u)
    a1 = _assessment_with_parts(cw, owner, p, "crown-witness assessment", final=True)
    d1 = _decision(cw, a1, p, users, orgs)

    # 2. Its security assignments: a marked reference and acknowledgement note.
    s1 = SecurityAssignment.objects.filter(decision=d1).order_by("pk").first()
    assert s1 is not None, "the crown-witness decision produced no security assignment"

    def s1_ok(r: Rules, u: U) -> bool:
        return r.assignment(u, s1.pk)

    s1_ref = "BO-" + p.mark("crown-witness assignment reference", s1_ok)
    SecurityAssignment.objects.filter(pk=s1.pk).update(
        reference=s1_ref,
        acknowledgement_note="Bevestigd: " + p.mark("crown-witness assignment note", s1_ok),
    )
    s1.refresh_from_db()

    # 3. Local notifications: the crown-witness decision's notice to Rotterdam (the mayor's
    #    municipality: the legitimate recipient) gets a marked contact point; another
    #    municipality's notice a marked measure name.
    ln_r = (
        LocalNotification.objects.filter(
            source_assignment__decision=d1, recipient=orgs["gemeente-rotterdam"]
        )
        .order_by("pk")
        .first()
    )
    if ln_r is None:  # the catalogue had no mayor measure: write the notice by hand
        ln_r = LocalNotification.objects.create(
            recipient=orgs["gemeente-rotterdam"],
            kind="new",
            measure_name=s1.measure.name,
            municipality="Gemeente Rotterdam",
            starts_on=s1.starts_on,
            contact_point="LCC",
            source_assignment=s1,
        )
    notice_content = {
        n.pk: n.content() for n in LocalNotification.objects.filter(source_assignment__decision=d1)
    }
    LocalNotification.objects.filter(pk=ln_r.pk).update(
        contact_point="LCC-meldkamer "
        + p.mark("notification to Rotterdam contact", lambda r, u: r.notification(u, ln_r.pk))
    )
    # 4. A Stg. Zeer Geheim case: its assessment (only clearance 4 in its team sees it).
    taken = {cw.pk}
    zg = (
        Case.objects.filter(state="protection_active", restricted_compartment__isnull=True)
        .exclude(pk__in=taken)
        .exclude(protectee=users["tbp"].person_id)
        .order_by("pk")
        .first()
    )
    taken.add(zg.pk)
    Case.objects.filter(pk=zg.pk).update(classification=4)
    _member(zg.team_id, users["senior-analist"])
    zg.refresh_from_db()
    a2 = Assessment._base_manager.filter(case=zg).order_by("-number").first()
    if a2 is None:
        a2 = Assessment.objects.create(case=zg, number=1, author=users["senior-analist"])
    Assessment._base_manager.filter(pk=a2.pk).update(
        summary="Integraal oordeel "
        + p.mark("Stg. Zeer Geheim assessment summary", lambda r, u: r.assessment(u, a2.pk))
    )

    ln_a = (
        LocalNotification.objects.exclude(recipient=orgs["gemeente-rotterdam"])
        .filter(recipient__kind="municipality", source_assignment__case__classification__lte=2)
        .exclude(source_assignment__case__in=taken)
        .order_by("-pk")  # the newest: on the first page of the notices list
        .first()
    )
    LocalNotification.objects.filter(pk=ln_a.pk).update(
        measure_name="Cameratoezicht "
        + p.mark("notification to another municipality", lambda r, u: r.notification(u, ln_a.pk))
    )

    # 5. A draft on an ordinary case whose team includes both decision-makers: analysts of
    #    the team see it, decision-makers never see work in progress.
    plain = (
        Case.objects.filter(
            state="protection_active",
            restricted_compartment__isnull=True,
            classification__lte=2,
            team__memberships__user=users["besluitvormer"],
        )
        .exclude(pk__in=taken)
        .order_by("pk")
        .first()
    )
    taken.add(plain.pk)
    for u in (users["analist"], users["analist2"]):
        _member(plain.team_id, u)
    latest = Assessment._base_manager.filter(case=plain).order_by("-number").first()
    a3 = Assessment.objects.create(
        case=plain,
        number=(latest.number + 1) if latest else 1,
        author=users["analist"],
        status="draft",
        previous=latest if latest and latest.status in FINAL else None,
        summary="Concept "
        + p.mark("draft assessment summary", lambda r, u: r.assessment(u, a3.pk)),
    )

    # 6. A KMar assignment on an ordinary case: the police liaison and planner never see it.
    s2 = (
        SecurityAssignment.objects.filter(
            executing_organisation=orgs["kmar"],
            status__in=("pending", "acknowledged", "active"),
            case__restricted_compartment__isnull=True,
            case__classification__lte=2,
        )
        .exclude(case__team__memberships__user__in=[users["politie"], users["planner"]])
        .exclude(case__in=taken)
        .order_by("pk")
        .first()
    )
    assert s2 is not None, "the demo has no KMar assignment outside police teams"
    SecurityAssignment.objects.filter(pk=s2.pk).update(
        reference="BO-" + p.mark("KMar assignment reference", lambda r, u: r.assignment(u, s2.pk)),
        acknowledgement_note="Ploeg HRB: "
        + p.mark("KMar assignment note", lambda r, u: r.assignment(u, s2.pk)),
    )
    s2.refresh_from_db()

    # 7. Letters: the shareable reason of another protectee's decision and of the demo
    #    protectee's own decision.
    own_person = users["tbp"].person_id
    live = Decision.objects.filter(
        status="in_force", case__restricted_compartment__isnull=True
    ).exclude(pk=d1.pk)
    d_own = live.filter(case__protectee=own_person).order_by("pk").first()
    d_other = (
        live.exclude(case__protectee=own_person)
        .exclude(case__in=taken)
        .exclude(objections__isnull=False)
        .order_by("pk")
        .first()
    )
    for d, what in ((d_other, "another protectee's letter reason"), (d_own, "own letter reason")):
        if d is None:
            continue
        text = "Waarom: " + p.mark(what, lambda r, u, d=d: r.letter(u, d.pk))
        LetterText.objects.update_or_create(decision=d, defaults={"shareable_reason": text})

    # 8. Objections: another person's grounds, the demo protectee's own, and one against the
    #    crown-witness decision (the appeal body is not in that compartment).
    obj_other = (
        Objection.objects.exclude(case__protectee=own_person)
        .filter(case__restricted_compartment__isnull=True)
        .order_by("pk")
        .first()
    )
    obj_own = Objection.objects.filter(case__protectee=own_person).order_by("pk").first()
    for ob, what in ((obj_other, "another person's objection grounds"), (obj_own, "own grounds")):
        if ob is None:
            continue
        Objection.objects.filter(pk=ob.pk).update(
            grounds="Ik ben het oneens: " + p.mark(what, lambda r, u, ob=ob: r.objection(u, ob.pk))
        )
    # The reasoning of the decisions the person and the appeal body deal with: the letter
    # and the objection file carry the shareable text only, never the reasoning.
    objected = {ob.decision_id for ob in (obj_other, obj_own) if ob is not None}
    for pk in sorted(objected | {d.pk for d in (d_own, d_other) if d is not None}):
        Decision.objects.filter(pk=pk).update(
            reasoning="Motivering: "
            + p.mark(f"reasoning of decision {pk}", lambda r, u, pk=pk: r.decision(u, pk))
        )
    obj_cw = Objection.objects.create(
        reference=f"BZ-LEAK-{new_token()[:8]}",
        decision=d1,
        case=cw,
        objector_name="Getuige",
        channel="paper",
        received_on=today,
        grounds="Bezwaar: "
        + p.mark("crown-witness objection grounds", lambda r, u: r.objection(u, obj_cw.pk)),
        letter_date=today,
        objection_period_ends=today + timedelta(weeks=6),
        deadline=today + timedelta(weeks=12),
    )

    # 9. Capacity: a KMar officer (personal data of KMar), a plan with a shortage on the
    #    crown-witness assignment, and inform tasks of two different case owners.
    kmar_unit = Unit.objects.filter(organisation=orgs["kmar"]).order_by("pk").first()
    officer = Officer.objects.create(
        unit=kmar_unit,
        first_name=p.mark("KMar officer name", lambda r, u: r.officer(u, officer.pk)),
        last_name="Bakker",
        badge=f"LEAK-{new_token()[:10]}",
        qualifications=["personal_protection"],
    )
    run = PlanRun.objects.create(
        horizon_start=today,
        days=7,
        time_limit=5,
        status="FEASIBLE",
        required_total=10,
        covered_total=8,
        officers_total=1,
        assignments_total=2,
        validator_ok=True,
        created_by=users["lcc"],
    )
    PlanLine.objects.create(
        run=run,
        officer=officer,
        date=today,
        shift="E",
        assignment=s2,
        assignment_reference=s2.reference,
        case_id=s2.case_id,
    )
    for a in (s1, s2):
        PlanCoverage.objects.create(
            run=run,
            assignment=a,
            assignment_reference=a.reference,
            case_id=a.case_id,
            executing_organisation_id=a.executing_organisation_id,
            date=today,
            required=2,
            covered=1,
        )
    Shortage.objects.create(
        run=run,
        assignment=s1,
        assignment_reference=s1.reference,
        case_id=cw.pk,
        executing_organisation_id=s1.executing_organisation_id,
        date=today,
        shift="N",
        priority=s1.priority,
        required=2,
        covered=1,
        missing=1,
        binding="qualification",
        priority_rule="no_capacity",
    )
    task_case = (
        Case.objects.filter(restricted_compartment__isnull=True, classification__lte=2)
        .filter(team__memberships__user=users["analist"], team__memberships__function="owner")
        .exclude(pk__in=taken)
        .order_by("pk")
        .first()
    )
    assert task_case is not None, "no case owned by the analyst"
    _member(task_case.team_id, users["analist2"])
    t1 = InformTask.objects.create(
        case=task_case,
        assignee=users["analist"],
        run=run,
        summary="Informeer: " + p.mark("inform task of the analyst", lambda r, u: r.task(u, t1.pk)),
    )
    t2 = InformTask.objects.create(
        case=cw,
        assignee=owner,
        run=run,
        summary="Informeer: " + p.mark("crown-witness inform task", lambda r, u: r.task(u, t2.pk)),
    )

    # The facts and rules over the final state; every user fresh (role caches empty).
    users = {u.username: u for u in User.objects.select_related("organisation")}
    oracle = Oracle(now=timezone.now())
    rules = Rules(oracle, Facts.load())
    p.rules = rules
    ids = [
        max(Case._base_manager.values_list("pk", flat=True)),
        max(Decision._base_manager.values_list("pk", flat=True)),
        max(SecurityAssignment._base_manager.values_list("pk", flat=True)),
        max(Officer._base_manager.values_list("pk", flat=True)),
        max(Assessment._base_manager.values_list("pk", flat=True)),
        max(LocalNotification._base_manager.values_list("pk", flat=True)),
    ]
    priority = {
        "case": [cw.pk, zg.pk, plain.pk, task_case.pk],
        "assessment": [a1.pk, a2.pk, a3.pk],
        "decision": [x.pk for x in (d1, d_other, d_own) if x is not None],
        "assignment": [s1.pk, s2.pk],
        "objection": [x.pk for x in (obj_cw, obj_other, obj_own) if x is not None],
        "officer": [officer.pk],
        "plan_run": [run.pk],
        "task": [t1.pk, t2.pk],
    }
    named = {
        "cw": cw,
        "zg": zg,
        "plain": plain,
        "owner": owner,
        "a1": a1,
        "a2": a2,
        "a3": a3,
        "d1": d1,
        "d_own": d_own,
        "d_other": d_other,
        "s1": s1,
        "s2": s2,
        "ln_r": ln_r,
        "ln_a": ln_a,
        "obj_cw": obj_cw,
        "obj_other": obj_other,
        "obj_own": obj_own,
        "officer": officer,
        "run": run,
        "t1": t1,
        "t2": t2,
        "task_case": task_case,
        "notice_content_before_marking": notice_content,
    }
    return World(p.markers, rules, oracle, users, priority, named, absent=max(ids) + 100_000)


def plant_hidden_extras(world: World) -> dict[str, Any]:
    """One more object of every kind, on a new Stg. Zeer Geheim crown-witness case whose
    compartment has no member at all: nobody may learn of any of it, so no page, list total
    or panel count may change when it is added."""
    from weerstand.assessments.models import Assessment
    from weerstand.capacity.models import InformTask, Shortage
    from weerstand.cases.models import Case
    from weerstand.decisions.models import Decision, LocalNotification, SecurityAssignment
    from weerstand.policy.models import Compartment
    from weerstand.rights.models import Objection

    n = world.named
    base = n["cw"]
    today = timezone.localdate()
    team = Compartment.objects.create(kind="case_team", name=f"team {new_token()[:6]}")
    secret = Compartment.objects.create(kind="crown_witness", name=f"kg {new_token()[:6]}")
    case = Case.objects.create(
        reference=f"WS-LEAK-{new_token()[:6]}",
        codename=f"Verborgen {new_token()[:6]}",
        phenomenon=base.phenomenon,
        state="protection_active",
        classification=4,
        team=team,
        restricted_compartment=secret,
        protectee=base.protectee,
        referring_organisation=base.referring_organisation,
    )
    a = Assessment.objects.create(case=case, number=1, author=n["owner"], status="draft")
    final = Assessment.objects.create(case=case, number=2, author=n["owner"], status="answered")
    Assessment._base_manager.filter(pk=final.pk).update(status="finalised")
    d = Decision.objects.create(
        reference=f"BS-LEAK-{new_token()[:6]}",
        case=case,
        assessment=final,
        decision_type="adjust",
        required_resistance=3,
        reasoning="verborgen",
        effective_date=today + timedelta(days=3),
        status="awaiting_approval",
        decided_by=world.users["besluitvormer"],
    )
    s1: Any = n["s1"]
    sa = SecurityAssignment.objects.create(
        reference=f"BO-LEAK-{new_token()[:6]}",
        decision=d,
        case=case,
        measure=s1.measure,
        executing_organisation=s1.executing_organisation,
        officers=2,
        starts_on=today,
        acknowledge_before=timezone.now() - timedelta(hours=2),  # overdue: escalation lists
        staffed_before=timezone.now() - timedelta(hours=1),
        escalated_at=timezone.now(),
    )
    ln = LocalNotification.objects.create(
        recipient=n["ln_a"].recipient,
        kind="new",
        measure_name="verborgen",
        municipality="verborgen",
        starts_on=today,
        contact_point="verborgen",
        source_assignment=sa,
    )
    ob = Objection.objects.create(
        reference=f"BZ-LEAK-{new_token()[:6]}",
        decision=d,
        case=case,
        objector_name="verborgen",
        channel="paper",
        received_on=today - timedelta(days=80),
        grounds="verborgen",
        letter_date=today - timedelta(days=90),
        objection_period_ends=today - timedelta(days=48),
        deadline=today - timedelta(days=6),  # overdue: appears in deadline panels if shown
    )
    Shortage.objects.create(
        run=n["run"],
        assignment=sa,
        assignment_reference=sa.reference,
        case=case,
        executing_organisation=sa.executing_organisation,
        date=today,
        shift="E",
        priority=40,
        required=2,
        covered=0,
        missing=2,
        binding="qualification",
        priority_rule="no_capacity",
    )
    task = InformTask.objects.create(case=case, assignee=None, run=n["run"], summary="verborgen")
    return {
        "case": case,
        "assessments": [a, final],
        "decision": d,
        "assignment": sa,
        "notification": ln,
        "objection": ob,
        "task": task,
    }


def plant_hidden_officer(world: World) -> Any:
    """A KMar officer: personal data of KMar, hidden from everyone outside KMar (except the
    coordination centre and inspectors, who see all officers)."""
    from weerstand.capacity.models import Officer

    officer: Any = world.named["officer"]
    return Officer.objects.create(
        unit=officer.unit,
        first_name="Verborgen",
        last_name=f"Agent{new_token()[:4]}",
        badge=f"LEAK-{new_token()[:10]}",
        qualifications=["personal_protection"],
    )


def today() -> date:
    return timezone.localdate()

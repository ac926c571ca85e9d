"""The authority's decisions and their execution. Every change goes through here, checked and
audited in one transaction; views, API and commands only call these functions.

Cut along the work: `deciding` (a decision, its package and deviations), `approval` (four
eyes), `execution` (assignments, local notices, coming into force on the effective date),
`assignments` (acknowledgement, staffing, escalation) and `responses` (the local
authorities' replies to measures that touch their powers). Read models are in
`decisions.selectors`.

Four-eyes rule: a second decision-maker (not the one who decided) approves `start`, `stop`,
`scale_down` and an `adjust` that changes the required resistance (up: an upgrade; down: a
scale-down in effect) before it takes effect. `continue` and an `adjust` at the same level take
effect without a second pair of eyes: they keep the protection at the level already approved.

Timing: a decision governs from its effective date E. When it is approved (or needs no
approval) its security assignments are written with `starts_on = E`, and the assignments of the
decision it replaces get `ends_on = E - 1`: nothing stops before the replacement is approved,
and there is no day without cover. `apply_decisions(on)` (daily, idempotent, and right away when
E is today) puts decisions in force, moves the case's state and closes ended assignments.
"""

from __future__ import annotations

from weerstand.decisions.rules import (
    ACKNOWLEDGING_ROLES,
    ESCALATION_ROLES,
    acknowledge_refusal,
    approval_refusal,
    decide_refusal,
    four_eyes_conflict_q,
    in_decision_team,
    may_acknowledge,
    may_approve,
    may_decide,
    may_mark_staffed,
    may_respond,
    receives_escalations,
    response_refusal,
    wrote_the_assessment,
)

# Read models live in `decisions.selectors`; these stay importable from here for callers of
# the single services module this package replaced.
from weerstand.decisions.selectors import (
    active_assignments,
    latest_finalised_assessment,
    live_decision,
    overdue_assignments,
    pending_decision,
    proposal,
)
from weerstand.decisions.services.approval import (
    approve_decision,
    can_approve,
    needs_four_eyes,
    reject_decision,
)
from weerstand.decisions.services.assignments import (
    acknowledge_assignment,
    escalate_assignments,
    mark_staffed,
)
from weerstand.decisions.services.common import _next_reference
from weerstand.decisions.services.deciding import (
    FOLLOW_UP_STATES,
    FOLLOW_UP_TYPES,
    MIN_DEVIATION_REASONING,
    MIN_REASONING,
    START_STATES,
    DecisionData,
    DeviationData,
    _packages,
    create_decision,
    decision_refusal,
    decision_types_for,
    open_for_decision,
)
from weerstand.decisions.services.execution import (
    CASE_TRANSITION_FOR,
    DEFAULT_ACKNOWLEDGE_HOURS,
    DEFAULT_LCC_CONTACT,
    DEFAULT_STAFFING_HOURS,
    _schedule,
    acknowledge_hours,
    apply_decisions,
    executor_for,
    lcc_contact,
    staffing_hours,
)
from weerstand.decisions.services.responses import respond_to_notification

__all__ = [
    "ACKNOWLEDGING_ROLES",
    "CASE_TRANSITION_FOR",
    "DEFAULT_ACKNOWLEDGE_HOURS",
    "DEFAULT_LCC_CONTACT",
    "DEFAULT_STAFFING_HOURS",
    "ESCALATION_ROLES",
    "FOLLOW_UP_STATES",
    "FOLLOW_UP_TYPES",
    "MIN_DEVIATION_REASONING",
    "MIN_REASONING",
    "START_STATES",
    "DecisionData",
    "DeviationData",
    # The demo and the leak-hunt world write historic decisions with the service's own steps.
    "_next_reference",
    "_packages",
    "_schedule",
    "acknowledge_assignment",
    "acknowledge_hours",
    "acknowledge_refusal",
    "active_assignments",
    "apply_decisions",
    "approval_refusal",
    "approve_decision",
    "can_approve",
    "create_decision",
    "decide_refusal",
    "decision_refusal",
    "decision_types_for",
    "escalate_assignments",
    "executor_for",
    "four_eyes_conflict_q",
    "in_decision_team",
    "latest_finalised_assessment",
    "lcc_contact",
    "live_decision",
    "mark_staffed",
    "may_acknowledge",
    "may_approve",
    "may_decide",
    "may_mark_staffed",
    "may_respond",
    "needs_four_eyes",
    "open_for_decision",
    "overdue_assignments",
    "pending_decision",
    "proposal",
    "receives_escalations",
    "reject_decision",
    "respond_to_notification",
    "response_refusal",
    "staffing_hours",
    "wrote_the_assessment",
]

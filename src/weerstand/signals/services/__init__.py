"""Domain services for soft information. Every write is audited in the same transaction;
pages, the portal, the API and the job runner call these and never save signals themselves.

Rules that live here and nowhere else:
- anyone with `signal:create` can record a signal; protectees, relatives and employers only
  about their own case;
- every new signal gets a triage deadline (shorter for threats and incidents) and lands in
  the analysts' queue; `escalate_overdue_signals` escalates what is left lying, exactly once;
- triage is one decision by one analyst: a second, concurrent decision is refused, never
  silently applied on top;
- a signal linked to an active case advises re-assessment of that case.
Time is passed in (`now`) so deadlines can be tested without waiting.

The package is cut along the work, and this module names everything callers use:
`reporting` (configuration, the reporter's own case, recording), `triage` and `escalation`.
Who may do what is in `signals.rules`; what pages and the API show is in `signals.selectors`.
"""

from weerstand.signals.rules import ANALYSIS_ROLES, PORTAL_ROLES, reporter_kind

# Read models live in `signals.selectors`; these stay importable from here for callers of the
# single services module this package replaced.
from weerstand.signals.selectors import overdue, queue_counts, reportable_cases
from weerstand.signals.services.common import ACTIVE_CASE_STATES, MAX_TEXT, AlreadyTriaged
from weerstand.signals.services.escalation import escalate_overdue_signals, system_context
from weerstand.signals.services.reporting import (
    SignalData,
    check_configuration,
    default_grading,
    portal_cases,
    record_signal,
    triage_hours,
)
from weerstand.signals.services.triage import Decision, triage_signal

__all__ = [
    "ACTIVE_CASE_STATES",
    "ANALYSIS_ROLES",
    "MAX_TEXT",
    "PORTAL_ROLES",
    "AlreadyTriaged",
    "Decision",
    "SignalData",
    "check_configuration",
    "default_grading",
    "escalate_overdue_signals",
    "overdue",
    "portal_cases",
    "queue_counts",
    "record_signal",
    "reportable_cases",
    "reporter_kind",
    "system_context",
    "triage_hours",
    "triage_signal",
]

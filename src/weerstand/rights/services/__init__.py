"""Domain services of the rights app: the framework, the letter's shareable text, objections.

Every write checks the policy, changes the rows and writes its audit record in one
transaction. Views, the API, the demo and the daily job call these; nothing else writes.

The package is cut along the work, and this module names everything callers use, so
`from weerstand.rights import services; services.lodge_objection(...)` keeps working:
`letters` (the shareable text, the audit of every read of a letter), `framework` (versions
and acknowledgements), `objections` (lodge, treat, extend, decide) and `escalation`
(objections past their due date); `common` holds the Awb periods and who is told.

Who may do what is in `rights.rules`; what pages, panels and the API show is in
`rights.selectors`.
"""

# Read models live in `rights.selectors`; these stay importable from here for callers of the
# single services module this package replaced.
from weerstand.rights.selectors import (
    awaiting_new_decision,
    framework_in_force,
    outstanding_framework,
)
from weerstand.rights.services.addressing import address_letters, on_decision_approved
from weerstand.rights.services.common import (
    DECISION_PERIOD,
    EXTENSION,
    MIN_REASON,
    OBJECTION_PERIOD,
    letter_date,
    objection_deadline,
)
from weerstand.rights.services.employer_measures import (
    EmployerMeasureData,
)
from weerstand.rights.services.employer_measures import (
    confirm_measure as confirm_employer_measure,
)
from weerstand.rights.services.employer_measures import (
    follow_up_overdue as follow_up_employer_measures,
)
from weerstand.rights.services.employer_measures import (
    record_measure as record_employer_measure,
)
from weerstand.rights.services.employer_measures import (
    update_measure as update_employer_measure,
)
from weerstand.rights.services.escalation import escalate_overdue
from weerstand.rights.services.framework import (
    FrameworkData,
    acknowledge_framework,
    publish_framework,
    update_framework,
)
from weerstand.rights.services.letters import (
    ASK_FIELDS,
    audit_letter,
    read_addressed_letter,
    save_letter_text,
)
from weerstand.rights.services.objections import (
    ObjectionData,
    decide_objection,
    extend_objection,
    lodge_objection,
    take_in_treatment,
)

__all__ = [
    "ASK_FIELDS",
    "DECISION_PERIOD",
    "EXTENSION",
    "MIN_REASON",
    "OBJECTION_PERIOD",
    "EmployerMeasureData",
    "FrameworkData",
    "ObjectionData",
    "acknowledge_framework",
    "address_letters",
    "audit_letter",
    "awaiting_new_decision",
    "confirm_employer_measure",
    "decide_objection",
    "escalate_overdue",
    "extend_objection",
    "follow_up_employer_measures",
    "framework_in_force",
    "letter_date",
    "lodge_objection",
    "objection_deadline",
    "on_decision_approved",
    "outstanding_framework",
    "publish_framework",
    "read_addressed_letter",
    "record_employer_measure",
    "save_letter_text",
    "take_in_treatment",
    "update_employer_measure",
    "update_framework",
]

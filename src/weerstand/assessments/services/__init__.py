"""Domain services of the integrated threat picture. Every change goes through here and is
audited in the same transaction; pages, the API, commands and the demo seeding only parse
input and call these.

The package is cut along the work, and this module names everything callers use, so
`from weerstand.assessments import services; services.finalise(...)` keeps working:

- `access`: who may do what (asked by the services first, by pages only to decide what to offer)
- `drafting` and `parts`: versions, their text and levels, factors, citations, gaps,
  scenarios and assumptions
- `workflow`: submit for challenge, the challenge (ACH), the answer, the senior check, finalise
- `recalibration`: the next date, advice resolved by a new picture, why a picture is due
- `methods`: the versioned method templates
"""

from weerstand.assessments.models import (
    AssessmentRules,
)  # the demo seeding reads the intervals here
from weerstand.assessments.rules import (
    DRAFTABLE_CASE_STATES,
    WRITER_ROLES,
    allowed_actions,
    can_edit,
    is_team_member,
    is_writer,
    may_edit_methods,
    may_start_version,
    may_write_assessments,
)
from weerstand.assessments.services._common import (
    ACTIVE_CASE_STATES,
    DUE_SOON_DAYS,
    NESTED_KEYS,
    latest_finalised,
)
from weerstand.assessments.services.drafting import (
    _sync_factors,  # the demo seeding builds versions of the past with it
    add_part,
    current_parts,
    remove_part,
    save_draft,
    start_version,
    update_assessment,
)
from weerstand.assessments.services.methods import (
    factor_lines,
    new_template_version,
    parse_factor_lines,
    template_in_force,
)
from weerstand.assessments.services.parts import ASSUMPTION_FIELDS, SCENARIO_FIELDS
from weerstand.assessments.services.recalibration import (
    DueInfo,
    due_info,
    next_recalibration_date,
)
from weerstand.assessments.services.workflow import (
    ChallengeData,
    answer_challenge,
    completeness_problems,
    complexity,
    finalise,
    record_challenge,
    record_senior_check,
    request_senior_check,
    submission_refusal,
    submit_for_challenge,
)

__all__ = [
    "ACTIVE_CASE_STATES",
    "ASSUMPTION_FIELDS",
    "DRAFTABLE_CASE_STATES",
    "DUE_SOON_DAYS",
    "NESTED_KEYS",
    "SCENARIO_FIELDS",
    "WRITER_ROLES",
    "AssessmentRules",
    "ChallengeData",
    "DueInfo",
    "_sync_factors",
    "add_part",
    "allowed_actions",
    "answer_challenge",
    "can_edit",
    "completeness_problems",
    "complexity",
    "current_parts",
    "due_info",
    "factor_lines",
    "finalise",
    "is_team_member",
    "is_writer",
    "latest_finalised",
    "may_edit_methods",
    "may_start_version",
    "may_write_assessments",
    "new_template_version",
    "next_recalibration_date",
    "parse_factor_lines",
    "record_challenge",
    "record_senior_check",
    "remove_part",
    "request_senior_check",
    "save_draft",
    "start_version",
    "submission_refusal",
    "submit_for_challenge",
    "template_in_force",
    "update_assessment",
]

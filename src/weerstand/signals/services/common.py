"""What the signals services share (limits and the refusal of a second triage)."""

from __future__ import annotations

from weerstand.core.errors import VersionMismatch

# Case states in which a signal advises re-assessment (the information app decides).
ACTIVE_CASE_STATES = ("assessment", "decision", "protection_active", "recalibration")
MAX_TEXT = 4000


class AlreadyTriaged(VersionMismatch):
    """Another analyst decided first: 409, nothing changed."""

    code = "already-triaged"
    title = "Dit signaal is al beoordeeld"

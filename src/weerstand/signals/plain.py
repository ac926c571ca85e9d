"""What a signal is called in the portal: the reporter's own words, never the analysts'.

A protectee, relative or employer chose "Ik zag of hoorde iets vreemds", not "Waarneming";
they follow their report as received, being looked at or handled, not as the queue's
statuses. Shared by the portal pages of this app and the portal start page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from weerstand.signals.models import SignalKind, SignalStatus

# The answers of the portal form ("Wat is er aan de hand?"), also used to show a report back.
PORTAL_KINDS = [
    (SignalKind.THREAT, _("Ik ben (of iemand is) bedreigd")),
    (SignalKind.INCIDENT, _("Er is iets gebeurd")),
    (SignalKind.OBSERVATION, _("Ik zag of hoorde iets vreemds")),
    (SignalKind.OTHER, _("Iets anders")),
]
_KIND_WORDS = dict(PORTAL_KINDS)


@dataclass(frozen=True)
class Step:
    """Where a report stands, in the reporter's words: a short label and one sentence."""

    code: str  # "received", "looked_at", "handled" (for styling and tests, never shown)
    label: Any
    explanation: Any


RECEIVED = Step(
    "received",
    _("Ontvangen"),
    _("We hebben uw melding ontvangen. Een analist gaat ernaar kijken."),
)
LOOKED_AT = Step(
    "looked_at",
    _("Wordt bekeken"),
    _("De mensen die aan uw beveiliging werken, bekijken wat u meldde."),
)
HANDLED = Step(
    "handled",
    _("Afgehandeld"),
    _("We hebben uw melding bekeken. U hoeft niets meer te doen."),
)

# New: nobody has decided yet. Linked to the case: the case team works with it. Assessed
# with a note, or set aside: the analysis function is done with it.
_STEPS = {
    SignalStatus.NEW: RECEIVED,
    SignalStatus.LINKED: LOOKED_AT,
    SignalStatus.TRIAGED: HANDLED,
    SignalStatus.DISMISSED: HANDLED,
}


def kind_words(signal: Any) -> Any:
    """What the reporter chose, in the words they chose it in."""
    return _KIND_WORDS.get(signal.kind, _("Iets anders"))


def step(signal: Any) -> Step:
    return _STEPS.get(signal.status, RECEIVED)


def report_item(signal: Any) -> dict[str, Any]:
    """One report as the portal shows it: no reference, grading, note or queue status."""
    return {
        "pk": signal.pk,
        "kind": kind_words(signal),
        "created_at": signal.created_at,
        "happened_at": signal.happened_at,
        "what": signal.what,
        "step": step(signal),
    }

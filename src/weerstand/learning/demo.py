"""Demo data of the learning app: one completed evaluation and one open post-incident review
with an action, on demo cases outside restricting compartments. Fictional content.

Evaluations and reviews are opened by the hooks while the earlier steps put decisions in
force and record signals; the jobs open any that are missing. The sections are written,
completed and the action assigned through `learning.services` by the case owner.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from weerstand.learning import services
from weerstand.learning.models import Evaluation, IncidentReview

EVALUATION_TEXT = {
    "what_worked": "Eén vast contactpersoon; de maatregelen stonden op tijd.",
    "what_did_not": "De afbouw werd laat met de persoon besproken.",
    "conclusions": "Afbouw voortaan twee weken eerder bespreken met de persoon en naasten.",
}
REVIEW_TEXT = {
    "known_before": "Eerdere waarnemingen van een auto bij de woning.",
    "decided": "Extra surveillance rond de woning in de avond.",
    "happened": "Een auto reed 's nachts langzaam langs; de surveillance was net weg.",
}


def _owner(case_id: int | None) -> Any:
    return services._case_owner(case_id)  # the same owner the hooks name


def seed(world: Any) -> dict[str, Any]:
    services.open_missing_evaluations()
    services.open_missing_incident_reviews()
    done = {"evaluations": 0, "reviews": 0, "actions": 0}
    for evaluation in Evaluation.objects.filter(
        status="open", case__restricted_compartment__isnull=True
    ).order_by("pk"):
        owner = _owner(evaluation.case_id)
        if owner is None:
            continue
        evaluation = services.update_sections(
            owner, "evaluation", evaluation.pk, EVALUATION_TEXT, expected_version=None
        )
        services.complete(owner, "evaluation", evaluation.pk, expected_version=None)
        done["evaluations"] = 1
        break
    else:
        world.say("  let op: geen evaluatie om af te ronden (geen beëindiging van kracht)")
    for review in IncidentReview.objects.filter(
        status="open", case__isnull=False, case__restricted_compartment__isnull=True
    ).order_by("pk"):
        owner = _owner(review.case_id)
        if owner is None:
            continue
        services.update_sections(owner, "review", review.pk, REVIEW_TEXT, expected_version=None)
        services.add_action(
            owner,
            "review",
            review.pk,
            services.ActionData(
                "Surveillancetijden afstemmen op de waarnemingen.",
                owner.pk,
                timezone.localdate() + timedelta(days=14),
            ),
        )
        done["reviews"] = done["actions"] = 1
        break
    else:
        world.say("  let op: geen nabespreking na een incident in de demo")
    return {"learning": done}

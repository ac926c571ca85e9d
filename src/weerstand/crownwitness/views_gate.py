"""The readiness board of a trajectory and the steps that make the deal known (pages).

Thin: the gate is `crownwitness.publication`. The board is for members of the trajectory
only (404 to anyone else) and shows per circle person only ready / not ready per check. A
refused publication is shown on the board itself, every missing piece per person.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from weerstand.core.decorators import requires
from weerstand.core.errors import GateClosed
from weerstand.core.forms import WeerstandForm, submit_form
from weerstand.crownwitness import publication, rules, services
from weerstand.crownwitness.models import Trajectory
from weerstand.crownwitness.readiness import MESSAGES, Readiness


class PublicationForm(WeerstandForm):
    reason = forms.CharField(
        label=gettext_lazy("Reden van de bekendmaking"), widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class DisclosureForm(WeerstandForm):
    reference = forms.CharField(label=gettext_lazy("Kenmerk van het strafdossier"), max_length=100)
    reason = forms.CharField(
        label=gettext_lazy("Toelichting"), widget=forms.Textarea(attrs={"rows": 2})
    )


def _refusal_rows(missing: list[dict[str, Any]], names: dict[int, str]) -> list[dict[str, Any]]:
    """The machine-readable refusal as readable rows: who, and every missing piece."""
    rows = []
    for entry in missing:
        if "circlePerson" in entry:
            who = names.get(entry["circlePerson"], _("Persoon in de kring"))
        else:
            who = _("Het traject")
        rows.append({"who": who, "items": [str(MESSAGES[code]) for code in entry["items"]]})
    return rows


def _render_board(
    request: HttpRequest,
    trajectory: Trajectory,
    state: Readiness | None = None,
    *,
    publication_form: Any = None,
    disclosure_form: Any = None,
    refused: list[dict[str, Any]] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    if state is None:
        state = publication.readiness_for(user, trajectory.pk)
    circle = {c.pk: c for c in services.circle_for(user, trajectory)}
    names = {pk: str(c.person) for pk, c in circle.items()}
    rows = [
        {"readiness": p, "name": names.get(p.entry.pk, ""), "entry": circle.get(p.entry.pk)}
        for p in state.persons
        if p.entry.pk in circle
    ]
    return render(
        request,
        "crownwitness/readiness.html",
        {
            "trajectory": trajectory,
            "state": state,
            "rows": rows,
            "may_change": rules.may_change(user, trajectory),
            "publication_form": publication_form
            or PublicationForm(initial={"version": trajectory.version}),
            "disclosure_form": disclosure_form or DisclosureForm(),
            "refused": _refusal_rows(refused, names) if refused else None,
        },
        status=status,
    )


@login_required
@requires("trajectory:view")
def readiness(request: HttpRequest, pk: int) -> HttpResponse:
    state = publication.readiness_for(request.user, pk)
    return _render_board(request, state.trajectory, state)


def _submit(
    request: HttpRequest,
    trajectory: Trajectory,
    form: forms.Form,
    step: Any,
    *,
    success: str,
    form_name: str,
) -> HttpResponse:
    refused: dict[str, Any] = {}

    def run(data: dict[str, Any]) -> Any:
        try:
            return step(data)
        except GateClosed as exc:
            refused["missing"] = exc.missing
            raise

    return submit_form(
        request,
        form,
        run,
        conflict=_("Een collega heeft het traject intussen gewijzigd. Probeer het opnieuw."),
        success=success,
        done=lambda _r: redirect("crownwitness:readiness", pk=trajectory.pk),
        show=lambda f, status: _render_board(
            request,
            services.get_trajectory(request.user, trajectory.pk),
            refused=refused.get("missing"),
            status=status,
            **{form_name: f},
        ),
    )


@login_required
@require_POST
@requires("trajectory:change")
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    trajectory = services.get_trajectory(user, pk)
    return _submit(
        request,
        trajectory,
        PublicationForm(request.POST),
        lambda d: publication.publish(
            user, trajectory.pk, reason=d["reason"], expected_version=d["version"]
        ),
        success=_("Het traject is bekendgemaakt."),
        form_name="publication_form",
    )


@login_required
@require_POST
@requires("trajectory:change")
def disclose(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    trajectory = services.get_trajectory(user, pk)
    return _submit(
        request,
        trajectory,
        DisclosureForm(request.POST),
        lambda d: publication.record_statement_in_case_file(
            user, trajectory.pk, reference=d["reference"], reason=d["reason"]
        ),
        success=_("Vastgelegd: de verklaring is aan het strafdossier toegevoegd."),
        form_name="disclosure_form",
    )

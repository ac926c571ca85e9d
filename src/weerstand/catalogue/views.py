"""Catalogue pages: the overview (what is in force on a date, and the history) and the
editing of measures and packages by decision-makers (always a new version, audited)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from weerstand.cases.models import NATIONAL_PHENOMENA, Phenomenon
from weerstand.catalogue import services
from weerstand.catalogue.forms import MeasureForm, PackageForm
from weerstand.catalogue.models import Measure, Package, PhenomenonProfile
from weerstand.core.decorators import requires
from weerstand.core.forms import submit_form
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource


def _on(request: HttpRequest) -> date:
    try:
        return date.fromisoformat(request.GET.get("op", ""))
    except ValueError:
        return timezone.localdate()


@login_required
@requires("catalogue:view")
def overview(request: HttpRequest) -> HttpResponse:
    """The catalogue in force on a date (default today), packages per phenomenon and level."""
    user = request.user
    on = _on(request)
    measures = list(Measure.objects.in_force(on).order_by("name"))
    packages = list(Package.objects.in_force(on).prefetch_related("measures"))
    profiles = {p.phenomenon: p for p in PhenomenonProfile.objects.in_force(on)}
    phenomena = []
    for value, label in Phenomenon.choices:
        if value not in NATIONAL_PHENOMENA and value not in profiles:
            continue
        rows = [p for p in packages if p.phenomenon == value]
        phenomena.append(
            {
                "value": value,
                "label": label,
                "profile": profiles.get(value),
                "packages": [
                    {"package": p, "measures": p.measures_on(on)}
                    for p in sorted(rows, key=lambda p: (p.resistance_level, p.code))
                ],
            }
        )
    return render(
        request,
        "catalogue/overview.html",
        {
            "on": on,
            "measures": measures,
            "phenomena": phenomena,
            "can_edit": engine.can(user, Resource.CATALOGUE, Action.CHANGE),
        },
    )


@login_required
@requires("catalogue:view")
def history(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    """Every version of one measure or package, with its period and reason."""
    model = {"maatregel": Measure, "pakket": Package}.get(kind)
    if model is None:
        raise Http404("Niet gevonden")
    versions = list(model.objects.filter(code=code).order_by("-version"))
    if not versions:
        raise Http404("Niet gevonden")
    return render(
        request,
        "catalogue/history.html",
        {"versions": versions, "kind": kind, "code": code, "is_measure": model is Measure},
    )


@login_required
@requires("catalogue:change")
@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    user = request.user
    current = _latest(Measure, code)

    def save(data: dict[str, Any]) -> Measure:
        d = dict(data)
        new_code = code or d.pop("code")
        d.pop("code", None)
        revision = services.Revision(
            changes={k: v for k, v in d.items() if k not in ("effective_from", "reason")},
            effective_from=d["effective_from"],
            reason=d["reason"],
        )
        return services.save_measure(user, new_code, revision)

    if request.method == "POST":
        form = MeasureForm(request.POST)
    else:
        initial: dict[str, Any] = {"effective_from": timezone.localdate()}
        if current:
            initial.update(
                {f: getattr(current, f) for f in services.MEASURE_FIELDS} | {"code": current.code}
            )
        else:
            initial.update(
                {
                    "start_hour": 0,
                    "end_hour": 24,
                    "weekdays": list(range(7)),
                    "mixed_team_allowed": True,
                }
            )
        form = MeasureForm(initial=initial)
    return submit_form(
        request,
        form,
        save,
        success=_saved,
        done=lambda _row: redirect("catalogue:overview"),
        show=lambda form, status: _show_edit(request, form, code, current, _("maatregel"), status),
    )


@login_required
@requires("catalogue:change")
@require_http_methods(["GET", "POST"])
def package_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    user = request.user
    current = _latest(Package, code)

    def save(d: dict[str, Any]) -> Package:
        revision = services.Revision(
            changes={k: d[k] for k in services.PACKAGE_FIELDS},
            effective_from=d["effective_from"],
            reason=d["reason"],
            measure_codes=list(d["measures"]),
        )
        return services.save_package(user, code or d["code"], revision)

    if request.method == "POST":
        form = PackageForm(request.POST)
    else:
        initial: dict[str, Any] = {"effective_from": timezone.localdate()}
        if current:
            initial.update({f: getattr(current, f) for f in services.PACKAGE_FIELDS})
            initial.update(
                {
                    "code": current.code,
                    "measures": list(current.measures.values_list("code", flat=True)),
                }
            )
        form = PackageForm(initial=initial)
    return submit_form(
        request,
        form,
        save,
        success=_saved,
        done=lambda _row: redirect("catalogue:overview"),
        show=lambda form, status: _show_edit(request, form, code, current, _("pakket"), status),
    )


def _latest[V: (Measure, Package)](model: type[V], code: str | None) -> V | None:
    """The newest version of `code` to edit (None for a new one); an unknown code is a 404."""
    if not code:
        return None
    current = model.objects.filter(code=code).order_by("-version").first()
    if current is None:
        raise Http404("Niet gevonden")
    return current


def _saved(row: Measure | Package) -> str:
    return _("Versie %(v)s vastgelegd.") % {"v": row.version}


def _show_edit(
    request: HttpRequest,
    form: MeasureForm | PackageForm,
    code: str | None,
    current: Measure | Package | None,
    what: str,
    status: int,
) -> HttpResponse:
    if code:
        form.fields["code"].disabled = True
        form.fields["code"].initial = code
    context = {"form": form, "current": current, "what": what}
    return render(request, "catalogue/edit.html", context, status=status)

"""Break-glass pages: emergency access to one case, and its oversight afterwards.

Asking for break-glass access never tells whether a case exists: an unknown reference and one
outside the user's clearance or compartments get the same answer.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.decorators import requires
from weerstand.core.errors import DomainError
from weerstand.core.forms import apply_domain_error
from weerstand.policy import engine, services
from weerstand.policy.forms import BreakGlassForm, ReviewForm
from weerstand.policy.models import BreakGlassGrant
from weerstand.policy.table import Action, Resource, Scope, scopes_for

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
@requires("break_glass:use")
def break_glass(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = BreakGlassForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                grant = services.break_glass(
                    user,
                    data["case_reference"].strip(),
                    reason=data["reason"],
                    minutes=data["minutes"],
                )
            except Http404:
                form.add_error(
                    "case_reference",
                    _("Er is geen casus met dit kenmerk die u via noodtoegang kunt openen."),
                )
                status = 404
            except DomainError as exc:
                apply_domain_error(form, exc)
                status = exc.status
            else:
                return redirect("policy:break-glass-granted", pk=grant.pk)
    return render(request, "policy/break_glass.html", {"form": form}, status=status)


@login_required
@requires("break_glass:use")
def break_glass_granted(request: HttpRequest, pk: int) -> HttpResponse:
    """The user's own grant, with the link to the case (nobody else's grant is shown)."""
    grant = BreakGlassGrant.objects.filter(pk=pk, user=request.user).select_related("case").first()
    if grant is None:
        raise Http404("Niet gevonden")
    return render(request, "policy/break_glass_granted.html", {"grant": grant})


def _overseeable_grants(user: Any) -> Any:
    """Grants on cases whose access log the user may see: all (inspectors) or owned ones."""
    scopes = scopes_for(user.role_codes, Resource.CASE_AUDIT, Action.VIEW)
    if not scopes:
        raise Http404("Niet gevonden")
    cases = engine.scope(engine.case_model()._default_manager.all(), user)
    if Scope.ALL not in scopes:
        cases = cases.filter(team__memberships__user=user, team__memberships__function="owner")
    return BreakGlassGrant.objects.filter(case__in=cases.values("pk")).select_related(
        "user", "user__organisation", "case", "reviewed_by"
    )


@login_required
@requires("case_audit:view")
def oversight(request: HttpRequest) -> HttpResponse:
    return _render_oversight(request)


def _render_oversight(
    request: HttpRequest,
    *,
    failed: int | None = None,
    failed_form: ReviewForm | None = None,
    status: int = 200,
) -> HttpResponse:
    grants = _overseeable_grants(request.user).order_by(
        F("reviewed_at").asc(nulls_first=True), "-granted_at"
    )
    page = Paginator(grants, PAGE_SIZE).get_page(request.GET.get("pagina"))
    rows = []
    for g in page.object_list:
        form = (
            failed_form if failed == g.pk and failed_form else ReviewForm(prefix=f"review-{g.pk}")
        )
        # Each row's field gets its own label, so a screen reader can tell them apart.
        form.fields["note"].label = _("Oordeel over %(ref)s (%(who)s)") % {
            "ref": g.case.reference,
            "who": g.user.display_name,
        }
        rows.append({"grant": g, "form": None if g.reviewed_at else form})
    audit.record(
        AuditAction.LIST,
        object_type="policy.breakglassgrant",
        object_repr=f"{len(rows)} noodtoegangen",
        changes={"ids": [r["grant"].pk for r in rows]},
    )
    return render(request, "policy/oversight.html", {"rows": rows, "page": page}, status=status)


@login_required
@require_POST
@requires("case_audit:view")
def review(request: HttpRequest, pk: int) -> HttpResponse:
    if not _overseeable_grants(request.user).filter(pk=pk).exists():
        raise Http404("Niet gevonden")
    form = ReviewForm(request.POST, prefix=f"review-{pk}")
    status = 400
    if form.is_valid():
        try:
            services.review_break_glass(request.user, pk, note=form.cleaned_data["note"])
        except BreakGlassGrant.DoesNotExist as exc:
            raise Http404("Niet gevonden") from exc
        except DomainError as exc:
            apply_domain_error(form, exc)
            status = exc.status
        else:
            messages.success(request, _("De noodtoegang is als beoordeeld vastgelegd."))
            return redirect("policy:oversight")
    return _render_oversight(request, failed=pk, failed_form=form, status=status)

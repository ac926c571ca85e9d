"""Break-glass pages: emergency access to one case, and its oversight afterwards.

Asking for break-glass access never tells whether a case exists: an unknown reference and one
outside the user's clearance or compartments get the same answer.
"""

from __future__ import annotations

from typing import Any

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
from weerstand.core.errors import DomainError, InvalidParam
from weerstand.core.forms import submit_form
from weerstand.policy import engine, services
from weerstand.policy.forms import BreakGlassForm, ReviewForm
from weerstand.policy.models import BreakGlassGrant
from weerstand.policy.table import Action, Resource, Scope, scopes_for

PAGE_SIZE = 50


class NoCaseToOpen(DomainError):
    """No case with this reference that break-glass could open (absent or out of reach)."""

    status = 404
    code = "not-found"

    def __init__(self) -> None:
        text = _("Er is geen casus met dit kenmerk die u via noodtoegang kunt openen.")
        super().__init__("", invalid_params=[InvalidParam("case_reference", "not-found", text)])


@login_required
@require_http_methods(["GET", "POST"])
@requires("break_glass:use")
def break_glass(request: HttpRequest) -> HttpResponse:
    user = request.user

    def grant(data: dict[str, Any]) -> BreakGlassGrant:
        try:
            return services.break_glass(
                user, data["case_reference"].strip(), reason=data["reason"], minutes=data["minutes"]
            )
        except Http404 as exc:
            # Unknown and out of reach answer alike: the form says so, the page is a 404.
            raise NoCaseToOpen from exc

    return submit_form(
        request,
        BreakGlassForm(request.POST or None),
        grant,
        done=lambda g: redirect("policy:break-glass-granted", pk=g.pk),
        show=lambda form, status: render(
            request, "policy/break_glass.html", {"form": form}, status=status
        ),
    )


@login_required
@requires("break_glass:use")
def break_glass_granted(request: HttpRequest, pk: int) -> HttpResponse:
    """The user's own grant, with the link to the case (nobody else's grant is shown)."""
    grant = (
        BreakGlassGrant.objects.filter(pk=pk, user=request.user.pk).select_related("case").first()
    )
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

    def review_grant(data: dict[str, Any]) -> None:
        try:
            services.review_break_glass(request.user, pk, note=data["note"])
        except BreakGlassGrant.DoesNotExist as exc:
            raise Http404("Niet gevonden") from exc

    return submit_form(
        request,
        ReviewForm(request.POST, prefix=f"review-{pk}"),
        review_grant,
        success=_("De noodtoegang is als beoordeeld vastgelegd."),
        done=lambda _none: redirect("policy:oversight"),
        show=lambda form, status: _render_oversight(
            request, failed=pk, failed_form=form, status=status
        ),
    )

"""Pages of the matching app. Thin: rows through `matching.services`/`matching.sharing`
(scoped by the policy), changes through the same services as the API.

- the shielded investigations the user is a member of, and one investigation's selectors
  (label and kind only) with a form to register one;
- the hits: for a coordinator with the selector that matched and the NCTV contact, and the
  decision form; for the inspectorate read-only, without labels or contacts;
- a case's selectors for its team (the case-page section posts here).

A selector's value goes in through a form and is never rendered back. Whatever the user may
not see is a 404, like an absent page. Every page that shows rows audits them.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.decorators import requires
from weerstand.core.forms import submit_form
from weerstand.matching import services, sharing
from weerstand.matching.forms import DecisionForm, SelectorForm
from weerstand.matching.models import (
    HitStatus,
    Selector,
    SharingOutcome,
    ShieldedInvestigation,
)
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource


def _audit_list(object_type: str, rows: list[Any], what: str, case_id: int | None = None) -> None:
    audit.record(
        AuditAction.LIST,
        object_type=object_type,
        object_repr=f"{len(rows)} {what}",
        case_id=case_id,
        changes={"ids": [r.pk for r in rows]},
    )


# --------------------------------------------------------------------------- investigations


@login_required
@requires("shielded_investigation:view")
def investigations(request: HttpRequest) -> HttpResponse:
    rows = list(ShieldedInvestigation.objects.visible_to(request.user).order_by("title", "pk"))
    _audit_list("matching.shieldedinvestigation", rows, "afgeschermde onderzoeken")
    return render(request, "matching/investigations.html", {"investigations": rows})


@login_required
@require_http_methods(["GET", "POST"])
@requires("selector:view", "selector:create")
def investigation(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    item = services.get_investigation(user, pk)
    may_register = engine.can(user, Resource.SELECTOR, Action.CREATE)
    form = SelectorForm(request.POST or None)

    def show(form: SelectorForm, status: int) -> HttpResponse:
        selectors = list(services.selectors_of_investigation(user, item))
        _audit_list(
            "matching.selector", selectors, f"selectors van afgeschermd onderzoek {item.pk}"
        )
        return render(
            request,
            "matching/investigation.html",
            {
                "investigation": item,
                "selectors": selectors,
                "form": form if may_register else None,
            },
            status=status,
        )

    return submit_form(
        request,
        form,
        lambda _d: services.register_for_investigation(user, item.pk, form.selector_data()),
        # The same words whether the value matches a protection case or not.
        success=_("De selector is geregistreerd."),
        done=lambda _s: redirect("matching:investigation", pk=item.pk),
        show=show,
    )


# --------------------------------------------------------------------------- hits


@login_required
@requires("hit:view")
def hits(request: HttpRequest) -> HttpResponse:
    """The coordinator's hits (label, NCTV contact, status), or the inspectorate's overview
    (number, investigation number, kind, status, dates)."""
    user = request.user
    rows = list(services.hits_for(user).order_by("-created_at", "-pk")[:200])
    services.describe_hits(rows)
    _audit_list("matching.hit", rows, "hits")
    oversight = not sharing.decides(user)
    return render(
        request,
        "matching/hits.html",
        {"hits": rows, "oversight": oversight, "waiting": HitStatus.NEW},
    )


@login_required
@require_http_methods(["GET", "POST"])
@requires("hit:view", "sharing_decision:create")
def hit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    item = sharing.get_hit(user, pk)
    oversight = not sharing.decides(user)
    form = (
        None
        if oversight or item.status == HitStatus.SHARED
        else DecisionForm(
            request.POST or None,
            initial={"reconsider_on": sharing.default_reconsider_on(), "handling": "analysis_only"},
        )
    )

    def show(form: DecisionForm | None, status: int) -> HttpResponse:
        services.describe_hits([item])
        decisions = list(sharing.decisions_of(user, item))
        audit.record(AuditAction.READ, item)
        if decisions:
            _audit_list("matching.sharingdecision", decisions, f"deelbesluiten over hit {item.pk}")
        return render(
            request,
            "matching/hit.html",
            {"hit": item, "decisions": decisions, "form": form, "oversight": oversight},
            status=status,
        )

    if form is None:
        if request.method == "POST":  # the inspectorate reads; a shared hit is final
            return show(None, 403 if oversight else 409)
        return show(None, 200)

    def run(d: dict[str, Any]) -> Any:
        if d["outcome"] == SharingOutcome.SHARE:
            basis = d.get("legal_basis")
            return sharing.share(
                user,
                item.pk,
                sharing.ShareData(
                    title=d.get("title") or "",
                    summary=d.get("summary") or "",
                    legal_basis=basis if basis is not None else "",
                    handling=d.get("handling") or "analysis_only",
                    reliability=d.get("reliability") or "B",
                    credibility=d.get("credibility") or 2,
                    reasons=d.get("reasons") or "",
                ),
            )
        return sharing.not_share(
            user, item.pk, sharing.NotShareData(d.get("reasons") or "", d.get("reconsider_on"))
        )

    return submit_form(
        request,
        form,
        run,
        success=lambda decision: (
            _("Gedeeld: product %(ref)s is aan de casus geleverd.")
            % {"ref": decision.product.reference}
            if decision.product
            else _("Het besluit om niet te delen is vastgelegd.")
        ),
        done=lambda _d: redirect("matching:hit", pk=item.pk),
        show=show,
    )


# --------------------------------------------------------------------------- case selectors


def case_selectors_context(user: Any, case: Any, form: SelectorForm | None = None) -> dict:
    """What the case-page section shows: the case's selectors (kind and label) and, for
    those who may add one, the form. Audited by the caller."""
    rows = list(services.selectors_of_case(user, case))
    may_add = engine.can(user, Resource.CASE_SELECTOR, Action.CREATE)
    return {
        "case": case,
        "selectors": rows,
        "form": (form or SelectorForm()) if may_add else None,
    }


@login_required
@require_http_methods(["GET", "POST"])
@requires("case_selector:view", "case_selector:create")
def case_selectors(request: HttpRequest, case_id: int) -> HttpResponse:
    user = request.user
    case = services.get_case(user, case_id)
    htmx = getattr(request, "htmx", None)
    form = SelectorForm(request.POST or None)

    def show(form: SelectorForm, status: int) -> HttpResponse:
        context = case_selectors_context(user, case, form)
        _audit_list(
            "matching.selector",
            context["selectors"],
            f"selectors van casus {case.pk}",
            case_id=case.pk,
        )
        template = "matching/_case_selectors.html" if htmx else "matching/case_selectors.html"
        return render(request, template, {"panel": context}, status=status)

    def done(_selector: Selector) -> HttpResponse:
        if htmx:
            return show(SelectorForm(), 200)
        return redirect("matching:case-selectors", case_id=case.pk)

    return submit_form(
        request,
        form,
        lambda _d: services.register_for_case(user, case.pk, form.selector_data()),
        success=_("De selector is geregistreerd."),
        done=done,
        show=show,
    )

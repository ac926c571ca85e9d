"""The local domain's pages: the hand-overs a mayor's office or OM office received, with the
forms to accept or return them.

Thin: rows come from `cases.local_domain` (read through the policy), every answer is a call to
`local_domain.accept` / `return_handover`, which check, change, tell and audit in one
transaction. The local authority's view is built from the allow-list only
(`local_domain.shared_item`); the case team sees the whole record and a link to the case.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases import local_domain, rules
from weerstand.cases.local_forms import AcceptForm, ReturnForm
from weerstand.cases.models import LocalHandover
from weerstand.core.decorators import requires
from weerstand.core.forms import refusal_text, submit_form
from weerstand.policy import engine
from weerstand.policy.table import Action

PAGE_SIZE = 25


def _get(user: Any, pk: int) -> LocalHandover:
    return engine.get_for(
        LocalHandover.objects.select_related("authority"), user, Action.VIEW, pk=pk
    )


def _items(
    user: Any,
    rows: list[LocalHandover],
    forms: dict[int, dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """One entry per hand-over: the team's whole record or the local authority's allow-listed
    view, and the answer forms when the user may answer it."""
    full = rules.handovers_in_full(user, [h.pk for h in rows])
    forms = forms or {}
    out = []
    for h in rows:
        item = local_domain.team_item(h) if h.pk in full else local_domain.shared_item(h)
        item["in_full"] = h.pk in full
        if rules.may_answer_handover(user, h):
            given = forms.get(h.pk, {})
            item["accept_form"] = given.get("accept") or AcceptForm(
                prefix=f"a{h.pk}", initial={"version": h.version}
            )
            item["return_form"] = given.get("return") or ReturnForm(
                prefix=f"t{h.pk}", initial={"version": h.version}
            )
        out.append(item)
    return out


@login_required
@requires("local_handover:view")
def handover_list(request: HttpRequest) -> HttpResponse:
    """The hand-overs the user may see: the local authority's own (to answer), or those of
    the cases the user works on."""
    user = request.user
    qs = local_domain.handovers_for(user).order_by("-handed_over_at", "-pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("pagina"))
    rows = list(page.object_list)
    audit.record(
        AuditAction.LIST,
        object_type="cases.localhandover",
        object_repr=f"{len(rows)} overdrachten lokaal domein (pagina {page.number})",
        changes={"ids": [h.pk for h in rows]},
    )
    return render(request, "cases/handovers.html", {"items": _items(user, rows), "page": page})


def _render_detail(
    request: HttpRequest,
    h: LocalHandover,
    *,
    forms: dict[str, Any] | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    audit.record(AuditAction.READ, h, reason="overdracht lokaal domein", actor=request.user)
    item = _items(request.user, [h], {h.pk: forms or {}})[0]
    return render(
        request,
        "cases/handover.html",
        {"item": item, "refusal": "" if "accept_form" in item else refusal},
        status=status,
    )


@login_required
@requires("local_handover:view")
def handover_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _get(request.user, pk))


@login_required
@require_POST
@requires("local_handover:change")
def handover_accept(request: HttpRequest, pk: int) -> HttpResponse:
    h = _get(request.user, pk)
    return submit_form(
        request,
        AcceptForm(request.POST, prefix=f"a{pk}"),
        lambda data: local_domain.accept(
            request.user, pk, reason=data["reason"], expected_version=data["version"]
        ),
        success=_("U heeft de zaak %(ref)s aanvaard.") % {"ref": h.case_reference},
        done=lambda _handover: redirect("cases:handover", pk=pk),
        show=lambda form, status: _render_refused(request, h, "accept", form, status),
    )


@login_required
@require_POST
@requires("local_handover:change")
def handover_return(request: HttpRequest, pk: int) -> HttpResponse:
    h = _get(request.user, pk)
    return submit_form(
        request,
        ReturnForm(request.POST, prefix=f"t{pk}"),
        lambda data: local_domain.return_handover(
            request.user, pk, reason=data["reason"], expected_version=data["version"]
        ),
        success=_("U heeft de zaak %(ref)s teruggegeven aan de NCTV.") % {"ref": h.case_reference},
        done=lambda _handover: redirect("cases:handover", pk=pk),
        show=lambda form, status: _render_refused(request, h, "return", form, status),
    )


def _render_refused(
    request: HttpRequest, h: LocalHandover, which: str, form: Any, status: int
) -> HttpResponse:
    """The hand-over as it is now, with the posted form and, when that form is no longer
    offered (e.g. answered meanwhile), the service's reason at the top."""
    h.refresh_from_db()
    refusal = refusal_text(form)
    return _render_detail(request, h, forms={which: form}, refusal=refusal, status=status)

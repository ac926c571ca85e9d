"""The classification page of a case: requests to lower it, and the second person's answer.

Thin: the requests are read through `cases.selectors` (the case rule), every change is a call
to `cases.classification`, which checks, changes, tells and audits in one transaction. A
refusal comes back on the form it belongs to, with the input kept and the service's words.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weerstand.accounts.http import AuthenticatedHttpRequest
from weerstand.accounts.roles import Classification
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases import classification, rules, selectors
from weerstand.cases.classification_forms import ClassificationDecisionForm, LoweringRequestForm
from weerstand.cases.models import Case
from weerstand.core.decorators import requires
from weerstand.core.forms import submit_form
from weerstand.policy import engine
from weerstand.policy.table import Action


def _case(request: AuthenticatedHttpRequest, pk: int) -> Case:
    return engine.get_for(Case.objects.all(), request.user, Action.VIEW, pk=pk)


def _render(
    request: AuthenticatedHttpRequest,
    case: Case,
    *,
    request_form: LoweringRequestForm | None = None,
    decision_forms: dict[int, ClassificationDecisionForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    changes = list(selectors.classification_changes(user, case))
    decision_forms = decision_forms or {}
    rows = []
    refusal = ""
    for change in changes:
        row: dict[str, Any] = {"change": change}
        posted = decision_forms.get(change.pk)
        if rules.may_decide_classification(user, case, change):
            row["form"] = posted or ClassificationDecisionForm(
                prefix=f"c{change.pk}", initial={"version": case.version}
            )
        elif posted is not None:
            # A refusal for someone who is shown no form (the requester, say).
            refusal = " ".join(str(e) for e in posted.non_field_errors())
        rows.append(row)
    may_request = rules.classification_request_refusal(user, case) is None
    floor = selectors.classification_floor(case)
    context: dict[str, Any] = {
        "case": case,
        "rows": rows,
        "refusal": refusal,
        # Named only to someone screened for it, like the service's refusal.
        "floor_label": Classification(floor).label if 0 < floor <= user.clearance else "",
        "request_form": (request_form or LoweringRequestForm(current=case.classification))
        if may_request and case.classification > 0
        else None,
    }
    audit.record(
        AuditAction.READ,
        case,
        reason="verzoeken verlaging rubricering",
        changes={"ids": [c.pk for c in changes]},
        actor=user,
    )
    return render(request, "cases/classification.html", context, status=status)


@login_required
@requires("case:view")
def classification_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _render(request, _case(request, pk))


@login_required
@require_POST
@requires("case:change")
def classification_request(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = LoweringRequestForm(request.POST, current=case.classification)
    return submit_form(
        request,
        form,
        lambda data: classification.request_lowering(
            request.user, case.pk, data["classification"], reason=data["reason"]
        ),
        success=_(
            "Het verzoek is ingediend. De eigenaar of een senior analist van het casusteam "
            "beslist erover."
        ),
        done=lambda _change: redirect("cases:classification", pk=case.pk),
        show=lambda f, status: _render(request, _case(request, pk), request_form=f, status=status),
    )


@login_required
@require_POST
@requires("case:change")
def classification_decide(
    request: AuthenticatedHttpRequest, pk: int, change_id: int
) -> HttpResponse:
    case = _case(request, pk)
    if not selectors.classification_changes(request.user, case).filter(pk=change_id).exists():
        raise Http404("Niet gevonden")
    form = ClassificationDecisionForm(request.POST, prefix=f"c{change_id}")
    return submit_form(
        request,
        form,
        lambda data: classification.decide(
            request.user,
            case.pk,
            change_id,
            approve=data["outcome"] == "approved",
            reason=data["reason"],
            expected_version=data["version"],
        ),
        success=lambda change: (
            _("De rubricering is verlaagd.")
            if change.status == "applied"
            else _("Het verzoek is afgewezen.")
        ),
        conflict=_(
            "Deze casus is intussen door iemand anders gewijzigd. Er is niets veranderd; "
            "bekijk de actuele gegevens en beslis opnieuw."
        ),
        done=lambda _change: redirect("cases:classification", pk=case.pk),
        show=lambda f, status: _render(
            request, _case(request, pk), decision_forms={change_id: f}, status=status
        ),
    )

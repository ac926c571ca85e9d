"""The case-team page: who has need-to-know on a case, and (for its owner) changing that.

Thin: the team is read through `cases.team.members` (the policy's compartment rule), every
change is a call to `cases.team`, which checks, changes, tells and audits in one transaction.
A refusal comes back on the form it belongs to, with the input kept.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases import rules, team
from weerstand.cases.models import Case
from weerstand.cases.team_forms import (
    AddMemberForm,
    FunctionForm,
    HandoverForm,
    RemoveForm,
    function_choices,
)
from weerstand.core.decorators import requires
from weerstand.core.forms import refusal_text, submit_form
from weerstand.policy import engine
from weerstand.policy.models import MemberFunction
from weerstand.policy.table import Action


def _case(request: HttpRequest, pk: int) -> Case:
    return engine.get_for(Case.objects.all(), request.user, Action.VIEW, pk=pk)


def _render(
    request: HttpRequest,
    case: Case,
    *,
    add_form: AddMemberForm | None = None,
    handover_form: HandoverForm | None = None,
    member_forms: dict[int, dict[str, Any]] | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    user = request.user
    members = list(team.members(user, case))
    manages = rules.may_manage_team(user, case)
    member_forms = member_forms or {}
    rows = []
    for m in members:
        row: dict[str, Any] = {"member": m}
        if manages:
            forms_of = member_forms.get(m.pk, {})
            choices = [
                (f, label) for f, label in function_choices() if f in rules.functions_for(m.user)
            ]
            row["function_form"] = forms_of.get("function") or FunctionForm(
                prefix=f"f{m.pk}", choices=choices, initial={"function": m.function}
            )
            row["remove_form"] = forms_of.get("remove") or RemoveForm(prefix=f"r{m.pk}")
        rows.append(row)
    # A refusal for someone who is shown no forms (not, or no longer, the owner).
    context: dict[str, Any] = {
        "case": case,
        "rows": rows,
        "manages": manages,
        "refusal": "" if manages else refusal,
    }
    if manages:
        candidates = {f: team.candidates(user, case, f) for f in rules.TEAM_FUNCTIONS}
        context["add_form"] = add_form or AddMemberForm(candidates=candidates)
        heirs = [
            m
            for m in members
            if m.user_id != user.pk
            and rules.team_refusal(m.user, case, MemberFunction.OWNER) is None
        ]
        context["handover_form"] = handover_form or HandoverForm(members=heirs)
    audit.record(
        AuditAction.READ,
        case,
        reason="casusteam",
        changes={"members": [m.pk for m in members]},
        actor=user,
    )
    return render(request, "cases/team.html", context, status=status)


@login_required
@requires("case:view")
def team_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, _case(request, pk))


def _done(request: HttpRequest, case: Case) -> HttpResponse:
    if Case.objects.visible_to(request.user).filter(pk=case.pk).exists():
        return redirect("cases:team", pk=case.pk)
    return redirect("core:home")  # e.g. removed oneself from the team


@login_required
@require_POST
@requires("case:change")
def team_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    candidates = {f: team.candidates(request.user, case, f) for f in rules.TEAM_FUNCTIONS}
    form = AddMemberForm(request.POST, candidates=candidates)

    def add(data: dict[str, Any]) -> Any:
        function, user_id = form.chosen()
        return team.add_member(
            request.user, case.pk, user_id, function=function, reason=data["reason"]
        )

    return submit_form(
        request,
        form,
        add,
        success=lambda membership: (
            _("%(name)s is toegevoegd aan het casusteam.") % {"name": membership.user.display_name}
        ),
        done=lambda _membership: _done(request, case),
        show=lambda form, status: _render(
            request, case, add_form=form, refusal=refusal_text(form), status=status
        ),
    )


@login_required
@require_POST
@requires("case:change")
def team_function(request: HttpRequest, pk: int, member_id: int) -> HttpResponse:
    case = _case(request, pk)
    return submit_form(
        request,
        FunctionForm(request.POST, prefix=f"f{member_id}", choices=function_choices()),
        lambda data: team.change_function(
            request.user, case.pk, member_id, function=data["function"], reason=data["reason"]
        ),
        success=_("De functie is gewijzigd."),
        done=lambda _membership: _done(request, case),
        show=lambda form, status: _render(
            request,
            case,
            member_forms={member_id: {"function": form}},
            refusal=refusal_text(form),
            status=status,
        ),
    )


@login_required
@require_POST
@requires("case:change")
def team_remove(request: HttpRequest, pk: int, member_id: int) -> HttpResponse:
    case = _case(request, pk)
    return submit_form(
        request,
        RemoveForm(request.POST, prefix=f"r{member_id}"),
        lambda data: team.remove_member(request.user, case.pk, member_id, reason=data["reason"]),
        success=_("Het teamlid is uit het casusteam gehaald."),
        done=lambda _result: _done(request, case),
        show=lambda form, status: _render(
            request,
            case,
            member_forms={member_id: {"remove": form}},
            refusal=refusal_text(form),
            status=status,
        ),
    )


@login_required
@require_POST
@requires("case:change")
def team_handover(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    members = list(team.members(request.user, case))
    return submit_form(
        request,
        HandoverForm(request.POST, members=members),
        lambda data: team.hand_over(request.user, case.pk, data["member"], reason=data["reason"]),
        success=_("Het eigenaarschap is overgedragen."),
        done=lambda _result: _done(request, case),
        show=lambda form, status: _render(
            request, case, handover_form=form, refusal=refusal_text(form), status=status
        ),
    )

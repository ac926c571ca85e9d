"""Web pages of the retention app (under /bewaren/): thin over `services` and `selectors`.

Every row shown is read through the policy and its reading audited; every change is a call
to `retention.services`. No page shows the content of a governed object: rules name types,
holds and reports name objects by type and id, access-request items by reference.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.decorators import requires
from weerstand.core.forms import perform, submit_form
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource
from weerstand.retention import selectors, services
from weerstand.retention.forms import (
    AccessRequestForm,
    HoldForm,
    ItemDecisionForm,
    ReasonForm,
    RuleForm,
)
from weerstand.retention.models import (
    AccessRequest,
    AccessRequestItem,
    AccessRequestStatus,
    DestructionReport,
    LegalHold,
    RetentionRule,
    object_type_label,
)


def _list_audit(model: type[Model], rows: list[Any], noun: str) -> None:
    if rows:
        audit.record(
            AuditAction.LIST,
            object_type=model._meta.label_lower,
            object_repr=f"{len(rows)} {noun}",
            changes={"ids": [r.pk for r in rows]},
        )


def _index(
    request: HttpRequest,
    *,
    rule_form: RuleForm | None = None,
    hold_form: HoldForm | None = None,
    request_form: AccessRequestForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    rules = list(selectors.rules_for(user))
    holds = list(selectors.holds_for(user))
    reports = list(selectors.reports_for(user)[:50])
    requests_ = list(selectors.requests_for(user))
    _list_audit(RetentionRule, rules, "bewaarregels")
    _list_audit(LegalHold, holds, "bewaarplichten")
    _list_audit(DestructionReport, reports, "vernietigingsverslagen")
    _list_audit(AccessRequest, requests_, "inzageverzoeken")
    may_rule = selectors.may(user, Resource.RETENTION_RULE, Action.CREATE)
    may_hold = selectors.may(user, Resource.LEGAL_HOLD, Action.CREATE)
    may_request = selectors.may(user, Resource.ACCESS_REQUEST, Action.CREATE)
    return render(
        request,
        "retention/index.html",
        {
            "sees_rules": selectors.may(user, Resource.RETENTION_RULE, Action.VIEW),
            "sees_holds": selectors.may(user, Resource.LEGAL_HOLD, Action.VIEW),
            "sees_reports": selectors.may(user, Resource.DESTRUCTION_REPORT, Action.VIEW),
            "sees_requests": selectors.may(user, Resource.ACCESS_REQUEST, Action.VIEW),
            "may_lift": selectors.may(user, Resource.LEGAL_HOLD, Action.CHANGE),
            "may_edit_rules": selectors.may(user, Resource.RETENTION_RULE, Action.CHANGE),
            "rules": rules,
            "holds": holds,
            "reports": reports,
            "requests": requests_,
            "rule_form": (rule_form or RuleForm()) if may_rule else None,
            "hold_form": (hold_form or HoldForm()) if may_hold else None,
            "request_form": (request_form or AccessRequestForm()) if may_request else None,
            "lift_form": ReasonForm(),
        },
        status=status,
    )


@login_required
@requires("destruction_report:view")
def index(request: HttpRequest) -> HttpResponse:
    return _index(request)


@login_required
@require_POST
@requires("retention_rule:create")
def rule_create(request: HttpRequest) -> HttpResponse:
    return submit_form(
        request,
        RuleForm(request.POST),
        lambda d: services.create_rule(request.user, d),
        success=_("De bewaarregel is vastgelegd."),
        done=lambda _r: redirect("retention:index"),
        show=lambda form, status: _index(request, rule_form=form, status=status),
    )


@login_required
@require_http_methods(["GET", "POST"])
@requires("retention_rule:change")
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    rule = engine.get_for(RetentionRule.objects.all(), user, Action.CHANGE, pk=pk)
    if request.method == "GET":
        audit.record(AuditAction.READ, rule, actor=user)
    initial = {
        name: getattr(rule, name)
        for name in (
            "object_type",
            "legal_basis",
            "period_days",
            "counted_from",
            "action",
            "active",
            "note",
        )
    }
    form = RuleForm(request.POST if request.method == "POST" else None, initial=initial)

    def show(form: RuleForm, status: int) -> HttpResponse:
        return render(request, "retention/rule.html", {"rule": rule, "form": form}, status=status)

    return submit_form(
        request,
        form,
        lambda d: services.update_rule(user, rule.pk, d, expected_version=rule.version),
        success=_("De bewaarregel is gewijzigd."),
        conflict=_(
            "Iemand anders heeft deze bewaarregel intussen gewijzigd. Laad de pagina opnieuw."
        ),
        done=lambda _r: redirect("retention:index"),
        show=show,
    )


@login_required
@require_POST
@requires("retention_rule:change")
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return perform(
        request,
        lambda: services.delete_rule(request.user, pk),
        success=_("De bewaarregel is verwijderd."),
        then=lambda: redirect("retention:index"),
    )


@login_required
@require_POST
@requires("legal_hold:create")
def hold_create(request: HttpRequest) -> HttpResponse:
    return submit_form(
        request,
        HoldForm(request.POST),
        lambda d: services.place_hold(
            request.user,
            kind=d["kind"],
            reason=d["reason"],
            case_id=d.get("case"),
            object_type=d.get("object_type") or "",
            object_id=d.get("object_id"),
        ),
        success=_("De bewaarplicht is opgelegd."),
        done=lambda _h: redirect("retention:index"),
        show=lambda form, status: _index(request, hold_form=form, status=status),
    )


@login_required
@require_POST
@requires("legal_hold:change")
def hold_lift(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReasonForm(request.POST)
    reason = form.data.get("reason", "")
    return perform(
        request,
        lambda: services.lift_hold(request.user, pk, reason),
        success=_("De bewaarplicht is opgeheven."),
        then=lambda: redirect("retention:index"),
    )


@login_required
@requires("destruction_report:view")
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    report = engine.get_for(DestructionReport.objects.all(), user, Action.VIEW, pk=pk)
    audit.record(AuditAction.READ, report, actor=user)
    rows = [
        {
            **item,
            "typeLabel": object_type_label(item.get("objectType", "")),
            "outcomeLabel": _outcome_label(item.get("outcome", "")),
        }
        for item in report.items
    ]
    return render(
        request,
        "retention/report.html",
        {"report": report, "rows": rows, "verified": services.verify_report(report)},
    )


def _outcome_label(code: str) -> str:
    labels = {
        "destroyed": _("vernietigd"),
        "anonymised": _("geanonimiseerd"),
        "withheld": _("tegengehouden"),
        "deferred": _("uitgesteld"),
    }
    return labels.get(code, code)


@login_required
@require_POST
@requires("access_request:create")
def request_create(request: HttpRequest) -> HttpResponse:
    return submit_form(
        request,
        AccessRequestForm(request.POST),
        lambda d: services.create_access_request(request.user, d["person"], d["received_on"]),
        success=_("Het inzageverzoek is vastgelegd."),
        done=lambda r: redirect("retention:request", pk=r.pk),
        show=lambda form, status: _index(request, request_form=form, status=status),
    )


def _request_page(
    request: HttpRequest,
    access_request: AccessRequest,
    *,
    extend_form: ReasonForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    items = selectors.items_of(user, access_request)
    audit.record(AuditAction.READ, access_request, actor=user)
    may_change = (
        selectors.may(user, Resource.ACCESS_REQUEST, Action.CHANGE)
        and access_request.status == AccessRequestStatus.RECEIVED
    )
    return render(
        request,
        "retention/request.html",
        {
            "req": access_request,
            "items": items,
            "may_change": may_change,
            "extend_form": extend_form or ReasonForm(),
            "decision_form": ItemDecisionForm(),
        },
        status=status,
    )


def _request(user: Any, pk: int) -> AccessRequest:
    return engine.get_for(AccessRequest.objects.all(), user, Action.VIEW, pk=pk)


@login_required
@requires("access_request:view")
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _request_page(request, _request(request.user, pk))


@login_required
@require_POST
@requires("access_request:change")
def request_collect(request: HttpRequest, pk: int) -> HttpResponse:
    return perform(
        request,
        lambda: services.collect_items(request.user, pk),
        success=lambda added: _("%(n)s onderdelen toegevoegd.") % {"n": len(added)},
        then=lambda: redirect("retention:request", pk=pk),
    )


@login_required
@require_POST
@requires("access_request:change")
def request_extend(request: HttpRequest, pk: int) -> HttpResponse:
    access_request = _request(request.user, pk)
    return submit_form(
        request,
        ReasonForm(request.POST),
        lambda d: services.extend_deadline(request.user, pk, d["reason"]),
        success=_("De termijn is verlengd."),
        done=lambda _r: redirect("retention:request", pk=pk),
        show=lambda form, status: _request_page(
            request, access_request, extend_form=form, status=status
        ),
    )


@login_required
@require_POST
@requires("access_request:change")
def item_decide(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    item = engine.get_for(
        AccessRequestItem.objects.filter(request=pk), request.user, Action.CHANGE, pk=item_id
    )
    form = ItemDecisionForm(request.POST)
    data = form.data
    return perform(
        request,
        lambda: services.decide_item(
            request.user,
            item.pk,
            data.get("decision", ""),
            exception=data.get("exception", ""),
            reason=data.get("reason", ""),
        ),
        success=_("Het besluit over dit onderdeel is vastgelegd."),
        then=lambda: redirect("retention:request", pk=pk),
    )


@login_required
@require_POST
@requires("access_request:change")
def request_complete(request: HttpRequest, pk: int) -> HttpResponse:
    return perform(
        request,
        lambda: services.complete_request(request.user, pk),
        success=_("Het inzageverzoek is afgehandeld."),
        then=lambda: redirect("retention:request", pk=pk),
    )

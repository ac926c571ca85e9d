"""Web pages of the consultations app: thin over `services` and `selectors`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import Case
from weerstand.consultations import rules, selectors, services
from weerstand.consultations.forms import ConsultationForm, LinkForm
from weerstand.core.decorators import requires
from weerstand.core.forms import submit_form
from weerstand.policy import engine
from weerstand.policy.table import Action


def _case(user: Any, case_id: int) -> Case:
    case = engine.get_for(Case.objects.all(), user, Action.VIEW, pk=case_id)
    if not rules.may_read(user, case):
        raise Http404("Niet gevonden")
    return case


def _render(
    request: HttpRequest,
    case: Case,
    form: ConsultationForm | None = None,
    status: int = 200,
    link_form: LinkForm | None = None,
) -> HttpResponse:
    user = request.user
    rows = selectors.case_consultations(user, case)
    links = selectors.case_links(user, case)
    if rows or links:
        audit.record(
            AuditAction.LIST,
            object_type="consultations.consultation",
            object_repr=f"{len(rows)} afstemmingsoverleggen (casus)",
            case_id=case.pk,
            changes={"ids": [r.pk for r in rows], "links": [x.pk for x in links]},
        )
    may_record = rules.may_record(user, case)
    if form is None and may_record:
        form = ConsultationForm(members=selectors.team_candidates(case))
    return render(
        request,
        "consultations/case.html",
        {
            "case": case,
            "rows": rows,
            "links": links,
            "form": form if may_record else None,
            "link_form": (link_form or LinkForm()) if may_record else None,
            "touches": services.touches_investigation(case),
        },
        status=status,
    )


@login_required
@requires("consultation:view")
def case_page(request: HttpRequest, case_id: int) -> HttpResponse:
    return _render(request, _case(request.user, case_id))


@login_required
@require_POST
@requires("consultation:create")
def record(request: HttpRequest, case_id: int) -> HttpResponse:
    user = request.user
    case = _case(user, case_id)
    form = ConsultationForm(request.POST, members=selectors.team_candidates(case))

    def run(d: dict[str, Any]) -> Any:
        follow_ups = []
        if d.get("follow_up"):
            follow_ups.append(
                services.FollowUpData(d["follow_up"], d["follow_up_owner"], d["follow_up_due"])
            )
        return services.record_consultation(
            user,
            case.pk,
            services.ConsultationData(
                held_at=d["held_at"],
                participant_ids=list(d["participants"]),
                interests=d["interests"],
                protection_interest=d["protection_interest"],
                investigation_interest=d["investigation_interest"],
                sharing_agreement=d["sharing_agreement"],
                timing_agreement=d["timing_agreement"],
                key_date=d.get("key_date"),
                key_date_event=d.get("key_date_event", ""),
                corrects_id=int(request.POST["corrects"])
                if request.POST.get("corrects", "").isdigit()
                else None,
                follow_ups=follow_ups,
            ),
        )

    return submit_form(
        request,
        form,
        run,
        success=_("Het afstemmingsoverleg is vastgelegd."),
        done=lambda c: redirect("consultations:case", case_id=case.pk),
        show=lambda f, status: _render(request, case, f, status),
    )


@login_required
@require_POST
@requires("consultation:change")
def follow_up_done(request: HttpRequest, pk: int, follow_up_id: int) -> HttpResponse:
    f = services.complete_follow_up(request.user, pk, follow_up_id)
    return redirect("consultations:case", case_id=f.case_id)


@login_required
@require_POST
@requires("consultation:create")
def link(request: HttpRequest, case_id: int) -> HttpResponse:
    """The case team records that the case touches a running investigation."""
    user = request.user
    case = _case(user, case_id)
    return submit_form(
        request,
        LinkForm(request.POST),
        lambda d: services.link_investigation(
            user, case.pk, om_office=d["om_office"], investigation_name=d["investigation_name"]
        ),
        success=_("Het lopende onderzoek is vastgelegd."),
        done=lambda _link: redirect("consultations:case", case_id=case.pk),
        show=lambda f, status: _render(request, case, status=status, link_form=f),
    )

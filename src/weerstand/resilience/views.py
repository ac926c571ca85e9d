"""Resilience pages. Thin: rows through the policy (`selectors`), changes through
`resilience.services`; forms are offered only where the rules say the user may act.

Staff pages (the case's conversations, one conversation) are for the case team and
inspectors; a portal user asking for them gets the 404 of an absent page. The buddy page is
for the two people in the match only, each seeing their own side.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import Case
from weerstand.core.decorators import requires
from weerstand.core.forms import submit_form
from weerstand.policy import engine
from weerstand.policy.table import Action
from weerstand.resilience import rules, selectors, services
from weerstand.resilience.forms import (
    CancelForm,
    FollowUpForm,
    NotesForm,
    PlanForm,
    ProposeForm,
    ShareForm,
    UpdateForm,
    WithdrawForm,
)
from weerstand.resilience.models import (
    BuddyMatch,
    ConversationStatus,
    FollowUp,
    ResilienceConversation,
)

VIEW = "resilience_conversation:view"


def _staff_case(user: Any, case_id: int) -> Case:
    if not rules.is_staff_reader(user):
        raise Http404("Niet gevonden")
    return engine.get_for(Case.objects.all(), user, Action.VIEW, pk=case_id)


def _may_volunteer(user: Any, case: Case) -> bool:
    return (
        case.state == "ended"
        and rules.is_case_expert(user, case)
        and not selectors.is_volunteer(case.protectee_id)
        and rules.buddy_refusal(case.protectee, protectee_id=0) is None
    )


# --------------------------------------------------------------------------- a case's page


def _render_case(
    request: HttpRequest,
    case: Case,
    *,
    plan_form: PlanForm | None = None,
    propose_form: ProposeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    rows = selectors.case_conversations(user, case)
    buddies = selectors.case_matches(user, case)
    may_plan = rules.may_plan(user, case)
    persons = services.conversation_persons(case) if may_plan else []
    volunteers = services.available_buddies(user) if rules.may_propose_buddy(user, case) else []
    volunteers = [v for v in volunteers if v.person_id != case.protectee_id]
    audit.record(
        AuditAction.LIST,
        object_type="resilience.resilienceconversation",
        object_repr=f"{len(rows)} weerbaarheidsgesprekken bij casus {case.reference}",
        case_id=case.pk,
        changes={"ids": [r.pk for r in rows], "buddy_matches": [m.pk for m in buddies]},
    )
    return render(
        request,
        "resilience/case.html",
        {
            "case": case,
            "rows": rows,
            "buddies": buddies,
            "plan_form": (plan_form or PlanForm(persons=persons))
            if may_plan and case.state != "ended"
            else None,
            "end_plan_form": (plan_form or PlanForm(persons=persons, initial={"phase": "end"}))
            if may_plan and case.state == "ended"
            else None,
            "propose_form": (propose_form or ProposeForm(volunteers=volunteers))
            if volunteers and case.state != "ended"
            else None,
            "may_volunteer": _may_volunteer(user, case),
            "is_expert": may_plan,
        },
        status=status,
    )


@login_required
@requires(VIEW)
def case_page(request: HttpRequest, case_id: int) -> HttpResponse:
    return _render_case(request, _staff_case(request.user, case_id))


@login_required
@require_POST
@requires("resilience_conversation:create")
def plan(request: HttpRequest, case_id: int) -> HttpResponse:
    user = request.user
    case = _staff_case(user, case_id)
    form = PlanForm(request.POST, persons=services.conversation_persons(case))
    return submit_form(
        request,
        form,
        lambda d: services.plan_conversation(
            user,
            case.pk,
            services.ConversationPlan(
                person_id=d["person"],
                phase=d["phase"],
                planned_at=d["planned_at"],
                channel=d["channel"],
                place=d["place"],
            ),
        ),
        success=_("Het gesprek is gepland."),
        done=lambda c: redirect("resilience:conversation", pk=c.pk),
        show=lambda f, status: _render_case(request, case, plan_form=f, status=status),
    )


@login_required
@require_POST
@requires("buddy_match:create")
def propose(request: HttpRequest, case_id: int) -> HttpResponse:
    user = request.user
    case = _staff_case(user, case_id)
    form = ProposeForm(request.POST, volunteers=services.available_buddies(user))
    return submit_form(
        request,
        form,
        lambda d: services.propose_match(user, case.pk, buddy_id=d["buddy"], ends_on=d["ends_on"]),
        success=_("De buddy is voorgesteld. Beiden krijgen de vraag in hun portaal."),
        done=lambda _m: redirect("resilience:case", case_id=case.pk),
        show=lambda f, status: _render_case(request, case, propose_form=f, status=status),
    )


@login_required
@require_POST
@requires("buddy_match:create")
def volunteer(request: HttpRequest, case_id: int) -> HttpResponse:
    user = request.user
    case = _staff_case(user, case_id)
    return submit_form(
        request,
        WithdrawForm(request.POST),
        lambda _d: services.register_volunteer(user, case.protectee_id),
        success=_("De persoon staat op de lijst van beschikbare buddy's."),
        done=lambda _v: redirect("resilience:case", case_id=case.pk),
        show=lambda _f, status: _render_case(request, case, status=status),
    )


# --------------------------------------------------------------------------- one conversation


def _get_conversation(user: Any, pk: int) -> ResilienceConversation:
    if not rules.is_staff_reader(user):
        raise Http404("Niet gevonden")
    return engine.get_for(
        ResilienceConversation.objects.select_related("case", "person", "expert"),
        user,
        Action.VIEW,
        pk=pk,
    )


def _render_conversation(
    request: HttpRequest,
    conversation: ResilienceConversation,
    *,
    forms: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    forms = forms or {}
    may_change = rules.may_change_conversation(user, conversation)
    notes = selectors.notes_of(user, conversation)
    follow_ups = selectors.follow_ups_of(user, conversation)
    audit.record(AuditAction.READ, conversation, changes={"follow_ups": [f.pk for f in follow_ups]})
    v = {"version": conversation.version}
    is_open = conversation.is_open
    local = timezone.localtime(conversation.planned_at) if conversation.planned_at else None
    context = {
        "c": conversation,
        "case": conversation.case,
        "notes": notes,
        "follow_ups": [
            {
                "f": f,
                "overdue": f.is_overdue(),
                "may_complete": not f.is_done and rules.may_complete_follow_up(user, f),
            }
            for f in follow_ups
        ],
        "update_form": forms.get("update")
        or UpdateForm(
            initial={
                **v,
                "planned_at": local,
                "channel": conversation.channel,
                "place": conversation.place,
            }
        )
        if may_change and is_open
        else None,
        "cancel_form": forms.get("cancel") or CancelForm(initial=v)
        if may_change and is_open
        else None,
        "notes_form": forms.get("notes") or NotesForm(initial=v)
        if may_change and conversation.status == ConversationStatus.PLANNED
        else None,
        "follow_up_form": forms.get("follow_up")
        or FollowUpForm(owners=services.follow_up_owners(conversation))
        if may_change and conversation.status != ConversationStatus.CANCELLED
        else None,
    }
    return render(request, "resilience/conversation.html", context, status=status)


@login_required
@requires(VIEW)
def conversation(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_conversation(request, _get_conversation(request.user, pk))


def _post(
    request: HttpRequest,
    pk: int,
    key: str,
    form: Any,
    run: Any,
    success: str,
) -> HttpResponse:
    c = _get_conversation(request.user, pk)
    return submit_form(
        request,
        form,
        run,
        success=success,
        done=lambda _r: redirect("resilience:conversation", pk=c.pk),
        show=lambda f, status: _render_conversation(request, c, forms={key: f}, status=status),
        conflict=_("Dit gesprek is intussen door iemand anders gewijzigd. Laad de pagina opnieuw."),
    )


@login_required
@require_POST
@requires("resilience_conversation:change")
def update(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    return _post(
        request,
        pk,
        "update",
        UpdateForm(request.POST),
        lambda d: services.update_conversation(
            user,
            pk,
            {"planned_at": d["planned_at"], "channel": d["channel"], "place": d["place"]},
            expected_version=d["version"],
        ),
        _("Het gesprek is gewijzigd."),
    )


@login_required
@require_POST
@requires("resilience_conversation:change")
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    return _post(
        request,
        pk,
        "cancel",
        CancelForm(request.POST),
        lambda d: services.cancel_conversation(
            user, pk, reason=d["reason"], expected_version=d["version"]
        ),
        _("Het gesprek is geannuleerd."),
    )


@login_required
@require_POST
@requires("resilience_conversation:change")
def notes(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    return _post(
        request,
        pk,
        "notes",
        NotesForm(request.POST),
        lambda d: services.record_notes(
            user,
            pk,
            services.NotesData(
                wellbeing=d["wellbeing"],
                worries=d["worries"],
                strengths=d["strengths"],
                agreements=d["agreements"],
            ),
            expected_version=d["version"],
        ),
        _("Het verslag is vastgelegd; het gesprek is gehouden."),
    )


@login_required
@require_POST
@requires("resilience_conversation:change")
def add_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    c = _get_conversation(user, pk)
    return _post(
        request,
        pk,
        "follow_up",
        FollowUpForm(request.POST, owners=services.follow_up_owners(c)),
        lambda d: services.add_follow_up(
            user, pk, description=d["description"], owner_id=d["owner"], due_on=d["due_on"]
        ),
        _("De vervolgafspraak is vastgelegd."),
    )


@login_required
@require_POST
@requires(VIEW)
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    if not rules.is_staff_reader(user):
        raise Http404("Niet gevonden")
    follow_up = engine.get_for(FollowUp.objects.all(), user, Action.VIEW, pk=pk)
    return _post(
        request,
        follow_up.conversation_id,
        "done",
        WithdrawForm(request.POST),
        lambda _d: services.complete_follow_up(user, follow_up.pk),
        _("De vervolgafspraak is gedaan."),
    )


# --------------------------------------------------------------------------- the buddy (portal)


def _own_match(user: Any, pk: int) -> tuple[BuddyMatch, str]:
    match = engine.get_for(
        BuddyMatch.objects.select_related("protectee", "buddy"), user, Action.VIEW, pk=pk
    )
    side = rules.side_of(user, match)
    if side is None:
        raise Http404("Niet gevonden")
    return match, side


def _render_buddy(
    request: HttpRequest,
    match: BuddyMatch,
    side: str,
    *,
    share_form: ShareForm | None = None,
    status: int = 200,
) -> HttpResponse:
    audit.record(AuditAction.READ, match, reason=f"portaal ({side})")
    view = selectors.portal_view(match, side)
    initial = {
        "items": view.get("shared_items", []),
        "contact": view.get("contact_text", ""),
        "message": view.get("message_text", ""),
        "version": match.version,
    }
    return render(
        request,
        "resilience/buddy.html",
        {
            "m": view,
            "share_form": (share_form or ShareForm(initial=initial))
            if side == "protectee" and match.is_open
            else None,
            "withdraw_form": WithdrawForm() if match.is_open else None,
        },
        status=status,
    )


@login_required
@requires("buddy_match:view")
def buddy(request: HttpRequest, pk: int) -> HttpResponse:
    match, side = _own_match(request.user, pk)
    return _render_buddy(request, match, side)


@login_required
@require_POST
@requires("buddy_match:change")
def buddy_consent(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    match, side = _own_match(user, pk)
    return submit_form(
        request,
        WithdrawForm(request.POST),
        lambda _d: services.consent(user, match.pk),
        success=_("Dank u. U hebt ja gezegd."),
        done=lambda _m: redirect("resilience:buddy", pk=match.pk),
        show=lambda _f, status: _render_buddy(request, match, side, status=status),
    )


@login_required
@require_POST
@requires("buddy_match:change")
def buddy_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    match = engine.get_for(BuddyMatch.objects.all(), user, Action.VIEW, pk=pk)
    side = rules.side_of(user, match)
    if side is None and not rules.is_staff_reader(user, rules.BM):
        raise Http404("Niet gevonden")

    def show(_f: Any, status: int) -> HttpResponse:
        if side is None:
            case = engine.get_for(Case.objects.all(), user, Action.VIEW, pk=match.case_id)
            return _render_case(request, case, status=status)
        return _render_buddy(request, match, side, status=status)

    return submit_form(
        request,
        WithdrawForm(request.POST),
        lambda d: services.withdraw(user, match.pk, reason=d["reason"]),
        success=_("De koppeling is gestopt."),
        done=lambda _m: (
            redirect("resilience:case", case_id=match.case_id)
            if side is None
            else redirect("core:home")
        ),
        show=show,
    )


@login_required
@require_POST
@requires("buddy_match:change")
def buddy_share(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    match, side = _own_match(user, pk)
    return submit_form(
        request,
        ShareForm(request.POST),
        lambda d: services.set_shares(
            user,
            match.pk,
            items=list(d["items"]),
            contact=d["contact"],
            message=d["message"],
            expected_version=d["version"],
        ),
        success=_("Opgeslagen. Uw buddy ziet alleen wat u hebt gekozen."),
        done=lambda _m: redirect("resilience:buddy", pk=match.pk),
        show=lambda f, status: _render_buddy(request, match, side, share_form=f, status=status),
        conflict=_("Er is intussen iets veranderd. Laad de pagina opnieuw."),
    )

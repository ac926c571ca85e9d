"""Case pages. Thin: they ask the policy for rows and call domain services for changes.

Every page that shows case content writes an audit record (READ for one case, LIST with the
ids shown for lists). Domain errors come back as a readable message next to the form they
belong to, with the user's input kept; a case the user may not see is a 404 like an absent one.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from weerstand.accounts.http import AuthenticatedHttpRequest
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases import aggregates as case_aggregates
from weerstand.cases import rules, services, triage
from weerstand.cases import team as case_team
from weerstand.cases.forms import (
    CaseEditForm,
    CaseFilterForm,
    OmTransferForm,
    ReferralForm,
    TransitionForm,
    event_label,
    transition_label,
)
from weerstand.cases.models import Case, CasePerson, CaseState
from weerstand.cases.state_machine import TRANSITIONS
from weerstand.core.decorators import requires
from weerstand.core.errors import ConcurrencyConflict, DomainError, NotPermitted
from weerstand.core.extensions import case_sections_for
from weerstand.core.forms import apply_domain_error, submit_form
from weerstand.policy import engine
from weerstand.policy.models import BreakGlassGrant, CompartmentMembership
from weerstand.policy.table import Action, Resource
from weerstand.registry import services as registry_services
from weerstand.registry.models import Person, PersonRelation

PAGE_SIZE = 25
TRIAGE_ROUTES = ("advise_authority",)


def _get_case(user: Any, pk: int) -> Case:
    return engine.get_for(
        Case.objects.select_related(
            "protectee",
            "referring_organisation",
            "local_authority",
            "interim_authority",
            "team",
        ),
        user,
        Action.VIEW,
        pk=pk,
    )


# --------------------------------------------------------------------------- list


@login_required
@requires("case:view")
def case_list(request: HttpRequest) -> HttpResponse:
    """Visible cases, filtered; htmx requests get only the results fragment."""
    form = CaseFilterForm(request.GET)
    cases = Case.objects.visible_to(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            q = data["q"]
            cases = cases.filter(Q(reference__icontains=q) | Q(codename__icontains=q))
        for name in ("state", "phenomenon", "domain"):
            if data[name]:
                cases = cases.filter(**{name: data[name]})
    cases = cases.order_by("-referred_at", "-pk")
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("pagina"))
    shown = list(page.object_list)
    audit.record(
        AuditAction.LIST,
        object_type="cases.case",
        object_repr=f"{len(shown)} casussen (pagina {page.number})",
        changes={"ids": [c.pk for c in shown], "filter": _filter_summary(form)},
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "form": form,
        "page": page,
        "cases": shown,
        "result_count": page.paginator.count,
        "query": query.urlencode(),
    }
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx and not htmx.history_restore_request)
    context["partial"] = partial
    template = "cases/_case_results.html" if partial else "cases/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _filter_summary(form: CaseFilterForm) -> dict[str, str]:
    if not form.is_valid():
        return {}
    return {k: str(v) for k, v in form.cleaned_data.items() if v}


# --------------------------------------------------------------------------- detail


@login_required
@requires("case:view")
def case_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = _get_case(request.user, pk)
    return _render_detail(request, case)


def _render_detail(
    request: AuthenticatedHttpRequest,
    case: Case,
    *,
    transition_form: TransitionForm | None = None,
    transition_error: str = "",
    edit_form: CaseEditForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The case page. Re-used after a refused change so the form keeps the user's input."""
    user = request.user
    is_member = CompartmentMembership.objects.filter(compartment=case.team_id, user=user).exists()
    grant = (
        BreakGlassGrant.objects.filter(user=user, case=case, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .first()
    )
    via_break_glass = grant is not None and not is_member

    allowed = services.allowed_transitions(user, case)
    forms_by_name: dict[str, TransitionForm] = {}
    for t in allowed:
        if transition_form is not None and transition_form.transition == t.name:
            forms_by_name[t.name] = transition_form
        else:
            forms_by_name[t.name] = TransitionForm(
                transition=t.name, initial={"version": case.version}
            )
    general = [
        {"name": t.name, "label": transition_label(t.name), "form": forms_by_name[t.name]}
        for t in allowed
        if t.name not in TRIAGE_ROUTES
    ]
    triage_forms = _triage_forms(case, allowed, forms_by_name)

    can_edit = engine.can(user, Resource.CASE, Action.CHANGE, case)
    if can_edit and edit_form is None:
        edit_form = CaseEditForm.for_case(case, user)

    persons = list(CasePerson.objects.visible_to(user).filter(case=case).select_related("person"))
    visible_person_ids = {cp.person_id for cp in persons}
    protectee_visible = case.protectee_id in visible_person_ids
    relatives: list[PersonRelation] = []
    employer = None
    if protectee_visible:
        relatives = list(
            PersonRelation.objects.filter(
                person=case.protectee_id,
                related__in=Person.objects.visible_to(user).values("pk"),
            ).select_related("related")
        )
        employer = case.protectee.employer

    # One row per person: a relative who is also a case person shows the relation kind there.
    kinds = {r.related_id: r.get_kind_display() for r in relatives}
    person_rows = [
        {"person": cp.person, "role": cp.get_role_display(), "relation": kinds.get(cp.person_id)}
        for cp in persons
    ]
    person_rows += [
        {"person": r.related, "role": _("Naaste"), "relation": r.get_kind_display()}
        for r in relatives
        if r.related_id not in visible_person_ids
    ]

    team = list(case_team.members(user, case))

    rule = triage.rule_by_code(case.triage_rule) if case.triage_rule else None
    states = dict(CaseState.choices)
    audit.record(
        AuditAction.READ,
        case,
        reason="noodtoegang" if via_break_glass else "",
        break_glass=via_break_glass,
    )
    context = {
        "case_sections": case_sections_for(user, case),
        "case": case,
        "events": [
            {
                "event": e,
                "label": event_label(e.kind),
                "from": states.get(e.from_state, ""),
                "to": states.get(e.to_state, ""),
            }
            for e in case.events.all()
        ],
        "transitions": general,
        "triage": triage_forms,
        "awaits_authority": _awaits_authority(case),
        "transition_error": transition_error,
        "failed_transition": transition_form.transition if transition_form else "",
        "rendered_transitions": [t.name for t in allowed],
        "edit_form": edit_form if can_edit else None,
        "edit_refused": " ".join(str(e) for e in edit_form.non_field_errors())
        if edit_form is not None and edit_form.is_bound and not can_edit
        else "",
        "person_rows": person_rows,
        "employer": employer,
        "team": team,
        "manages_team": rules.may_manage_team(user, case),
        "changes_persons": rules.may_change_persons(user, case),
        "is_member": is_member,
        "rule_text": _(rule.text) if rule else "",
        "can_see_access_log": engine.can(user, Resource.CASE_AUDIT, Action.VIEW, case),
        "break_glass_grant": grant if via_break_glass else None,
        "today": timezone.localdate(),
    }
    return render(request, "cases/detail.html", context, status=status)


def _triage_forms(
    case: Case, allowed: list[Any], forms_by_name: dict[str, TransitionForm]
) -> dict[str, Any] | None:
    """In triage: the analysts' advice to the authority (who then designates or refuses)."""
    if case.state != CaseState.TRIAGE or "advise_authority" not in {t.name for t in allowed}:
        return None
    return {
        "advise": {
            "name": "advise_authority",
            "label": transition_label("advise_authority"),
            "form": forms_by_name["advise_authority"],
        }
    }


def _awaits_authority(case: Case) -> str:
    """What the case waits for when its next step is a decision of the authority."""
    waiting: dict[str, str] = {
        CaseState.DESIGNATION: _(
            "De analisten hebben geadviseerd. Een besluitvormer in het casusteam besluit over "
            "de aanwijzing (aanwijzen of weigeren); een tweede besluitvormer accordeert."
        ),
        CaseState.DECISION: _(
            "Het vastgestelde dreigingsbeeld is voorgelegd. Een besluitvormer in het casusteam "
            "besluit over beveiliging (starten of geen maatregelen); een tweede accordeert."
        ),
    }
    return waiting.get(case.state, "")


@login_required
@require_POST
@requires("case:view")
def case_transition(request: AuthenticatedHttpRequest, pk: int, name: str) -> HttpResponse:
    """Perform one transition; a refusal re-shows the page with the message and the input."""
    case = _get_case(request.user, pk)
    if name not in TRANSITIONS:
        raise Http404("Niet gevonden")

    def show(form: TransitionForm, status: int) -> HttpResponse:
        error = " ".join(str(e) for e in form.non_field_errors()) or _(
            "De overgang is niet uitgevoerd. Controleer de invoer."
        )
        return _render_detail(
            request,
            _get_case(request.user, pk),  # as it is now, after a refusal too
            transition_form=form,
            transition_error=error,
            status=status,
        )

    return submit_form(
        request,
        TransitionForm(request.POST, transition=name),
        lambda data: services.transition_case(
            request.user,
            case.pk,
            name,
            reason=data["reason"],
            expected_version=data["version"],
            advice=data.get("advice"),
            local_authority=data.get("local_authority"),
        ),
        success=_("Uitgevoerd: %(label)s.") % {"label": transition_label(name)},
        conflict=_(
            "Deze casus is intussen door iemand anders gewijzigd. Er is niets "
            "veranderd; bekijk de actuele gegevens en probeer het opnieuw."
        ),
        # E.g. handed to the local domain: the case left this user's intake queue.
        done=lambda _case: _case_or_home(request, case.pk, "cases:detail"),
        show=show,
    )


def _case_or_home(request: HttpRequest, pk: int, page: str) -> HttpResponse:
    """To the case's `page` while the user still sees the case, else to the start page."""
    if Case.objects.visible_to(request.user).filter(pk=pk).exists():
        return redirect(page, pk=pk)
    return redirect("core:home")


@login_required
@require_POST
@requires("case:change")
def case_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Save the descriptive fields; a stale version overwrites nothing and keeps the input."""
    case = _get_case(request.user, pk)
    form = CaseEditForm(request.POST, user=request.user, case=case)
    status = 400
    if form.is_valid():
        try:
            services.update_case(
                request.user, case.pk, form.changes(), expected_version=form.cleaned_data["version"]
            )
        except ConcurrencyConflict:
            case = _get_case(request.user, pk)
            # Keep the input; take the current version so that saving again is a deliberate
            # choice made after seeing the other person's change.
            data = request.POST.copy()
            data[form.add_prefix("version")] = str(case.version)
            form = CaseEditForm(data, user=request.user, case=case)
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Iemand anders heeft deze casus gewijzigd nadat u hem opende. Uw "
                    "wijzigingen zijn niet opgeslagen en er is niets overschreven. Uw invoer "
                    "staat hieronder nog; vergelijk die met de actuele gegevens op deze pagina "
                    "en sla opnieuw op als u uw wijziging wilt doorzetten."
                ),
            )
            return _render_detail(request, case, edit_form=form, status=409)
        except DomainError as exc:
            apply_domain_error(form, exc)
            status = exc.status
        else:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            return redirect("cases:detail", pk=case.pk)
    case = _get_case(request.user, pk)
    return _render_detail(request, case, edit_form=form, status=status)


# --------------------------------------------------------------------------- referral


def _selectable_persons(user: Any) -> Any:
    return Person.objects.visible_to(user).order_by("last_name", "first_name")


def _audit_person_choices(persons: Any) -> None:
    ids = list(persons.values_list("pk", flat=True)[:500])
    if ids:
        audit.record(
            AuditAction.LIST,
            object_type="registry.person",
            object_repr=f"{len(ids)} personen (keuzelijst aanmelding)",
            changes={"ids": ids},
        )


def _person_for(user: Any, form: ReferralForm) -> Person:
    data = form.cleaned_data
    if data.get("existing_person"):
        return data["existing_person"]
    return registry_services.create_person(
        user,
        registry_services.PersonData(
            first_name=data["first_name"],
            last_name=data["last_name"],
            date_of_birth=data.get("date_of_birth"),
            home_address=data.get("home_address", ""),
            phone_numbers=data.get("phone_numbers", ""),
            classification=data["classification"],
        ),
    )


def _referral_data(person: Person, form: ReferralForm) -> services.ReferralData:
    data = form.cleaned_data
    return services.ReferralData(
        protectee=person,
        phenomenon=data["phenomenon"],
        severity=data["severity"],
        summary=data["summary"],
        codename=data.get("codename", ""),
        person_can_resist=data["person_can_resist"],
        employer_can_resist=data["employer_can_resist"],
        classification=data["classification"],
        on_limitative_list=data["on_limitative_list"],
    )


def _submit_referral(
    request: HttpRequest,
    form: ReferralForm,
    persons: Any,
    template: str,
    open_case: Any,
) -> HttpResponse:
    """Post a referral form: the person (chosen or new) and the case together, or neither;
    then to the new case if the referrer may see it, else home with its reference."""
    user = request.user

    def run(_data: dict[str, Any]) -> Case:
        with transaction.atomic():  # person and case together, or neither
            return open_case(_referral_data(_person_for(user, form), form))

    def show(form: ReferralForm, status: int) -> HttpResponse:
        _audit_person_choices(persons)
        return render(request, template, {"form": form}, status=status)

    return submit_form(
        request,
        form,
        run,
        success=lambda case: _("Aanmelding %(ref)s is geregistreerd.") % {"ref": case.reference},
        done=lambda case: _case_or_home(request, case.pk, "cases:detail"),
        show=show,
    )


@login_required
@require_http_methods(["GET", "POST"])
@requires("case:create")
def refer(request: HttpRequest) -> HttpResponse:
    """Refer a threatened person: an existing visible person or a new one, in one go."""
    user = request.user
    if not engine.can(user, Resource.CASE, Action.CREATE):
        raise Http404("Niet gevonden")
    persons = _selectable_persons(user)
    return _submit_referral(
        request,
        ReferralForm(request.POST or None, user=user, persons=persons),
        persons,
        "cases/refer.html",
        lambda referral: services.open_case(user, referral),
    )


@login_required
@require_http_methods(["GET", "POST"])
@requires("case:create")
def om_transfer(request: HttpRequest) -> HttpResponse:
    """Take over a protection from the OM; its measures stay in force without a gap."""
    user = request.user
    if not rules.may_transfer_from_om(user):
        raise Http404("Niet gevonden")
    persons = _selectable_persons(user)
    form = OmTransferForm(request.POST or None, user=user, persons=persons)
    return _submit_referral(
        request,
        form,
        persons,
        "cases/om_transfer.html",
        lambda referral: services.transfer_from_om(
            user,
            referral,
            interim_measures=form.cleaned_data["interim_measures"],
            om_office=form.cleaned_data["om_office"],
            reason=form.cleaned_data["reason"],
        ),
    )


@login_required
@requires("aggregates:view")
def aggregates(request: HttpRequest) -> HttpResponse:
    """Counts per phenomenon and state with small-cell suppression; never a single case."""
    try:
        table = case_aggregates.case_counts_by_phenomenon_and_state(request.user)
    except NotPermitted as exc:
        raise Http404("Niet gevonden") from exc
    return render(
        request,
        "cases/aggregates.html",
        {"table": table, "threshold": case_aggregates.THRESHOLD},
    )

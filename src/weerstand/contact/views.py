"""Pages of the contact app: the owner names the contact person, the contact person logs a
message (both from the case page's section), and the portal user reads what they were told.

Thin: what to offer from `contact.rules`, rows from `contact.selectors`, changes through
`contact.services`. A refusal comes back as a message on the case page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weerstand.accounts.http import AuthenticatedHttpRequest
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import Case
from weerstand.contact import rules, selectors, services
from weerstand.contact.forms import AssignForm, MessageForm
from weerstand.core.decorators import requires
from weerstand.core.forms import perform, refusal_text
from weerstand.policy import engine
from weerstand.policy.table import Action

PAGE_SIZE = 20


def _case(request: AuthenticatedHttpRequest, case_pk: int) -> Case:
    return engine.get_for(Case.objects.all(), request.user, Action.VIEW, pk=case_pk)


def _back(case: Case) -> HttpResponse:
    return redirect(f"{case.get_absolute_url()}#contactpersoon")


def _invalid(request: AuthenticatedHttpRequest, form: AssignForm | MessageForm) -> None:
    fields = "; ".join(
        f"{form.fields[name].label}: {' '.join(str(e) for e in errs)}"
        if name in form.fields
        else " ".join(str(e) for e in errs)
        for name, errs in form.errors.items()
    )
    messages.error(request, _("Niet opgeslagen. %(why)s") % {"why": fields or refusal_text(form)})


@login_required
@require_POST
@requires("contact_person:change")
def assign(request: AuthenticatedHttpRequest, case_pk: int) -> HttpResponse:
    case = _case(request, case_pk)
    form = AssignForm(request.POST, candidates=selectors.candidates(request.user, case))
    if not form.is_valid():
        _invalid(request, form)
        return _back(case)
    d = form.cleaned_data
    return perform(
        request,
        lambda: services.assign(
            request.user,
            case.pk,
            services.Assignment(
                contact=d["contact"],
                contact_phone=d["contact_phone"],
                deputy=d["deputy"],
                deputy_phone=d["deputy_phone"],
                note=d["note"],
            ),
            reason=d["reason"],
            expected_version=d["version"],
        ),
        success=_("De vaste contactpersoon is opgeslagen."),
        then=lambda: _back(case),
    )


@login_required
@require_POST
@requires("communication:create")
def record(request: AuthenticatedHttpRequest, case_pk: int) -> HttpResponse:
    case = _case(request, case_pk)
    log = selectors.case_log(request.user, case)
    form = MessageForm(
        request.POST,
        recipients=selectors.recipients(case),
        earlier=[m for r in log.recipients for m in r.messages],
    )
    if not form.is_valid():
        _invalid(request, form)
        return _back(case)
    d = form.cleaned_data
    return perform(
        request,
        lambda: services.record_message(
            request.user,
            case.pk,
            services.Message(
                recipient=d["recipient"],
                text=d["text"],
                channel=d["channel"],
                topic=d["topic"],
                told_at=d["told_at"],
                corrects=d["corrects"],
            ),
        ),
        success=_("Het bericht is vastgelegd."),
        then=lambda: _back(case),
    )


@login_required
@requires("communication:view")
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Portal: the messages logged to this person (never those to others)."""
    if not rules.is_portal_reader(request.user):
        raise Http404("Niet gevonden")
    page = Paginator(selectors.own_messages(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = list(page.object_list)
    audit.record(
        AuditAction.LIST,
        object_type="contact.communication",
        object_repr=f"{len(rows)} eigen berichten (portaal)",
        changes={"ids": [m.pk for m in rows]},
    )
    return render(request, "contact/mine.html", {"messages_told": rows, "page": page})

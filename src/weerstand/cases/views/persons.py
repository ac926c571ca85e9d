"""The persons page of a case: who is concerned, in what role, and what may be shared with them.

Thin: links are read through `cases.rules.visible_case_persons` (case and person both visible),
changes go through `cases.persons`.
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
from weerstand.cases import persons, rules, selectors
from weerstand.cases.models import Case, CasePersonRole
from weerstand.cases.persons_forms import (
    ChangeLinkForm,
    LinkPersonForm,
    PortalAccountForm,
    UnlinkForm,
)
from weerstand.core.decorators import requires
from weerstand.core.forms import refusal_text, submit_form
from weerstand.policy import engine
from weerstand.policy.table import Action
from weerstand.registry import services as registry
from weerstand.registry.models import Person


def _case(request: HttpRequest, pk: int) -> Case:
    return engine.get_for(Case.objects.all(), request.user, Action.VIEW, pk=pk)


def _selectable(user: Any, case: Case) -> list[Person]:
    """Persons the user may see and could link (not those already in this case)."""
    linked = rules.visible_case_persons(user, case).values("person")
    return list(
        Person.objects.visible_to(user)
        .exclude(pk__in=linked)
        .order_by("last_name", "first_name", "pk")[:200]
    )


def _render(
    request: HttpRequest,
    case: Case,
    *,
    link_form: LinkPersonForm | None = None,
    link_forms: dict[int, dict[str, Any]] | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    user = request.user
    links = list(rules.visible_case_persons(user, case))
    changes = rules.may_change_persons(user, case)
    link_forms = link_forms or {}
    portal = selectors.portal_account_states([link.person_id for link in links]) if changes else {}
    rows = []
    for link in links:
        row: dict[str, Any] = {"link": link, "portal": portal.get(link.person_id, "")}
        if changes and link.role != CasePersonRole.PROTECTEE:
            mine = link_forms.get(link.pk, {})
            row["change_form"] = mine.get("change") or ChangeLinkForm(
                prefix=f"c{link.pk}", initial={"role": link.role, "shares": link.shares}
            )
            row["unlink_form"] = mine.get("unlink") or UnlinkForm(prefix=f"u{link.pk}")
        if changes and link.role in persons.PORTAL_ROLE_FOR and not row["portal"]:
            row["portal_form"] = link_forms.get(link.pk, {}).get("portal") or PortalAccountForm(
                prefix=f"p{link.pk}"
            )
        rows.append(row)
    context: dict[str, Any] = {
        "case": case,
        "rows": rows,
        "changes": changes,
        "refusal": "" if changes else refusal,
    }
    if changes:
        context["link_form"] = link_form or LinkPersonForm(persons=_selectable(user, case))
    audit.record(
        AuditAction.READ,
        case,
        reason="betrokken personen",
        changes={"links": [link.pk for link in links]},
        actor=user,
    )
    return render(request, "cases/persons.html", context, status=status)


@login_required
@requires("person:view")
def persons_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, _case(request, pk))


@login_required
@require_POST
@requires("person:change")
def person_link(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)

    def link(data: dict[str, Any]) -> Any:
        new = None
        if not data["existing"]:
            new = registry.PersonData(
                first_name=data["first_name"],
                last_name=data["last_name"],
                date_of_birth=data["date_of_birth"],
            )
        return persons.link_person(
            request.user,
            case.pk,
            role=data["role"],
            reason=data["reason"],
            person_id=data["existing"],
            new_person=new,
            shares=data["shares"],
        )

    return submit_form(
        request,
        LinkPersonForm(request.POST, persons=_selectable(request.user, case)),
        link,
        success=_("De persoon is aan de casus gekoppeld."),
        done=lambda _link: redirect("cases:persons", pk=case.pk),
        show=lambda form, status: _render(
            request, case, link_form=form, refusal=refusal_text(form), status=status
        ),
    )


@login_required
@require_POST
@requires("person:change")
def person_change(request: HttpRequest, pk: int, link_id: int) -> HttpResponse:
    case = _case(request, pk)
    return submit_form(
        request,
        ChangeLinkForm(request.POST, prefix=f"c{link_id}"),
        lambda data: persons.update_link(
            request.user,
            case.pk,
            link_id,
            reason=data["reason"],
            role=data["role"],
            shares=data["shares"],
        ),
        success=_("De gegevens van de betrokken persoon zijn gewijzigd."),
        done=lambda _link: redirect("cases:persons", pk=case.pk),
        show=lambda form, status: _render(
            request,
            case,
            link_forms={link_id: {"change": form}},
            refusal=refusal_text(form),
            status=status,
        ),
    )


@login_required
@require_POST
@requires("person:change")
def person_unlink(request: HttpRequest, pk: int, link_id: int) -> HttpResponse:
    case = _case(request, pk)
    return submit_form(
        request,
        UnlinkForm(request.POST, prefix=f"u{link_id}"),
        lambda data: persons.unlink_person(request.user, case.pk, link_id, reason=data["reason"]),
        success=_("De persoon is ontkoppeld van de casus."),
        done=lambda _result: redirect("cases:persons", pk=case.pk),
        show=lambda form, status: _render(
            request,
            case,
            link_forms={link_id: {"unlink": form}},
            refusal=refusal_text(form),
            status=status,
        ),
    )


@login_required
@require_POST
@requires("person:change")
def person_portal_account(request: HttpRequest, pk: int, link_id: int) -> HttpResponse:
    """Ask a portal account for a linked person (four eyes, then a link to their mailbox)."""
    case = _case(request, pk)
    return submit_form(
        request,
        PortalAccountForm(request.POST, prefix=f"p{link_id}"),
        lambda data: persons.request_portal_account(
            request.user, case.pk, link_id, email=data["email"], reason=data["reason"]
        ),
        success=_(
            "Het portaalaccount is aangevraagd. Het gaat open als een tweede persoon akkoord "
            "geeft; dan krijgt de persoon een link op het eigen e-mailadres."
        ),
        done=lambda _change: redirect("cases:persons", pk=case.pk),
        show=lambda form, status: _render(
            request,
            case,
            link_forms={link_id: {"portal": form}},
            refusal=refusal_text(form),
            status=status,
        ),
    )

"""Registry pages: persons and the limitative list, always through the policy.

Contact fields and the witness-protection programme cover (only *that* the person is covered
and by which programme) are shown only when the policy grants them for this person; the audit
record of each read names what was shown.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import CasePerson
from weerstand.core.decorators import requires
from weerstand.core.forms import submit_form
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource
from weerstand.registry import services
from weerstand.registry.forms import PersonSearchForm, ProgrammeCoverForm
from weerstand.registry.models import LimitativeEntry, Person, PersonRelation, ProgrammeCover

PAGE_SIZE = 25
BASE_FIELDS = ("first_name", "last_name", "date_of_birth", "classification", "employer")
CONTACT_FIELDS = ("home_address", "phone_numbers", "employer.contact")


@login_required
@requires("person:view")
def person_list(request: HttpRequest) -> HttpResponse:
    form = PersonSearchForm(request.GET)
    persons = Person.objects.visible_to(request.user)
    searched = ""
    if form.is_valid() and form.cleaned_data["q"]:
        searched = form.cleaned_data["q"]
        for word in searched.split():
            persons = persons.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    page = Paginator(persons.order_by("last_name", "first_name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    shown = list(page.object_list)
    audit.record(
        AuditAction.SEARCH if searched else AuditAction.LIST,
        object_type="registry.person",
        object_repr=f"{len(shown)} personen (pagina {page.number})",
        changes={"ids": [p.pk for p in shown]} | ({"q": searched} if searched else {}),
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "registry/person_list.html",
        {"form": form, "page": page, "persons": shown, "query": query.urlencode()},
    )


@login_required
@requires("person:view")
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = engine.get_for(Person.objects.select_related("employer"), request.user, pk=pk)
    return _render_person(request, person)


def _render_person(
    request: HttpRequest, person: Person, *, cover_form: Any = None, status: int = 200
) -> HttpResponse:
    user = request.user
    show_contact = engine.can(user, Resource.PERSON_CONTACT, Action.VIEW, person)
    show_cover = engine.can(user, Resource.PROGRAMME_COVER, Action.VIEW, person)
    may_record_cover = engine.can(user, Resource.PROGRAMME_COVER, Action.CHANGE, person)
    cover = (
        ProgrammeCover.objects.visible_to(user).filter(person=person).first()
        if show_cover
        else None
    )
    visible = Person.objects.visible_to(user).values("pk")
    relations = list(
        PersonRelation.objects.filter(person=person, related__in=visible).select_related("related")
    )
    related_to = list(
        PersonRelation.objects.filter(related=person, person__in=visible).select_related("person")
    )
    cases = list(
        CasePerson.objects.visible_to(user)
        .filter(person=person)
        .select_related("case")
        .order_by("-case__referred_at")
    )
    fields = list(BASE_FIELDS)
    if show_contact:
        fields += [f for f in CONTACT_FIELDS if f != "employer.contact" or person.employer_id]
    if cover is not None:
        fields.append("programme_cover")
    audit.record(
        AuditAction.READ,
        person,
        changes={
            "fields_shown": fields,
            "relations_shown": [r.related_id for r in relations]
            + [r.person_id for r in related_to],
            "cases_shown": [cp.case_id for cp in cases],
        },
    )
    if cover is not None:
        audit.record(AuditAction.READ, cover)
    if may_record_cover and cover_form is None:
        initial: dict[str, Any] = {"version": cover.version} if cover else {}
        if cover:
            initial["programme"] = cover.programme
        cover_form = ProgrammeCoverForm(initial=initial)
    return render(
        request,
        "registry/person_detail.html",
        {
            "person": person,
            "show_contact": show_contact,
            "show_cover": show_cover,
            "cover": cover,
            "cover_form": cover_form if may_record_cover else None,
            "relations": relations,
            "related_to": related_to,
            "case_links": cases,
        },
        status=status,
    )


@login_required
@require_POST
@requires("programme_cover:change")
def person_programme_cover(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that the person is covered by the witness protection programme (and by which);
    the service refuses everyone outside the person's crown-witness case with a 404."""
    user = request.user
    person = engine.get_for(Person.objects.select_related("employer"), user, pk=pk)
    return submit_form(
        request,
        ProgrammeCoverForm(request.POST),
        lambda d: services.record_programme_cover(
            user, person.pk, d["programme"], d["reason"], expected_version=d.get("version")
        ),
        conflict=_("Een collega heeft de dekking intussen gewijzigd. Probeer het opnieuw."),
        success=_("De dekking door getuigenbescherming is vastgelegd."),
        done=lambda _c: redirect("registry:person", pk=person.pk),
        show=lambda form, status: _render_person(request, person, cover_form=form, status=status),
    )


@login_required
@requires("limitative_entry:view")
def limitative_list(request: HttpRequest) -> HttpResponse:
    entries = list(
        LimitativeEntry.objects.visible_to(request.user)
        .select_related("owner")
        .order_by("kind", "name", "pk")
    )
    audit.record(
        AuditAction.LIST,
        object_type="registry.limitativeentry",
        object_repr=f"{len(entries)} vermeldingen",
        changes={"ids": [e.pk for e in entries]},
    )
    return render(request, "registry/limitative_list.html", {"entries": entries})

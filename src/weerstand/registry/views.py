"""Registry pages: persons and the limitative list, always through the policy.

Contact fields and the witness-protection identity are shown only when the policy grants
them for this person; the audit record of each read names the fields that were shown.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import CasePerson
from weerstand.core.decorators import requires
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource
from weerstand.registry.forms import PersonSearchForm
from weerstand.registry.models import LimitativeEntry, Person, PersonRelation

PAGE_SIZE = 25
BASE_FIELDS = ("first_name", "last_name", "date_of_birth", "classification", "employer")
CONTACT_FIELDS = ("home_address", "phone_numbers", "employer.contact")
IDENTITY_FIELDS = ("witness_protection_identity",)


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
    user = request.user
    person = engine.get_for(Person.objects.select_related("employer"), user, pk=pk)
    show_contact = engine.can(user, Resource.PERSON_CONTACT, Action.VIEW, person)
    show_identity = engine.can(user, Resource.PROTECTED_IDENTITY, Action.VIEW, person)
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
    if show_identity:
        fields += IDENTITY_FIELDS
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
    return render(
        request,
        "registry/person_detail.html",
        {
            "person": person,
            "show_contact": show_contact,
            "show_identity": show_identity,
            "relations": relations,
            "related_to": related_to,
            "case_links": cases,
        },
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

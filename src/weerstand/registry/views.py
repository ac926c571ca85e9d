"""Registry pages: persons and the limitative list, always through the policy."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.decorators import requires
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource
from weerstand.registry.models import LimitativeEntry, Person


@login_required
@requires("person:view")
def person_list(request: HttpRequest) -> HttpResponse:
    persons = list(Person.objects.visible_to(request.user)[:200])
    audit.record(AuditAction.LIST, object_type="registry.person", object_repr=f"{len(persons)} personen",
                 changes={"ids": [p.pk for p in persons]})
    return render(request, "registry/person_list.html", {"persons": persons})


@login_required
@requires("person:view")
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = engine.get_for(Person.objects.all(), request.user, pk=pk)
    show_contact = engine.can(request.user, Resource.PERSON_CONTACT, Action.VIEW, person)
    show_identity = engine.can(request.user, Resource.PROTECTED_IDENTITY, Action.VIEW, person)
    fields = [f for f, ok in (("contact", show_contact), ("identity", show_identity)) if ok]
    audit.record(AuditAction.READ, person, changes={"fields_shown": fields})
    return render(
        request,
        "registry/person_detail.html",
        {"person": person, "show_contact": show_contact, "show_identity": show_identity},
    )


@login_required
@requires("limitative_entry:view")
def limitative_list(request: HttpRequest) -> HttpResponse:
    entries = list(LimitativeEntry.objects.visible_to(request.user).select_related("owner"))
    audit.record(AuditAction.LIST, object_type="registry.limitativeentry",
                 object_repr=f"{len(entries)} vermeldingen", changes={"ids": [e.pk for e in entries]})
    return render(request, "registry/limitative_list.html", {"entries": entries})

"""Pages of the information app. Thin: rows come from the policy, changes from the services.

Every page that shows products writes an audit record (READ for one object, LIST with the
ids shown). Objects the user may not see answer 404, exactly like absent ones.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import Case
from weerstand.core.decorators import requires
from weerstand.core.forms import submit_form
from weerstand.information import panels, services
from weerstand.information.forms import (
    AttachmentForm,
    LinkCaseForm,
    ProductFilterForm,
    ProductForm,
    ResolveAdviceForm,
    WithdrawForm,
)
from weerstand.information.models import (
    Attachment,
    Entity,
    EntityLink,
    ProductCase,
    ProductPerson,
    ThreatProduct,
)
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

PAGE_SIZE = 25
SAFE_DOWNLOAD_TYPES = {
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "image/png",
    "image/jpeg",
}


def _require(user: Any, resource: Resource, *actions: Action) -> None:
    """A page that is only about products does not exist for roles without a product grant."""
    if not any(engine.can(user, resource, a) for a in actions):
        raise Http404("Niet gevonden")


def _get_product(user: Any, pk: int) -> ThreatProduct:
    return engine.get_for(
        ThreatProduct.objects.select_related(
            "originator", "legal_basis", "supersedes", "withdrawn_by"
        ),
        user,
        Action.VIEW,
        pk=pk,
    )


def filter_products(qs: Any, form: ProductFilterForm) -> Any:
    if not form.is_valid():
        return qs
    d = form.cleaned_data
    if d["q"]:
        qs = qs.filter(
            Q(title__icontains=d["q"])
            | Q(reference__icontains=d["q"])
            | Q(partner_reference__icontains=d["q"])
        )
    for name in ("status", "phenomenon", "reliability", "handling"):
        if d[name]:
            qs = qs.filter(**{name: d[name]})
    if d["originator"]:
        qs = qs.filter(originator=d["originator"])
    if d["credibility"]:
        qs = qs.filter(credibility=d["credibility"])
    if d["received_from"]:
        qs = qs.filter(received_at__date__gte=d["received_from"])
    if d["received_until"]:
        qs = qs.filter(received_at__date__lte=d["received_until"])
    return qs


# --------------------------------------------------------------------------- products


@login_required
@requires("threat_product:view", "threat_product:create")
def product_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProductFilterForm(request.GET)
    products = filter_products(ThreatProduct.objects.visible_to(user), form)
    products = products.select_related("originator", "legal_basis").order_by("-received_at", "-pk")
    page = Paginator(products, PAGE_SIZE).get_page(request.GET.get("pagina"))
    shown = list(page.object_list)
    audit.record(
        AuditAction.LIST,
        object_type="information.threatproduct",
        object_repr=f"{len(shown)} producten (pagina {page.number})",
        changes={
            "ids": [p.pk for p in shown],
            "filter": {
                k: str(v) for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v
            },
        },
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx and not htmx.history_restore_request)
    context = {
        "form": form,
        "page": page,
        "products": shown,
        "result_count": page.paginator.count,
        "query": query.urlencode(),
        "partial": partial,
        "can_create": engine.can(user, Resource.THREAT_PRODUCT, Action.CREATE),
    }
    template = "information/_product_results.html" if partial else "information/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
@requires("threat_product:view")
def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    product = _get_product(request.user, pk)
    return _render_detail(request, product)


def _render_detail(
    request: HttpRequest,
    product: ThreatProduct,
    *,
    withdraw_form: WithdrawForm | None = None,
    attachment_form: AttachmentForm | None = None,
    link_form: LinkCaseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    if link_form is None and engine.can(user, Resource.CASE, Action.CHANGE):
        link_form = LinkCaseForm(user=user)
    cases = [
        link.case
        for link in ProductCase.objects.visible_to(user)
        .filter(product=product)
        .select_related("case")
        .order_by("case__reference")
    ]
    persons = [
        link.person
        for link in ProductPerson.objects.visible_to(user)
        .filter(product=product)
        .select_related("person")
        .order_by("person__last_name", "person__pk")
    ]
    entities = list(
        Entity.objects.visible_to(user).filter(
            pk__in=EntityLink.objects.visible_to(user).filter(product=product).values("entity_id")
        )
    )
    attachments = list(Attachment.objects.visible_to(user).filter(product=product))
    chain = services.product_chain(product, user)
    can_change = product.status == "active" and engine.can(
        user, Resource.THREAT_PRODUCT, Action.CHANGE, product
    )
    audit.record(AuditAction.READ, product)
    context = {
        "product": product,
        "cases": cases,
        "persons": persons,
        "entities": entities,
        "attachments": attachments,
        "chain": chain,
        "can_change": can_change,
        "withdraw_form": withdraw_form or WithdrawForm(),
        "attachment_form": attachment_form or AttachmentForm(),
        "link_form": link_form,
    }
    return render(request, "information/detail.html", context, status=status)


@login_required
@requires("threat_product:create")
@require_http_methods(["GET", "POST"])
def product_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProductForm(request.POST or None, request.FILES or None, user=user)
    return submit_form(
        request,
        form,
        lambda _d: services.create_product(user, form.product_data()),
        refusal_status=lambda exc: 400 if exc.status == 403 else exc.status,
        success=lambda product: _("Product %(ref)s is vastgelegd.") % {"ref": product.reference},
        done=lambda product: redirect("information:detail", product.pk),
        show=lambda form, status: render(
            request, "information/form.html", {"form": form, "product": None}, status=status
        ),
    )


@login_required
@requires("threat_product:change")
@require_http_methods(["GET", "POST"])
def product_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    product = _get_product(user, pk)
    if not engine.can(user, Resource.THREAT_PRODUCT, Action.CHANGE, product):
        raise Http404("Niet gevonden")

    def show(form: ProductForm, status: int) -> HttpResponse:
        form.fields["partner_reference"].disabled = True
        return render(
            request, "information/form.html", {"form": form, "product": product}, status=status
        )

    if request.method == "POST":
        form = ProductForm(request.POST, request.FILES or None, user=user)
        form.fields.pop("originator", None)
        return submit_form(
            request,
            form,
            lambda _d: services.new_version(user, product.pk, form.product_data()),
            refusal_status=400,
            success=lambda new: (
                _("Nieuwe versie %(ref)s is vastgelegd; de vorige is vervangen.")
                % {"ref": new.reference}
            ),
            done=lambda new: redirect("information:detail", new.pk),
            show=show,
        )
    data = services.data_from_product(product)
    initial = {
        k: getattr(data, k)
        for k in (
            "title",
            "classification",
            "handling",
            "reliability",
            "credibility",
            "summary",
            "body",
            "partner_reference",
            "valid_from",
            "valid_until",
            "phenomenon",
        )
    }
    initial["legal_basis"] = product.legal_basis_id
    audit.record(AuditAction.READ, product, reason="nieuwe versie voorbereiden")
    form = ProductForm(initial=initial, user=user)
    form.fields.pop("originator", None)
    return show(form, 200)


@login_required
@requires("threat_product:change")
@require_POST
def product_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    product = _get_product(user, pk)
    return submit_form(
        request,
        WithdrawForm(request.POST),
        lambda d: services.withdraw_product(user, product.pk, reason=d["reason"]),
        success=_("Het product is ingetrokken."),
        done=lambda _p: redirect("information:detail", product.pk),
        show=lambda form, status: _render_detail(
            request, product, withdraw_form=form, status=status
        ),
    )


@login_required
@requires("threat_product:change")
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    product = _get_product(user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    return submit_form(
        request,
        form,
        lambda _d: services.add_attachment(user, product.pk, form.attachment_data()),
        success=_("De bijlage is toegevoegd."),
        done=lambda _a: redirect("information:detail", product.pk),
        show=lambda form, status: _render_detail(
            request, product, attachment_form=form, status=status
        ),
    )


@login_required
@requires("threat_product:view", "case:change")
@require_POST
def link_case(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    product = _get_product(user, pk)
    return submit_form(
        request,
        LinkCaseForm(request.POST, user=user),
        lambda d: services.link_product_to_case(user, product.pk, d["case"].pk),
        success=_("Het product is aan de casus gekoppeld."),
        done=lambda _link: redirect("information:detail", product.pk),
        show=lambda form, status: _render_detail(request, product, link_form=form, status=status),
    )


def attachment_response(attachment: Attachment) -> HttpResponse:
    """The file as a download only: never inline, never sniffed, sandboxed if opened."""
    content_type = attachment.content_type
    if content_type == "text/plain":
        content_type = "text/plain; charset=utf-8"
        data = _text_as_utf8(attachment.data())
    elif content_type in SAFE_DOWNLOAD_TYPES:
        data = attachment.data()
    else:
        content_type, data = "application/octet-stream", attachment.data()
    response = HttpResponse(data, content_type=content_type)
    ascii_name = attachment.filename.encode("ascii", "replace").decode().replace("?", "_")
    from urllib.parse import quote

    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(attachment.filename)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "no-store"
    response["Content-Length"] = str(len(data))
    return response


def _text_as_utf8(data: bytes) -> bytes:
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        return data.decode("latin-1").encode("utf-8")


@login_required
@requires("threat_product:view")
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = engine.get_for(Attachment.objects.all(), request.user, Action.VIEW, pk=pk)
    audit.record(
        AuditAction.EXPORT,
        attachment,
        changes={"sha256": attachment.sha256},
    )
    return attachment_response(attachment)


# --------------------------------------------------------------------------- entities


def entity_context(user: Any, entity: Entity) -> dict[str, Any]:
    """What else is known about an entity, within need-to-know."""
    products = list(
        ThreatProduct.objects.visible_to(user)
        .filter(
            pk__in=EntityLink.objects.visible_to(user).filter(entity=entity).values("product_id")
        )
        .select_related("originator")
        .order_by("-received_at", "-pk")
    )
    signals = visible_signals(user, entity)
    return {"entity": entity, "products": products, "signals": signals}


def visible_signals(user: Any, entity: Entity) -> list[models.Model]:
    from django.apps import apps

    try:
        signal_model = apps.get_model("signals", "Signal")
        link_model = apps.get_model("signals", "SignalEntity")
    except LookupError:
        return []
    try:
        visible = engine.scope(signal_model._default_manager.all(), user, Action.VIEW)
    except LookupError:
        return []
    links = engine.scope(link_model._default_manager.all(), user, Action.VIEW)
    ids = links.filter(entity=entity.pk).values("signal_id")
    return list(visible.filter(pk__in=ids).order_by("-pk")[:100])


@login_required
@requires("entity:view")
def entity_detail(request: HttpRequest, entity_id: int) -> HttpResponse:
    user = request.user
    entity = engine.get_for(Entity.objects.all(), user, Action.VIEW, pk=entity_id)
    context = entity_context(user, entity)
    audit.record(
        AuditAction.READ,
        entity,
        changes={
            "products": [p.pk for p in context["products"]],
            "signals": [s.pk for s in context["signals"]],
        },
    )
    return render(request, "information/entity.html", context)


# --------------------------------------------------------------------------- cases


def _get_case(user: Any, case_id: int) -> Case:
    return engine.get_for(Case.objects.all(), user, Action.VIEW, pk=case_id)


@login_required
@requires("threat_product:view")
def case_information(request: HttpRequest, case_id: int) -> HttpResponse:
    user = request.user
    case = _get_case(user, case_id)
    return _render_case(request, case)


def _render_case(
    request: HttpRequest, case: Case, *, form: ResolveAdviceForm | None = None, status: int = 200
) -> HttpResponse:
    context = panels.case_context(request.user, case)
    audit.record(
        AuditAction.LIST,
        object_type="information.threatproduct",
        object_repr=f"{len(context['products'])} producten bij casus {case.reference}",
        case_id=case.pk,
        changes={
            "ids": [p.pk for p in context["products"]],
            "advice": [a.pk for a in context["advice"]],
        },
    )
    context["resolve_form"] = form or ResolveAdviceForm()
    return render(request, "information/case.html", {"panel": context}, status=status)


@login_required
@requires("case:change")
@require_POST
def resolve_advice(request: HttpRequest, case_id: int) -> HttpResponse:
    user = request.user
    _require(user, Resource.THREAT_PRODUCT, Action.VIEW)
    case = _get_case(user, case_id)
    return submit_form(
        request,
        ResolveAdviceForm(request.POST),
        lambda d: services.resolve_advice(case, actor=user, resolution=d["resolution"]),
        success=lambda n: _("%(n)d advies/adviezen afgehandeld.") % {"n": n},
        done=lambda _n: redirect("information:case", case.pk),
        show=lambda form, status: _render_case(request, case, form=form, status=status),
    )

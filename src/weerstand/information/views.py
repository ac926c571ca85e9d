"""Pages of the information app. Thin: rows come from the policy, changes from the services.

Every page that shows products writes an audit record (READ for one object, LIST with the
ids shown). Objects the user may not see answer 404, exactly like absent ones.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
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
from weerstand.information import rules, selectors, services
from weerstand.information.downloads import attachment_response
from weerstand.information.forms import (
    AttachmentForm,
    LinkCaseForm,
    ProductFilterForm,
    ProductForm,
    ResolveAdviceForm,
    WithdrawForm,
)
from weerstand.information.models import Attachment, Entity, ThreatProduct
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

PAGE_SIZE = 25


def _require(user: Any, resource: Resource, *actions: Action) -> None:
    """A page that is only about products does not exist for roles without a product grant."""
    if not any(engine.can(user, resource, a) for a in actions):
        raise Http404("Niet gevonden")


def _filters(form: ProductFilterForm) -> dict[str, Any]:
    """The form's choices as the selector's filters (the originator by its code)."""
    if not form.is_valid():
        return {}
    filters = dict(form.cleaned_data)
    filters["originator"] = filters["originator"].code if filters.get("originator") else ""
    return filters


# --------------------------------------------------------------------------- products


@login_required
@requires("threat_product:view", "threat_product:create")
def product_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProductFilterForm(request.GET)
    products = selectors.filter_products(
        ThreatProduct.objects.visible_to(user), user, _filters(form)
    ).select_related("originator", "legal_basis")
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
        "can_create": rules.may_provide(user),
    }
    template = "information/_product_results.html" if partial else "information/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
@requires("threat_product:view")
def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    product = selectors.product_for(request.user, pk)
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
    if link_form is None and rules.may_link_to_case(user):
        link_form = LinkCaseForm(user=user)
    relations = selectors.product_relations(user, product)
    chain = selectors.product_chain(product, user)
    can_change = product.status == "active" and rules.may_change_product(user, product)
    audit.record(AuditAction.READ, product)
    context = {
        "product": product,
        **relations,
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
    product = selectors.product_for(user, pk)
    if not rules.may_change_product(user, product):
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
    product = selectors.product_for(user, pk)
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
    product = selectors.product_for(user, pk)
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
    product = selectors.product_for(user, pk)
    return submit_form(
        request,
        LinkCaseForm(request.POST, user=user),
        lambda d: services.link_product_to_case(user, product.pk, d["case"].pk),
        success=_("Het product is aan de casus gekoppeld."),
        done=lambda _link: redirect("information:detail", product.pk),
        show=lambda form, status: _render_detail(request, product, link_form=form, status=status),
    )


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


@login_required
@requires("entity:view")
def entity_detail(request: HttpRequest, entity_id: int) -> HttpResponse:
    user = request.user
    entity = engine.get_for(Entity.objects.all(), user, Action.VIEW, pk=entity_id)
    context = selectors.entity_context(user, entity)
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
    context = selectors.case_information(request.user, case)
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

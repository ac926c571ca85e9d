"""The search page. Thin: the form validates, `search.engine` applies need-to-know and ranks,
one audit record names what was shown. htmx requests get only the results fragment."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from weerstand.core.decorators import requires
from weerstand.search import engine
from weerstand.search.forms import SearchForm

PAGE_SIZE = 20
RESOURCES = ("case", "threat_product", "signal")


def may_search(user: Any) -> bool:
    """Anyone who may view products, signals or cases (the menu asks the same)."""
    from weerstand.policy import engine as policy

    return any(policy.can(user, r, "view") for r in RESOURCES)


@login_required
@requires("case:view", "threat_product:view", "signal:view")
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    context: dict[str, Any] = {"form": form, "searched": False, "hits": [], "total": 0}
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        f = form.filters()
        try:
            outcome = engine.run(request.user, f, number=_page_number(request), size=PAGE_SIZE)
        except engine.PageOutOfRange:
            outcome = engine.run(request.user, f, number=1, size=PAGE_SIZE)
        hits = engine.present(request.user, outcome.docs, outcome.lexemes)
        engine.audit_search(request.user, f, hits, outcome.total, page=outcome.number)
        query = request.GET.copy()
        query.pop("pagina", None)
        context.update(
            searched=True,
            hits=hits,
            total=outcome.total,
            page=outcome,
            facets=_facet_links(outcome.facets, query),
            query=query.urlencode(),
        )
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx and not htmx.history_restore_request)
    context["partial"] = partial
    template = "search/_results.html" if partial else "search/search.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("pagina", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else 1


FACET_PARAMS = {
    "kind": "kind",
    "phenomenon": "phenomenon",
    "originator": "originator",
    "reliability": "reliability",
    "credibility": "credibility",
}


def _facet_links(facets: dict[str, list[engine.FacetValue]], query: Any) -> list[dict[str, Any]]:
    """Each facet value as a link that adds (or, when active, removes) that filter."""
    from django.utils.translation import gettext as _

    titles = {
        "kind": _("Soort"),
        "phenomenon": _("Dreigingsfenomeen"),
        "originator": _("Verstrekker"),
        "reliability": _("Betrouwbaarheid bron"),
        "credibility": _("Betrouwbaarheid informatie"),
    }
    out = []
    for name, values in facets.items():
        if not values:
            continue
        param = FACET_PARAMS[name]
        items = []
        for v in values:
            q = query.copy()
            active = q.get(param) == v.value
            if active:
                q.pop(param, None)
            else:
                q[param] = v.value
            items.append(
                {"label": v.label, "count": v.count, "active": active, "query": q.urlencode()}
            )
        out.append({"name": name, "title": titles[name], "items": items})
    return out

"""Start page, alerts, aggregates, health check and error pages."""

from __future__ import annotations

import json
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from weerstand.core import health as health_checks
from weerstand.core.decorators import public, requires

logger = logging.getLogger(__name__)


@login_required
@requires("authenticated")
def home(request: HttpRequest) -> HttpResponse:
    from weerstand.accounts.roles import is_portal_user
    from weerstand.core.dashboard import dashboard_for

    # A protectee, relative or employer gets a calm, mobile-first page in plain words: the
    # same panels (each app decides what it shows them), without the officials' layout.
    template = "core/portal_home.html" if is_portal_user(request.user) else "core/home.html"
    return render(request, template, dashboard_for(request.user))


@login_required
@require_safe
@requires("authenticated")
def work(request: HttpRequest) -> HttpResponse:
    """All of the user's work items, in the start page's order (the start page shows ten)."""
    from weerstand.core.dashboard import ordered_work

    return render(request, "core/work.html", {"work": ordered_work(request.user)})


@login_required
@require_POST
@requires("authenticated")
def alerts_read_all(request: HttpRequest) -> HttpResponse:
    """Mark every unread alert of the user's own (that they may still see) as read."""
    from weerstand.accounts.roles import is_portal_user
    from weerstand.core.dashboard import mark_all_alerts_read

    n = mark_all_alerts_read(request.user)
    if is_portal_user(request.user):  # in the portal, "melding" is what they reported to us
        messages.success(request, _("Het bericht is gelezen."))
        return redirect("core:home")
    messages.success(
        request,
        ngettext(
            "%(n)d melding is als gelezen gemarkeerd.",
            "%(n)d meldingen zijn als gelezen gemarkeerd.",
            n,
        )
        % {"n": n},
    )
    return redirect("core:home")


@login_required
@require_POST
@requires("authenticated")
def alert_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the user's own alerts as read (404 for anyone else's)."""
    from weerstand.accounts.roles import is_portal_user
    from weerstand.core.dashboard import mark_alert_read

    mark_alert_read(request.user, pk)
    if is_portal_user(request.user):  # in the portal, "melding" is what they reported to us
        messages.success(request, _("Het bericht is gelezen."))
    else:
        messages.success(request, _("De melding is als gelezen gemarkeerd."))
    return redirect("core:home")


@public
def health(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


def _health_response(body: dict[str, object]) -> HttpResponse:
    response = HttpResponse(
        json.dumps(body),
        status=200 if body["status"] == health_checks.PASS else 503,
        content_type=health_checks.HEALTH_CT,
    )
    response["Cache-Control"] = "no-store"
    return response


@public
@require_safe
def health_live(request: HttpRequest) -> HttpResponse:
    """The process is up (for restarting a hung process); asks nothing of the database."""
    return _health_response(health_checks.live())


@public
@require_safe
def health_ready(request: HttpRequest) -> HttpResponse:
    """Ready to serve: database, migrations, audit chain head, a live job runner."""
    return _health_response(health_checks.ready())


def _api_problem(status: int, code: str, title: str, detail: str) -> HttpResponse:
    """problem+json built without DRF, templates or the database: it must work when they fail."""
    from weerstand.core.api.problems import PROBLEM_CT, problem_body

    body = problem_body(status, code, title, detail)
    return HttpResponse(json.dumps(body), status=status, content_type=PROBLEM_CT)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _error_page(request: HttpRequest, status: int, title: str) -> HttpResponse:
    """The project's own error page; without the request's context when that fails.

    An error page is often rendered because something is broken (the database, a context
    processor, the user object of a token-authenticated call); it must still answer with
    the project's page and never with Django's bare "A server error occurred"."""
    context = {"status": status, "title": title}
    try:
        return render(request, "core/error.html", context, status=status)
    except Exception:
        logger.exception("error page %s could not be rendered with the request context", status)
        return HttpResponse(render_to_string("core/error_bare.html", context), status=status)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """One body for 'absent' and 'not yours': the exception text is never shown."""
    if _is_api(request):
        from weerstand.core.api.problems import NOT_FOUND

        return _api_problem(*NOT_FOUND)
    return _error_page(request, 404, _("Niet gevonden"))


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return _api_problem(
            403, "forbidden", "Geen toegang", "U heeft geen toegang tot deze handeling."
        )
    return _error_page(request, 403, _("Geen toegang"))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form posted without a valid CSRF token: the project's 403, not Django's page (the
    reason is for the log, not for the visitor)."""
    logger.warning("CSRF refused: %s", reason)
    return forbidden(request)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A malformed or suspicious request (bad Host header, broken multipart...)."""
    if _is_api(request):
        return _api_problem(
            400, "bad-request", "Ongeldig verzoek", "Het verzoek kon niet worden verwerkt."
        )
    return _error_page(request, 400, _("Ongeldig verzoek"))


def server_error(request: HttpRequest) -> HttpResponse:
    """An unexpected exception: no detail leaves the server (it is in the log, with the
    request id that the answer also carries)."""
    if _is_api(request):
        return _api_problem(500, "server-error", "Er ging iets mis", "Probeer het later opnieuw.")
    return _error_page(request, 500, _("Er ging iets mis"))


@login_required
@require_safe
@requires("job_health:view")
def job_health(request: HttpRequest) -> HttpResponse:
    """The system administrator's view of the scheduled jobs: names, times and counts only."""
    from django.utils import timezone

    from weerstand.core import jobqueue
    from weerstand.core.models import JobRunnerHeartbeat

    return render(
        request,
        "core/job_health.html",
        {
            "jobs": jobqueue.job_health(),
            "runners": JobRunnerHeartbeat.objects.order_by("-beat_at")[:20],
            "now": timezone.now(),
        },
    )

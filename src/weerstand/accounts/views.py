"""Sign-in in two steps (password, then TOTP), sign-out, and the user's own API tokens.
Thin: the rules are in `accounts.services`. A first authenticator is enrolled through the
one-time link (`accounts.access_views.enrolment_link`), never here."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from weerstand.accounts import services
from weerstand.accounts.forms import ApiTokenForm, PasswordForm, TotpForm
from weerstand.accounts.http import AuthenticatedHttpRequest
from weerstand.accounts.models import ApiToken
from weerstand.accounts.roles import is_portal_user
from weerstand.core.decorators import public, requires

_FAILED_FLAG = "weerstand_sign_in_failed"


def _verified(request: HttpRequest) -> bool:
    return services.is_verified(request.user)


@public
@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    """Step one: user name and password. Always continues to the code step."""
    if _verified(request):
        return redirect("core:home")
    form = PasswordForm(request.POST or None, initial={"next": request.GET.get("next", "")})
    if request.method == "POST" and form.is_valid():
        services.password_step(
            request,
            form.cleaned_data["username"],
            form.cleaned_data["password"],
            form.cleaned_data.get("next") or "",
        )
        return redirect("accounts:totp")
    failed = request.session.pop(_FAILED_FLAG, False)
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "failure": services.GENERIC_FAILURE if failed else ""}
    return render(request, "accounts/login.html", context, status=status)


@public
@sensitive_post_parameters("token")
@never_cache
@require_http_methods(["GET", "POST"])
def totp(request: HttpRequest) -> HttpResponse:
    """Step two: the code from the authenticator."""
    if _verified(request):
        return redirect("core:home")
    state = services.pending(request)
    if state is None:
        return redirect("accounts:login")
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            state = services.code_step(request, form.cleaned_data["token"])
        except services.SignInError:
            request.session[_FAILED_FLAG] = True
            return redirect("accounts:login")
        return redirect(state.next_url or "core:home")
    # No authenticator yet? Nothing different here: the secret is shown only behind the
    # one-time link in the person's own mailbox (`accounts.enrolment`), never to whoever
    # knows the password; the code step simply fails with the generic message.
    context: dict[str, object] = {"form": form, "enrol": False}
    return render(request, "accounts/totp.html", context, status=400 if form.errors else 200)


@public
@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    services.sign_out(request)
    return redirect("accounts:login")


@login_required
@requires("authenticated")
@never_cache
@require_http_methods(["GET", "POST"])
def api_tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's own tokens; a new token's value is shown on this response only.

    Not for portal users (protectee, relative, employer): a token is an official's tool, and
    an unneeded one only widens what a stolen phone can reach."""
    if is_portal_user(request.user):
        raise Http404("Niet gevonden")
    form = ApiTokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        token, raw = services.issue_token(
            request.user,
            days=form.cleaned_data["days"],
            label=form.cleaned_data["label"],
        )
        created = {"token": token, "raw": raw}
        form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at")
    return render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "tokens": tokens, "created": created},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@requires("authenticated")
@require_POST
def revoke_api_token(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)  # someone else's: 404
    if services.revoke_token(request.user, token):
        text = _("Het token %(prefix)s is ingetrokken.") % {"prefix": token.prefix}
        messages.success(request, text)
    return redirect("accounts:api-tokens")

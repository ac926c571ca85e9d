"""Every interactive user must pass TOTP before seeing anything but the sign-in pages.

Fail closed: a request reaches a view only when the user is signed in with both factors, or
when the view is marked `@public` (sign-in, health check), or when it is static content,
the language switch, or the API (which authenticates itself: tokens, or a verified
session). A session that is authenticated but not verified is not a half-way state the
sign-in ever leaves behind; if one shows up anyway, it is ended.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url

from weerstand.accounts.services import is_verified
from weerstand.core import context

OPEN_PREFIXES = ("/static/", "/i18n/", "/api/")


def _is_public(view: Callable[..., Any]) -> bool:
    return "public" in getattr(view, "policy_needs", ())


class RequireVerifiedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if is_verified(user):
            context.current().user = user
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if request.path.startswith(OPEN_PREFIXES) or _is_public(view):
            return None
        user = request.user
        if is_verified(user):
            return None
        if user.is_authenticated:
            auth.logout(request)  # password without code (or a reset authenticator): start over
        login_url = resolve_url(settings.LOGIN_URL)
        if request.headers.get("HX-Request") == "true":
            response = HttpResponse(status=204)
            response["HX-Redirect"] = login_url
            return response
        return redirect_to_login(request.get_full_path(), login_url)

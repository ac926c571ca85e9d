"""Every interactive user must pass TOTP before seeing anything but the sign-in pages."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from weerstand.core import context

OPEN_PREFIXES = ("/aanmelden", "/afmelden", "/static/", "/i18n/", "/api/", "/gezond")


class RequireVerifiedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            if not user.is_verified():  # type: ignore[union-attr]  # added by OTPMiddleware
                if not request.path.startswith(OPEN_PREFIXES):
                    return redirect("accounts:totp")
            else:
                context.current().user = user
        return self.get_response(request)

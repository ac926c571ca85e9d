"""API authentication: personal tokens, or a browser session that passed TOTP."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request

from weerstand.accounts.models import ApiToken
from weerstand.accounts.services import is_verified
from weerstand.core import context


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token wst_…` (or `Bearer`). Expired, revoked, unknown or of an inactive
    account: 401. Failed web sign-ins for the same name do not matter here."""

    keywords = ("token", "bearer")

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].decode("latin-1").lower() not in self.keywords:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Ongeldige Authorization-header.")
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed("Ongeldig token.") from exc
        token = ApiToken.lookup(raw)
        # Deliberately not `is_locked()`: a delay after failed web sign-ins must never switch
        # an integration off. A token stops with its revocation, expiry or a blocked account.
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("Ongeldig, verlopen of ingetrokken token.")
        if request.method not in SAFE_METHODS:
            # Recorded with the write the token makes, never on a read: nothing writes on a
            # GET (issue 19). Every read with the token is in the audit trail (channel api).
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        ctx = context.current()
        ctx.user, ctx.token = token.user, token.prefix  # the public part, for the audit trail
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Token realm="weerstand"'


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """Session auth that only counts once the second factor was verified.

    An unverified session is treated as no session at all (401), never as a signed-in user.
    """

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        user = getattr(request._request, "user", None)
        if user is None or not user.is_active or not is_verified(user):
            return None
        result = super().authenticate(request)  # CSRF check for unsafe methods
        if result is None:
            return None
        context.current().user = result[0]
        return result

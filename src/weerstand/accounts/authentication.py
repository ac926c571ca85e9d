"""API authentication: personal tokens, or a browser session that passed TOTP."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from weerstand.accounts.models import ApiToken
from weerstand.core import context


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        scheme, _, raw = header.partition(" ")
        if scheme != self.keyword:
            return None
        token = ApiToken.lookup(raw.strip())
        if token is None or not token.user.is_active or token.user.is_locked():
            raise exceptions.AuthenticationFailed("Ongeldig, verlopen of ingetrokken token.")
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        context.current().user = token.user
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Token realm="weerstand"'


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """Session auth that only counts once the second factor was verified."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        if not getattr(user, "is_verified", lambda: False)():
            return None
        context.current().user = user
        return result

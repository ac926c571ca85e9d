"""The request type of views that only a signed-in user reaches."""

from __future__ import annotations

from django.http import HttpRequest

from weerstand.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """Only a type, never instantiated: annotate a view behind `login_required` with it.

    There `request.user` is always our `User` (RequireVerifiedMiddleware also demands the
    second factor), so the type checker need not be told about AnonymousUser at every use.
    """

    user: User

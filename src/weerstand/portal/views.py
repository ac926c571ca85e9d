"""The portal's overview page: everything about the person's protection in one place.

The start page stays short (what waits for them, their contact person, a few lines on their
protection); the panels in full live here, one link away.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from weerstand.core.decorators import requires


@login_required
@require_safe
@requires("authenticated")
def overview(request: HttpRequest) -> HttpResponse:
    from weerstand.accounts.roles import is_portal_user
    from weerstand.core.extensions import panels_for

    if not is_portal_user(request.user):  # officials have their own start page
        return redirect("core:home")
    return render(request, "portal/overview.html", {"panels": panels_for(request.user)})

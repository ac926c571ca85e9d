"""Opening a trajectory and moving its status on a page (the OM). Publication is not a
status a page can set: it is the gate's step (`crownwitness.services.change_status` refuses
it)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from weerstand.core.decorators import requires
from weerstand.core.forms import WeerstandForm, submit_form
from weerstand.crownwitness import services
from weerstand.crownwitness.models import TrajectoryStatus


def _co_owner_choices(user: Any) -> list[tuple[str, str]]:
    from weerstand.accounts.models import User
    from weerstand.accounts.roles import Role

    others = (
        User.objects.filter(is_active=True, role_assignments__role=Role.OM_OFFICER)
        .exclude(pk=user.pk)
        .distinct()
        .order_by("last_name", "first_name")
    )
    return [("", _("Kies een tweede officier"))] + [(str(u.pk), u.display_name) for u in others]


class OpenForm(WeerstandForm):
    title = forms.CharField(label=_lazy("Naam van het traject"), max_length=200)
    description = forms.CharField(
        label=_lazy("Omschrijving"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    co_owner = forms.ChoiceField(
        label=_lazy("Tweede officier van justitie (mede-eigenaar)"),
        help_text=_lazy("Wijzigingen in het lidmaatschap vragen een tweede persoon van het OM."),
    )
    case = forms.IntegerField(
        label=_lazy("Casus van de getuige (id)"),
        required=False,
        min_value=1,
        max_value=2**31 - 1,
    )
    reason = forms.CharField(label=_lazy("Reden"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["co_owner"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _co_owner_choices(user)


class StatusForm(WeerstandForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "status-%s")
        super().__init__(*args, **kwargs)

    status = forms.ChoiceField(
        label=_lazy("Nieuwe status"),
        choices=[
            (TrajectoryStatus.RUNNING, TrajectoryStatus.RUNNING.label),
            (TrajectoryStatus.STOPPED, TrajectoryStatus.STOPPED.label),
        ],
    )
    reason = forms.CharField(label=_lazy("Reden"), widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


@login_required
@requires("trajectory:create")
def open_trajectory(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = OpenForm(request.POST or None, user=user)

    def show(f: Any, status: int) -> HttpResponse:
        return render(request, "crownwitness/open.html", {"form": f}, status=status)

    if request.method != "POST":
        return show(form, 200)
    return submit_form(
        request,
        form,
        lambda d: services.open_trajectory(
            user,
            services.TrajectoryData(
                title=d["title"],
                description=d["description"],
                case=d["case"],
                co_owner=d["co_owner"],
                reason=d["reason"],
            ),
        ),
        success=_("Het traject is geopend in een eigen afgeschermd compartiment."),
        done=lambda tr: redirect("crownwitness:detail", pk=tr.pk),
        show=show,
    )


@login_required
@require_POST
@requires("trajectory:change")
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    from weerstand.crownwitness.views import _render_detail

    user = request.user
    trajectory = services.get_trajectory(user, pk)
    return submit_form(
        request,
        StatusForm(request.POST),
        lambda d: services.change_status(
            user, trajectory.pk, d["status"], reason=d["reason"], expected_version=d["version"]
        ),
        conflict=_("Een collega heeft het traject intussen gewijzigd. Probeer het opnieuw."),
        success=_("De status van het traject is gewijzigd."),
        done=lambda _t: redirect("crownwitness:detail", pk=trajectory.pk),
        show=lambda form, status: _render_detail(
            request, trajectory, status_form=form, status=status
        ),
    )

"""The portal page to answer the experience questionnaire (once), or to decline it.

Thin: the invitation comes through the policy (404 for anyone but the person and the case
team), what the page offers is asked of `experience.rules`, the answer is a call to
`experience.services`.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from weerstand.accounts.http import AuthenticatedHttpRequest
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.decorators import requires
from weerstand.core.forms import perform, submit_form
from weerstand.experience import rules, services
from weerstand.experience.forms import AnswerForm
from weerstand.experience.models import ExperienceQuestionnaire, QuestionnaireStatus
from weerstand.policy import engine


@login_required
@require_http_methods(["GET", "POST"])
@requires("experience_questionnaire:change")
def answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    questionnaire = engine.get_for(ExperienceQuestionnaire.objects.all(), user, pk=pk)
    if not rules.may_answer(user, questionnaire):
        from django.http import Http404

        raise Http404("Niet gevonden")
    audit.record(AuditAction.READ, questionnaire, actor=user)
    is_open = questionnaire.status == QuestionnaireStatus.INVITED

    def show(form: AnswerForm, status: int) -> HttpResponse:
        return render(
            request,
            "experience/answer.html",
            {"questionnaire": questionnaire, "form": form, "is_open": is_open},
            status=status,
        )

    form = AnswerForm(request.POST if request.method == "POST" else None)
    return submit_form(
        request,
        form,
        lambda d: services.answer_questionnaire(
            user, questionnaire.pk, form.scores(), d.get("open_answer", "")
        ),
        success=_("Dank u wel voor uw antwoorden. Wij leren ervan."),
        done=lambda _q: redirect("core:home"),
        show=show,
    )


@login_required
@require_POST
@requires("experience_questionnaire:change")
def decline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return perform(
        request,
        lambda: services.decline_questionnaire(request.user, pk),
        success=_("Dat is goed. U krijgt over deze vragenlijst geen bericht meer."),
        then=lambda: redirect("core:home"),
    )

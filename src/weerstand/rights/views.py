"""Pages of the rights app: the decision letter, the framework, objections.

Thin: what a page shows comes from `rights.selectors` (through the policy, or the one way to a
letter in `rights.rules`) and is audited; what it offers is asked of `rights.rules`; every
write is a call to `rights.services`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from weerstand.accounts.http import AuthenticatedHttpRequest
from weerstand.accounts.roles import is_portal_user
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.decorators import requires
from weerstand.core.forms import perform, submit_form
from weerstand.decisions.models import Decision
from weerstand.policy import engine
from weerstand.policy.table import Action
from weerstand.rights import letter as letters
from weerstand.rights import rules, selectors, services
from weerstand.rights.forms import (
    ExtendForm,
    FrameworkForm,
    LetterTextForm,
    ObjectionForm,
    OutcomeForm,
    PaperObjectionForm,
)
from weerstand.rights.models import (
    AddressedLetter,
    FrameworkVersion,
    Objection,
)


def _lang(request: HttpRequest) -> str:
    lang = request.GET.get("lang", "nl")
    return lang if lang in letters.LANGUAGES else "nl"


def _audit_list(
    model: type[models.Model], rows: Sequence[models.Model], noun: str, user: Any
) -> None:
    audit.record(
        AuditAction.LIST,
        object_type=model._meta.label_lower,
        object_repr=f"{len(rows)} {noun}",
        changes={"ids": [r.pk for r in rows]},
        actor=user,
    )


# --------------------------------------------------------------------------- overview


@login_required
@requires("rights_framework:view", "objection:view")
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Where the person finds their letters, objections and the framework; staff their
    objections and (decision-makers) the framework versions."""
    user = request.user
    # The protectee's own decisions; a relative or employer has letters, not decisions.
    own = rules.receives_own_letters(user) and user.has_role("protectee")
    addressed = selectors.own_addressed_letters(user)
    if addressed:
        _audit_list(AddressedLetter, addressed, "brieven", user)
    decisions: list[Any] = []
    if own:
        decisions = selectors.own_letters(user)
        if decisions:
            _audit_list(Decision, decisions, "besluiten", user)
    objections = selectors.recent_objections(user)
    if objections:
        _audit_list(Objection, objections, "bezwaren", user)
    context = {
        "own": own,
        "decisions": [
            {
                "decision": d,
                "deadline": services.objection_deadline(d),
                "name": selectors.decision_name(d),
            }
            for d in decisions
        ],
        "objections": objections,
        "letters": [
            {
                "letter": x,
                "subject": selectors.letter_subject(x),
                "date": services.letter_date(x.decision),
                "new": x.read_at is None,
            }
            for x in addressed
        ],
        "framework": selectors.framework_for_reader(user),
        "outstanding": selectors.outstanding_framework(user),
        "manages": rules.may_manage_framework(user),
        "is_appeal_body": rules.is_appeal_body(user),
        "today": timezone.localdate(),
    }
    return render(request, "rights/index.html", context)


# --------------------------------------------------------------------------- the letter


@login_required
# Whoever may view an objection may read the letter objected to (the appeal body).
@requires("decision_letter:view", "objection:view")
def decision_letter(request: AuthenticatedHttpRequest, decision_id: int) -> HttpResponse:
    """The letter as a PDF; every download is audited."""
    decision = rules.get_letter_decision(request.user, decision_id)
    lang = _lang(request)
    # Portal users read the letter without the internal reference, also in its file name.
    portal = is_portal_user(request.user)
    pdf = letters.render_pdf(letters.build(decision, lang, portal=portal))
    services.audit_letter(request.user, decision, lang=lang, kind="pdf")
    response = HttpResponse(pdf, content_type="application/pdf")
    label = f"{services.letter_date(decision):%Y-%m-%d}" if portal else decision.reference
    name = f"besluitbrief-{label}-{lang}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
# Whoever may view an objection may read the letter objected to (the appeal body).
@requires("decision_letter:view", "objection:view")
def decision_letter_preview(request: AuthenticatedHttpRequest, decision_id: int) -> HttpResponse:
    """The same letter as a web page (readable on a phone, with a screen reader)."""
    user = request.user
    decision = rules.get_letter_decision(user, decision_id)
    lang = _lang(request)
    letter = letters.build(decision, lang, portal=is_portal_user(user))
    services.audit_letter(user, decision, lang=lang, kind="html")
    own = decision.case.protectee_id == getattr(user, "person_id", None)
    can_edit = rules.may_edit_letter(user, decision)
    can_object = rules.may_object(user, decision)
    context = {
        "decision": decision,
        "letter": letter,
        "lang": lang,
        "own": own,
        "can_edit": can_edit,
        "can_object": can_object,
    }
    return render(request, "rights/letter.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@requires("decision_letter:change")
def letter_text_edit(request: AuthenticatedHttpRequest, decision_id: int) -> HttpResponse:
    """The decision-maker writes the shareable 'why' of the letter."""
    user = request.user
    decision = rules.get_letter_decision(user, decision_id, Action.CHANGE)
    current = selectors.letter_text(user, decision)

    def show(form: LetterTextForm, status: int) -> HttpResponse:
        audit.record(AuditAction.READ, decision, reason="tekst besluitbrief", actor=user)
        return render(
            request, "rights/letter_text.html", {"decision": decision, "form": form}, status=status
        )

    if request.method != "POST":
        initial = {}
        if current is not None:
            initial = {
                "shareable_reason": current.shareable_reason,
                "shareable_reason_en": current.shareable_reason_en,
                **{k: getattr(current, k) for k in services.ASK_FIELDS},
                "version": current.version,
            }
        return show(LetterTextForm(initial=initial), 200)
    return submit_form(
        request,
        LetterTextForm(request.POST),
        lambda d: services.save_letter_text(
            user,
            decision.pk,
            shareable_reason=d["shareable_reason"],
            shareable_reason_en=d["shareable_reason_en"],
            expected_version=d["version"],
            asks={k: d[k] for k in services.ASK_FIELDS},
        ),
        conflict=_("Iemand anders heeft deze tekst intussen gewijzigd. Er is niets opgeslagen."),
        success=_("De tekst voor de brief is opgeslagen."),
        done=lambda _text: redirect("rights:decision-letter-preview", decision_id=decision.pk),
        show=show,
    )


# --------------------------------------------------------------------------- framework


@login_required
@requires("rights_framework:view")
def framework(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The version in force, with 'Ik heb dit gelezen' for portal users."""
    user = request.user
    fw = selectors.framework_for_reader(user)
    if fw is None:
        raise Http404("Niet gevonden")
    audit.record(AuditAction.READ, fw, actor=user)
    ack = selectors.own_acknowledgement(user, fw)
    lang = _lang(request)
    context = {
        "fw": fw,
        "lang": lang,
        "parts": [
            (_("Wat mag u verwachten en wat vragen wij van u?"), fw.text("person", lang)),
            (_("Wat mag u van uw werkgever verwachten?"), fw.text("employer", lang)),
            (_("Wat doet de overheid?"), fw.text("state", lang)),
        ],
        "ack": ack,
        "can_ack": rules.may_acknowledge_framework(user),
        "manages": rules.may_manage_framework(user),
    }
    return render(request, "rights/framework.html", context)


@login_required
@require_POST
@requires("rights_framework:view")
def framework_acknowledge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return perform(
        request,
        lambda: services.acknowledge_framework(request.user, pk),
        success=_("Dank u. We hebben vastgelegd dat u dit hebt gelezen."),
        then=lambda: redirect("rights:framework"),
    )


@login_required
@requires("rights_framework:change")
def framework_versions(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    # Acknowledgements counted only over what the user may see (own, and visible persons).
    versions = selectors.framework_versions(user)
    _audit_list(FrameworkVersion, versions, "versies kader", user)
    current = selectors.framework_in_force()
    return render(
        request,
        "rights/framework_versions.html",
        {"versions": versions, "current": current, "today": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
@requires("rights_framework:change")
def framework_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user

    def show(form: FrameworkForm, status: int) -> HttpResponse:
        return render(
            request, "rights/framework_form.html", {"form": form, "fw": None}, status=status
        )

    if request.method != "POST":
        current = selectors.framework_in_force()
        form = FrameworkForm.for_version(current) if current else FrameworkForm()
        form.initial["effective_from"] = timezone.localdate()
        form.initial.pop("version", None)
        form.initial["change_note"] = ""
        return show(form, 200)
    form = FrameworkForm(request.POST)
    return submit_form(
        request,
        form,
        lambda _d: services.publish_framework(user, services.FrameworkData(**form.changes())),
        success=lambda fw: _("Versie %(n)s is vastgelegd.") % {"n": fw.number},
        done=lambda _fw: redirect("rights:framework-versions"),
        show=show,
    )


@login_required
@require_http_methods(["GET", "POST"])
@requires("rights_framework:change")
def framework_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Correct a version that is not yet in force."""
    user = request.user
    fw = engine.get_for(FrameworkVersion.objects.all(), user, Action.CHANGE, pk=pk)

    def show(form: FrameworkForm, status: int) -> HttpResponse:
        audit.record(AuditAction.READ, fw, actor=user)
        return render(
            request, "rights/framework_form.html", {"form": form, "fw": fw}, status=status
        )

    if request.method != "POST":
        return show(FrameworkForm.for_version(fw), 200)
    form = FrameworkForm(request.POST)
    return submit_form(
        request,
        form,
        lambda d: services.update_framework(
            user, fw.pk, form.changes(), expected_version=d["version"]
        ),
        conflict=_("Iemand anders heeft deze versie intussen gewijzigd. Er is niets opgeslagen."),
        success=_("De wijzigingen zijn opgeslagen."),
        done=lambda _fw: redirect("rights:framework-versions"),
        show=show,
    )


# --------------------------------------------------------------------------- objections


@login_required
@require_http_methods(["GET", "POST"])
@requires("objection:create")
def objection_create(request: AuthenticatedHttpRequest, decision_id: int) -> HttpResponse:
    """The person objects in their own words; a case-team member records one on paper."""
    user = request.user
    decision = rules.get_objection_decision(user, decision_id)
    own = decision.case.protectee_id == getattr(user, "person_id", None) or rules.interested_party(
        user, decision
    )
    if not rules.may_object(user, decision):
        raise Http404("Niet gevonden")
    form_class = ObjectionForm if own else PaperObjectionForm
    deadline = services.objection_deadline(decision)

    def show(form: ObjectionForm, status: int) -> HttpResponse:
        audit.record(AuditAction.READ, decision, reason="bezwaarformulier", actor=user)
        context = {
            "decision": decision,
            "form": form,
            "own": own,
            "deadline": deadline,
            "late": timezone.localdate() > deadline,
            "letter_date": services.letter_date(decision),
            "about": selectors.decision_about(decision),
        }
        return render(request, "rights/objection_form.html", context, status=status)

    return submit_form(
        request,
        form_class(request.POST) if request.method == "POST" else form_class(),
        lambda d: services.lodge_objection(
            user,
            decision.pk,
            services.ObjectionData(
                grounds=d["grounds"],
                lateness_reason=d.get("lateness_reason", ""),
                objector_name=d.get("objector_name", ""),
                received_on=d.get("received_on"),
            ),
        ),
        success=lambda objection: (
            _(
                "Uw bezwaar is ontvangen. De onafhankelijke bezwaarcommissie beslist "
                "uiterlijk op %(date)s."
            )
            % {"date": f"{objection.deadline:%d-%m-%Y}"}
            if is_portal_user(user)
            else _(
                "Uw bezwaar is ontvangen met kenmerk %(ref)s. De onafhankelijke "
                "bezwaarcommissie beslist uiterlijk op %(date)s."
            )
            % {"ref": objection.reference, "date": f"{objection.deadline:%d-%m-%Y}"}
        ),
        done=lambda objection: redirect("rights:objection-detail", pk=objection.pk),
        show=show,
    )


@login_required
@requires("objection:view")
def objection_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    status = request.GET.get("status", "open")
    rows = selectors.objection_list(user, status)
    _audit_list(Objection, rows, "bezwaren", user)
    return render(
        request,
        "rights/objection_list.html",
        {"rows": rows, "status": status, "today": timezone.localdate()},
    )


def _render_objection(
    request: HttpRequest,
    objection: Objection,
    *,
    extend_form: ExtendForm | None = None,
    outcome_form: OutcomeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    can_change = rules.may_handle_objection(user, objection)
    audit.record(AuditAction.READ, objection, actor=user)
    letter_visible = selectors.letter_visible(user, objection.decision_id)
    context = {
        "o": objection,
        "letter_visible": letter_visible,
        "can_change": can_change and objection.is_open,
        "extend_form": extend_form
        or ExtendForm(initial={"version": objection.version}, prefix="extend"),
        "outcome_form": outcome_form
        or OutcomeForm(initial={"version": objection.version}, prefix="outcome"),
        "overdue": objection.is_overdue(),
        "today": timezone.localdate(),
    }
    return render(request, "rights/objection_detail.html", context, status=status)


@login_required
@requires("objection:view")
def objection_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _render_objection(request, selectors.objection_for(request.user, pk))


@login_required
@require_POST
@requires("objection:change")
def objection_treat(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    objection = selectors.objection_for(request.user, pk)
    return perform(
        request,
        lambda: services.take_in_treatment(request.user, objection.pk),
        then=lambda: redirect("rights:objection-detail", pk=objection.pk),
    )


@login_required
@require_POST
@requires("objection:change")
def objection_extend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    objection = selectors.objection_for(request.user, pk)
    return submit_form(
        request,
        ExtendForm(request.POST, prefix="extend"),
        lambda d: services.extend_objection(
            request.user, objection.pk, reason=d["reason"], expected_version=d["version"]
        ),
        success=_("De beslistermijn is verdaagd."),
        done=lambda _o: redirect("rights:objection-detail", pk=objection.pk),
        show=lambda form, status: _render_objection(
            request, objection, extend_form=form, status=status
        ),
    )


@login_required
@require_POST
@requires("objection:change")
def objection_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    objection = selectors.objection_for(request.user, pk)
    return submit_form(
        request,
        OutcomeForm(request.POST, prefix="outcome"),
        lambda d: services.decide_objection(
            request.user,
            objection.pk,
            outcome=d["outcome"],
            reasoning=d["reasoning"],
            expected_version=d["version"],
        ),
        success=_("De uitkomst van het bezwaar is vastgelegd."),
        done=lambda _o: redirect("rights:objection-detail", pk=objection.pk),
        show=lambda form, status: _render_objection(
            request, objection, outcome_form=form, status=status
        ),
    )


# --------------------------------------------------------------------------- addressed letters


@login_required
@requires("decision_letter:view")
def addressed_letter(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A letter addressed to a person concerned, as a web page; the addressee's first read
    marks it read (audited, like every read)."""
    user = request.user
    lang = _lang(request)
    addressed = services.read_addressed_letter(user, pk, lang=lang, kind="html")
    own = addressed.person_id == getattr(user, "person_id", None)
    letter = letters.build_addressed(addressed, lang, portal=own)
    context = {
        "addressed": addressed,
        "letter": letter,
        "lang": lang,
        "can_object": own and rules.may_object(user, addressed.decision),
        # Portal users see no internal references; the case team does.
        "show_reference": not own,
    }
    return render(request, "rights/addressed_letter.html", context)


@login_required
@requires("decision_letter:view")
def addressed_letter_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    lang = _lang(request)
    addressed = services.read_addressed_letter(user, pk, lang=lang, kind="pdf")
    own = addressed.person_id == getattr(user, "person_id", None)
    pdf = letters.render_pdf(letters.build_addressed(addressed, lang, portal=own))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="brief-{addressed.pk}-{lang}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


# --------------------------------------------------------------------------- employer measures


def _employer_contacts(user: Any, case: Any) -> list[tuple[int, str]]:
    from weerstand.cases import rules as case_rules

    return [
        (link.person_id, f"{link.person.first_name} {link.person.last_name}")
        for link in case_rules.visible_case_persons(user, case).filter(role="employer_contact")
    ]


@login_required
@require_http_methods(["GET", "POST"])
@requires("employer_measure:view")
def case_employer_measures(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    """The case team: the employer's expected measures of one case, and a form to add one."""
    from weerstand.cases.models import Case
    from weerstand.rights.forms import EmployerMeasureForm

    user = request.user
    case = engine.get_for(Case.objects.all(), user, Action.VIEW, pk=case_id)
    manages = rules.may_manage_employer_measures(user, case)
    if not manages and not engine.reaches(user, case, "employer_measure", Action.VIEW):
        raise Http404("Niet gevonden")
    contacts = _employer_contacts(user, case) if manages else []

    def show(form: Any, status: int) -> HttpResponse:
        rows = selectors.case_employer_measures(user, case)
        audit.record(
            AuditAction.LIST,
            object_type="rights.employermeasure",
            object_repr=f"{len(rows)} maatregelen werkgever",
            case_id=case.pk,
            changes={"ids": [r.pk for r in rows]},
            actor=user,
        )
        context = {"case": case, "rows": rows, "form": form if contacts else None}
        return render(request, "rights/employer_measures_case.html", context, status=status)

    form = EmployerMeasureForm(
        request.POST if request.method == "POST" else None, contacts=contacts
    )
    if request.method != "POST":
        return show(form, 200)
    return submit_form(
        request,
        form,
        lambda d: services.record_employer_measure(
            user,
            case.pk,
            services.EmployerMeasureData(
                contact=d["contact"],
                title=d["title"],
                due_on=d["due_on"],
                description=d["description"],
            ),
        ),
        success=_("De maatregel van de werkgever is vastgelegd."),
        done=lambda _m: redirect("rights:case-employer-measures", case_id=case.pk),
        show=show,
    )


@login_required
@require_http_methods(["GET", "POST"])
@requires("employer_measure:view")
def employer_measure(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The employer contact reads a measure and says it is done."""
    from weerstand.rights.forms import ConfirmEmployerMeasureForm
    from weerstand.rights.models import EmployerMeasure

    user = request.user
    measure = engine.get_for(EmployerMeasure.objects.all(), user, Action.VIEW, pk=pk)
    can_confirm = rules.may_confirm_employer_measure(user, measure)

    def show(form: Any, status: int) -> HttpResponse:
        audit.record(AuditAction.READ, measure, actor=user)
        context = {"measure": measure, "form": form, "can_confirm": can_confirm}
        return render(request, "rights/employer_measure.html", context, status=status)

    if request.method == "POST" and not can_confirm:
        raise Http404("Niet gevonden")
    form = ConfirmEmployerMeasureForm(
        request.POST if request.method == "POST" else None,
        initial={"version": measure.version},
    )
    if request.method != "POST":
        return show(form, 200)
    return submit_form(
        request,
        form,
        lambda d: services.confirm_employer_measure(
            user, measure.pk, note=d["note"], expected_version=d["version"]
        ),
        conflict=_("Deze maatregel is intussen gewijzigd. Bekijk hem opnieuw."),
        success=_("Dank u wel. We weten nu dat dit klaar is."),
        done=lambda _m: redirect("core:home"),
        show=show,
    )

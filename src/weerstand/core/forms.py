"""Shared form plumbing for the web interface: one way to post a form to a domain service.

Every page that changes something does the same dance: bind the form; when it is valid, call
a service; when the service refuses (a `DomainError`), show the refusal on the form with the
service's status; when it succeeds, say so and redirect; when the form itself is invalid,
show it again with 400. `submit_form` is that dance, once, so every page answers alike.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from weerstand.core.errors import ConcurrencyConflict, DomainError

GENERIC_REQUIRED = forms.Field.default_error_messages["required"]
CHOICE_FIELDS = (forms.ChoiceField, forms.ModelChoiceField, forms.ModelMultipleChoiceField)


def _label_in_sentence(field: forms.Field, name: str) -> str:
    """The label as a word inside a sentence: first letter small unless it starts an
    abbreviation (BSN, OM), no trailing colon or question mark."""
    label = str(field.label or name.replace("_", " ")).strip().rstrip(":?").strip()
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def required_message(field: forms.Field, name: str) -> str:
    """What to say when a required field is left empty, in the GOV.UK / NL Design System
    way: what to do, named after the field ("Vul de reden in"), never the generic "This field
    is required." that does not say which field or what is expected."""
    label = _label_in_sentence(field, name)
    if str(field.label or "").strip().endswith("?"):
        return _("Beantwoord de vraag: %(label)s") % {"label": str(field.label).strip()}
    if isinstance(field, forms.BooleanField):
        return _("Vink aan: %(label)s") % {"label": label}
    if isinstance(field, forms.FileField):
        return _("Kies een bestand: %(label)s") % {"label": label}
    if isinstance(field, CHOICE_FIELDS):
        return _("Kies %(label)s") % {"label": label}
    return _("Vul %(label)s in") % {"label": label}


def give_specific_messages(form: forms.BaseForm) -> None:
    """Replace Django's generic required message of every field of `form` that has no
    hand-written one by one built from its label."""
    for name, field in form.fields.items():
        if str(field.error_messages.get("required", "")) == str(GENERIC_REQUIRED):
            field.error_messages["required"] = required_message(field, name)


def conditional[F: forms.Field](field: F) -> F:
    """Mark a field that is needed only in some cases (the form's `clean` says when): it
    is not labelled "(niet verplicht)" as other optional fields are."""
    field.conditional = True  # type: ignore[attr-defined]
    return field


class SpecificMessages:
    """Mixin for forms: before validating, every required field without a hand-written
    message gets one that names it (fields added in `__init__` included)."""

    def full_clean(self) -> None:
        give_specific_messages(self)  # type: ignore[arg-type]
        super().full_clean()  # type: ignore[misc]


class WeerstandForm(SpecificMessages, forms.Form):
    """Base form: no colon after labels (the templates lay labels out themselves), and a
    specific message per empty required field."""

    label_suffix = ""

    def typed_field[F: forms.Field](self, name: str, kind: type[F]) -> F:
        """The bound field `name` as the class it was declared with, to fill in per request
        what only the request knows (a choice list, a queryset). `self.fields` is typed as
        plain `Field`; a mismatch is a programming error, so it fails loudly."""
        found = self.fields[name]
        if not isinstance(found, kind):
            raise TypeError(f"{type(self).__name__}.{name} is no {kind.__name__}")
        return found


def apply_domain_error(form: forms.Form, exc: DomainError) -> None:
    """Attach a service's refusal to the form it came from, so no input is lost.

    Parameters the service names (`invalid_params`) land on their field, where the template
    ties them to the input with aria-describedby; the overall detail becomes a form error.
    A refused write (403) also leaves its audit record here (`trace_refusal`).
    """
    trace_refusal(exc)
    for param in exc.invalid_params:
        if param.name in form.fields:
            form.add_error(param.name, param.reason)
    if exc.detail:
        form.add_error(None, exc.detail)


type Text = str | Callable[..., str]


def _text(text: Text, arg: Any) -> str:
    return text(arg) if callable(text) else str(text)


def submit_form[T](
    request: HttpRequest,
    form: forms.Form,
    run: Callable[[dict[str, Any]], T],
    *,
    done: Callable[[T], HttpResponse],
    show: Callable[[Any, int], HttpResponse],
    success: Text | None = None,
    conflict: Text | None = None,
    refusal_status: int | Callable[[DomainError], int] | None = None,
) -> HttpResponse:
    """Post `form` to a service and answer the way every Weerstand page does.

    - not a POST: `show(form, 200)` (a page that shows and posts the same form);
    - form invalid: `show(form, 400)`;
    - `run(form.cleaned_data)` raises a `DomainError`: the refusal goes onto the form
      (`apply_domain_error`) and `show(form, exc.status)`; with `conflict`, a
      `ConcurrencyConflict` (someone else changed the object first) shows that text instead
      (a string, or a function of the exception); `refusal_status` replaces the service's
      status where a page shows refusals as invalid input (an int, or a function of the
      exception);
    - otherwise: the `success` message (a string, or a function of `run`'s result), then
      `done(result)`, usually a redirect.

    Example::

        @login_required
        @require_POST
        @requires("gap:change")
        def gap_accept(request, gap_id):
            gap = _get_gap(request.user, gap_id)
            return submit_form(
                request,
                NoteForm(request.POST),
                lambda d: services.accept_gap(request.user, gap.pk, note=d["note"]),
                success=_("De leemte is geaccepteerd als onbekend."),
                done=lambda _result: redirect("gaps:case", case_id=gap.case_id),
                show=lambda form, status: _render_gap(request, gap, form=form, status=status),
            )

    Only `DomainError`s are caught: an `Http404` from the service (the object vanished from
    the user's sight) still answers 404, and anything else is a server error.
    """
    if request.method != "POST":
        return show(form, 200)
    if not form.is_valid():
        return show(form, 400)
    try:
        result = run(form.cleaned_data)
    except DomainError as exc:
        if conflict is not None and isinstance(exc, ConcurrencyConflict):
            form.add_error(None, _text(conflict, exc))
        else:
            apply_domain_error(form, exc)
        if refusal_status is None:
            return show(form, exc.status)
        return show(form, refusal_status(exc) if callable(refusal_status) else refusal_status)
    if success is not None:
        messages.success(request, _text(success, result))
    return done(result)


def trace_refusal(exc: DomainError) -> None:
    """A refused write (403) leaves an audit record, as in the API (`policy.probing`); for a
    page that handles a service's refusal itself."""
    if exc.status == 403:
        from weerstand.policy import probing

        probing.action_refused(reason=exc.detail)


def perform[T](
    request: HttpRequest,
    run: Callable[[], T],
    *,
    then: Callable[[], HttpResponse],
    success: Text | None = None,
) -> HttpResponse:
    """A button without input (take in treatment, publish, acknowledge): call the service,
    show its refusal or the `success` text as a message, and answer `then()` either way.

    Example::

        return perform(
            request,
            lambda: services.take_in_treatment(request.user, objection.pk),
            then=lambda: redirect("rights:objection-detail", pk=objection.pk),
        )
    """
    try:
        result = run()
    except DomainError as exc:
        trace_refusal(exc)
        messages.error(request, exc.detail)
    else:
        if success is not None:
            messages.success(request, _text(success, result))
    return then()


def refusal_text(form: forms.Form) -> str:
    """The form-level errors as one sentence: the service's reason for a refusal, for a page
    that shows it above the forms (e.g. to someone who is offered no form at all)."""
    return " ".join(str(e) for e in form.non_field_errors())

"""Shared form plumbing for the web interface: one way to show a domain error on a form."""

from __future__ import annotations

from django import forms

from weerstand.core.errors import DomainError


class WeerstandForm(forms.Form):
    """Base form: no colon after labels (the templates lay labels out themselves)."""

    label_suffix = ""


def apply_domain_error(form: forms.Form, exc: DomainError) -> None:
    """Attach a service's refusal to the form it came from, so no input is lost.

    Parameters the service names (`invalid_params`) land on their field, where the template
    ties them to the input with aria-describedby; the overall detail becomes a form error.
    """
    for param in exc.invalid_params:
        if param.name in form.fields:
            form.add_error(param.name, param.reason)
    form.add_error(None, exc.detail)

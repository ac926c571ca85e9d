"""Template tags for the error pattern of the NL Design System / GOV.UK: one error summary
at the top of the page's content, and "Fout: " before the page title while a form on the page
shows errors.

Both look through the template context for forms that were validated and found wanting, so
a view needs to do nothing beyond passing its forms (directly, or inside the rows, dicts or
dataclasses it already passes). A form is only looked at when it was validated already:
the tags never run a form's validation themselves.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from django import forms, template
from django.forms.formsets import BaseFormSet
from django.utils.translation import gettext as _

register = template.Library()

# How deep into rows and dicts the context is searched, and how many items of a list.
MAX_DEPTH = 3
MAX_ITEMS = 500
# The flag a form carries once its summary was shown at the top of the page.
AT_TOP = "weerstand_summary_at_top"


def _forms_in(value: Any, depth: int = 0) -> Iterator[forms.BaseForm]:
    if isinstance(value, forms.BaseForm):
        yield value
    elif isinstance(value, BaseFormSet):
        yield from value.forms
    elif depth >= MAX_DEPTH or isinstance(value, str | bytes | int | float):
        return
    elif isinstance(value, dict):
        for item in list(value.values())[:MAX_ITEMS]:
            yield from _forms_in(item, depth + 1)
    elif isinstance(value, list | tuple):
        for item in value[:MAX_ITEMS]:
            yield from _forms_in(item, depth + 1)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _forms_in(getattr(value, field.name, None), depth + 1)


def has_errors(form: forms.BaseForm) -> bool:
    """True when `form` was validated (or had errors added) and has errors; never validates."""
    return bool(form.is_bound and getattr(form, "_errors", None))


def failed_forms(context: template.Context) -> list[forms.BaseForm]:
    """The forms in `context` that show errors, each once, in the order of the context."""
    seen: set[int] = set()
    out = []
    for value in context.flatten().values():
        for form in _forms_in(value):
            if id(form) not in seen and has_errors(form):
                seen.add(id(form))
                out.append(form)
    return out


def page_has_errors(context: template.Context) -> bool:
    """A form with errors, or a refusal the view shows as `error` text."""
    error = context.get("error")
    return bool(failed_forms(context)) or (isinstance(error, str) and bool(error.strip()))


@register.simple_tag(takes_context=True)
def error_title_prefix(context: template.Context) -> str:
    """ "Fout: " for the page title while the page shows an error (GOV.UK: the title is the
    first thing a screen reader reads of the new page)."""
    return _("Fout: ") if page_has_errors(context) else ""


@register.inclusion_tag("weerstand/_error_summary.html", takes_context=True)
def error_summary(context: template.Context) -> dict[str, Any]:
    """The summary of the failed form at the top of the page, under the h1. The form's own
    `_form_errors.html` then stays empty, so the summary is shown once. With several forms
    on a page, only one was posted: that is the one that failed."""
    failed = failed_forms(context)
    if not failed:
        return {"form": None}
    form = failed[0]
    setattr(form, AT_TOP, True)
    return {"form": form}


@register.filter
def summary_pending(form: Any) -> bool:
    """True while `form` has errors whose summary was not shown at the top of the page
    (reading `errors` validates a bound form, as the template always did)."""
    if not isinstance(form, forms.BaseForm) or getattr(form, AT_TOP, False):
        return False
    return bool(form.errors)

"""Forms of the registry pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from weerstand.core.forms import WeerstandForm


class PersonSearchForm(WeerstandForm):
    q = forms.CharField(label=_("Zoek op naam"), required=False, max_length=100)

"""Accounts in the admin site (/beheer/): users with their roles, lock state, authenticator
and API tokens. Registered on `weerstand.core.admin.site` only, never on Django's default site.

Nobody changes their own roles, clearance or organisation here: that would let a system
administrator give themselves access to case content. Nor does one administrator alone widen
anyone else's access: a new account is saved without roles or clearance and what it should
get becomes a four-eyes request; roles are granted, clearances raised and credentials reset
only through such requests (`accounts.access_changes`). Here roles can only be removed and a
clearance only lowered (that reduces access, and is audited).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from weerstand.accounts import access_changes, services
from weerstand.accounts.models import AccessChangeKind, ApiToken, RoleAssignment, User
from weerstand.accounts.roles import Clearance, Role
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.admin import (
    AuditedAdminMixin,
    AuditedPasswordSaveMixin,
    audited_action,
    form_changes,
    is_system_admin,
    site,
)
from weerstand.core.errors import DomainError

RAISE_NEEDS_REQUEST = _(
    "Een hoger screeningsniveau gaat pas in na akkoord van een tweede persoon: vraag het aan "
    "via 'Toegangswijziging aanvragen'."
)


class _UnitMatchesOrganisation:
    def clean(self) -> dict[str, Any]:
        data = super().clean()  # type: ignore[misc]  # ModelForm
        unit, org = data.get("unit"), data.get("organisation")
        if unit is not None and org is not None and unit.organisation_id != org.pk:
            raise ValidationError({"unit": _("Deze eenheid hoort niet bij de organisatie.")})
        return data


class UserForm(_UnitMatchesOrganisation, UserChangeForm):
    def clean_clearance(self) -> Any:
        """Lowering is direct; raising is a four-eyes request, never a save here."""
        value = self.cleaned_data.get("clearance")
        if self.instance.pk is not None and value is not None:
            stored = User.objects.filter(pk=self.instance.pk).values_list("clearance", flat=True)
            if stored and int(value) > stored[0]:
                raise ValidationError(RAISE_NEEDS_REQUEST)
        return value


class UserCreationForm(_UnitMatchesOrganisation, AdminUserCreationForm):
    """A new account. The roles and clearance asked for here wait for a second person."""

    requested_roles = forms.MultipleChoiceField(
        label=_("Gevraagde rollen"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Gaan pas in na akkoord van een tweede persoon."),
    )
    access_reason = forms.CharField(
        label=_("Reden van de aanvraag"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Verplicht bij rollen of screening (minimaal 10 tekens); de tweede persoon leest haar."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        wants = bool(data.get("requested_roles")) or int(data.get("clearance") or 0) > 0
        if wants and len((data.get("access_reason") or "").strip()) < 10:
            self.add_error("access_reason", _("Geef de reden (minimaal 10 tekens)."))
        if wants and not (data.get("email") or "").strip():
            self.add_error(
                "email",
                _("Vul het e-mailadres van de persoon in: de koppellink gaat alleen daarheen."),
            )
        return data


class AuditedAdminPasswordChangeForm(AuditedPasswordSaveMixin, AdminPasswordChangeForm):
    """An administrator sets someone's password."""

    audit_reason = "wachtwoord ingesteld door beheerder"


class RoleInline(admin.TabularInline):
    """Roles can be removed here (less access); granting one is a four-eyes request."""

    model = RoleAssignment
    extra = 0
    fields = ("role",)
    readonly_fields = ("role",)
    verbose_name = _("rol")
    verbose_name_plural = _("rollen")

    def _may_edit(self, request: HttpRequest, obj: Any) -> bool:
        return is_system_admin(request.user) and (obj is None or obj.pk != request.user.pk)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_system_admin(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a grant: `access_changes.request_change`, approved by a second person

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # changing a role's value would be a grant as well

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_edit(request, obj)


SELF_PROTECTED = ("organisation", "unit", "clearance", "is_active")


@admin.register(User, site=site)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    form = UserForm
    add_form = UserCreationForm
    change_password_form = AuditedAdminPasswordChangeForm
    inlines = (RoleInline,)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Persoon"), {"fields": ("first_name", "last_name", "email", "linked_person")}),
        (_("Organisatie en screening"), {"fields": ("organisation", "unit", "clearance")}),
        (
            _("Toegang"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "lock_state",
                    "failed_login_count",
                    "locked_until",
                    "authenticator",
                    "access_change_link",
                    "last_login",
                    "date_joined",
                )
            },
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "usable_password", "password1", "password2"),
            },
        ),
        (_("Persoon"), {"fields": ("first_name", "last_name", "email")}),
        (_("Organisatie en screening"), {"fields": ("organisation", "unit", "clearance")}),
        (
            _("Toegang (vier ogen)"),
            {"fields": ("requested_roles", "access_reason")},
        ),
    )
    readonly_fields = (
        "is_staff",
        "lock_state",
        "failed_login_count",
        "locked_until",
        "authenticator",
        "access_change_link",
        "linked_person",
        "last_login",
        "date_joined",
    )
    list_display = (
        "username",
        "display_name",
        "organisation",
        "role_list",
        "clearance",
        "is_active",
        "lock_state",
    )
    list_filter = ("is_active", "organisation", "role_assignments__role", "clearance")
    search_fields = ("username", "first_name", "last_name", "email")
    list_select_related = ("organisation",)
    filter_horizontal = ()
    ordering = ("username",)
    view_on_site = False
    actions = ("unlock",)
    secret_fields = ("password", "password1", "password2", "usable_password")

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).prefetch_related("role_assignments")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            fields += SELF_PROTECTED
        if obj is not None and obj.email:
            # Enrolment and reset links go to this address: changing it is no one-person job.
            fields += ("email",)
        return fields

    def get_inlines(self, request: HttpRequest, obj: Any) -> Any:
        # A new account asks for its roles in the add form (a request), not in rows.
        return () if obj is None else super().get_inlines(request, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            stored = User.objects.filter(pk=obj.pk).values_list("clearance", flat=True).first()
            if stored is not None and obj.clearance > stored:
                raise PermissionDenied(str(RAISE_NEEDS_REQUEST))  # the form refuses it first
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        try:
            pending = access_changes.create_account(
                request.user,  # type: ignore[arg-type]  # our User
                obj,
                roles=data.get("requested_roles") or (),
                clearance=int(data.get("clearance") or Clearance.UNCLASSIFIED),
                reason=data.get("access_reason") or "",
                changes=form_changes(form, secret_fields=self.secret_fields),
            )
        except DomainError as exc:  # the form validated the same; a race, say
            raise PermissionDenied(exc.detail) from exc
        if pending is not None:
            self.message_user(
                request,
                _(
                    "Het account is aangemaakt zonder rollen of screening. De gevraagde toegang "
                    "gaat in zodra een tweede persoon akkoord geeft; de persoon krijgt dan een "
                    "koppellink op het eigen e-mailadres."
                ),
                messages.WARNING,
            )

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Someone else's password is reset by a four-eyes request, never set here."""
        if str(id) == str(request.user.pk):
            return super().user_change_password(request, id, form_url)
        if not is_system_admin(request.user):
            raise PermissionDenied
        # No flash message: a GET here must leave nothing behind for the next page. The
        # request page itself says why (the person chooses the password via the link).
        query = urlencode({"target": id, "kind": AccessChangeKind.RESET_PASSWORD})
        return HttpResponseRedirect(f"{reverse('accounts:access-change-new')}?{query}")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # accounts are deactivated, never deleted (audit and history refer to them)

    @admin.display(description=_("rollen"))
    def role_list(self, obj: User) -> str:
        return ", ".join(sorted(ra.get_role_display() for ra in obj.role_assignments.all())) or "-"

    @admin.display(description=_("naam"))
    def display_name(self, obj: User) -> str:
        return obj.get_full_name()

    @admin.display(description=_("geblokkeerd"), boolean=True)
    def lock_state(self, obj: User) -> bool:
        return obj.is_locked()

    @admin.display(description=_("authenticator"))
    def authenticator(self, obj: User) -> str:
        if obj.pk is None:
            return "-"
        devices = TOTPDevice.objects.filter(user=obj)
        if devices.filter(confirmed=True).exists():
            return str(_("gekoppeld"))
        if devices.exists():
            return str(_("koppeling gestart, nog niet bevestigd"))
        return str(_("geen: wordt gekoppeld via een koppellink naar de persoon"))

    @admin.display(description=_("toegangswijziging"))
    def access_change_link(self, obj: User) -> str:
        if obj.pk is None:
            return "-"
        url = f"{reverse('accounts:access-change-new')}?{urlencode({'target': obj.pk})}"
        return format_html('<a href="{}">{}</a>', url, _("Toegangswijziging aanvragen"))

    @admin.display(description=_("gekoppeld aan registerpersoon"), boolean=True)
    def linked_person(self, obj: User) -> bool:
        # Only whether there is a link: the person's name is registry content.
        return obj.person_id is not None

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        user = form.instance
        with transaction.atomic():
            before = sorted(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))
            super().save_related(request, form, formsets, change)
            after = sorted(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))
            if set(after) - set(before):
                # The inline only removes; anything else slipped past it: no grant here.
                raise PermissionDenied(str(_("Een rol toekennen vraagt een tweede persoon.")))
            if before != after:
                audit.record(
                    AuditAction.ADMIN,
                    user,
                    changes={"roles": [before, after]},
                    reason="rollen gewijzigd",
                    actor=request.user,
                )
            services.sync_staff_flag(user)

    @audited_action(_("Geselecteerde accounts ontgrendelen"), _("Ontgrendeld"))
    def unlock(self, request: HttpRequest, obj: User) -> bool:
        return services.unlock_account(request.user, obj)  # type: ignore[arg-type]  # our User


@admin.register(ApiToken, site=site)
class ApiTokenAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Read-only: an administrator sees and revokes tokens, never creates or reads them."""

    fields = ("prefix", "user", "label", "created_at", "expires_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    list_display = ("prefix", "user", "label", "created_at", "expires_at", "last_used_at", "state")
    list_filter = ("revoked_at",)
    search_fields = ("user__username", "key_id", "label")
    list_select_related = ("user",)
    view_on_site = False
    actions = ("revoke",)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("kenmerk"))
    def prefix(self, obj: ApiToken) -> str:
        return obj.prefix

    @admin.display(description=_("status"))
    def state(self, obj: ApiToken) -> str:
        if obj.revoked_at is not None:
            return str(_("ingetrokken"))
        return str(_("actief")) if obj.expires_at > timezone.now() else str(_("verlopen"))

    @audited_action(_("Geselecteerde tokens intrekken"), _("Ingetrokken"))
    def revoke(self, request: HttpRequest, obj: ApiToken) -> bool:
        return services.revoke_token(request.user, obj)  # type: ignore[arg-type]  # our User

"""The admin site for system administrators, mounted at /beheer/.

It manages accounts and organisations only: no case, registry, policy or audit model is
registered, so a system administrator sees no case content here. Access needs the role
`system_admin` and a session verified with TOTP; `is_superuser` grants nothing (the model
admins ask the role, never Django's permission shortcut). Signing in and out goes through
the normal two-step sign-in, so lock-out and the audit trail apply to the admin too.
Every change is audited from the model admins (`AuditedAdminMixin`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib.admin.forms import AdminPasswordChangeForm
from django.contrib.admin.options import ModelAdmin
from django.contrib.admin.utils import NestedObjects
from django.db import models, router, transaction
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import URLPattern, URLResolver, reverse
from django.utils.decorators import method_decorator
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp.admin import OTPAdminSite

from weerstand.accounts.roles import Role
from weerstand.accounts.services import is_verified
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.decorators import public

ADMIN_NEEDS = ("accounts:change",)
StrOrPromise = str | Promise


def _owned_models() -> tuple[type[models.Model], ...]:
    """Rows that belong to an account and go with it (edited inline, not registered)."""
    from weerstand.accounts.models import RoleAssignment

    return (RoleAssignment,)


def is_system_admin(user: Any) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and hasattr(user, "has_role")
        and user.has_role(Role.SYSTEM_ADMIN)
    )


class AuditedPasswordSaveMixin:
    """Audit a password being set, in the same transaction; the password itself never."""

    audit_reason = "wachtwoord gewijzigd"
    audit_as_changed_user = False  # True when users change their own password

    def save(self, commit: bool = True) -> Any:
        with transaction.atomic():
            user = super().save(commit=commit)  # type: ignore[misc]  # mixin for password forms
            audit.record(
                AuditAction.ADMIN,
                user,
                changes={"password": audit.SECRET_MARK},
                reason=self.audit_reason,
                actor=user if self.audit_as_changed_user else None,
            )
        return user


class AuditedPasswordChangeForm(AuditedPasswordSaveMixin, AdminPasswordChangeForm):
    """A system administrator's own password change."""

    audit_reason = "eigen wachtwoord gewijzigd"
    audit_as_changed_user = True


class WeerstandAdminSite(OTPAdminSite):
    site_header = _("Weerstand: beheer")
    site_title = _("Weerstand beheer")
    index_title = _("Accounts en organisaties")
    enable_nav_sidebar = False
    final_catch_all_view = True
    password_change_form = AuditedPasswordChangeForm

    def has_permission(self, request: HttpRequest) -> bool:
        """Staff flag, TOTP-verified session and the system-administrator role, all three."""
        return super().has_permission(request) and is_system_admin(request.user)

    def admin_view(self, view: Callable[..., Any], cacheable: bool = False) -> Callable[..., Any]:
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            # Signed in with both factors but no administrator: there is no admin site.
            if is_verified(request.user) and not self.has_permission(request):
                raise Http404
            return inner(request, *args, **kwargs)

        guarded.policy_needs = ADMIN_NEEDS  # type: ignore[attr-defined]  # marker read by tests
        return guarded

    def get_urls(self) -> list[URLPattern | URLResolver]:
        # The generic "view on site" redirect resolves any content type and id, so it would
        # confirm that, say, a case with that id exists. Not here.
        urls = [p for p in super().get_urls() if getattr(p, "name", None) != "view_on_site"]
        _mark(urls)
        return urls

    @public
    @method_decorator(never_cache)
    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        """No separate admin sign-in: the two-step sign-in (with lock-out and audit) only."""
        if is_verified(request.user):
            if self.has_permission(request):
                return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
            raise Http404  # not an administrator: as if there were no admin site
        target = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")

    def logout(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        from weerstand.accounts import services

        if request.method != "POST":
            return HttpResponse(status=405, headers={"Allow": "POST"})
        services.sign_out(request)
        return redirect("accounts:login")


def _mark(patterns: Iterable[URLPattern | URLResolver]) -> None:
    """Every admin view declares its need (login: public), like every other view."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _mark(pattern.url_patterns)
        elif not hasattr(pattern.callback, "policy_needs"):
            pattern.callback.policy_needs = ADMIN_NEEDS  # type: ignore[attr-defined]  # marker


site = WeerstandAdminSite(name="beheer")
# Deletes go one by one through `delete_model`, where each is audited and checked.
site.disable_action("delete_selected")


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | tuple | set):
        return sorted(str(_plain(v)) for v in value)
    if value is None or isinstance(value, str | int | bool):
        return value
    return str(value)


def form_changes(form: Form, *, secret_fields: Iterable[str] = ()) -> dict[str, Any]:
    """Changed fields of an admin form as {name: [old, new]}; passwords only as 'changed'."""
    secret = set(secret_fields)
    out: dict[str, Any] = {}
    for name in form.changed_data:
        if name in secret or "password" in name:
            out[name] = audit.SECRET_MARK
            continue
        out[name] = [_plain(form.initial.get(name)), _plain(form.cleaned_data.get(name))]
    return out


class AuditedAdminMixin:
    """Audit every save, delete and bulk delete in the same transaction (no signals).

    Permissions come from the role, not from `is_superuser` or Django's permission table.
    """

    secret_fields: tuple[str, ...] = ()

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_system_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_system_admin(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_system_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_system_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_system_admin(request.user)

    def save_model(self, request: HttpRequest, obj: Any, form: Form, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)  # type: ignore[misc]  # ModelAdmin
            audit.record(
                AuditAction.ADMIN,
                obj,
                object_repr=self.audit_text(obj),
                changes=form_changes(form, secret_fields=self.secret_fields),
                reason="gewijzigd" if change else "aangemaakt",
                actor=request.user,
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            pk, text = obj.pk, self.audit_text(obj)
            super().delete_model(request, obj)  # type: ignore[misc]  # ModelAdmin
            audit.record(
                AuditAction.ADMIN,
                object_type=obj._meta.label_lower,
                object_id=pk,
                object_repr=text,
                reason="verwijderd",
                actor=request.user,
            )

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        """Never list (or cascade into) objects outside the admin: they may be case content.

        Django's confirmation page names every protected or cascaded object; for an
        organisation that would be the titles of the cases it referred. Anything outside
        the admin's own models blocks the deletion with one neutral line instead.
        """
        admin: Any = self  # a ModelAdmin: this mixin is only ever mixed into one
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(  # type: ignore[misc]  # ModelAdmin's
            objs, request
        )
        collector = NestedObjects(using=router.db_for_write(admin.model))
        collector.collect(list(objs))
        own = set(admin.admin_site._registry) | set(_owned_models())
        foreign = [o for o in collector.protected if type(o) not in own]
        foreign += [o for m, items in collector.model_objs.items() if m not in own for o in items]
        if not foreign:
            return deleted, model_count, perms_needed, protected
        shown = [f"{o._meta.verbose_name}: {o}" for o in collector.protected if type(o) in own]
        shown.append(str(_("gegevens buiten het beheer (niet getoond)")))
        names = {m._meta.verbose_name_plural for m in own}
        return (
            [str(o) for o in objs],
            {k: v for k, v in model_count.items() if k in names},
            perms_needed,
            shown,
        )

    def audit_text(self, obj: Any) -> str:
        if hasattr(obj, "audit_label"):
            return audit.audit_repr(obj)
        return f"{obj._meta.verbose_name} {obj}"


def audited_action(
    description: StrOrPromise, reason: StrOrPromise
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """An admin action that runs per object in one transaction; the function audits."""

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        def action(modeladmin: ModelAdmin, request: HttpRequest, queryset: Any) -> None:
            with transaction.atomic():
                done = sum(1 for obj in queryset if fn(modeladmin, request, obj))
            text = gettext("%(reason)s: %(n)d.") % {"reason": reason, "n": done}
            modeladmin.message_user(request, text)

        action.short_description = description  # type: ignore[attr-defined]  # admin label
        action.__name__ = fn.__name__
        return action

    return decorate

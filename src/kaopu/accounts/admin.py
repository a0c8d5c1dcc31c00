"""Users and organisations in the admin.

The system administrator creates accounts and organisations and resets passwords; only the security
administrator changes a role; neither can give an account an administrator role (that takes a
request approved by another administrator, /accounts/admin-roles/), and no administrator changes
another administrator's account. Every save goes through accounts.actions, which enforces these
rules and audits; hiding fields and buttons here is only for the reader.
"""

from __future__ import annotations

from typing import Any

from axes.admin import AccessAttemptAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    SetUnusablePasswordMixin,
    UserChangeForm,
    UserCreationForm,
)
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kaopu.accounts import actions
from kaopu.accounts.models import Organisation, User
from kaopu.accounts.roles import ADMIN_ROLES, Permission, Role
from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core.admin_site import RoleAdminMixin

SYSTEM = frozenset({Role.SYSTEM_ADMIN})
SECURITY = frozenset({Role.SECURITY_ADMIN})


@admin.register(Organisation)
class OrganisationAdmin(RoleAdminMixin, admin.ModelAdmin):
    edit_roles = SYSTEM
    view_roles = SECURITY
    list_display = ["name", "kind", "district"]
    list_filter = ["kind", "district"]
    search_fields = ["name"]
    raw_id_fields = ["enterprise"]


class KaopuAdminPasswordChangeForm(AdminPasswordChangeForm):
    # Django joins this help text into one string when its module is imported, in whatever language
    # is active then, and leaves its warning untranslated: both are joined lazily here instead.
    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."))

    def save(self, commit: bool = True) -> Any:
        # UserAdmin.user_change_password saves through accounts.actions.reset_password instead.
        raise NotImplementedError("reset passwords with kaopu.accounts.actions.reset_password")


class KaopuUserCreationForm(UserCreationForm):
    """A new account. That the role fits the organisation is User.clean()'s rule, which the model
    validation of every ModelForm runs and reports on the role field (a clean() of its own here read
    self.instance.organisation before it was set: "Server Error (500)" without an organisation)."""

    class Meta:
        model = User
        fields = ["username", "name", "phone", "email", "organisation", "role"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # New accounts start with a working role; administrator roles are given by the security admin.
        self.fields["role"].choices = [(v, label) for v, label in Role.choices if v not in ADMIN_ROLES]


class KaopuUserChangeForm(UserChangeForm):
    """The change form asks accounts.actions.check_update whether the acting administrator may make
    these changes, so that a refusal (another administrator's account, an administrator role) shows
    on the form rather than as an error page; UserAdmin.get_form sets ``acting_user``."""

    acting_user: Any = None
    granted_permissions = forms.MultipleChoiceField(
        label=_("Permissions granted"), required=False, choices=Permission.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("On top of what the role holds; only the security administrator grants them, e.g. the "
                    "settings pages or API tokens to one district leader."))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.acting_user is not None and self.instance.pk is not None:
            changes = {name: cleaned[name] for name in self.changed_data if name in cleaned and name != "password"}
            try:
                actions.check_update(self.instance, changes=changes, acting_user=self.acting_user)
            except PermissionDenied as refusal:
                raise ValidationError(str(refusal)) from None
        return cleaned


@admin.register(User)
class UserAdmin(RoleAdminMixin, DjangoUserAdmin):
    edit_roles = SYSTEM | SECURITY
    form = KaopuUserChangeForm
    add_form = KaopuUserCreationForm
    change_password_form = KaopuAdminPasswordChangeForm
    list_display = ["username", "name", "organisation", "role", "is_active", "must_change_password", "last_login"]
    list_filter = ["role", "is_active", "organisation__kind"]
    search_fields = ["username", "name", "phone"]
    autocomplete_fields = ["organisation"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personal info"), {"fields": ["name", "phone", "email"]}),
        (_("Organisation and role"), {"fields": ["organisation", "role", "granted_permissions", "is_active"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined", "password_changed_at",
                                           "must_change_password"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": [
        "username", "name", "phone", "email", "organisation", "role", "password1", "password2"]})]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._role(request) in SYSTEM

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Another administrator's account opens read-only (accounts.actions refuses the change anyway).
        if obj is not None and obj.role in ADMIN_ROLES and obj.pk != request.user.pk:
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        dates = ["last_login", "date_joined", "password_changed_at", "must_change_password"]
        if self._role(request) == Role.SECURITY_ADMIN:
            return ["username", "password", "name", "phone", "email", "organisation", *dates]
        return ["role", "granted_permissions", *dates]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            return form
        return type(form.__name__, (form,), {"acting_user": request.user})

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if not change:
            actions.create_account(obj, acting_user=request.user, request=request)
            return
        changes = {name: form.cleaned_data[name] for name in form.changed_data
                   if name in form.cleaned_data and name != "password"}
        actions.update_account(obj, changes=changes, acting_user=request.user, request=request)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        """The admin's password page, saving through accounts.actions.reset_password: only the system
        administrator, never another administrator's nor their own (三员分立); the user must choose
        a new password at the next login, and their API tokens are revoked."""
        target = self.get_object(request, unquote(id))
        if target is not None:
            try:
                actions.check_may_reset_password(request.user, target)
            except PermissionDenied as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
                return HttpResponseRedirect(reverse("admin:accounts_user_change", args=[target.pk]))
        if request.method == "POST" and target is not None:
            form = self.change_password_form(target, request.POST)
            if form.is_valid() and (form.cleaned_data["set_usable_password"] or "unset-password" in request.POST):
                new_password = form.cleaned_data["password1"] if form.cleaned_data["set_usable_password"] else None
                try:
                    actions.reset_password(target, new_password=new_password, acting_user=request.user,
                                           request=request)
                except PermissionDenied as refusal:
                    self.message_user(request, str(refusal), messages.ERROR)
                else:
                    self.message_user(request, _("The password was reset: %(user)s must change it at the next "
                                                 "login, and their API tokens were revoked.")
                                      % {"user": target.in_words}, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:accounts_user_change", args=[target.pk]))
        return super().user_change_password(request, id, form_url)


# Kaopu grants by role (RoleAdminMixin), never by Django's groups and permission rows: a group page
# would only mislead. axes' failure log is off (AXES_ENABLE_ACCESS_FAILURE_LOG): failed logins are in
# the audit log and, while they count towards a lockout, in the access attempts below.
admin.site.unregister([Group, AccessFailureLog, AccessAttempt, AccessLog])


@admin.register(AccessAttempt)
class LockoutAdmin(RoleAdminMixin, AccessAttemptAdmin):
    """Failed-login records; deleting one unlocks the account (the security admin's duty)."""

    view_roles = SECURITY
    delete_roles = SECURITY

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self._record_unlock(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[AccessAttempt]) -> None:
        # The list's "delete selected" unlocks too, and must leave the same audit entries.
        for attempt in queryset:
            self._record_unlock(request, attempt)
        super().delete_queryset(request, queryset)

    def _record_unlock(self, request: HttpRequest, attempt: AccessAttempt) -> None:
        record(Action.PERMISSION_CHANGE, actor=request.user, request=request, object_type="axes.accessattempt",
               object_id=attempt.pk, summary=f"解除账号 {attempt.username} 的锁定")

    # axes words these in English only (its status is built from an untranslatable f-string).
    @admin.display(description=_("Lockout"))
    def status(self, obj: AccessAttempt) -> str:
        left = settings.AXES_FAILURE_LIMIT - obj.failures_since_start
        if left > 0:
            return ngettext("%(count)d attempt left", "%(count)d attempts left", left) % {"count": left}
        return str(_("Locked out"))

    @admin.action(description=_("Clean up expired attempts"), permissions=["delete"])
    def cleanup_expired_attempts(self, request: HttpRequest, queryset: QuerySet[AccessAttempt]) -> None:
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(request, ngettext("%(count)d expired attempt cleaned up.",
                                            "%(count)d expired attempts cleaned up.", count) % {"count": count})


@admin.register(AccessLog)
class LoginLogAdmin(RoleAdminMixin, AccessLogAdmin):
    """Logins and logouts, for the security administrator to read."""

    view_roles = SECURITY

"""Users and organisations in the admin.

The system administrator creates accounts and organisations; only the security administrator
changes a role (through accounts.actions.change_role, which audits it); neither can give an
account an administrator role by creating it.
"""

from __future__ import annotations

from typing import Any

from axes.admin import AccessAttemptAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin, UserCreationForm
from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kaopu.accounts import actions
from kaopu.accounts.models import Organisation, User
from kaopu.accounts.roles import ADMIN_ROLES, Role
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


@admin.register(User)
class UserAdmin(RoleAdminMixin, DjangoUserAdmin):
    edit_roles = SYSTEM | SECURITY
    add_form = KaopuUserCreationForm
    change_password_form = KaopuAdminPasswordChangeForm
    list_display = ["username", "name", "organisation", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "organisation__kind"]
    search_fields = ["username", "name", "phone"]
    autocomplete_fields = ["organisation"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personal info"), {"fields": ["name", "phone", "email"]}),
        (_("Organisation and role"), {"fields": ["organisation", "role", "is_active"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": [
        "username", "name", "phone", "email", "organisation", "role", "password1", "password2"]})]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._role(request) in SYSTEM

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        if self._role(request) == Role.SECURITY_ADMIN:
            return ["username", "password", "name", "phone", "email", "organisation", "last_login", "date_joined"]
        return ["role", "last_login", "date_joined"]

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if change and "role" in form.changed_data:
            new_role = obj.role
            obj.role = form.initial["role"]
            actions.change_role(obj, role=new_role, acting_user=request.user, request=request)
            obj.role = new_role
            return
        super().save_model(request, obj, form, change)
        action = Action.UPDATE if change else Action.CREATE
        record(action, actor=request.user, request=request, target=obj,
               summary=f"{'修改' if change else '新建'}账号 {obj.username}",
               data={"fields": list(form.changed_data), "role": obj.role})


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

"""Users and organisations in the admin.

The system administrator creates accounts and organisations; only the security administrator
changes a role (through accounts.actions.change_role, which audits it); neither can give an
account an administrator role by creating it.
"""

from __future__ import annotations

from typing import Any

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserCreationForm
from django.http import HttpRequest

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


class KaopuUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ["username", "name", "phone", "email", "organisation", "role"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # New accounts start with a working role; administrator roles are given by the security admin.
        self.fields["role"].choices = [(v, label) for v, label in Role.choices if v not in ADMIN_ROLES]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.instance.organisation = data.get("organisation")
        self.instance.role = data.get("role")
        if self.instance.organisation and self.instance.role:
            try:
                self.instance.clean()
            except forms.ValidationError as error:
                self.add_error(None, error)
        return data


@admin.register(User)
class UserAdmin(RoleAdminMixin, DjangoUserAdmin):
    edit_roles = SYSTEM | SECURITY
    add_form = KaopuUserCreationForm
    list_display = ["username", "name", "organisation", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "organisation__kind"]
    search_fields = ["username", "name", "phone"]
    autocomplete_fields = ["organisation"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("个人信息", {"fields": ["name", "phone", "email"]}),
        ("组织与角色", {"fields": ["organisation", "role", "is_active"]}),
        ("时间", {"fields": ["last_login", "date_joined"]}),
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


admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class LockoutAdmin(RoleAdminMixin, AccessAttemptAdmin):
    """Failed-login records; deleting one unlocks the account (the security admin's duty)."""

    view_roles = SECURITY
    delete_roles = SECURITY

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        record(Action.PERMISSION_CHANGE, actor=request.user, request=request, object_type="axes.accessattempt",
               object_id=obj.pk, summary=f"解除账号 {obj.username} 的锁定")
        super().delete_model(request, obj)

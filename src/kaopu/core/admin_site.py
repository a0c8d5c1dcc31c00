"""The Django admin, opened to the three administrator roles only, each for its own models.

There is no superuser in Kaopu; which admin pages a role may use is declared on each ModelAdmin
with RoleAdminMixin, not with Django's per-user permission rows.
"""

from __future__ import annotations

from typing import Any

import axes.apps
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.forms import Field
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kaopu.accounts.roles import ADMIN_ROLES


class KaopuAdminSite(admin.AdminSite):
    site_header = "靠谱 Kaopu"
    site_title = "靠谱 Kaopu"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_authenticated and user.role in ADMIN_ROLES)


class KaopuAdminConfig(AdminConfig):
    default_site = "kaopu.core.admin_site.KaopuAdminSite"


class LoginLockoutConfig(axes.apps.AppConfig):
    """django-axes under a name the admin can translate (axes' own is the untranslated label "Axes")."""

    verbose_name = _("Login security")


class _OnlyParsableChoices:
    """Django's autocomplete widgets look the submitted ids up when they draw the form again, and a
    value that is no id ("abc", "1.5", or a number too big for the column, in a hand-made request) made
    that query raise: the form's error page became a 500. The form field refuses such a value anyway;
    the widget now draws no option for it."""

    field: models.ForeignKey[Any, Any] | models.ManyToManyField[Any, Any]

    def optgroups(self, name: str, value: list[str], attr: dict[str, Any] | None = None) -> list[Any]:
        target = self.field.target_field
        return super().optgroups(name, [v for v in value if _parses(target, v)], attr)  # type: ignore[misc]


def _parses(target: models.Field[Any, Any], value: str) -> bool:
    try:
        target.run_validators(target.to_python(value))  # the validators hold the column's integer range
    except ValidationError:
        return False
    return True


class KaopuAutocompleteSelect(_OnlyParsableChoices, AutocompleteSelect):
    pass


class KaopuAutocompleteSelectMultiple(_OnlyParsableChoices, AutocompleteSelectMultiple):
    pass


class RoleAdminMixin:
    """Grants admin actions by role: ``view_roles`` may look, ``edit_roles`` may add and change.

    Every save and delete through the admin leaves an audit entry in the admin's transaction, naming
    the object in words ("管理后台修改 区「普陀区」"). An admin that overrides ``save_model``,
    ``delete_model`` or ``delete_queryset`` records its own, better-worded entry instead (the user
    admin: role changes, the lockout admin: unlocking); ``core/tests/test_admin_writes_audited.py``
    checks that every registered admin's add, change and delete leaves one either way."""

    view_roles: frozenset[str] = frozenset()
    edit_roles: frozenset[str] = frozenset()
    delete_roles: frozenset[str] = frozenset()

    def _role(self, request: HttpRequest) -> str | None:
        user = request.user
        return user.role if user.is_active and user.is_authenticated else None

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._role(request) in (self.view_roles | self.edit_roles)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._role(request) in (self.view_roles | self.edit_roles)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._role(request) in self.edit_roles

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._role(request) in self.edit_roles

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._role(request) in self.delete_roles

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        if not _overrides(self, "save_model"):
            changed = [name for name in form.changed_data if "password" not in name]
            _admin_record("update" if change else "create", request, obj, "修改" if change else "新建", {
                "fields": changed,
                "values": {name: str(form.cleaned_data.get(name, ""))[:200] for name in changed}})

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        if not _overrides(self, "delete_model"):
            _admin_record("delete", request, obj, "删除", {})
        super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        """The list's "delete selected": one entry per row, committed with the deletion."""
        with transaction.atomic(using=queryset.db):
            if not _overrides(self, "delete_queryset"):
                for obj in queryset:
                    _admin_record("delete", request, obj, "删除", {"bulk": True})
            super().delete_queryset(request, queryset)  # type: ignore[misc]

    def formfield_for_foreignkey(self, db_field: models.ForeignKey[Any, Any], request: HttpRequest,
                                 **kwargs: Any) -> Field | None:
        if db_field.name in self.get_autocomplete_fields(request):  # type: ignore[attr-defined]
            kwargs.setdefault("widget", KaopuAutocompleteSelect(db_field, self.admin_site,  # type: ignore[attr-defined]
                                                                using=kwargs.get("using")))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: models.ManyToManyField[Any, Any], request: HttpRequest,
                                 **kwargs: Any) -> Field | None:
        if db_field.name in self.get_autocomplete_fields(request):  # type: ignore[attr-defined]
            kwargs.setdefault("widget", KaopuAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")))  # type: ignore[attr-defined]
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


def _overrides(model_admin: Any, method: str) -> bool:
    """Whether ``model_admin``'s class defines ``method`` itself (and so records its own audit entry)."""
    return getattr(type(model_admin), method) is not getattr(RoleAdminMixin, method)


def _admin_record(action: str, request: HttpRequest, obj: Any, verb: str, data: dict[str, Any]) -> None:
    from kaopu.audit.log import record  # imported late: the audit app sits above core

    with translation.override("zh-hans"):  # the log reads the same whatever the administrator's language
        kind = str(obj._meta.verbose_name)
        name = str(obj)
    record(action, actor=request.user, request=request, target=obj, summary=f"管理后台{verb}{kind}「{name}」",
           data=data)

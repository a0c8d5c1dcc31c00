"""Reference data of the directory, kept by the system administrator."""

from __future__ import annotations

from django.contrib import admin

from kaopu.accounts.roles import Role
from kaopu.core.admin_site import RoleAdminMixin
from kaopu.directory.models import Department, District, IndustryDivision, IndustrySection, Subdistrict

SYSTEM = frozenset({Role.SYSTEM_ADMIN})


@admin.register(District)
class DistrictAdmin(RoleAdminMixin, admin.ModelAdmin):
    edit_roles = SYSTEM
    list_display = ["name", "abbreviation", "code"]


@admin.register(Subdistrict)
class SubdistrictAdmin(RoleAdminMixin, admin.ModelAdmin):
    edit_roles = SYSTEM
    list_display = ["name", "district", "sort_order"]
    list_filter = ["district"]


@admin.register(Department)
class DepartmentAdmin(RoleAdminMixin, admin.ModelAdmin):
    edit_roles = SYSTEM
    list_display = ["name", "short_name", "kind", "district", "head_name", "is_active"]
    list_filter = ["district", "kind", "is_active"]
    search_fields = ["name"]
    # Set on the appeal settings pages, which check it is a handler of the department (and list no
    # select of every user in the city).
    readonly_fields = ["head"]


@admin.register(IndustrySection)
class IndustrySectionAdmin(RoleAdminMixin, admin.ModelAdmin):
    view_roles = SYSTEM  # GB/T 4754-2017 is shipped as data: read-only here.
    list_display = ["code", "name"]


@admin.register(IndustryDivision)
class IndustryDivisionAdmin(RoleAdminMixin, admin.ModelAdmin):
    view_roles = SYSTEM
    list_display = ["code", "name", "section"]
    list_filter = ["section"]

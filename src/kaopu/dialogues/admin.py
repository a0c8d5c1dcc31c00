"""The kinds of meeting (早餐会, 圆桌会议 …): reference data the system administrator keeps in /admin/."""

from __future__ import annotations

from django.contrib import admin

from kaopu.accounts.roles import Role
from kaopu.core.admin_site import RoleAdminMixin
from kaopu.dialogues.models import MeetingKind


@admin.register(MeetingKind)
class MeetingKindAdmin(RoleAdminMixin, admin.ModelAdmin):
    edit_roles = frozenset({Role.SYSTEM_ADMIN})
    list_display = ("name", "appeal_source", "sort_order", "is_active")

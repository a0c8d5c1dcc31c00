from __future__ import annotations

from django.contrib import admin

from kaopu.dialogues.models import MeetingKind


@admin.register(MeetingKind)
class MeetingKindAdmin(admin.ModelAdmin):
    list_display = ("name", "appeal_source", "sort_order", "is_active")

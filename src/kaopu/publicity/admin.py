"""The content guard's lexicon in /admin/: the security administrator's to keep (三员: security policy).
Saves are audited by RoleAdminMixin; rows are switched off (``active``), never deleted, so the audit log
keeps naming a term that exists."""

from __future__ import annotations

from django.contrib import admin

from kaopu.accounts.roles import Role
from kaopu.core.admin_site import RoleAdminMixin
from kaopu.publicity.models import LexiconTerm


@admin.register(LexiconTerm)
class LexiconTermAdmin(RoleAdminMixin, admin.ModelAdmin):
    view_roles = frozenset({Role.SECURITY_ADMIN})
    edit_roles = frozenset({Role.SECURITY_ADMIN})
    list_display = ("term", "category", "severity", "variants", "active", "note", "updated_at")
    list_filter = ("category", "severity", "active")
    search_fields = ("term", "variants", "note")
    fields = ("term", "category", "severity", "variants", "active", "note")

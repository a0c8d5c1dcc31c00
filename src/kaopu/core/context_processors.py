"""The navigation menu: which entries a user sees follows from the same predicates as the pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kaopu.accounts.roles import ADMIN_ROLES, Role


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items: list[tuple[str, str]] = []
    if user.role == Role.FIC_STAFF:
        items.append((_("Appeals to triage"), reverse("appeals:triage")))
        items.append((_("All appeals"), reverse("appeals:staff_list")))
    if user.role == Role.DISTRICT_LEADER:
        items.append((_("Appeals overview"), reverse("appeals:overview")))
    if user.role in (Role.FIC_STAFF, Role.DISTRICT_LEADER):
        items.append((_("Appeal measures"), reverse("appeals:kpi")))
        items.append((_("Appeal settings"), reverse("appeals:settings")))
        items.append((_("Government–enterprise dialogues"), reverse("dialogues:meeting_list")))
    if user.role == Role.DEPARTMENT_HANDLER:
        items.append((_("Appeals inbox"), reverse("appeals:inbox")))
    if user.role == Role.ENTERPRISE_USER:
        items.append((_("My appeals"), reverse("appeals:my_list")))
        items.append((_("Meetings"), reverse("dialogues:my_meetings")))
    if user.role in (Role.FIC_STAFF, Role.DISTRICT_LEADER):
        items.append((_("Enterprises"), reverse("directory:enterprise_list")))
    if user.role == Role.FIC_STAFF:
        items.append((_("Import"), reverse("directory:import_start")))
        items.append((_("Working-day calendar"), reverse("core:calendar_list")))
    if user.role == Role.ENTERPRISE_USER:
        items.append((_("My enterprise"), reverse("directory:my_enterprise")))
    if user.role == Role.AUDIT_ADMIN:
        items.append((_("Audit log"), reverse("audit:entry_list")))
    if user.role in ADMIN_ROLES - {Role.AUDIT_ADMIN}:
        items.append((_("Administration"), reverse("admin:index")))
    items.append((_("Public board"), reverse("board:board")))
    items.append((_("API tokens"), reverse("accounts:tokens")))
    current = request.path
    return {"nav_items": [(label, url, current.startswith(url) and url != "/") for label, url in items]}

"""The audit log's page: the list with its filters. Only the audit administrator (审计管理员) reads it,
and each reading is itself an entry of the log. Its Excel export is a background job (exports.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kaopu.accounts.roles import Role
from kaopu.audit import exporter
from kaopu.audit.forms import EntryFilterForm
from kaopu.audit.log import record
from kaopu.audit.models import Action, AuditEntry
from kaopu.audit.selectors import filtered_entries
from kaopu.core.pagination import keyset_page, parse_cursor, query_with

PAGE_SIZE = 100


def can_read_audit_log(user: object) -> bool:
    """Only the audit administrator (审计管理员) reads the audit log."""
    return bool(getattr(user, "is_authenticated", False) and user.has_role(Role.AUDIT_ADMIN))  # type: ignore[attr-defined]


def _filters(request: HttpRequest) -> tuple[EntryFilterForm, dict[str, Any]]:
    if not can_read_audit_log(request.user):
        raise Http404
    form = EntryFilterForm(request.GET or None)
    return form, form.filters()


@login_required
def entry_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    # Keyset over the id, which rises with the sequence (both are assigned under the chain-head lock).
    after, before = parse_cursor(request.GET.get("after")), parse_cursor(request.GET.get("before"))
    page = keyset_page(filtered_entries(filters), after=after, before=before, size=PAGE_SIZE)
    record(Action.READ_AUDIT, request=request, object_type=AuditEntry._meta.label_lower,
           summary=f"查阅审计日志（{len(page.items)} 条）",
           data={"filters": form.for_the_log(filters), "after": after, "before": before, "shown": len(page.items)})
    return render(request, "audit/entry_list.html", {
        "form": form,
        "page": page,
        "filters_active": bool(set(filters) - {"person"}),
        "next_query": query_with(request.GET, after=page.next_cursor, before=None),
        "previous_query": query_with(request.GET, before=page.previous_cursor, after=None),
        "export_limit": exporter.EXPORT_LIMIT,
    })

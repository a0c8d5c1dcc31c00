from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kaopu.accounts.roles import Role
from kaopu.audit.models import Action, AuditEntry
from kaopu.core.pagination import keyset_page, parse_cursor, query_with


def can_read_audit_log(user: object) -> bool:
    """Only the audit administrator (审计管理员) reads the audit log."""
    return bool(getattr(user, "is_authenticated", False) and user.has_role(Role.AUDIT_ADMIN))  # type: ignore[attr-defined]


@login_required
def entry_list(request: HttpRequest) -> HttpResponse:
    if not can_read_audit_log(request.user):
        raise Http404
    entries = AuditEntry.objects.all()
    action = request.GET.get("action")
    if action in Action.values:
        entries = entries.filter(action=action)
    # Keyset over the sequence, which orders the chain (ids and sequences rise together).
    page = keyset_page(entries, after=parse_cursor(request.GET.get("after")),
                       before=parse_cursor(request.GET.get("before")), size=100)
    return render(request, "audit/entry_list.html", {
        "page": page,
        "actions": Action.choices,
        "current_action": action,
        "next_query": query_with(request.GET, after=page.next_cursor, before=None),
        "previous_query": query_with(request.GET, before=page.previous_cursor, after=None),
    })

"""The notification inbox, the bell's count and marking notifications read (one's own only)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kaopu.core import access
from kaopu.core.pagination import page_from_query, query_with
from kaopu.notifications import actions
from kaopu.notifications.models import Notification


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = access.scope(request.user, Notification)
    unread_only = request.GET.get("unread") == "1"
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    page = page_from_query(notifications, request.GET, size=50)
    return render(request, "notifications/notification_list.html", {
        "page": page,
        "unread_only": unread_only,
        "next_query": query_with(request.GET, after=page.next_cursor, before=None),
        "previous_query": query_with(request.GET, before=page.previous_cursor, after=None),
    })


@never_cache
@login_required
def bell(request: HttpRequest) -> HttpResponse:
    """The topbar bell's content, fetched by htmx after the page loads, so that the pages themselves
    run no extra query for it."""
    count = actions.unread_count(request.user)
    return render(request, "notifications/bell.html", {
        "unread": count, "label": f"{actions.BELL_LIMIT - 1}+" if count >= actions.BELL_LIMIT else str(count)})


@require_POST
@login_required
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read, then follow its link ("open") or go back to the inbox."""
    notification = actions.mark_read(request.user, pk)
    target = notification.url
    if request.POST.get("open") and target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("notifications:list")


@require_POST
@login_required
def mark_all_read(request: HttpRequest) -> HttpResponse:
    actions.mark_all_read(request.user)
    return redirect("notifications:list")

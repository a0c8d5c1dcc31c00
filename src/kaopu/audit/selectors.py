"""Reads of the audit log shared by its page and its export."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from kaopu.audit.models import AuditEntry


def _local_midnight(day: Any) -> datetime:
    # The audit administrator's dates are Shanghai dates (TIME_ZONE); entries are stored in UTC.
    return timezone.make_aware(datetime.combine(day, time.min))


def filtered_entries(filters: dict[str, Any]) -> QuerySet[AuditEntry]:
    """Entries matching the page's filters; unordered (the caller pages them by keyset)."""
    entries = AuditEntry.objects.all()
    if person := filters.get("person"):
        # The user name kept in the entry (also for failed logins and deleted accounts), or any account
        # whose user name or full name matches (one subquery on the small user table).
        users = get_user_model().objects.filter(Q(username__iexact=person) | Q(name__icontains=person))
        entries = entries.filter(Q(actor_name__iexact=person) | Q(actor_id__in=users.values("pk")))
    if action := filters.get("action"):
        entries = entries.filter(action=action)
    if object_type := filters.get("object_type"):
        entries = entries.filter(object_type=object_type)
    if words := filters.get("object"):
        matches = Q(object_label__icontains=words) | Q(object_type=words)
        if words.isdigit():
            matches |= Q(object_id=words)
        entries = entries.filter(matches)
    if start := filters.get("date_from"):
        entries = entries.filter(at__gte=_local_midnight(start))
    if end := filters.get("date_to"):
        entries = entries.filter(at__lt=_local_midnight(end + timedelta(days=1)))
    return entries

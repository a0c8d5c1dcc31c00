"""The JSON look-ups behind the pickers of the staff's appeal forms (kaopu.core.lookups).

- ``enterprises``: the enterprise an appeal is recorded for, by name or credit code, with the
  directory's own search (kaopu.directory.selectors.search_enterprises: the trigram and character
  GIN indexes on PostgreSQL, one- and two-character queries included), newest first like the
  directory's list, so the same (district, -id) index bounds it.
- ``meetings``: the meeting an appeal was raised at, by theme, kind, number in its series or date;
  newest first; draft and cancelled meetings are not offered.
- ``merge_targets``: the appeals a given appeal may be merged into (actions.merge: another open
  appeal of the same enterprise), by title or id.

FIC staff only (403 for everyone else: an enterprise user cannot list enterprises through them); every
read starts from kaopu.core.access.scope, so a staff member sees the rows of their district only. Each
answers with a fixed number of queries, at most LOOKUP_LIMIT rows.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from kaopu.accounts.roles import Role
from kaopu.appeals import selectors, workflow
from kaopu.appeals.models import Appeal
from kaopu.core import access
from kaopu.core.lookups import Choice, lookup_view
from kaopu.directory.models import Enterprise
from kaopu.directory.selectors import reference, search_enterprises

# dialogues builds on appeals (its actions submit appeals), so the model is reached through the relation.
Meeting: Any = Appeal._meta.get_field("source_meeting").related_model
_DAY = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_MONTH = re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$")
_NUMBER = re.compile(r"^[#＃第]?(\d{1,9})期?$")


# --- enterprises ------------------------------------------------------------------------------------

def enterprise_choices(user: Any, query: str, limit: int) -> list[Choice]:
    """Enterprises ``user`` may see whose name contains ``query`` or whose credit code starts with it.
    The value is the credit code, which StaffAppealForm resolves (and a person may type without JavaScript)."""
    if not query:
        return []  # the picker asks only once something is typed; an empty query lists nothing
    visible = access.scope(user, Enterprise.objects.only("id", "name", "credit_code", "subdistrict_id"))
    subdistricts = {s.pk: s.name for s in reference().subdistricts}
    return [Choice(value=e.credit_code, text=e.name,
                   hint=" · ".join(filter(None, [e.credit_code, subdistricts.get(e.subdistrict_id, "")])))
            for e in search_enterprises(visible, query).order_by("-id")[:limit]]


@lookup_view(Role.FIC_STAFF)
def enterprises(request: HttpRequest, query: str, limit: int) -> list[Choice]:
    return enterprise_choices(request.user, query, limit)


# --- meetings ---------------------------------------------------------------------------------------

def _local_range(first: date, after_last: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (timezone.make_aware(datetime.combine(first, time.min), zone),
            timezone.make_aware(datetime.combine(after_last, time.min), zone))


def meeting_search_filter(query: str) -> Q:
    """What finds a meeting in the staff's picker, the meeting list's search box and the platform search
    (dialogues/search.py): a day (2026-09-10, 2026/9/10, 2026年9月10日), a month (2026-09), a number in the series
    (12, 第12期), or words of the theme or the kind."""
    words = Q(theme__contains=query) | Q(kind__name__contains=query)
    try:
        if day := _DAY.match(query):
            first = date(*(int(part) for part in day.groups()))
            return Q(starts_at__range=_local_range(first, first + timedelta(days=1))) | words
        if month := _MONTH.match(query):
            year, number = (int(part) for part in month.groups())
            first = date(year, number, 1)
            return Q(starts_at__range=_local_range(first, (first + timedelta(days=32)).replace(day=1))) | words
    except ValueError:  # 2026-13 or 2026-02-30: not a date, perhaps words
        return words
    if number := _NUMBER.match(query):
        return Q(number=int(number.group(1))) | words
    return words


def meeting_queryset(user: Any) -> QuerySet[Any]:
    """The meetings an appeal recorded by ``user`` may name: of their district, neither draft nor cancelled."""
    return access.scope(user, Meeting.objects.select_related("kind")).exclude(
        state__in=[Meeting.State.DRAFT, Meeting.State.CANCELLED])


def meeting_text(meeting: Any) -> str:
    return str(meeting)


def meeting_choices(user: Any, query: str, limit: int) -> list[Choice]:
    """Newest first; with an empty query the latest meetings, so the picker offers them on opening."""
    meetings = meeting_queryset(user)
    if query:
        meetings = meetings.filter(meeting_search_filter(query))
    return [Choice(value=str(m.pk), text=meeting_text(m),
                   hint=timezone.localtime(m.starts_at).strftime("%Y-%m-%d"))
            for m in meetings.order_by("-starts_at", "-id")[:limit]]


@lookup_view(Role.FIC_STAFF)
def meetings(request: HttpRequest, query: str, limit: int) -> list[Choice]:
    return meeting_choices(request.user, query, limit)


# --- the appeal to merge into ------------------------------------------------------------------------

def appeal_search_filter(query: str) -> Q:
    """An appeal by its number (PT-2026-000302, or its last digits: selectors.search_condition, the
    staff list's search box), by its id (#123) or by words of its title."""
    condition = selectors.search_condition(query)
    if number := _NUMBER.match(query):
        return Q(pk=int(number.group(1))) | condition
    return condition


def merge_targets(user: Any, appeal: Appeal) -> QuerySet[Appeal]:
    """What actions.merge accepts as the target: another appeal of the same enterprise, not finished."""
    return access.scope(user, Appeal).filter(enterprise_id=appeal.enterprise_id).exclude(
        pk=appeal.pk).exclude(state__in=workflow.FINAL_STATES)


def appeal_text(appeal: Appeal) -> str:
    return f"{appeal.number} {appeal.title}"


def merge_target_choices(user: Any, appeal: Appeal, query: str, limit: int) -> list[Choice]:
    targets = merge_targets(user, appeal).only("id", "number", "title", "state", "created_at")
    if query:
        targets = targets.filter(appeal_search_filter(query))
    return [Choice(value=str(a.pk), text=appeal_text(a),
                   hint=f"{a.get_state_display()} · {timezone.localtime(a.created_at):%Y-%m-%d}")
            for a in targets.order_by("-id")[:limit]]


@lookup_view(Role.FIC_STAFF)
def appeals_to_merge_into(request: HttpRequest, query: str, limit: int, pk: int) -> list[Choice]:
    appeal = access.get_object_for_user(request.user, Appeal.objects.only("id", "enterprise_id"), pk)
    return merge_target_choices(request.user, appeal, query, limit)

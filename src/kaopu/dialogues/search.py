"""Meetings in the platform search: by theme, kind, number in the series or date, with the meeting list's
own matching (selectors.matching), newest first, through the access rule.

Staff and leaders find their district's meetings and "more" opens the meeting list filtered by the same
text. An enterprise finds the meetings open for registration, which is what its own meeting list shows
(the meetings it already registered for are on its registrations page).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from kaopu.accounts.roles import Role
from kaopu.core import access
from kaopu.core.registry import SearchHit, SearchProvider, registry
from kaopu.core.searching import list_url, roles
from kaopu.dialogues import selectors
from kaopu.dialogues.models import Meeting


def _searched(user: Any) -> QuerySet[Meeting]:
    meetings = access.scope(user, Meeting.objects.select_related("kind").only(
        "id", "number", "theme", "starts_at", "state", "kind__name"))
    if user.role == Role.ENTERPRISE_USER:
        meetings = meetings.filter(state=Meeting.State.OPEN)  # as its list (views_enterprise.my_meetings)
    return meetings


def meeting_hits(user: Any, query: str, limit: int) -> list[SearchHit]:
    page = "dialogues:my_meeting" if user.role == Role.ENTERPRISE_USER else "dialogues:meeting_detail"
    return [SearchHit(text=str(meeting), url=reverse(page, args=[meeting.pk]),
                      detail=f"{timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M} · {meeting.get_state_display()}")
            for meeting in selectors.matching(_searched(user), query).order_by("-id")[:limit]]


def meetings_more(user: Any, query: str) -> str:
    if user.role == Role.ENTERPRISE_USER:
        return list_url("dialogues:my_meetings", query)
    return list_url("dialogues:meeting_list", query)


registry.add_search(SearchProvider(
    key="dialogues.meetings", label=pgettext_lazy("search kind", "Meetings"),
    roles=roles(Role.FIC_STAFF, Role.DISTRICT_LEADER, Role.ENTERPRISE_USER),
    search=meeting_hits, more_url=meetings_more, order=30))

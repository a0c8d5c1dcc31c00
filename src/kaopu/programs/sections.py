"""The activities' section on a chamber's page (kaopu.chambers.sections): the chamber's latest
activities the user may see, in one bounded query, with links to the full list and to a new activity."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kaopu.accounts.roles import Role
from kaopu.chambers.sections import ChamberSection, register
from kaopu.core import access
from kaopu.core.registry import PanelRow
from kaopu.programs.models import Activity


def row(activity: Activity) -> PanelRow:
    """An activity as a short-list row: its title, the local date and type beside it."""
    return PanelRow(text=activity.title, url=reverse("programs:activity_detail", args=[activity.pk]),
                    detail=f"{timezone.localtime(activity.starts_at):%Y-%m-%d} · {activity.type.name}")


def chamber_rows(user: Any, chamber: Any, limit: int) -> list[PanelRow]:
    """At most ``limit`` of the chamber's latest activities (index activity_chamber_start), one query."""
    rows = access.scope(user, Activity).filter(chamber=chamber).select_related("type")
    return [row(activity) for activity in rows.order_by("-starts_at", "-id")[:limit]]


def list_url(user: Any, chamber: Any) -> str:
    if user.role == Role.CHAMBER_OFFICER:
        return reverse("programs:chamber_list")
    return f"{reverse('programs:activity_list')}?organiser={chamber.pk}"


def add_url(user: Any, chamber: Any) -> str:
    """Staff add an activity to any chamber of their district, an officer to their own; leaders read."""
    if user.role == Role.FIC_STAFF:
        return f"{reverse('programs:activity_new')}?chamber={chamber.pk}"
    if user.role == Role.CHAMBER_OFFICER and chamber.organisation_id == user.organisation_id:
        return reverse("programs:activity_new")
    return ""


register(ChamberSection(key="programs.activities", label=_("Activities"), rows=chamber_rows, url=list_url,
                        add_url=add_url, empty=_("No activity recorded yet."), order=50))

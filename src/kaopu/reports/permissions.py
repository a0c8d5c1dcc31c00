"""Who sees which work report (the rules of kaopu.core.access for reports).

FIC staff and district leaders see their district's reports; a city-level user (no district) sees every
district's and the city's. Staff generate reports and edit their summary; leaders read and download. Nobody
else sees a report: a guessed id answers 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from kaopu.accounts.roles import Role
from kaopu.core.access import district_filter, grant
from kaopu.reports.models import WorkReport

READERS = frozenset({Role.FIC_STAFF, Role.DISTRICT_LEADER})


@grant(WorkReport, "view")
def staff_and_leaders_see_their_district_s_reports(user: Any) -> Q | None:
    if getattr(user, "role", None) not in READERS:
        return None
    return district_filter(user, "district_id")


@grant(WorkReport, "change")
def staff_change_their_district_s_reports(user: Any) -> Q | None:
    if getattr(user, "role", None) != Role.FIC_STAFF:
        return None
    return district_filter(user, "district_id")

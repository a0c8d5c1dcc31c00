"""``{% calendar_warning %}``: the start pages' warning that a year's working-day calendar is missing.

Shown to FIC staff (who enter the calendar, with a link to its page) and to the system administrator
(who keeps the installation running) from 1 November while next year is not entered, and whenever the
current year is not; see ``workdays.missing_years``. One query for those roles, none for the others.
"""

from __future__ import annotations

from typing import Any

from django import template

from kaopu.accounts.roles import Role
from kaopu.core import workdays

register = template.Library()

WARNED = frozenset({Role.FIC_STAFF, Role.SYSTEM_ADMIN})


@register.inclusion_tag("core/_calendar_warning.html", takes_context=True)
def calendar_warning(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    role = getattr(user, "role", None)
    years = workdays.missing_years() if role in WARNED else []
    return {"years": years, "text": workdays.missing_years_text(years) if years else "",
            "link": role == Role.FIC_STAFF}

"""Who sees and changes which article (the rules of kaopu.core.access for publicity).

FIC staff write, review and publish their district's articles; a district leader reads them (and gives the
final approval when the security administrator granted kaopu.accounts.roles.Permission.FINAL_APPROVAL).
Nobody else sees an article before it is published; the public site (views_site.py) shows published ones
to everyone and nothing else.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from kaopu.accounts.roles import Role
from kaopu.core.access import district_filter, grant
from kaopu.publicity.models import Article, Column, LinkCheck, TamperIncident


def serving(district_id: int) -> Q:
    """Users of the district's organisations or of city-level ones (no district), who act for it too:
    the people an article's review or a tamper incident of the district may concern."""
    return Q(organisation__district_id=district_id) | Q(organisation__district_id__isnull=True)


@grant(Article, "view")
def staff_and_leaders_see_their_districts_articles(user: Any) -> Q | None:
    return district_filter(user) if user.role in (Role.FIC_STAFF, Role.DISTRICT_LEADER) else None


@grant(Article, "change")
def staff_change_their_districts_articles(user: Any) -> Q | None:
    return district_filter(user) if user.role == Role.FIC_STAFF else None


@grant(Column, "view")
def staff_and_leaders_see_their_districts_columns(user: Any) -> Q | None:
    return district_filter(user) if user.role in (Role.FIC_STAFF, Role.DISTRICT_LEADER) else None


@grant(Column, "change")
def staff_change_their_districts_columns(user: Any) -> Q | None:
    return district_filter(user) if user.role == Role.FIC_STAFF else None


@grant(LinkCheck, "view")
def staff_and_leaders_see_their_districts_link_checks(user: Any) -> Q | None:
    return district_filter(user) if user.role in (Role.FIC_STAFF, Role.DISTRICT_LEADER) else None


@grant(TamperIncident, "view")
def security_admins_and_staff_see_their_districts_tamper_incidents(user: Any) -> Q | None:
    """The security administrator answers for them; FIC staff read them (their articles were withdrawn)."""
    return district_filter(user) if user.role in (Role.SECURITY_ADMIN, Role.FIC_STAFF) else None

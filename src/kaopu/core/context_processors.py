"""The navigation menu: which entries a user sees follows from the same predicates as the pages.

The menu is a list of groups (诉求, 法律服务, 融资服务 …): a group of one entry shows as a plain link,
a larger one as a drop-down. ``nav_items`` is the same entries flat, for code that looks an entry
up. Exactly one entry is marked active: the one whose address is the longest prefix of the page's.
An entry whose page does not exist (an app not installed) is left out rather than breaking every page.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kaopu.accounts.roles import ADMIN_ROLES, Role

STAFF = (Role.FIC_STAFF,)
STAFF_AND_LEADERS = (Role.FIC_STAFF, Role.DISTRICT_LEADER)
EVERYONE = tuple(Role.values)

# (group label, [(entry label, url name, roles that see it)]), in menu order.
MENU: list[tuple[Promise, list[tuple[Promise, str, tuple[str, ...]]]]] = [
    (_("Appeals"), [
        (_("Appeals to triage"), "appeals:triage", STAFF),
        (_("All appeals"), "appeals:staff_list", STAFF),
        (_("Public summaries to review"), "appeals:summary_queue", STAFF),
        (_("Appeals overview"), "appeals:overview", (Role.DISTRICT_LEADER,)),
        (_("Appeal measures"), "appeals:kpi", STAFF_AND_LEADERS),
        (_("Appeal settings"), "appeals:settings", STAFF_AND_LEADERS),
        (_("Appeals inbox"), "appeals:inbox", (Role.DEPARTMENT_HANDLER,)),
        (_("My appeals"), "appeals:my_list", (Role.ENTERPRISE_USER,)),
    ]),
    (_("Government–enterprise dialogues"), [
        (_("Government–enterprise dialogues"), "dialogues:meeting_list", STAFF_AND_LEADERS),
        (_("Meetings"), "dialogues:my_meetings", (Role.ENTERPRISE_USER,)),
    ]),
    (_("Legal services"), [
        (_("Legal service requests"), "legal:request_list", STAFF_AND_LEADERS),
        (_("Legal service team"), "legal:team", STAFF_AND_LEADERS),
        (_("Legal service figures"), "legal:figures", STAFF_AND_LEADERS),
        (_("Legal service settings"), "legal:settings", STAFF_AND_LEADERS),
        (_("Legal services"), "legal:my_list", (Role.ENTERPRISE_USER,)),
        (_("My legal service requests"), "legal:lawyer_home", (Role.LAWYER,)),
    ]),
    (_("Financing"), [
        (_("Financing demands"), "finance:demand_list", STAFF_AND_LEADERS),
        (_("Alliance banks"), "finance:bank_list", STAFF_AND_LEADERS),
        (_("Loan products"), "finance:product_list", (*STAFF_AND_LEADERS, Role.BANK_OFFICER)),
        (_("Financing figures"), "finance:figures", STAFF_AND_LEADERS),
        (_("Policy schemes"), "finance:schemes", STAFF),
        (_("Financing"), "finance:my_demands", (Role.ENTERPRISE_USER,)),
        (_("Demands pushed to my bank"), "finance:bank_worklist", (Role.BANK_OFFICER,)),
    ]),
    (_("Investment attraction"), [
        (_("Investment leads"), "investment:lead_list", STAFF_AND_LEADERS),
        (_("Partner organisations"), "investment:partner_list", STAFF_AND_LEADERS),
        (_("Delegation visits"), "investment:visit_list", STAFF_AND_LEADERS),
        (_("Investment figures"), "investment:figures", STAFF_AND_LEADERS),
    ]),
    (_("Directory"), [
        (_("Enterprises"), "directory:enterprise_list", STAFF_AND_LEADERS),
        (_("Import"), "directory:import_start", STAFF),
        (_("Working-day calendar"), "core:calendar_list", STAFF),
        (_("My enterprise"), "directory:my_enterprise", (Role.ENTERPRISE_USER,)),
    ]),
    (_("Administration"), [
        (_("Audit log"), "audit:entry_list", (Role.AUDIT_ADMIN,)),
        (_("Administration"), "admin:index", tuple(ADMIN_ROLES - {Role.AUDIT_ADMIN})),
        (_("Administrator roles"), "accounts:admin_roles", tuple(ADMIN_ROLES)),
        (_("Two-factor policy"), "twofactor:policy", (Role.SECURITY_ADMIN,)),
    ]),
    (_("More"), [
        (_("Public board"), "board:board", EVERYONE),
        (_("My account"), "accounts:account", EVERYONE),
        (_("API tokens"), "accounts:tokens", EVERYONE),
        (_("Two-factor authentication"), "twofactor:status", EVERYONE),
    ]),
]


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_groups": []}
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    for group_label, entries in MENU:
        links = [(str(label), url) for label, name, roles in entries
                 if user.role in roles and (url := _url(name)) is not None]
        if links:
            groups.append((str(group_label), links))
    current = request.path
    prefixes = [url for _group, links in groups for _label, url in links if url != "/" and current.startswith(url)]
    active_url = max(prefixes, key=len, default=None)
    nav_groups = [(label, [(text, url, url == active_url) for text, url in links],
                   any(url == active_url for _text, url in links)) for label, links in groups]
    nav_items = [entry for _label, links, _active in nav_groups for entry in links]
    return {"nav_items": nav_items, "nav_groups": nav_groups}

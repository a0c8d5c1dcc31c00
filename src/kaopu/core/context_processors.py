"""The navigation menu: one table of entries, each naming the roles (or the permission) that see it.

Who sees an entry is data here, never a condition in a template: ``MENU`` is the whole policy, one
row per entry (its group, label, page, and the roles or the kaopu.accounts.roles.Permission whose
holders see it). The page behind an entry refuses the same people (core.tests.test_navigation walks
every role through every entry it does not see and expects a refusal).

The menu shows as groups (诉求, 法律服务, 融资服务 …) in the table's order: a group of one entry
shows as a plain link, a larger one as a drop-down. ``nav_items`` is the same entries flat, for code
that looks an entry up. Exactly one entry is marked active: the one whose address is the longest
prefix of the page's. An entry whose page does not exist (an app not installed) is left out rather
than breaking every page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kaopu.accounts.roles import ADMIN_ROLES, Permission, Role

STAFF = frozenset({Role.FIC_STAFF})
LEADERS = frozenset({Role.DISTRICT_LEADER})
STAFF_AND_LEADERS = STAFF | LEADERS
EVERYONE = frozenset(Role.values)
NOBODY_BY_ROLE: frozenset[str] = frozenset()


@dataclass(frozen=True)
class MenuEntry:
    group: Promise
    label: Promise
    url_name: str
    roles: frozenset[str] = NOBODY_BY_ROLE
    permission: str | None = None  # its holders see the entry too (by role or granted)

    def shown_to(self, user: Any) -> bool:
        return user.role in self.roles or (self.permission is not None and user.holds(self.permission))


APPEALS, DIALOGUES, LEGAL = _("Appeals"), _("Government–enterprise dialogues"), _("Legal services")
FINANCE, INVESTMENT, DIRECTORY = _("Financing"), _("Investment attraction"), _("Directory")
ADMINISTRATION, MORE = _("Administration"), _("More")
INSIGHTS = _("Cockpit")
PUBLICITY = _("Publicity")
CHAMBERS, OUR_CHAMBER = _("Chambers of commerce"), _("Our chamber")
CHAMBER_OFFICERS = frozenset({Role.CHAMBER_OFFICER})
ACTIVITIES = _("Activities")
MEMBERSHIP = _("FIC membership")
GIVING = _("Social responsibility")
ENTERPRISE_USERS = frozenset({Role.ENTERPRISE_USER})

MENU: tuple[MenuEntry, ...] = (
    MenuEntry(APPEALS, _("Appeals to triage"), "appeals:triage", STAFF),
    MenuEntry(APPEALS, _("All appeals"), "appeals:staff_list", STAFF),
    MenuEntry(APPEALS, _("Public summaries to review"), "appeals:summary_queue", STAFF),
    MenuEntry(APPEALS, _("Appeals overview"), "appeals:overview", LEADERS),
    MenuEntry(APPEALS, _("Appeal measures"), "appeals:kpi", STAFF_AND_LEADERS),
    MenuEntry(INSIGHTS, _("Cockpit"), "insights:cockpit", STAFF_AND_LEADERS),
    MenuEntry(INSIGHTS, _("Private economy indicators"), "insights:indicator_list", STAFF_AND_LEADERS),
    MenuEntry(INSIGHTS, _("Work reports"), "reports:list", STAFF_AND_LEADERS),
    MenuEntry(APPEALS, _("Appeal settings"), "appeals:settings", permission=Permission.SETTINGS),
    MenuEntry(APPEALS, _("Appeals inbox"), "appeals:inbox", frozenset({Role.DEPARTMENT_HANDLER})),
    MenuEntry(APPEALS, _("My appeals"), "appeals:my_list", frozenset({Role.ENTERPRISE_USER})),
    MenuEntry(DIALOGUES, _("Government–enterprise dialogues"), "dialogues:meeting_list", STAFF_AND_LEADERS),
    MenuEntry(DIALOGUES, _("Meetings"), "dialogues:my_meetings", frozenset({Role.ENTERPRISE_USER})),
    MenuEntry(LEGAL, _("Legal service requests"), "legal:request_list", STAFF_AND_LEADERS),
    MenuEntry(LEGAL, _("Legal service team"), "legal:team", STAFF_AND_LEADERS),
    MenuEntry(LEGAL, _("Legal service figures"), "legal:figures", STAFF_AND_LEADERS),
    MenuEntry(LEGAL, _("Legal service settings"), "legal:settings", permission=Permission.SETTINGS),
    MenuEntry(LEGAL, _("Legal services"), "legal:my_list", frozenset({Role.ENTERPRISE_USER})),
    MenuEntry(LEGAL, _("My legal service requests"), "legal:lawyer_home", frozenset({Role.LAWYER})),
    MenuEntry(FINANCE, _("Financing demands"), "finance:demand_list", STAFF_AND_LEADERS),
    MenuEntry(FINANCE, _("Alliance banks"), "finance:bank_list", STAFF_AND_LEADERS),
    MenuEntry(FINANCE, _("Loan products"), "finance:product_list", STAFF_AND_LEADERS | {Role.BANK_OFFICER}),
    MenuEntry(FINANCE, _("Financing figures"), "finance:figures", STAFF_AND_LEADERS),
    MenuEntry(FINANCE, _("Policy schemes"), "finance:schemes", STAFF),
    MenuEntry(FINANCE, _("Financing"), "finance:my_demands", frozenset({Role.ENTERPRISE_USER})),
    MenuEntry(FINANCE, _("Demands pushed to my bank"), "finance:bank_worklist", frozenset({Role.BANK_OFFICER})),
    MenuEntry(INVESTMENT, _("Investment leads"), "investment:lead_list", STAFF_AND_LEADERS),
    MenuEntry(INVESTMENT, _("Partner organisations"), "investment:partner_list", STAFF_AND_LEADERS),
    MenuEntry(INVESTMENT, _("Delegation visits"), "investment:visit_list", STAFF_AND_LEADERS),
    MenuEntry(INVESTMENT, _("Investment figures"), "investment:figures", STAFF_AND_LEADERS),
    MenuEntry(CHAMBERS, _("Chamber list"), "chambers:chamber_list", STAFF_AND_LEADERS),
    MenuEntry(CHAMBERS, _("One chamber, one brand"), "chambers:project_list", STAFF_AND_LEADERS),
    MenuEntry(CHAMBERS, _("Four-Good chamber evaluation"), "fourgood:cycle_list", STAFF_AND_LEADERS),
    MenuEntry(OUR_CHAMBER, _("Our chamber's page"), "chambers:our_chamber", CHAMBER_OFFICERS),
    MenuEntry(OUR_CHAMBER, _("Members"), "chambers:our_members", CHAMBER_OFFICERS),
    MenuEntry(OUR_CHAMBER, _("Brand projects"), "chambers:our_projects", CHAMBER_OFFICERS),
    MenuEntry(OUR_CHAMBER, _("Our chamber's activities"), "programs:chamber_list", CHAMBER_OFFICERS),
    MenuEntry(OUR_CHAMBER, _("Book a lecturer"), "programs:chamber_lecturers", CHAMBER_OFFICERS),
    MenuEntry(OUR_CHAMBER, _("Four-Good application"), "fourgood:mine", CHAMBER_OFFICERS),
    MenuEntry(OUR_CHAMBER, _("Our chamber's donations"), "giving:chamber_donations", CHAMBER_OFFICERS),
    MenuEntry(ACTIVITIES, _("Activities"), "programs:activity_list", STAFF_AND_LEADERS),
    MenuEntry(ACTIVITIES, _("Activity figures"), "programs:figures", STAFF_AND_LEADERS),
    MenuEntry(ACTIVITIES, _("Training cohorts"), "programs:training_cohorts", STAFF_AND_LEADERS),
    MenuEntry(ACTIVITIES, _("Alumni"), "programs:training_alumni", STAFF_AND_LEADERS),
    MenuEntry(ACTIVITIES, _("Training applications"), "programs:training_enterprise", ENTERPRISE_USERS),
    MenuEntry(ACTIVITIES, _("Lecturers' group"), "programs:lecturer_list", STAFF_AND_LEADERS),
    MenuEntry(ACTIVITIES, _("Education sites"), "programs:site_list", STAFF_AND_LEADERS),
    MenuEntry(GIVING, _("Donations"), "giving:donation_list", STAFF_AND_LEADERS),
    MenuEntry(GIVING, _("Donation totals"), "giving:totals", STAFF_AND_LEADERS),
    MenuEntry(GIVING, _("My donations"), "giving:my_donations", ENTERPRISE_USERS),
    MenuEntry(GIVING, _("Honours"), "giving:honour_list", STAFF_AND_LEADERS | CHAMBER_OFFICERS | ENTERPRISE_USERS),
    MenuEntry(MEMBERSHIP, _("FIC members"), "membership:member_list", STAFF_AND_LEADERS),
    MenuEntry(MEMBERSHIP, _("Membership applications"), "membership:application_list", STAFF_AND_LEADERS),
    MenuEntry(MEMBERSHIP, _("Membership dues"), "membership:dues", STAFF_AND_LEADERS),
    MenuEntry(MEMBERSHIP, _("Executive committee"), "membership:committee", STAFF_AND_LEADERS),
    MenuEntry(MEMBERSHIP, _("Membership and dues"), "membership:our_membership", frozenset({Role.ENTERPRISE_USER})),
    MenuEntry(PUBLICITY, _("Articles"), "publicity:article_list", STAFF_AND_LEADERS),
    MenuEntry(PUBLICITY, _("Columns"), "publicity:columns", STAFF),
    MenuEntry(PUBLICITY, _("Site settings"), "publicity:settings", STAFF),
    MenuEntry(PUBLICITY, _("Column updates"), "publicity_duty:columns", STAFF_AND_LEADERS),
    MenuEntry(PUBLICITY, _("Dead links"), "publicity_duty:links", STAFF_AND_LEADERS),
    MenuEntry(PUBLICITY, _("Tamper incidents"), "tamper:incident_list", STAFF | {Role.SECURITY_ADMIN}),
    MenuEntry(DIRECTORY, _("Enterprises"), "directory:enterprise_list", STAFF_AND_LEADERS),
    MenuEntry(DIRECTORY, _("Import"), "directory:import_start", STAFF),
    MenuEntry(DIRECTORY, _("Working-day calendar"), "core:calendar_list", STAFF),
    MenuEntry(DIRECTORY, _("My enterprise"), "directory:my_enterprise", frozenset({Role.ENTERPRISE_USER})),
    MenuEntry(ADMINISTRATION, _("Audit log"), "audit:entry_list", frozenset({Role.AUDIT_ADMIN})),
    MenuEntry(ADMINISTRATION, _("Administration"), "admin:index", ADMIN_ROLES - {Role.AUDIT_ADMIN}),
    MenuEntry(ADMINISTRATION, _("Administrator roles"), "accounts:admin_roles", ADMIN_ROLES),
    MenuEntry(ADMINISTRATION, _("Two-factor policy"), "twofactor:policy", frozenset({Role.SECURITY_ADMIN})),
    MenuEntry(MORE, _("Public board"), "board:board", EVERYONE),
    MenuEntry(MORE, _("My account"), "accounts:account", EVERYONE),
    MenuEntry(MORE, _("API tokens"), "accounts:tokens", permission=Permission.API_TOKENS),
    MenuEntry(MORE, _("Two-factor authentication"), "twofactor:status", EVERYONE),
)


def menu_for(user: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    """The groups of entries ``user`` sees, in the table's order: [(group, [(label, url)])]."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for entry in MENU:
        if entry.shown_to(user) and (url := _url(entry.url_name)) is not None:
            groups.setdefault(str(entry.group), []).append((str(entry.label), url))
    return list(groups.items())


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_groups": []}
    groups = menu_for(user)
    current = request.path
    prefixes = [url for _group, links in groups for _label, url in links if url != "/" and current.startswith(url)]
    active_url = max(prefixes, key=len, default=None)
    nav_groups = [(label, [(text, url, url == active_url) for text, url in links],
                   any(url == active_url for _text, url in links)) for label, links in groups]
    nav_items = [entry for _label, links, _active in nav_groups for entry in links]
    return {"nav_items": nav_items, "nav_groups": nav_groups}

"""The start page (工作台) at ``/``: what the registry holds for the user's role, as count tiles (red when
urgent and above zero, muted at zero, the definition as the tooltip), short lists of at most five rows
with their "all" link, and notices; the administrators keep starting on the page of their duty;
anonymous visitors see the public site's portal (kaopu.publicity) with its login link. Every role's page
runs the same number of queries for a little or a lot of data (appeals, meetings, financing demands and
legal requests: the bank officer's, the lawyer's and the enterprises' short lists grow from a few rows to
full)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaopu.core import views_workbench
from kaopu.core.registry import Notice, Panel, PanelRow, Registry, Todo

pytestmark = pytest.mark.django_db
HOME = reverse("core:home")
ROLES_WITH_A_START_PAGE = ["staff", "leader", "handler", "ent_user", "other_ent_user", "bank_officer", "lawyer",
                           "chamber_officer"]


def test_an_anonymous_visitor_sees_the_public_portal_with_a_login_link(world, client):
    response = client.get(HOME)
    assert response.status_code == 200 and "publicity/site/home.html" in [t.name for t in response.templates]
    assert f'href="{reverse("accounts:login")}"' in response.content.decode()


@pytest.mark.parametrize(("persona", "page"), [("auditadmin", "audit:entry_list"), ("sysadmin", "admin:index"),
                                               ("secadmin", "admin:index")])
def test_the_administrators_start_on_the_page_of_their_duty(world, login, persona, page):
    response = login(world.users[persona]).get(HOME)
    assert response.status_code == 302 and response.url == reverse(page)


@pytest.mark.parametrize("persona", ROLES_WITH_A_START_PAGE)
def test_every_other_role_starts_on_its_start_page_greeted_with_its_organisation(world, login, persona):
    user = world.users[persona]
    response = login(user).get(HOME)
    assert response.status_code == 200
    assert response.templates[0].name == "core/workbench.html"
    who = re.search(r'<p class="muted small" id="wb-who">([^<]+)</p>', response.content.decode())
    assert who and str(user.organisation) in who.group(1)


ALL_ROLES = frozenset({"fic_staff"})


@pytest.fixture
def test_registry(monkeypatch):  # type: ignore[no-untyped-def]
    """A registry of made-up entries for FIC staff, in place of the platform's."""
    made = Registry()
    rows = [PanelRow(text=f"第{n}行", url=f"/row/{n}/", detail=f"说明{n}", urgent=n == 1) for n in range(1, 8)]
    made.add_todo(Todo(key="test.late", label="超期的", roles=ALL_ROLES, count=lambda user: 3,
                       url=lambda user: "/late/?x=1", help="超过期限的事项", urgent=True, order=1))
    made.add_todo(Todo(key="test.nothing_late", label="没有超期", roles=ALL_ROLES, count=lambda user: 0,
                       url=lambda user: "/none/", urgent=True, order=2))
    made.add_todo(Todo(key="test.plain", label="待办理", roles=ALL_ROLES, count=lambda user: 5,
                       url=lambda user: "/plain/", order=3))
    made.add_todo(Todo(key="test.leaders_only", label="领导的", roles=frozenset({"district_leader"}),
                       count=lambda user: 9, url=lambda user: "/leader/"))
    made.add_panel(Panel(key="test.long", label="长列表", roles=ALL_ROLES, rows=lambda user, limit: rows,
                         url=lambda user: "/long/", empty="无", order=1))
    made.add_panel(Panel(key="test.empty", label="空列表", roles=ALL_ROLES, rows=lambda user, limit: [],
                         url=lambda user: "/empty/", empty="暂时没有内容", order=2))
    made.add_notice(Notice(key="test.notice", label="即将上线", roles=ALL_ROLES, text="商会模块即将上线。"))
    monkeypatch.setattr(views_workbench, "registry", made)
    return made


def _tile(page: str, key: str) -> str:
    match = re.search(rf'<a class="wb-tile[^"]*" id="todo-{key}"[^>]*>.*?</a>', page)
    assert match, key
    return match.group(0)


def test_to_dos_are_tiles_red_when_late_muted_at_zero_with_their_definition(world, login, test_registry):
    page = login(world.users["staff"]).get(HOME).content.decode()
    late, none, plain = _tile(page, "test-late"), _tile(page, "test-nothing_late"), _tile(page, "test-plain")
    assert 'class="wb-tile late"' in late and 'href="/late/?x=1"' in late and 'title="超过期限的事项"' in late
    assert '<span class="wb-count">3</span><span class="wb-label">超期的</span>' in late
    assert 'class="wb-tile none"' in none and '<span class="wb-count">0</span>' in none
    assert 'class="wb-tile"' in plain and "title=" not in plain
    assert "领导的" not in page  # another role's to-do
    assert page.index("超期的") < page.index("没有超期") < page.index("待办理") < page.index("长列表")


def test_short_lists_show_five_rows_and_their_all_link_then_the_notices(world, login, test_registry):
    page = login(world.users["staff"]).get(HOME).content.decode()
    long_list = page[page.index('id="panel-test-long"'):page.index('id="panel-test-empty"')]
    assert re.findall(r'<a href="/row/(\d)/">', long_list) == ["1", "2", "3", "4", "5"]
    assert '<a class="small" href="/long/">全部</a>' in long_list
    assert '<li class="late">' in long_list and long_list.count('class="late"') == 1
    assert "暂时没有内容" in page
    assert page.index("长列表") < page.index("商会模块即将上线。")


def test_staff_are_warned_on_their_start_page_while_next_years_calendar_is_missing(world, login, pin_clock,
                                                                                 library_until):
    library_until(2026)
    pin_clock(date(2026, 11, 2))
    page = login(world.users["staff"]).get(HOME).content.decode()
    assert 'id="calendar-warning"' in page and "2027 年的工作日历尚未录入" in page


def test_a_role_with_nothing_registered_is_told_where_to_go(world, login, test_registry):
    page = login(world.users["lawyer"]).get(HOME).content.decode()
    assert 'class="empty"' in page and "wb-tile" not in page


def test_a_chamber_officer_starts_on_their_chambers_members_panel(world, login):
    page = login(world.users["chamber_officer"]).get(HOME).content.decode()
    assert "notice-accounts-chambers_coming" not in page and "本会会员" in page


# --- The platform's registry: a fixed number of queries whatever the data size ------------------

def _more_data(world, n: int) -> None:  # type: ignore[no-untyped-def]
    """``n`` more appeals of every state each start page counts, co-handled ones and meetings with
    registrations waiting, made directly (the page only reads them)."""
    from kaopu.appeals.models import Appeal, Category, CoHandler
    from kaopu.appeals.testing import number_fields
    from kaopu.dialogues.models import Registration
    from kaopu.dialogues.testing import make_meeting
    from kaopu.directory.models import Department

    category = Category.objects.get(name="融资")
    other = Department.objects.get(name="区人社局")
    staff = world.users["staff"]
    past, soon = date(2026, 9, 21), date(2026, 10, 12)
    S = Appeal.State
    kinds = [
        {"state": S.SUBMITTED, "due_on": soon}, {"state": S.ACCEPTED, "due_on": past},
        {"state": S.REVIEWING, "due_on": soon, "lead_department": world.department},
        {"state": S.DISPATCHED, "due_on": past, "lead_department": world.department, "return_requested": True},
        {"state": S.IN_PROGRESS, "due_on": soon, "lead_department": world.department, "extension_requested": True},
        {"state": S.IN_PROGRESS, "due_on": soon, "lead_department": world.department, "rating": "1"},
        {"state": S.REPLIED, "due_on": soon, "lead_department": world.department},
        {"state": S.DISPATCHED, "due_on": past, "lead_department": other},
        {"state": S.CLOSED, "lead_department": world.department, "rating": "2"},
    ]
    appeals = [Appeal(district=world.district, enterprise=enterprise, created_by=staff, kind=Appeal.Kind.HELP,
                      category=category, title=f"诉求{i}-{j}", content="内容", **fields,
                      **number_fields(world.district))
               for i in range(n) for j, fields in enumerate(kinds)
               for enterprise in (world.enterprise_a, world.enterprise_b)]
    made = Appeal.objects.bulk_create(appeals)
    CoHandler.objects.bulk_create([CoHandler(appeal=a, department=world.department) for a in made
                                   if a.lead_department_id == other.pk])
    for i in range(n):
        meeting = make_meeting(world.district, staff, theme=f"会议{i}", requires_approval=True,
                               starts_at=world_moment(date(2026, 9, 29) + timedelta(days=i % 5)))
        Registration.objects.create(meeting=meeting, enterprise=world.enterprise_a, origin="self",
                                    code=f"TEST{i:04d}", created_by=world.users["ent_user"])


def _more_services(world, scene, n: int) -> None:  # type: ignore[no-untyped-def]
    """``n`` more financing demands in each position the bank officer's and the enterprise's pages count
    (to claim, claimed, waiting for consent) and ``n`` more legal requests in each state the lawyer's and
    the enterprise's pages count, through the actions (``scene``: start_page_demands' and
    start_page_requests' rows)."""
    from kaopu.finance import actions
    from kaopu.finance.testing import make_demand
    from kaopu.legal.models import LegalRequest
    from kaopu.legal.testing import advance, submit

    staff, officer, ent = world.users["staff"], world.users["bank_officer"], world.users["ent_user"]
    other_ent = world.users["other_ent_user"]
    bank, lawyer = scene["alliance"].bank, scene["team"].lawyer
    S = LegalRequest.State
    for i in range(n):
        for claimed in (False, True):
            demand = make_demand(world.enterprise_a, ent, amount=str(100 + i))
            (push,) = actions.push_demand(acting_user=staff, demand_id=demand.pk, banks=[bank])
            if claimed:
                actions.claim(acting_user=officer, push_id=push.pk)
        make_demand(world.enterprise_a, ent, consent_to_share=False)
        for state in (S.SUBMITTED, S.ASSIGNED, S.IN_PROGRESS, S.COMPLETED):
            advance(submit(ent, topic=f"申请{i}-{state}"), staff, lawyer, to=state)
        # Enterprise B's short lists hold 2 rows each at first: these fill them (enterprise A's are full).
        make_demand(world.enterprise_b, other_ent, consent_to_share=False)
        advance(submit(other_ent, topic=f"乙申请{i}"), staff, lawyer, to=S.COMPLETED)


def world_moment(day: date):  # type: ignore[no-untyped-def]
    from kaopu.core.testing import local_moment

    return local_moment(day, 9)


def _page_queries(user) -> int:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user, backend="kaopu.accounts.backends.UserBackend")
    client.get(HOME)  # the first request of a session may write it: count the second
    with CaptureQueriesContext(connection) as context:
        response = client.get(HOME)
    assert response.status_code == 200 and response.context["user"] == user
    return len(context)


def test_every_start_page_runs_the_same_queries_for_little_or_much_data(world, pin_clock):
    from kaopu.appeals.testing import start_page_appeals
    from kaopu.dialogues.testing import start_page_meetings
    from kaopu.finance.testing import start_page_demands
    from kaopu.legal.testing import start_page_requests

    pin_clock(date(2026, 9, 28))
    start_page_appeals(world)
    start_page_meetings(world)
    scene = {**start_page_demands(world), **start_page_requests(world)}
    few = {persona: _page_queries(world.users[persona]) for persona in ROLES_WITH_A_START_PAGE}
    _more_data(world, 6)
    _more_services(world, scene, 6)
    many = {persona: _page_queries(world.users[persona]) for persona in ROLES_WITH_A_START_PAGE}
    assert many == few
    assert few["staff"] > few["lawyer"]  # the staff's counts are really run
    # The service roles' counts and short lists really read rows, more of them the second time.
    shown = {persona: views_workbench.workbench_of(world.users[persona])
             for persona in ("bank_officer", "lawyer", "ent_user", "other_ent_user")}
    counts = {item.todo.key: item.count for persona in ("bank_officer", "lawyer", "ent_user")
              for item in shown[persona]["todos"]}
    assert {key: counts[key] for key in ("finance.to_claim", "finance.to_answer", "finance.to_consent",
                                         "legal.lawyer_to_start", "legal.lawyer_in_progress", "legal.to_rate")} == {
        "finance.to_claim": 2 + 6, "finance.to_answer": 2 + 6, "finance.to_consent": 2 + 6,
        "legal.lawyer_to_start": 2 + 6, "legal.lawyer_in_progress": 1 + 6, "legal.to_rate": 2 + 6}
    assert all(len(panel.rows) == 5 for page in shown.values() for panel in page["panels"]
               if panel.panel.key.startswith(("finance.", "legal.")))

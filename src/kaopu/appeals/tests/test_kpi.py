"""The measures: a small September worked out by hand, and the rollup kept by the actions always equal
to the one recomputed from the appeals."""

from __future__ import annotations

import contextlib
import io
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaopu.accounts.models import Organisation
from kaopu.accounts.roles import OrganisationKind, Role
from kaopu.appeals import actions, kpi, tasks
from kaopu.appeals.models import Appeal, Category, KpiCell
from kaopu.appeals.workflow import TransitionError
from kaopu.core.testing import make_user
from kaopu.directory.models import Department

SHANGHAI = ZoneInfo("Asia/Shanghai")
K = Appeal.Kind
R = Appeal.Rating


class Clock:
    """Moves 'now' (creation times) and 'today' (deadlines) together, at 10:00 in Shanghai."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.today = date(2026, 9, 1)
        monkeypatch.setattr("django.utils.timezone.now", lambda: datetime.combine(self.today, time(10), SHANGHAI))
        monkeypatch.setattr("kaopu.core.workdays.local_today", lambda: self.today)

    def set(self, month: int, day: int) -> None:
        self.today = date(2026, month, day)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)


def make_handler(world, department: Department):  # type: ignore[no-untyped-def]
    organisation = Organisation.objects.create(kind=OrganisationKind.DEPARTMENT, name=department.name,
                                               district=world.district, department=department)
    return make_user(f"handler_{department.pk}", Role.DEPARTMENT_HANDLER, organisation)


def cells_as_dicts() -> dict[tuple, dict[str, int]]:
    return {(c.district_id, c.month, c.dimension, c.key): {n: getattr(c, n) for n in kpi.COUNTERS}
            for c in KpiCell.objects.all()}


def nonzero(cells: dict[tuple, dict[str, int]]) -> dict[tuple, dict[str, int]]:
    return {key: value for key, value in cells.items() if any(value.values())}


@pytest.fixture
def september(world, submit, clock, other_department):  # type: ignore[no-untyped-def]
    """Six appeals of September 2026 (plain working weeks), two departments:

    A1 consultation, D1: signed for in time, replied after 2 working days, rated 非常满意.
    A2 consultation, D1: signed for late, replied late after 6 working days, rated 不满意 (reopened),
       replied again in time, rated 基本满意.
    A3 help, D2: signed for in time, replied after 2 working days, never rated (closed unrated).
    A4 withdrawn before acceptance. A5 complaint, D2: dispatched, not signed for yet. A6 declined.
    """
    staff, handler, ent = world.users["staff"], world.users["handler"], world.users["ent_user"]
    d1, d2 = world.department, other_department
    d2_handler = make_handler(world, d2)
    law = Category.objects.get(name="法律")

    def dispatched(appeal: Appeal, lead: Department) -> Appeal:
        actions.accept(appeal.pk, acting_user=staff)
        return actions.dispatch(appeal.pk, acting_user=staff, lead=lead)

    a1 = dispatched(submit(kind=K.CONSULTATION), d1)
    a2 = dispatched(submit(kind=K.CONSULTATION), d1)
    clock.set(9, 2)
    actions.sign_for(a1.pk, acting_user=handler)  # due 09-02: in time
    a3 = dispatched(submit(kind=K.HELP, category=law), d2)
    a4 = submit(kind=K.HELP, category=law)
    actions.withdraw(a4.pk, acting_user=ent)
    clock.set(9, 3)
    actions.reply(a1.pk, acting_user=handler, text="答复一")  # 09-01 → 09-03: 2 working days
    actions.rate(a1.pk, acting_user=ent, rating=R.VERY_SATISFIED)
    actions.sign_for(a3.pk, acting_user=d2_handler)  # due 09-03: in time
    a5 = dispatched(submit(kind=K.COMPLAINT, category=law), d2)
    a6 = submit()
    actions.decline(a6.pk, acting_user=staff, reason="不属于受理范围")
    clock.set(9, 4)
    actions.sign_for(a2.pk, acting_user=handler)  # due 09-02: late; reply due 09-08
    actions.reply(a3.pk, acting_user=d2_handler, text="答复三")  # 09-02 → 09-04: 2 working days
    clock.set(9, 9)
    actions.reply(a2.pk, acting_user=handler, text="答复二")  # late; 09-01 → 09-09: 6 working days
    actions.rate(a2.pk, acting_user=ent, rating=R.DISSATISFIED, comment="没有解决")  # reopened, due 09-11
    clock.set(9, 10)
    actions.reply(a2.pk, acting_user=handler, text="再次答复")
    actions.rate(a2.pk, acting_user=ent, rating=R.BASICALLY_SATISFIED)
    clock.set(9, 14)
    actions.close_unrated(Appeal.objects.get(pk=a3.pk))
    return {"a1": a1, "a2": a2, "a3": a3, "a4": a4, "a5": a5, "a6": a6, "d1": d1, "d2": d2}


def by_key(world, dimension: str) -> dict[str, kpi.Measures]:  # type: ignore[no-untyped-def]
    return {m.key: m for m in kpi.measures([world.district.pk], dimension)}


def test_district_totals_match_the_hand_count(world, september) -> None:  # type: ignore[no-untyped-def]
    total = by_key(world, "all")[""]
    assert (total.submitted, total.accepted, total.dispatched, total.signed_on_time) == (6, 4, 4, 2)
    assert (total.closed, total.closed_on_time, total.rated, total.satisfied) == (3, 2, 2, 2)
    assert (total.reopened, total.escalated) == (1, 0)  # A2 was reopened once; nothing missed a deadline
    assert total.response_rate == pytest.approx(2 / 4)
    assert total.completion_rate == pytest.approx(3 / 4)
    assert total.on_time_rate == pytest.approx(2 / 3)
    assert total.satisfaction_rate == pytest.approx(1.0)
    assert total.follow_up_rate == pytest.approx(2 / 3)
    assert total.mean_reply_days == pytest.approx((2 + 6 + 2) / 3)
    assert by_key(world, "month") == {"2026-09": total.__class__(**{**total.__dict__, "key": "2026-09"})}


def test_department_figures_match_the_hand_count(world, september) -> None:  # type: ignore[no-untyped-def]
    departments = by_key(world, "department")
    d1, d2, none = departments[str(september["d1"].pk)], departments[str(september["d2"].pk)], departments[""]
    assert (d1.response_rate, d1.completion_rate, d1.on_time_rate) == (0.5, 1.0, 0.5)
    assert (d1.follow_up_rate, d1.satisfaction_rate, d1.mean_reply_days) == (1.0, 1.0, 4.0)
    assert (d2.response_rate, d2.completion_rate, d2.on_time_rate) == (0.5, 0.5, 1.0)
    assert (d2.follow_up_rate, d2.satisfaction_rate, d2.mean_reply_days) == (0.0, None, 2.0)
    # Withdrawn and declined appeals never reached a department and are not "accepted".
    assert (none.submitted, none.accepted, none.completion_rate) == (2, 0, None)


def test_type_and_category_split_the_same_appeals(world, september) -> None:  # type: ignore[no-untyped-def]
    kinds = by_key(world, "kind")
    assert {k: m.submitted for k, m in kinds.items()} == {K.CONSULTATION: 2, K.HELP: 3, K.COMPLAINT: 1}
    assert kinds[K.CONSULTATION].on_time_rate == 0.5
    categories = by_key(world, "category")
    law = Category.objects.get(name="法律")
    assert categories[str(law.pk)].submitted == 3 and categories[str(law.pk)].closed == 1
    subdistrict = str(world.enterprise_a.subdistrict_id or "")
    assert by_key(world, "subdistrict")[subdistrict].submitted == 6
    assert by_key(world, "source")[Appeal.Source.ONLINE].submitted == 6


def test_rebuild_gives_the_rows_the_actions_kept(world, september) -> None:  # type: ignore[no-untyped-def]
    kept = nonzero(cells_as_dicts())
    kpi.rebuild([world.district.pk])
    assert cells_as_dicts() == kept


def test_a_returned_appeal_moves_to_the_new_department(world, submit, clock, other_department) -> None:  # type: ignore[no-untyped-def]
    staff, handler = world.users["staff"], world.users["handler"]
    appeal = submit()
    actions.accept(appeal.pk, acting_user=staff)
    actions.dispatch(appeal.pk, acting_user=staff, lead=world.department)
    actions.request_return(appeal.pk, acting_user=handler, reason="不属于本部门职责")
    actions.decide_return(appeal.pk, acting_user=staff, approve=True)
    actions.dispatch(appeal.pk, acting_user=staff, lead=other_department)
    departments = by_key(world, "department")
    assert departments[str(world.department.pk)].dispatched == 0
    assert departments[str(other_department.pk)].dispatched == 1


def test_an_escalation_for_a_missed_deadline_is_counted_once(world, submit, clock) -> None:  # type: ignore[no-untyped-def]
    appeal = submit()  # to accept by 09-02
    clock.set(9, 3)
    assert tasks.sweep(clock.today).escalated == 1
    clock.set(9, 4)
    tasks.sweep(clock.today)
    assert Appeal.objects.get(pk=appeal.pk).escalated is True
    assert by_key(world, "all")[""].escalated == 1
    kept = nonzero(cells_as_dicts())
    kpi.rebuild([world.district.pk])
    assert cells_as_dicts() == kept


def test_a_third_unsatisfied_rating_escalates_to_arbitration(world, in_progress, clock) -> None:  # type: ignore[no-untyped-def]
    handler, ent = world.users["handler"], world.users["ent_user"]
    for _round in range(3):
        actions.reply(in_progress.pk, acting_user=handler, text="答复")
        actions.rate(in_progress.pk, acting_user=ent, rating=R.VERY_DISSATISFIED, comment="没有解决")
    appeal = Appeal.objects.get(pk=in_progress.pk)
    assert (appeal.state, appeal.reopen_count, appeal.escalated) == (Appeal.State.REPLIED, 2, True)
    total = by_key(world, "all")[""]
    assert (total.reopened, total.escalated) == (1, 1)


def test_a_refused_action_changes_no_figure(world, submit, clock) -> None:  # type: ignore[no-untyped-def]
    appeal = submit()
    before = cells_as_dicts()
    with pytest.raises(TransitionError):
        actions.rate(appeal.pk, acting_user=world.users["ent_user"], rating=R.SATISFIED)
    assert cells_as_dicts() == before


def test_the_page_data_reads_only_the_rollup(world, september, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(1):
        kpi.measures([world.district.pk], "department", date(2026, 1, 1), date(2026, 12, 1))


STEPS = ("accept", "decline", "dispatch", "sign_for", "reply", "rate_low", "rate_high", "withdraw",
         "close_unrated", "return", "arbitrate", "day", "sweep")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 2), st.sampled_from(STEPS)), max_size=25))
def test_rollup_always_equals_a_rebuild(world, submit, clock, other_department, steps) -> None:  # type: ignore[no-untyped-def]
    """Whatever actions happen, in whatever order, the kept rollup equals one recomputed from the rows."""
    staff, handler, ent = world.users["staff"], world.users["handler"], world.users["ent_user"]
    with transaction.atomic():
        clock.set(9, 1)
        appeals = [submit(kind=kind) for kind in (K.CONSULTATION, K.HELP, K.COMPLAINT)]
        run = {
            "accept": lambda pk: actions.accept(pk, acting_user=staff),
            "decline": lambda pk: actions.decline(pk, acting_user=staff, reason="理由"),
            "dispatch": lambda pk: actions.dispatch(pk, acting_user=staff, lead=world.department),
            "sign_for": lambda pk: actions.sign_for(pk, acting_user=handler),
            "reply": lambda pk: actions.reply(pk, acting_user=handler, text="答复"),
            "rate_low": lambda pk: actions.rate(pk, acting_user=ent, rating=R.VERY_DISSATISFIED),
            "rate_high": lambda pk: actions.rate(pk, acting_user=ent, rating=R.SATISFIED),
            "withdraw": lambda pk: actions.withdraw(pk, acting_user=ent),
            "close_unrated": lambda pk: actions.close_unrated(Appeal.objects.get(pk=pk)),
            "return": lambda pk: actions.request_return(pk, acting_user=handler, reason="错派"),
            "arbitrate": lambda pk: actions.arbitrate(pk, acting_user=staff, conclusion="结论"),
            "day": lambda pk: clock.set(9, min(clock.today.day + 1 + pk % 3, 30)),
            "sweep": lambda pk: tasks.sweep(clock.today),
        }
        for index, step in steps:
            with contextlib.suppress(TransitionError, Http404):
                run[step](appeals[index].pk)
        kept = nonzero(cells_as_dicts())
        kpi.rebuild([world.district.pk])
        assert cells_as_dicts() == kept
        transaction.set_rollback(True)


def test_the_kpi_command_checks_and_repairs_the_rollup(world, september) -> None:  # type: ignore[no-untyped-def]
    call_command("kpi", "check", stdout=io.StringIO())
    KpiCell.objects.filter(dimension="all").update(closed=99)
    with pytest.raises(CommandError, match="differs from the appeals in 1 cell"):
        call_command("kpi", "check", stdout=io.StringIO())
    call_command("kpi", "rebuild", stdout=io.StringIO())
    assert by_key(world, "all")[""].closed == 3
    with pytest.raises(CommandError, match="unknown district"):
        call_command("kpi", "rebuild", "--district", "nope")


# --- The measures page and its export ------------------------------------------------------------

SEPTEMBER = {"first": "2026-09", "last": "2026-09"}


def test_staff_see_the_hand_counted_figures(world, september, login) -> None:  # type: ignore[no-untyped-def]
    page = login(world.users["staff"]).get("/appeals/measures/", {**SEPTEMBER, "by": "department"},
                                           HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    tiles = [tile.cell.shown for tile in _tiles(page)]
    assert tiles == ["50.0%", "75.0%", "66.7%", "100.0%", "66.7%", "3.3"]
    rows = {row["label"]: row for row in page.context["rows"]}
    assert set(rows) == {world.department.name, september["d2"].name, "not dispatched yet"}
    assert [cell.shown for cell in rows[world.department.name]["cells"]] == ["50.0%", "100.0%", "50.0%", "100.0%",
                                                                            "100.0%", "4.0"]
    assert 'data-chart="kpi-chart-data"' in page.content.decode()  # drawn by ECharts from the JSON
    assert page.context["chart"]["rows"] == [["2026-09", [6, 0.75, pytest.approx(2 / 3), 1.0]]]


def _tiles(page):  # type: ignore[no-untyped-def]
    return [type("Tile", (), tile) for tile in page.context["tiles"]]


@pytest.mark.parametrize("dimension", ["month", "department", "kind", "category", "subdistrict", "industry",
                                       "source"])
def test_every_breakdown_reads_a_fixed_number_of_queries(world, september, login, dimension,
                                                         django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = login(world.users["leader"])
    # session and user, the month series, the breakdown, its names, the session's refresh (3)
    with django_assert_max_num_queries(8):
        page = client.get("/appeals/measures/", {**SEPTEMBER, "by": dimension})
    assert page.status_code == 200
    assert sum(row["counts"][0] for row in page.context["rows"]) == 6


def test_bad_months_are_explained(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.users["staff"])
    page = client.get("/appeals/measures/", {"first": "2026-13", "last": "2026-09"}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "From month：Enter a month as YYYY-MM" in page.content.decode()
    page = client.get("/appeals/measures/", {"first": "2026-10", "last": "2026-09"})
    assert "起始月份：起始月份不能晚于截止月份。" in page.content.decode()
    page = client.get("/appeals/measures/", {"first": "2010-01", "last": "2026-09", "by": "nonsense"},
                      HTTP_ACCEPT_LANGUAGE="en")
    assert "Choose at most 60 months" in page.content.decode()
    assert "Select a valid choice" in page.content.decode()


@pytest.mark.parametrize("persona", ["handler", "ent_user", "bank_officer", "lawyer", "sysadmin"])
def test_only_staff_and_leaders_see_the_measures(world, login, persona) -> None:  # type: ignore[no-untyped-def]
    client = login(world.users[persona])
    assert client.get("/appeals/measures/").status_code == 404
    assert client.get("/appeals/measures/export.xlsx").status_code == 404


def test_staff_of_another_district_see_none_of_these_appeals(world, september, login) -> None:  # type: ignore[no-untyped-def]
    page = login(world.users["far_staff"]).get("/appeals/measures/", SEPTEMBER)
    assert page.context["rows"] == [] and page.context["counts"][0][1] == 0


def test_the_export_holds_every_breakdown_with_the_same_figures(world, september, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.users["staff"]).get("/appeals/measures/export.xlsx", SEPTEMBER,
                                               HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["month", "lead department", "type", "category", "subdistrict", "industry", "source"]
    sheet = book["lead department"]
    assert [c.value for c in sheet[2]][:3] == ["lead department", "number submitted", "number accepted"]
    total = [c.value for c in sheet[sheet.max_row]]
    assert total[:6] == ["total", 6, 4, 4, 3, 2]
    assert total[6:11] == [0.5, 0.75, pytest.approx(0.6667), 1.0, pytest.approx(0.6667)]
    assert sheet.cell(row=sheet.max_row, column=7).number_format == "0.0%"

"""Work never stops for a missing calendar (DESIGN.md section 3): a deadline over a year nobody entered
is counted Monday–Friday and marked provisional, and counted again, with a timeline event, when staff
enter that year. Every test here says which years the holiday library knows (``library_until``), so
it keeps its meaning when a newer chinese_calendar knows 2027."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaopu.appeals import actions, tasks
from kaopu.appeals.models import Appeal, Event, KpiCell
from kaopu.audit.models import AuditEntry
from kaopu.core import workdays
from kaopu.core.calendar_actions import save_calendar_year
from kaopu.notifications.models import Notification

NEW_YEAR_2027 = {date(2027, 1, 1): "元旦"}
SPRING_2027 = {date(2027, 2, d): "春节" for d in (8, 9, 10, 11, 12)}
MAKE_UP_2027 = {date(2027, 2, 6): "春节", date(2027, 2, 20): "春节"}


@pytest.fixture(autouse=True)
def _library_knows_2026_at_most(library_until):  # type: ignore[no-untyped-def]
    library_until(2026)


def enter_2027(staff, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    """FIC staff enter 2027 from the State Council's notice; the recount runs after commit."""
    with django_capture_on_commit_callbacks(execute=True):
        save_calendar_year(2027, holidays={**NEW_YEAR_2027, **SPRING_2027}, workdays=MAKE_UP_2027,
                           notice="国办发明电〔2026〕1号", acting_user=staff)


def kpi_is_clean() -> str:
    out = io.StringIO()
    call_command("kpi", "check", stdout=out)  # raises CommandError when the rollup differs
    return out.getvalue()


def test_an_appeal_submitted_on_31_december_gets_a_provisional_deadline_not_a_refusal(
        world, submit, pin_clock, login, ent_user) -> None:  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 12, 31), hour=22)
    appeal = submit()
    assert (appeal.state, appeal.due_on, appeal.due_provisional) == ("submitted", date(2027, 1, 1), True)
    assert (appeal.due_from, appeal.due_working_days) == (date(2026, 12, 31), 1)
    page = login(ent_user).get(reverse("appeals:my_detail", args=[appeal.pk])).content.decode()
    assert "暂按周一至周五计算，待录入 2027 年节假日后自动重算" in page


def test_entering_the_year_recounts_the_deadline_with_a_timeline_event_and_an_audit_entry(
        world, submit, staff, pin_clock, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 12, 31))
    appeal = submit()
    enter_2027(staff, django_capture_on_commit_callbacks)
    appeal.refresh_from_db()
    # 1 January 2027 is New Year's Day: the first working day after 31 December is Monday 4 January.
    assert (appeal.due_on, appeal.due_provisional) == (date(2027, 1, 4), False)
    event = Event.objects.get(appeal=appeal, action="recount_deadline")
    assert event.is_public and event.from_state == event.to_state == "submitted"
    assert event.data == {"old": "2027-01-01", "new": "2027-01-04", "year": 2027, "was_provisional": True,
                          "provisional": False}
    entry = AuditEntry.objects.filter(object_type="appeals.appeal", object_id=str(appeal.pk),
                                      summary__contains="办理时限").get()
    assert "2027-01-01 → 2027-01-04" in entry.summary and appeal.title in entry.summary
    kpi_is_clean()


def test_the_timeline_says_old_and_new_deadline_to_the_enterprise(
        world, submit, staff, ent_user, login, pin_clock,
        django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 12, 31))
    appeal = submit()
    enter_2027(staff, django_capture_on_commit_callbacks)
    page = login(ent_user).get(reverse("appeals:my_detail", args=[appeal.pk])).content.decode()
    assert "按新录入的工作日历重算办理时限" in page
    assert "办理时限 2027-01-01 → 2027-01-04（按 2027 年工作日历）" in page
    assert "暂按周一至周五" not in page


def test_sign_for_extension_and_reopening_near_the_year_end_are_never_refused(
        world, submit, staff, handler, ent_user, pin_clock,
        django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 12, 11))
    appeal = submit(kind=Appeal.Kind.COMPLAINT)
    actions.accept(appeal.pk, acting_user=staff)
    actions.dispatch(appeal.pk, acting_user=staff, lead=world.department)
    signed = actions.sign_for(appeal.pk, acting_user=handler)
    assert (signed.due_on, signed.due_provisional) == (date(2027, 1, 1), True)  # 15 working days, Mon–Fri
    actions.request_extension(appeal.pk, acting_user=handler, reason="需调取档案", working_days=10)
    extended = actions.decide_extension(appeal.pk, acting_user=staff, approve=True)
    assert (extended.due_on, extended.due_working_days, extended.due_provisional) == (date(2027, 1, 15), 25, True)
    pin_clock(date(2026, 12, 30))
    actions.reply(appeal.pk, acting_user=handler, text="已协调解决。")
    reopened = actions.rate(appeal.pk, acting_user=ent_user, rating=Appeal.Rating.DISSATISFIED, comment="未解决")
    assert (reopened.state, reopened.due_on, reopened.due_provisional) == ("in_progress", date(2027, 1, 20), True)
    enter_2027(staff, django_capture_on_commit_callbacks)
    reopened.refresh_from_db()
    # 15 working days after 30 December over the real 2027 calendar: New Year's Day off.
    assert (reopened.due_on, reopened.due_provisional) == (date(2027, 1, 21), False)
    kpi_is_clean()


def test_a_return_asked_for_across_an_unknown_new_year_counts_monday_to_friday(
        world, submit, staff, handler, pin_clock) -> None:  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 12, 31))
    appeal = submit()
    actions.accept(appeal.pk, acting_user=staff)
    actions.dispatch(appeal.pk, acting_user=staff, lead=world.department)
    pin_clock(date(2027, 1, 1))  # one working day after dispatch, Monday–Friday (really a holiday)
    assert actions.request_return(appeal.pk, acting_user=handler, reason="不属我局职责").return_requested


def test_working_days_to_a_first_reply_over_an_unknown_year_are_recounted_with_the_measures(
        world, submit, staff, handler, pin_clock,
        django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 12, 30))
    appeal = submit()
    actions.accept(appeal.pk, acting_user=staff)
    actions.dispatch(appeal.pk, acting_user=staff, lead=world.department)
    actions.sign_for(appeal.pk, acting_user=handler)
    pin_clock(date(2027, 1, 5))
    replied = actions.reply(appeal.pk, acting_user=handler, text="已答复。")
    # 31 Dec, 1, 4, 5 January counted Monday–Friday.
    assert (replied.first_reply_days, replied.first_reply_provisional) == (4, True)
    month = KpiCell.objects.get(dimension="all", month=date(2026, 12, 1))
    assert (month.replied, month.reply_days) == (1, 4)
    enter_2027(staff, django_capture_on_commit_callbacks)
    replied.refresh_from_db()
    assert (replied.first_reply_days, replied.first_reply_provisional) == (3, False)
    month.refresh_from_db()
    assert (month.replied, month.reply_days) == (1, 3)
    kpi_is_clean()


def test_a_deadline_counted_over_known_years_is_not_touched_by_the_recount(
        world, submit, staff, pin_clock, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 12, 1))
    appeal = submit()
    assert (appeal.due_on, appeal.due_provisional) == (date(2026, 12, 2), False)
    enter_2027(staff, django_capture_on_commit_callbacks)
    assert not Event.objects.filter(action="recount_deadline").exists()
    assert Appeal.objects.get(pk=appeal.pk).due_on == date(2026, 12, 2)


def test_recounting_twice_changes_nothing_the_second_time(
        world, submit, staff, pin_clock, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 12, 31))
    submit()
    enter_2027(staff, django_capture_on_commit_callbacks)
    assert actions.recount_deadlines(2027) == 0
    assert Event.objects.filter(action="recount_deadline").count() == 1


def test_correcting_an_entered_year_moves_the_open_deadlines_over_it(
        world, submit, staff, pin_clock, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 12, 31))
    appeal = submit()
    enter_2027(staff, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):  # staff add 4 January as a holiday by mistake
        save_calendar_year(2027, holidays={**NEW_YEAR_2027, date(2027, 1, 4): "元旦"}, workdays={}, notice="",
                           acting_user=staff)
    assert Appeal.objects.get(pk=appeal.pk).due_on == date(2027, 1, 5)
    assert list(Event.objects.filter(action="recount_deadline").values_list("data__new", flat=True)) == [
        "2027-01-04", "2027-01-05"]


def test_the_sweep_reminds_over_an_unknown_year_and_tells_staff_to_enter_it(
        world, submit, staff, pin_clock, caplog) -> None:  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 12, 31))
    appeal = submit()
    result = tasks.sweep(date(2026, 12, 31))
    assert result.reminded == 1  # due Friday 1 January (Monday–Friday): one working day away
    assert Event.objects.filter(appeal=appeal, action="remind").exists()
    assert "not entered" in caplog.text
    warned = Notification.objects.filter(kind="calendar.missing")
    assert set(warned.values_list("user__username", flat=True)) == {"staff", "far_staff", "sysadmin"}
    tasks.sweep(date(2026, 12, 31))
    assert warned.count() == 3  # once a week, however often the sweep runs


# --- The counting itself -------------------------------------------------------------------------

days = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(start=days, first=st.integers(0, 40), second=st.integers(0, 40))
def test_an_extension_counted_from_the_start_equals_one_counted_from_the_old_deadline(
        db, start, first, second) -> None:  # type: ignore[no-untyped-def]
    # deadlines.extend_due relies on it: n + m working days from a start = m working days after n.
    once = workdays.deadline(start, first + second)
    part = workdays.deadline(start, first)
    rest = workdays.deadline(part.on, second)
    assert once.on == rest.on
    assert set(once.unknown_years) == set(part.unknown_years) | set(rest.unknown_years)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(start=days, n=st.integers(0, 60))
def test_a_count_is_provisional_exactly_when_it_reaches_an_unknown_year(db, start, n) -> None:  # type: ignore[no-untyped-def]
    result = workdays.deadline(start, n)
    # The days counted run from the day after ``start`` to the deadline: they reach 2027 iff it does.
    assert result.provisional == (n > 0 and result.on.year > 2026)
    if result.provisional:
        assert result.on.weekday() < 5  # Monday to Friday over the unknown years
        with pytest.raises(workdays.UnknownCalendarYear):
            workdays.add_working_days(start, n)
    else:
        assert result.on == workdays.add_working_days(start, n)
        assert workdays.count_working_days(start, result.on).days == n or n == 0

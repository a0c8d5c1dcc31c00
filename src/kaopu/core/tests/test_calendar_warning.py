"""From 1 November, while next year's working-day calendar is missing, FIC staff and the system
administrator are warned: on their start page, and by a notification once a week."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from kaopu.core.calendar_actions import save_calendar_year
from kaopu.notifications.calendar import warn_weekly
from kaopu.notifications.models import Notification

TRIAGE = reverse("appeals:triage")


@pytest.fixture(autouse=True)
def _library_knows_2026_at_most(library_until):  # type: ignore[no-untyped-def]
    library_until(2026)


def warning_on(client, url: str = TRIAGE) -> str:  # type: ignore[no-untyped-def]
    page = client.get(url).content.decode()
    return page.split('id="calendar-warning"')[1].split("</div>")[0] if 'id="calendar-warning"' in page else ""


def test_staff_are_warned_from_1_november_and_not_before(world, login, staff, pin_clock) -> None:  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 10, 31), hour=23, minute=59)  # before logging in: the session's idle timer runs on it
    client = login(staff)
    assert warning_on(client) == ""
    pin_clock(date(2026, 11, 1), hour=0, minute=1)
    warning = warning_on(client)
    assert "2027 年的工作日历尚未录入" in warning and reverse("core:calendar_list") in warning


def test_the_warning_disappears_once_the_year_is_entered(world, login, staff, pin_clock) -> None:  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 12, 6))
    client = login(staff)
    assert warning_on(client)
    save_calendar_year(2027, holidays={date(2027, 1, 1): "元旦"}, workdays={}, notice="", acting_user=staff)
    assert warning_on(client) == ""


def test_a_year_that_has_begun_without_a_calendar_is_warned_about_at_once(world, login, staff, pin_clock) -> None:  # type: ignore[no-untyped-def]
    pin_clock(date(2028, 2, 29))
    assert "2028 年的工作日历尚未录入" in warning_on(login(staff))


@pytest.mark.parametrize("persona", ["leader", "handler", "ent_user"])
def test_other_roles_see_no_calendar_warning(world, login, persona, pin_clock) -> None:  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 12, 6))
    assert "calendar-warning" not in login(world.users[persona]).get("/", follow=True).content.decode()


def test_staff_and_the_system_administrator_are_notified_once_a_week(world, staff, pin_clock) -> None:  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 10, 31))
    assert warn_weekly() == 0
    pin_clock(date(2026, 11, 1))
    assert warn_weekly() == 3  # staff, far_staff (another district's FIC) and sysadmin
    notes = Notification.objects.filter(kind="calendar.missing")
    assert set(notes.values_list("user__username", flat=True)) == {"staff", "far_staff", "sysadmin"}
    assert notes.get(user=staff).url == reverse("core:calendar_list")
    assert notes.get(user__username="sysadmin").url == ""
    assert notes.get(user=staff).title == "请录入 2027 年工作日历"
    pin_clock(date(2026, 11, 7), hour=23)
    assert warn_weekly() == 0  # within the week
    pin_clock(date(2026, 11, 8), hour=11)
    assert warn_weekly() == 3
    save_calendar_year(2027, holidays={}, workdays={}, notice="", acting_user=staff)
    pin_clock(date(2026, 11, 20))
    assert warn_weekly() == 0


def test_the_system_administrator_is_warned_on_the_admin_index_only(world, login, sysadmin, pin_clock) -> None:  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 10, 31), hour=23, minute=50)
    client = login(sysadmin)
    assert warning_on(client, reverse("admin:index")) == ""
    pin_clock(date(2026, 11, 1), hour=0, minute=5)  # within the session's idle timeout
    warning = warning_on(client, reverse("admin:index"))
    assert "2027 年的工作日历尚未录入" in warning
    assert reverse("core:calendar_list") not in warning  # the calendar page is FIC staff's
    assert warning_on(client, reverse("admin:accounts_user_changelist")) == ""


def test_when_this_year_and_next_are_missing_the_warning_leads_to_this_year(world, login, staff, pin_clock) -> None:  # type: ignore[no-untyped-def]
    pin_clock(date(2028, 11, 15))
    warning = warning_on(login(staff))
    assert "2028、2029 年的工作日历尚未录入" in warning and "录入 2028 年工作日历" in warning
    warn_weekly()
    assert Notification.objects.get(user=staff, kind="calendar.missing").title == "请录入 2028 年工作日历"

"""The working-day calendar pages: FIC staff see which years are known and enter or correct a year."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from kaopu.audit.models import Action, AuditEntry
from kaopu.core import workdays
from kaopu.core.calendar_actions import save_calendar_year
from kaopu.core.models import CalendarDay, CalendarYear

NOT_STAFF = ["leader", "handler", "ent_user", "chamber_officer", "bank_officer", "lawyer", "sysadmin",
             "secadmin", "auditadmin"]
GOOD_2027 = """
# 国办发明电〔2026〕9号
2027-01-01 元旦
2027-10-01 至 2027-10-07 国庆节
2027-09-26 调休上班 国庆节
2027-10-09 调休上班
"""


@pytest.fixture(autouse=True)
def _fresh_calendar_cache(pin_clock, library_until):  # type: ignore[no-untyped-def]
    workdays.forget()
    library_until(2026)
    pin_clock(date(2026, 11, 26))
    yield
    workdays.forget()


def year_url(year: int) -> str:
    return reverse("core:calendar_year", args=[year])


def calendar_entries() -> int:
    return AuditEntry.objects.filter(object_type="core.calendaryear").count()


@pytest.mark.parametrize("persona", NOT_STAFF)
def test_only_fic_staff_reach_the_calendar_pages(request, login, persona):
    client = login(request.getfixturevalue(persona))
    assert client.get(reverse("core:calendar_list")).status_code == 404
    assert client.get(year_url(2027)).status_code == 404
    assert client.post(year_url(2027), {"entries": GOOD_2027}).status_code == 404
    assert not CalendarYear.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(reverse("core:calendar_list"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_staff_see_library_years_and_a_warning_that_next_year_is_unknown(login, staff,
                                                                          django_assert_max_num_queries):
    client = login(staff)
    client.get(reverse("core:calendar_list"))  # warm the session and reference caches
    with django_assert_max_num_queries(6):
        response = client.get(reverse("core:calendar_list"))
    assert response.status_code == 200
    text = response.text
    assert 'role="alert"' in text and year_url(2027) in text
    for year in (2004, 2026, 2027):
        assert f"<strong>{year}</strong>" in text
    assert "国办发明电" not in text


def test_the_list_page_does_not_grow_in_queries_with_staff_years(login, staff, django_assert_max_num_queries):
    for year in (2026, 2027, 2028):
        save_calendar_year(year, holidays={}, workdays={}, notice=f"通知{year}", acting_user=staff)
    client = login(staff)
    client.get(reverse("core:calendar_list"))
    with django_assert_max_num_queries(6):
        response = client.get(reverse("core:calendar_list"))
    assert "通知2028" in response.text


def test_no_warning_once_next_year_is_entered(login, staff):
    save_calendar_year(2027, holidays={}, workdays={}, notice="国办发明电〔2026〕9号", acting_user=staff)
    response = login(staff).get(reverse("core:calendar_list"))
    assert 'role="alert"' not in response.text
    assert "国办发明电〔2026〕9号" in response.text


def test_the_year_page_starts_from_the_library_dates(login, staff):
    response = login(staff).get(year_url(2026))
    assert response.status_code == 200
    assert "2026-10-01 至 2026-10-07 国庆节" in response.text
    assert "2026-09-20 调休上班 国庆节" in response.text


def test_a_bad_line_gives_an_error_naming_the_line_and_the_rule(login, staff):
    entries = "2027-10-01 至 2027-10-07 国庆节\n2027-09-27 调休上班\n"
    response = login(staff).post(year_url(2027), {"notice": "", "entries": entries})
    assert response.status_code == 200
    assert "Line 2" in response.text or "第 2 行" in response.text
    assert "2027-09-27 调休上班" in response.text
    assert "必须是星期六或星期日" in response.text  # the default language is Chinese
    assert not CalendarYear.objects.exists()
    assert calendar_entries() == 0


@pytest.mark.parametrize(("entries", "rule"), [
    ("2026-10-01 国庆节", "must lie in 2027"),
    ("2027-02-30 春节", "does not exist"),
    ("国庆节 2027-10-01", "does not start with a date"),
    ("2027-10-07 至 2027-10-01 国庆节", "ends before it starts"),
    ("2027-10-02 至 2027-10-03 国庆节", "at least one weekday"),
    ("2027-10-01 国庆节\n2027-10-01 国庆节", "listed twice"),
    ("2027-09-25 至 2027-09-27 国庆节\n2027-09-26 调休上班", "cannot be both"),
])
def test_each_rule_of_a_line_is_checked(login, staff, entries, rule):
    response = login(staff).post(year_url(2027), {"notice": "", "entries": entries}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert rule in response.text
    assert not CalendarYear.objects.exists()


def test_a_good_submission_replaces_the_days_and_writes_an_audit_entry(login, staff):
    save_calendar_year(2027, holidays={date(2027, 5, 3): "劳动节"}, workdays={}, notice="旧", acting_user=staff)
    response = login(staff).post(year_url(2027), {"notice": "国办发明电〔2026〕9号", "entries": GOOD_2027})
    assert response.status_code == 302
    year = CalendarYear.objects.get(year=2027)
    assert year.notice == "国办发明电〔2026〕9号"
    assert year.entered_by == staff
    days = {day.date: (day.kind, day.name) for day in CalendarDay.objects.filter(year=year)}
    assert date(2027, 5, 3) not in days  # replaced, not added to
    assert days[date(2027, 10, 1)] == (CalendarDay.Kind.HOLIDAY, "国庆节")
    assert date(2027, 10, 2) not in days and date(2027, 10, 3) not in days  # the weekend stays a weekend
    assert days[date(2027, 10, 7)] == (CalendarDay.Kind.HOLIDAY, "国庆节")
    assert days[date(2027, 9, 26)] == (CalendarDay.Kind.WORKDAY, "国庆节")
    assert days[date(2027, 10, 9)] == (CalendarDay.Kind.WORKDAY, "")
    assert len(days) == 8
    entry = AuditEntry.objects.filter(object_type="core.calendaryear", action=Action.UPDATE).latest("sequence")
    assert entry.actor_id == staff.pk
    assert entry.object_id == str(year.pk)
    assert entry.data["before"]["holidays"] == ["2027-05-03"]
    assert "2027-10-01" in entry.data["after"]["holidays"]
    assert entry.data["after"]["workdays"] == ["2027-09-26", "2027-10-09"]
    # Deadlines use the new year at once.
    assert workdays.add_working_days(date(2027, 9, 30), 1) == date(2027, 10, 8)


def test_what_the_page_shows_reads_back_to_the_same_dates(login, staff):
    client = login(staff)
    client.post(year_url(2027), {"notice": "", "entries": GOOD_2027})
    before = set(CalendarDay.objects.values_list("date", "kind", "name"))
    shown = client.get(year_url(2027)).context["form"].initial["entries"]
    client.post(year_url(2027), {"notice": "", "entries": shown})
    assert set(CalendarDay.objects.values_list("date", "kind", "name")) == before


def test_years_outside_the_editable_range_are_not_found(login, staff):
    assert login(staff).get(year_url(1999)).status_code == 404


def test_staff_see_the_calendar_in_the_menu(login, staff):
    response = login(staff).get(reverse("core:calendar_list"))
    assert f'href="{reverse("core:calendar_list")}"' in response.text


def test_saving_a_year_through_the_page_recounts_its_provisional_deadlines(
        world, login, staff, pin_clock, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    from kaopu.appeals import actions
    from kaopu.appeals.models import Appeal, Category

    pin_clock(date(2027, 9, 29))  # a year nobody entered: accept by Thursday 30 September, Monday–Friday
    appeal = actions.submit_appeal(enterprise=world.enterprise_a, acting_user=world.users["ent_user"], kind="help",
                                   category=Category.objects.get(name="融资"), title="贷款", content="续贷")
    assert (appeal.due_on, appeal.due_provisional) == (date(2027, 9, 30), True)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(staff).post(year_url(2027), {"notice": "", "entries": GOOD_2027}, follow=True)
    assert "落在该年的未办结时限将在后台自动重算" in response.content.decode()
    appeal = Appeal.objects.get(pk=appeal.pk)
    assert (appeal.due_on, appeal.due_provisional) == (date(2027, 9, 30), False)  # confirmed, not moved
    assert appeal.events.get(action="recount_deadline").data["was_provisional"] is True
    page = login(world.users["ent_user"]).get(f"/appeals/my/{appeal.pk}/").content.decode()
    assert "办理时限 2027-09-30 已按 2027 年工作日历确认" in page

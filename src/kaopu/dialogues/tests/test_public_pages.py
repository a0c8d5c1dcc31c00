"""Public meeting pages (/meetings/): anonymous visitors see published meetings of a district (never a
draft, never who registered), one meeting's page with how to register, a month calendar with its
previous and next months, all at a fixed number of queries."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kaopu.dialogues import actions
from kaopu.dialogues.models import Meeting
from kaopu.dialogues.testing import make_meeting

pytestmark = pytest.mark.django_db
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def shanghai(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.get_current_timezone())


def test_anonymous_visitors_see_upcoming_published_meetings_soonest_first(world, staff, client) -> None:
    later = make_meeting(world.district, staff, theme="跨境电商发展", starts_at=timezone.now() + timedelta(days=20))
    sooner = make_meeting(world.district, staff, theme="数字经济", starts_at=timezone.now() + timedelta(days=3))
    closed = make_meeting(world.district, staff, theme="报名已截止", state=Meeting.State.CLOSED)
    make_meeting(world.district, staff, theme="草稿中的主题", state=Meeting.State.DRAFT)
    make_meeting(world.district, staff, theme="已举办的", state=Meeting.State.HELD,
                 starts_at=timezone.now() - timedelta(days=5))
    make_meeting(world.far_district, world.users["far_staff"], theme="静安区的活动")
    response = client.get("/meetings/")
    assert response.status_code == 200
    assert [m.pk for m in response.context["meetings"]] == [sooner.pk, closed.pk, later.pk]
    page = response.content.decode()
    assert "草稿中的主题" not in page and "静安区的活动" not in page and "已举办的" not in page
    assert "10 of 10 seats left" in client.get("/meetings/", **ENGLISH).content.decode()


def test_district_parameter_chooses_the_district(world, far_staff, client) -> None:
    far = make_meeting(world.far_district, far_staff, theme="静安区的活动")
    response = client.get("/meetings/", {"district": str(world.far_district.pk)})
    assert [m.pk for m in response.context["meetings"]] == [far.pk]
    world.far_district.code = "310106"
    world.far_district.save()
    assert [m.pk for m in client.get("/meetings/", {"district": "310106"}).context["meetings"]] == [far.pk]
    # An unknown district falls back to the first one, not an error.
    assert client.get("/meetings/", {"district": "nonsense"}).context["district"] == world.district


def test_drafts_are_hidden_everywhere_public(world, staff, client) -> None:
    draft = make_meeting(world.district, staff, theme="草稿主题", state=Meeting.State.DRAFT)
    assert client.get(f"/meetings/{draft.pk}/").status_code == 404
    month = timezone.localtime(draft.starts_at).strftime("%Y-%m")
    assert "草稿主题" not in client.get("/meetings/calendar/", {"month": month}).content.decode()
    assert "草稿主题" not in client.get("/meetings/feed.ics").content.decode()
    assert client.get("/meetings/999999/").status_code == 404


def test_meeting_page_shows_public_facts_and_no_registrant(world, staff, ent_user, client) -> None:
    meeting = make_meeting(world.district, staff, theme="融资对接早餐会", capacity=5, requires_approval=False,
                           seats_per_enterprise=2, description="请提前十分钟到场。")
    meeting.industries.set(["I", "C"])
    meeting.departments.set([world.department])
    actions.register(meeting.pk, acting_user=ent_user, seats=2, attendee_names="张三丰、李四", topic="厂房租金")
    response = client.get(f"/meetings/{meeting.pk}/", **ENGLISH)
    assert response.status_code == 200
    page = response.content.decode()
    for fact in ("融资对接早餐会", f"No. {meeting.number}", "区政府第一会议室", "请提前十分钟到场", "区市场监管局",
                 "3 of 5"):
        assert fact in page, fact
    for secret in ("张三丰", "李四", "厂房租金", world.enterprise_a.name):
        assert secret not in page, secret
    assert f'href="/accounts/login/?next=/dialogues/my/{meeting.pk}/"' in page


def test_an_enterprise_user_goes_straight_to_the_registration_page(world, staff, ent_user, login) -> None:
    meeting = make_meeting(world.district, staff)
    page = login(ent_user).get(f"/meetings/{meeting.pk}/").content.decode()
    assert f'href="/dialogues/my/{meeting.pk}/"' in page


def test_cancelled_and_held_meetings_say_so_without_a_register_link(world, staff, client) -> None:
    cancelled = make_meeting(world.district, staff)
    actions.cancel_meeting(cancelled.pk, acting_user=staff, reason="场地维修")
    page = client.get(f"/meetings/{cancelled.pk}/", **ENGLISH).content.decode()
    assert "This meeting has been cancelled." in page and 'id="register-link"' not in page
    assert "场地维修" not in page  # the reason is for the registrants, who are told directly
    held = make_meeting(world.district, staff, state=Meeting.State.HELD, starts_at=timezone.now() - timedelta(days=1))
    page = client.get(f"/meetings/{held.pk}/", **ENGLISH).content.decode()
    assert "This meeting has been held." in page and 'id="register-link"' not in page


def test_calendar_puts_meetings_on_their_local_day_with_links_to_other_months(world, staff, client) -> None:
    # 07:30 in Shanghai on 1 October is 23:30 UTC on 30 September: the meeting belongs to 1 October.
    early = make_meeting(world.district, staff, theme="国庆早餐会", starts_at=shanghai(2026, 10, 1, 7, 30))
    cancelled = make_meeting(world.district, staff, theme="取消的跑步", starts_at=shanghai(2026, 10, 18, 7, 0))
    actions.cancel_meeting(cancelled.pk, acting_user=staff, reason="雨")
    response = client.get("/meetings/calendar/", {"month": "2026-10"})
    assert response.status_code == 200
    days = {day.day.isoformat(): day for week in response.context["weeks"] for day in week}
    assert [m.pk for m in days["2026-10-01"].meetings] == [early.pk]
    assert [m.pk for m in days["2026-10-18"].meetings] == [cancelled.pk]
    assert response.context["weeks"][0][0].day.isoweekday() == 1  # weeks start on Monday
    page = response.content.decode()
    district = f"&amp;district={world.district.pk}"  # two districts: the links keep the one shown
    assert f'href="?month=2026-09{district}"' in page and f'href="?month=2026-11{district}"' in page
    assert "calendar-meeting cancelled" in page
    assert "2026年10月" in page


def test_calendar_crosses_the_year_and_ignores_a_bad_month(world, client) -> None:
    page = client.get("/meetings/calendar/", {"month": "2026-12"}).content.decode()
    assert 'href="?month=2027-01&amp;' in page and 'href="?month=2026-11&amp;' in page
    page = client.get("/meetings/calendar/", {"month": "2026-01"}).content.decode()
    assert 'href="?month=2025-12&amp;' in page
    for bad in ("2026-13", "abc", "0000-01", "9999-12"):
        response = client.get("/meetings/calendar/", {"month": bad})
        assert response.status_code == 200
        assert response.context["month"] == timezone.localdate().replace(day=1)


def _queries(client, url: str, params: dict | None = None) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params or {}).status_code == 200
    return len(context)


def test_public_pages_run_a_fixed_number_of_queries(world, staff, ent_user, client, django_assert_num_queries,
                                                     pin_clock) -> None:
    pin_clock(date(2026, 11, 27))  # the meetings below are upcoming, and open for registration
    first = make_meeting(world.district, staff, starts_at=shanghai(2026, 12, 2, 8, 0), requires_approval=False)
    first.industries.set(["I"])
    pages = [("/meetings/", {}), ("/meetings/calendar/", {"month": "2026-12"}), ("/meetings/feed.ics", {}),
             (f"/meetings/{first.pk}/", {})]
    client.get("/meetings/")  # the public site's header, read once and cached (kaopu.publicity.site)
    counts = {url: _queries(client, url, params) for url, params in pages}
    assert counts["/meetings/"] <= 3, counts  # districts, meetings with their seats taken, industries
    for n in range(6):
        meeting = make_meeting(world.district, staff, starts_at=shanghai(2026, 12, 3 + n, 8, 0),
                               requires_approval=False)
        meeting.industries.set(["I", "C"])
    actions.register(first.pk, acting_user=ent_user)
    for url, params in pages:
        with django_assert_num_queries(counts[url]):
            client.get(url, params)


def test_login_page_links_to_upcoming_meetings(client) -> None:
    page = client.get("/accounts/login/").content.decode()
    assert 'href="/meetings/"' in page and "近期活动" in page

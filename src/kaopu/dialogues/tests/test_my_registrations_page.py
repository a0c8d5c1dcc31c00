"""我的报名: upcoming and past meetings in two tabs, filtered by state, in compact rows; the check-in code
and its QR image only while the code can be used (approved, not checked in, meeting neither cancelled
nor over), and the QR image itself is not served otherwise; a fixed number of queries per tab.

The clock: registrations are made on Monday 2026-09-28 at 10:00; the page is read on Thursday
2026-10-01 at 10:00, when the breakfast of 09-29 is over and the others are still to come.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kaopu.core.testing import local_moment
from kaopu.dialogues import actions, codes
from kaopu.dialogues.models import Registration
from kaopu.dialogues.testing import make_meeting

R = Registration.State
URL = "/dialogues/my/registrations/"


@pytest.fixture
def setting(world, staff, ent_user, pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 9, 28))

    def meeting(theme, day, hour=8, **fields):  # type: ignore[no-untyped-def]
        return make_meeting(world.district, staff, theme=theme, requires_approval=False,
                            starts_at=local_moment(day, hour), **fields)

    made = {
        "past": meeting("已结束的早餐会", date(2026, 9, 29)),
        "later": meeting("十月中旬座谈会", date(2026, 10, 15)),
        "soon": meeting("十月初圆桌会", date(2026, 10, 1), hour=10, ends_at=local_moment(date(2026, 10, 1), 12)),
        "cancelled": meeting("取消了的会", date(2026, 10, 8)),
        "waiting": meeting("满员的会", date(2026, 10, 9), capacity=1),
    }
    actions.register(made["waiting"].pk, acting_user=world.users["other_ent_user"])
    regs = {name: actions.register(m.pk, acting_user=ent_user) for name, m in made.items()}
    assert regs["waiting"].state == R.WAITLISTED
    actions.cancel_meeting(made["cancelled"].pk, acting_user=staff, reason="改期")
    pin_clock(date(2026, 10, 1), 9, 30)  # check-in of the 10:00 meeting is open: the enterprise came
    actions.check_in(made["soon"].pk, acting_user=staff, code=regs["soon"].code)
    pin_clock(date(2026, 10, 1), 10, 0)
    return regs


def _rows(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.meeting.theme for r in response.context["page"].items]


def test_upcoming_first_soonest_first_and_past_in_its_own_tab(setting, ent_user, login) -> None:  # type: ignore[no-untyped-def]
    client = login(ent_user)
    upcoming = client.get(URL)
    assert _rows(upcoming) == ["十月初圆桌会", "取消了的会", "满员的会", "十月中旬座谈会"]
    page = upcoming.content.decode()
    assert 'aria-current="page">即将召开<' in page and "meeting-card" not in page
    past = client.get(URL, {"when": "past"})
    assert _rows(past) == ["已结束的早餐会"]
    assert 'aria-current="page">往期<' in past.content.decode()


def test_the_state_filter_keeps_the_tab(setting, ent_user, login) -> None:  # type: ignore[no-untyped-def]
    client = login(ent_user)
    assert _rows(client.get(URL, {"state": "waitlisted"})) == ["满员的会"]
    assert _rows(client.get(URL, {"state": "approved"})) == ["十月初圆桌会", "取消了的会", "十月中旬座谈会"]
    assert _rows(client.get(URL, {"state": "waitlisted", "when": "past"})) == []
    page = client.get(URL, {"state": "waitlisted"}).content.decode()
    assert 'href="?state=waitlisted&amp;when=past"' in page  # the other tab keeps the filter
    # A stale or made-up link shows the upcoming tab with every state instead of an error.
    assert len(_rows(client.get(URL, {"state": "nonsense", "when": "yesterday"}))) == 4


def test_only_a_code_that_can_still_be_used_shows_its_qr(setting, ent_user, login) -> None:  # type: ignore[no-untyped-def]
    client = login(ent_user)
    page = client.get(URL).content.decode()
    usable, used, cancelled = setting["later"], setting["soon"], setting["cancelled"]
    assert codes.display(usable.code) in page and f"/dialogues/registrations/{usable.pk}/qr.svg" in page
    for registration in (used, cancelled, setting["waiting"]):
        assert codes.display(registration.code) not in page
        assert f"/dialogues/registrations/{registration.pk}/qr.svg" not in page
    assert "已签到" in page and "会议已取消" in page
    past = client.get(URL, {"when": "past"}).content.decode()
    assert codes.display(setting["past"].code) not in past and "qr.svg" not in past
    for registration in (used, cancelled, setting["past"]):
        assert client.get(f"/dialogues/registrations/{registration.pk}/qr.svg").status_code == 404
    assert client.get(f"/dialogues/registrations/{usable.pk}/qr.svg").status_code == 200


def test_the_meeting_page_shows_no_qr_for_a_used_or_past_code(setting, ent_user, login) -> None:  # type: ignore[no-untyped-def]
    client = login(ent_user)
    used = client.get(f"/dialogues/my/{setting['soon'].meeting_id}/").content.decode()
    assert "checkin-qr" not in used and codes.display(setting["soon"].code) not in used and "已签到" in used
    past = client.get(f"/dialogues/my/{setting['past'].meeting_id}/").content.decode()
    assert "checkin-qr" not in past and "会议已结束，签到码已失效。" in past
    later = client.get(f"/dialogues/my/{setting['later'].meeting_id}/").content.decode()
    assert "checkin-qr" in later and "签到于 10-15 07:00 开始。" in later


def _queries(client, url: str, **query: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, query).status_code == 200
    return len(context)


def test_each_tab_runs_a_fixed_number_of_queries(setting, world, staff, ent_user, login, pin_clock) -> None:  # type: ignore[no-untyped-def]
    client = login(ent_user)
    client.get(URL)  # the first request after logging in also saves the session
    tabs = ({}, {"when": "past"}, {"state": "approved"})
    counts = [_queries(client, URL, **tab) for tab in tabs]
    for n in range(4):  # more of everything: upcoming, past, waitlisted
        meeting = make_meeting(world.district, staff, theme=f"又一场{n}", requires_approval=False,
                               starts_at=local_moment(date(2026, 10, 20 + n), 9))
        actions.register(meeting.pk, acting_user=ent_user)
    assert [_queries(client, URL, **tab) for tab in tabs] == counts
    assert len(client.get(URL).context["page"].items) == 8


def test_a_phone_row_is_compact(setting, ent_user, login) -> None:  # type: ignore[no-untyped-def]
    page = login(ent_user).get(URL).content.decode()
    row = page[page.index(f'id="registration-{setting["later"].pk}"'):]
    row = row[: row.index("</li>")]
    assert "<details" in row and row.index("<details") > row.index("my-reg-title")  # the QR folds away
    assert 'loading="lazy"' in row
    assert "registration-topic" not in row  # the topic is on the meeting's page, not in the list


def test_after_the_end_an_unused_code_is_past_and_shows_no_qr(setting, ent_user, login, pin_clock) -> None:  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 10, 15), 9, 59)  # the meeting (08:00–10:00) is not over yet
    client = login(ent_user)
    assert "十月中旬座谈会" in _rows(client.get(URL)) and codes.display(setting["later"].code) in (
        client.get(URL).content.decode())
    pin_clock(local_moment(date(2026, 10, 15), 10, 0) + timedelta(minutes=1))
    client.logout()
    client = login(ent_user)
    assert "十月中旬座谈会" in _rows(client.get(URL, {"when": "past"}))
    assert client.get(f"/dialogues/registrations/{setting['later'].pk}/qr.svg").status_code == 404

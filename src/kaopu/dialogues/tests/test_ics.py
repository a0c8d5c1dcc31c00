"""The .ics feed (/meetings/feed.ics): RFC 5545 text parsed back — CRLF, lines of at most 75 octets
folded between UTF-8 characters, the required properties in UTC, cancelled meetings as CANCELLED;
drafts, old meetings and other districts left out; anonymous subscribers welcome."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from kaopu.dialogues import actions, ics
from kaopu.dialogues.models import Meeting
from kaopu.dialogues.testing import make_meeting

pytestmark = pytest.mark.django_db
FEED = "/meetings/feed.ics"
LONG_THEME = "民营经济高质量发展与数字化转型中小企业融资难融资贵问题专题座谈暨政企早餐会第三十期特别场次"


def physical_lines(body: bytes) -> list[bytes]:
    assert body.endswith(b"\r\n")
    assert b"\n" not in body.replace(b"\r\n", b""), "a bare LF"
    assert b"\r" not in body.replace(b"\r\n", b""), "a bare CR"
    return body[:-2].split(b"\r\n")


def unfold(lines: list[bytes]) -> list[str]:
    """Logical lines: a line starting with a space continues the previous one (RFC 5545 3.1)."""
    logical: list[bytes] = []
    for line in lines:
        if line.startswith(b" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return [line.decode("utf-8") for line in logical]


def events(text_lines: list[str]) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in text_lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            found.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    return found


def unescape(value: str) -> str:
    return value.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")


def feed(client, **params) -> tuple[list[bytes], list[dict[str, str]]]:  # type: ignore[no-untyped-def]
    response = client.get(FEED, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    lines = physical_lines(response.content)
    logical = unfold(lines)
    assert logical[0] == "BEGIN:VCALENDAR" and logical[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in logical and any(line.startswith("PRODID:") for line in logical)
    return lines, events(logical)


def test_every_line_is_crlf_ended_at_most_75_octets_and_cut_between_utf8_characters(world, staff, client) -> None:
    meeting = make_meeting(world.district, staff, theme=LONG_THEME, venue="区政府第一会议室，三楼；东侧",
                           description="第一行\n第二行：请携带营业执照复印件" * 3)
    lines, found = feed(client)
    assert any(len(line) > 60 for line in lines)
    for line in lines:
        assert len(line) <= 75, line
        line.decode("utf-8")  # raises if a fold split a character
    assert any(line.startswith(b" ") for line in lines), "the long theme must be folded"
    (event,) = found
    assert unescape(event["SUMMARY"]) == f"政企早餐会 第{meeting.number}期：{LONG_THEME}"
    assert unescape(event["LOCATION"]) == "区政府第一会议室，三楼；东侧"
    assert "第一行\n第二行" in unescape(event["DESCRIPTION"])


def test_events_carry_the_required_properties_in_utc(world, staff, client, pin_clock) -> None:
    pin_clock(date(2026, 10, 12))  # the meeting is a week away: the feed holds recent and coming ones
    starts = datetime(2026, 10, 20, 8, 0, tzinfo=timezone.get_current_timezone())
    meeting = make_meeting(world.district, staff, starts_at=starts, ends_at=starts + timedelta(hours=2),
                           theme="早餐会, 含逗号; 和分号")
    _lines, (event,) = feed(client)
    assert event["UID"] == f"meeting-{meeting.pk}@kaopu"
    assert event["DTSTART"] == "20261020T000000Z"  # 08:00 in Shanghai
    assert event["DTEND"] == "20261020T020000Z"
    assert datetime.strptime(event["DTSTAMP"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC) <= timezone.now()
    assert event["SUMMARY"].endswith("早餐会\\, 含逗号\\; 和分号")
    assert event["STATUS"] == "CONFIRMED"
    assert event["URL"] == f"http://testserver/meetings/{meeting.pk}/"


def test_cancelled_meetings_stay_in_the_feed_as_cancelled(world, staff, client) -> None:
    meeting = make_meeting(world.district, staff, theme="将取消的活动")
    actions.cancel_meeting(meeting.pk, acting_user=staff, reason="台风")
    _lines, (event,) = feed(client)
    assert event["STATUS"] == "CANCELLED"
    assert event["UID"] == f"meeting-{meeting.pk}@kaopu"


def test_feed_leaves_out_drafts_old_meetings_and_other_districts(world, staff, far_staff, client) -> None:
    now = timezone.now()
    future = make_meeting(world.district, staff, theme="未来", starts_at=now + timedelta(days=200))
    recent = make_meeting(world.district, staff, theme="上月", starts_at=now - timedelta(days=30),
                          state=Meeting.State.HELD)
    make_meeting(world.district, staff, theme="半年前", starts_at=now - timedelta(days=120), state=Meeting.State.HELD)
    make_meeting(world.district, staff, theme="草稿", state=Meeting.State.DRAFT)
    far = make_meeting(world.far_district, far_staff, theme="别区的")
    _lines, found = feed(client)
    assert {e["UID"] for e in found} == {f"meeting-{recent.pk}@kaopu", f"meeting-{future.pk}@kaopu"}
    _lines, found = feed(client, district=str(world.far_district.pk))
    assert [e["UID"] for e in found] == [f"meeting-{far.pk}@kaopu"]


def test_feed_names_no_registrant(world, staff, ent_user, client) -> None:
    meeting = make_meeting(world.district, staff, requires_approval=False)
    actions.register(meeting.pk, acting_user=ent_user, attendee_names="张三丰", topic="厂房租金问题")
    body = client.get(FEED).content.decode("utf-8")
    for secret in ("张三丰", "厂房租金", world.enterprise_a.name):
        assert secret not in body


@pytest.mark.parametrize("text", ["a" * 200, "测" * 100, "a" + "测" * 50, "ab" + "😀" * 40, "x" * 75, "x" * 76])
def test_fold_keeps_every_piece_within_75_octets_and_loses_nothing(text: str) -> None:
    folded = ics.fold(f"SUMMARY:{text}")
    pieces = folded.split("\r\n")
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert pieces[0] + "".join(piece[1:] for piece in pieces[1:]) == f"SUMMARY:{text}"


def test_a_line_of_exactly_75_octets_is_not_folded() -> None:
    assert ics.fold("X" * 75) == "X" * 75
    assert ics.fold("X" * 72 + "测") == "X" * 72 + "测"  # 72 + 3 octets
    assert ics.fold("X" * 73 + "测") == "X" * 73 + "\r\n 测"


def test_text_values_are_escaped() -> None:
    assert ics.escape_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"

"""iCalendar (RFC 5545) text of a district's meetings, written by hand: the feed that staff and
leaders subscribe to in their own calendar apps (/meetings/feed.ics, kaopu.dialogues.views_public).

Only what RFC 5545 asks of a subscription: CRLF line ends (3.1), lines folded at 75 octets and
never inside a UTF-8 character (a Chinese character is three octets, so folding by characters
would break it in some readers), TEXT values escaped (3.3.11), times in UTC ("…Z", 3.3.5) so that
no VTIMEZONE is needed, and a stable UID per meeting so that an edited or cancelled meeting replaces
its event instead of adding one. A cancelled meeting stays in the feed as STATUS:CANCELLED: a
calendar that already holds it then strikes it out rather than keeping a meeting that will not happen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from kaopu.dialogues.models import Meeting

LINE_OCTETS = 75
CRLF = "\r\n"
PRODID = "-//Kaopu//Dialogues//ZH"


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, every line break as \\n."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def utc_stamp(moment: datetime) -> str:
    """A DATE-TIME in UTC form (20261005T010000Z)."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """``line`` folded into pieces of at most 75 octets (a continuation's leading space counts),
    cut only between characters; the pieces joined by CRLF and a space."""
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    limit = LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, LINE_OCTETS - 1
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return (CRLF + " ").join(pieces)


def _property(name: str, value: str) -> str:
    return fold(f"{name}:{value}")


def event_lines(meeting: Meeting, *, url: str, industries: Iterable[str]) -> list[str]:
    """The VEVENT of one meeting. ``industries`` are the names of its industry sections."""
    title = f"{meeting.kind.name} 第{meeting.number}期：{meeting.theme}"
    description = [title]
    industry_names = list(industries)
    if industry_names:
        description.append("行业：" + "、".join(industry_names))
    if meeting.description.strip():
        description.append(meeting.description.strip())
    description.append(url)
    lines = [
        "BEGIN:VEVENT",
        _property("UID", f"meeting-{meeting.pk}@kaopu"),
        _property("DTSTAMP", utc_stamp(meeting.updated_at)),
        _property("LAST-MODIFIED", utc_stamp(meeting.updated_at)),
        _property("DTSTART", utc_stamp(meeting.starts_at)),
        _property("DTEND", utc_stamp(meeting.ends_at)),
        _property("SUMMARY", escape_text(title)),
        _property("LOCATION", escape_text(meeting.venue)),
        _property("DESCRIPTION", escape_text("\n".join(description))),
        _property("URL", url),
        _property("STATUS", "CANCELLED" if meeting.state == Meeting.State.CANCELLED else "CONFIRMED"),
        "END:VEVENT",
    ]
    return lines


def calendar(meetings: Iterable[Meeting], *, name: str, url_for: Callable[[Meeting], str],
             industries_of: Callable[[Meeting], Iterable[str]]) -> str:
    """The whole VCALENDAR text, CRLF after every line (the last one too)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", _property("PRODID", PRODID), "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", _property("X-WR-CALNAME", escape_text(name)),
             "X-WR-TIMEZONE:Asia/Shanghai"]
    for meeting in meetings:
        lines.extend(event_lines(meeting, url=url_for(meeting), industries=industries_of(meeting)))
    lines.append("END:VCALENDAR")
    return CRLF.join(lines) + CRLF

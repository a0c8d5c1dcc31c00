"""The meeting reports write names and issues that look like formulas as text (core.spreadsheet)."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from kaopu.core.tests.formulas import check_export
from kaopu.dialogues import actions
from kaopu.dialogues.models import MeetingKind, RaisedIssue
from kaopu.dialogues.testing import make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world, staff, pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 9, 28))
    meeting = make_meeting(world.district, staff, theme="导出测试早餐会")
    actions.add_issue(meeting.pk, acting_user=staff, enterprise=world.enterprise_a, summary="融资难，请协调。")
    return meeting


def test_an_issue_starting_like_a_formula_is_exported_as_text(login, staff, meeting) -> None:  # type: ignore[no-untyped-def]
    client = login(staff)

    check_export(lambda: client.get(f"/dialogues/{meeting.pk}/report.xlsx"),
                 lambda text: RaisedIssue.objects.filter(meeting=meeting).update(summary=text))


@pytest.mark.parametrize("report", ["series", "year"])
def test_a_meeting_kind_starting_like_a_formula_is_exported_as_text(login, staff, meeting, report) -> None:  # type: ignore[no-untyped-def]
    client = login(staff)
    year = timezone.localtime(meeting.starts_at).year
    url = (f"/dialogues/reports/series.xlsx?kind={meeting.kind_id}&year={year}" if report == "series"
           else f"/dialogues/reports/year.xlsx?year={year}")
    kind = MeetingKind.objects.get(pk=meeting.kind_id)

    def rename(text: str) -> None:
        # The title of a meeting's row starts with its kind's name: "早餐会第1期 · 主题".
        MeetingKind.objects.filter(pk=kind.pk).update(name=text)

    check_export(lambda: client.get(url), rename)

"""The demo is generated relative to the day it is loaded and is believable on any day: on a leap day of a
year the holiday library does not know, and on New Year's Eve with next year not entered yet."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from kaopu.appeals.models import Appeal
from kaopu.appeals.workflow import OPEN_STATES
from kaopu.core import workdays
from kaopu.core.management.commands.demo import load_demo
from kaopu.dialogues.models import Meeting
from kaopu.finance.models import FinancingDemand
from kaopu.legal.models import LegalRequest


@pytest.mark.parametrize(("day", "hour", "missing"), [
    (date(2028, 2, 29), 10, [2028]),  # the library (capped at 2026) knows neither 2027 nor 2028
    (date(2026, 12, 31), 23, [2027]),  # next year not entered, from 1 November on
])
def test_the_demo_loads_and_holds_together_on_any_day(db, pin_clock, library_until, day, hour, missing) -> None:  # type: ignore[no-untyped-def]
    library_until(2026)
    pin_clock(day, hour=hour)
    assert load_demo()
    now = timezone.now()  # the clock ticks on while the demo loads
    assert workdays.missing_years() == missing

    call_command("kpi", "check", stdout=io.StringIO())  # the measures' rollup agrees with the appeals
    call_command("audit", "verify", stdout=io.StringIO())  # raises SystemExit(1) on a broken chain

    appeals = Appeal.objects.all()
    assert set(OPEN_STATES) | {"closed"} <= set(appeals.values_list("state", flat=True))
    assert not appeals.filter(created_at__gt=now).exists()
    # Every open deadline says whether it was counted over a year nobody entered.
    for due_from, due_on, provisional in appeals.filter(state__in=OPEN_STATES, due_on__isnull=False).values_list(
            "due_from", "due_on", "due_provisional"):
        assert due_from <= due_on
        assert provisional == (due_on.year > 2026 and due_on > due_from)
    # Replies counted over 2027 or 2028 are marked for recounting, the others are not.
    for created, provisional in appeals.filter(first_reply_days__isnull=False).values_list(
            "created_at", "first_reply_provisional"):
        if timezone.localdate(created).year > 2026:
            assert provisional

    assert Meeting.objects.filter(starts_at__gt=now).exists(), "no upcoming meeting to register for"
    assert Meeting.objects.filter(starts_at__lt=now, state=Meeting.State.HELD).exists()
    assert not FinancingDemand.objects.filter(created_at__gt=now).exists()
    assert not LegalRequest.objects.filter(created_at__gt=now).exists()
    assert FinancingDemand.objects.filter(created_at__gte=now - timedelta(days=30)).exists()

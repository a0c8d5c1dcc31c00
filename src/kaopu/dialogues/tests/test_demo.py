"""The demo's meetings (kaopu.dialogues.demo, loaded by `kaopu demo` after the appeals' demo)."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from kaopu.accounts.roles import Role
from kaopu.appeals.models import Appeal, Event, KpiCell
from kaopu.core.management.commands import demo as demo_command
from kaopu.core.testing import loaded_once
from kaopu.dialogues import actions, demo, selectors
from kaopu.dialogues.models import Meeting, RaisedIssue, Registration
from kaopu.directory.models import District

R = Registration.State


@pytest.fixture(scope="module")
def demo_district(django_db_setup, django_db_blocker, tmp_path_factory) -> District:  # type: ignore[no-untyped-def]
    """The whole demo, loaded once for this module, with this app's loader timed on its own."""
    spent: list[float] = []

    def timed_loader(district: District) -> None:
        started = time.perf_counter()
        demo.load_demo(district)
        spent.append(time.perf_counter() - started)

    def load() -> District:
        loaders = [timed_loader if loader is demo.load_demo else loader
                   for loader in demo_command.feature_demo_loaders()]
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(demo_command, "feature_demo_loaders", lambda: loaders)
            demo_command.load_demo()
        district = District.objects.get(name="普陀区")
        district.demo_seconds = spent[0]  # type: ignore[attr-defined]
        return district

    with loaded_once(django_db_blocker, tmp_path_factory.mktemp("media"), load) as district:
        yield district


@pytest.fixture
def loaded(demo_district, db) -> District:  # type: ignore[no-untyped-def]
    return demo_district


def _breakfasts(district: District):  # type: ignore[no-untyped-def]
    return Meeting.objects.filter(district=district, kind__name="政企早餐会")


def test_thirty_breakfast_meetings_held_over_two_years(loaded):  # type: ignore[no-untyped-def]
    held = _breakfasts(loaded).filter(state=Meeting.State.HELD).order_by("number")
    assert list(held.values_list("number", flat=True)) == list(range(1, 31))
    first, last = held.first(), held.last()
    now = timezone.now()
    assert timedelta(days=690) < now - first.starts_at < timedelta(days=740)
    assert timedelta(days=0) < now - last.starts_at < timedelta(days=40)
    assert len(set(held.values_list("theme", flat=True))) == 30
    assert held.filter(theme="生物医药企业专场", industries__code="C").exists()
    assert all(meeting.minutes and "二、企业反映的问题" in meeting.minutes for meeting in held)
    # ids follow the order in which the meetings were held (lists are newest first by id)
    assert list(held.values_list("id", flat=True)) == sorted(held.values_list("id", flat=True))


def test_each_held_breakfast_has_8_to_15_registrations_mostly_checked_in(loaded):  # type: ignore[no-untyped-def]
    for meeting in _breakfasts(loaded).filter(state=Meeting.State.HELD):
        rows = list(meeting.registrations.all())
        assert 8 <= len(rows) <= 15, meeting
        approved = [row for row in rows if row.state == R.APPROVED]
        assert sum(row.seats for row in approved) <= meeting.capacity
        assert sum(1 for row in approved if row.checked_in_at) >= 0.7 * len(approved)
        assert all(row.created_at < meeting.starts_at for row in rows)
    states = set(Registration.objects.filter(meeting__state=Meeting.State.HELD).values_list("state", flat=True))
    assert {R.APPROVED, R.CANCELLED, R.WAITLISTED} <= states


def test_issues_of_the_last_year_are_the_breakfast_appeals(loaded):  # type: ignore[no-untyped-def]
    first_appeal = Appeal.objects.order_by("created_at").values_list("created_at", flat=True).first()
    live = _breakfasts(loaded).filter(state=Meeting.State.HELD, starts_at__gte=first_appeal)
    assert live.count() >= 12
    for meeting in live.annotate(n=Count("issues"), linked=Count("issues", filter=Q(issues__appeal__isnull=False))):
        assert 2 <= meeting.n <= 5 and meeting.linked == meeting.n, meeting
    linked = Appeal.objects.filter(source_meeting__isnull=False)
    assert not linked.exclude(source="breakfast").filter(source_meeting__kind__name="政企早餐会").exists()
    assert not linked.filter(created_at__lt=F("source_meeting__ends_at")).exists()
    assert set(linked.values_list("pk", flat=True)) == set(
        RaisedIssue.objects.filter(appeal__isnull=False).values_list("appeal_id", flat=True))
    # whoever raised an issue came to the meeting
    for issue in RaisedIssue.objects.all():
        assert Registration.objects.filter(meeting_id=issue.meeting_id, enterprise_id=issue.enterprise_id,
                                           checked_in_at__isnull=False).exists()
    # an appeal raised at a meeting is recorded by FIC staff, who submitted it
    assert not Appeal.objects.exclude(source="online").filter(created_by__role=Role.ENTERPRISE_USER).exists()
    assert not Event.objects.filter(appeal__source_meeting__isnull=False, action="submit",
                                    actor__role=Role.ENTERPRISE_USER).exists()
    # the measures count appeals by source: the rollup was rebuilt after re-sourcing
    breakfast = Appeal.objects.filter(district=loaded, source="breakfast").count()
    cells = KpiCell.objects.filter(district=loaded, dimension="source", key="breakfast")
    assert cells.aggregate(n=Sum("submitted"))["n"] == breakfast


def test_meetings_before_kaopu_went_live_have_issues_without_appeals(loaded):  # type: ignore[no-untyped-def]
    oldest = _breakfasts(loaded).get(number=1)
    assert 2 <= oldest.issues.count() <= 5
    assert not oldest.issues.filter(appeal__isnull=False).exists()


def test_roundtables_runs_and_the_follow_up_report(loaded):  # type: ignore[no-untyped-def]
    assert Meeting.objects.filter(kind__name="民营企业圆桌会议", state=Meeting.State.HELD).count() == 3
    assert Meeting.objects.filter(kind__name="靠谱跑", state=Meeting.State.HELD).count() == 2
    meeting = _breakfasts(loaded).get(number=30)
    report = selectors.followup_report(meeting)
    assert report.appeals == meeting.issues.count() and report.attended >= 2


def test_two_upcoming_meetings_take_registrations(loaded):  # type: ignore[no-untyped-def]
    open_meetings = list(Meeting.objects.filter(district=loaded, state=Meeting.State.OPEN).order_by("starts_at"))
    assert len(open_meetings) == 2
    soon, later = open_meetings
    assert soon.starts_at > timezone.now() and not soon.requires_approval
    assert actions.seats_left(soon) == 1
    assert soon.registrations.filter(state=R.WAITLISTED).count() == 2
    assert later.registrations.filter(state=R.PENDING).count() >= 3
    # qiye1 can register for the last seat (no approval needed)
    from kaopu.accounts.models import User

    registration = actions.register(soon.pk, acting_user=User.objects.get(username="qiye1"))
    assert registration.state == R.APPROVED and actions.seats_left(soon) == 0


def test_demo_loads_fast_and_the_same_way_twice(loaded):  # type: ignore[no-untyped-def]
    assert loaded.demo_seconds < 5
    before = list(Meeting.objects.order_by("id").values_list("theme", "starts_at", "capacity"))
    demo.load_demo(loaded)  # a second call adds nothing
    assert list(Meeting.objects.order_by("id").values_list("theme", "starts_at", "capacity")) == before

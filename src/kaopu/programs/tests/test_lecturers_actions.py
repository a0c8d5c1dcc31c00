"""The lecturers' group and their bookings: who adds and books whom for which event, the answers (by the
lecturer's account or by staff on their behalf), cancelling, the overlap warning, the notifications,
and the database's rule that a booking names exactly one event."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaopu.audit.models import AuditEntry
from kaopu.core.testing import local_moment
from kaopu.notifications.models import Notification
from kaopu.programs import actions_lecturers as lec
from kaopu.programs.actions_lecturers import LecturerError
from kaopu.programs.models import Activity, Booking, Lecturer
from kaopu.programs.tests.lectsites import DAY, coming_activity, coming_session, make_lecturer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pinned(pin_clock, types):  # type: ignore[no-untyped-def]
    pin_clock(DAY)


@pytest.fixture
def speaker(staff, ent_user, world):  # type: ignore[no-untyped-def]
    """An entrepreneur lecturer whose account is the enterprise user ent_user."""
    return make_lecturer(staff, name="李明", kind="entrepreneur", enterprise=world.enterprise_a.pk,
                         account=ent_user.username, topics="数字化转型\n青年企业家成长")


def book(user, lecturer, event, topic="数字化转型实践"):  # type: ignore[no-untyped-def]
    kind = "training_session" if event.__class__.__name__ == "TrainingSession" else "activity"
    return lec.request_booking(acting_user=user, lecturer=lecturer, topic=topic, **{kind: event.pk})


# --- the group ---------------------------------------------------------------------------------------------

def test_staff_add_a_lecturer_with_an_account_of_the_district(speaker, ent_user):  # type: ignore[no-untyped-def]
    assert speaker.user == ent_user and speaker.is_active
    assert AuditEntry.objects.filter(action="create", summary="新增讲师“李明”").exists()


@pytest.mark.parametrize(("values", "words"), [
    ({"kind": "entrepreneur"}, "企业家讲师须填写所在企业"),
    ({"account": "far_staff"}, "不是本区在用的企业用户或律师"),
    ({"account": "handler"}, "不是本区在用的企业用户或律师"),
    ({"topics": ""}, "讲授专题：此项必填"),
])
def test_a_lecturer_is_refused_for_bad_input(staff, values, words):  # type: ignore[no-untyped-def]
    with pytest.raises(LecturerError) as refused:
        make_lecturer(staff, **values)
    assert words in refused.value.message and not Lecturer.objects.exists()


def test_an_account_serves_one_lecturer_and_only_staff_edit_the_group(staff, speaker, ent_user, chamber_officer,  # type: ignore[no-untyped-def]
                                                                      far_staff):
    with pytest.raises(LecturerError, match="已是讲师李明的账号"):
        make_lecturer(staff, name="张三", account=ent_user.username)
    with pytest.raises(LecturerError):
        make_lecturer(chamber_officer)
    with pytest.raises(Http404):
        lec.set_lecturer_active(speaker, acting_user=far_staff, active=False)
    lec.set_lecturer_active(speaker, acting_user=staff, active=False)
    with pytest.raises(LecturerError, match="已退出讲师团"):
        lec.set_lecturer_active(speaker, acting_user=staff, active=False)
    assert AuditEntry.objects.filter(summary="退出讲师团：讲师“李明”").exists()


# --- booking -----------------------------------------------------------------------------------------------

def test_staff_book_for_an_activity_and_the_lecturer_is_told(staff, speaker, ent_user,  # type: ignore[no-untyped-def]
                                                             django_capture_on_commit_callbacks):
    activity = coming_activity(staff, title="民营企业发展论坛")
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(staff, speaker, activity)
    assert (booking.state, booking.requested_by, booking.district_id) == ("requested", staff, activity.district_id)
    note = Notification.objects.get(user=ent_user)
    assert "民营企业发展论坛" in note.title and note.url == "/programs/invitations/"
    assert AuditEntry.objects.filter(
        summary="预约讲师“李明”在「民营企业发展论坛」（2026-09-25）主讲“数字化转型实践”").exists()


def test_an_officer_books_for_their_own_chambers_activity_only(staff, speaker, chamber, chamber_officer,  # type: ignore[no-untyped-def]
                                                              other_chamber_officer):
    ours = coming_activity(chamber_officer)
    theirs = coming_activity(other_chamber_officer)
    fic = coming_activity(staff)
    assert book(chamber_officer, speaker, ours).activity == ours
    for activity in (theirs, fic):
        with pytest.raises(Http404):
            book(chamber_officer, speaker, activity)
    with pytest.raises(LecturerError, match="只有区工商联工作人员为培训课程预约讲师"):
        book(chamber_officer, speaker, coming_session(staff.organisation.district))


def test_staff_book_for_a_training_session_of_their_district_only(staff, far_staff, speaker, world):  # type: ignore[no-untyped-def]
    session = coming_session(world.district)
    booking = book(staff, speaker, session)
    assert booking.training_session == session and booking.activity is None
    far_lecturer = make_lecturer(far_staff, name="静安讲师")
    with pytest.raises(Http404):
        book(far_staff, far_lecturer, session)
    with pytest.raises(Http404):
        book(far_staff, speaker, coming_activity(far_staff))


def test_a_booking_is_refused_for_a_retired_lecturer_a_past_event_or_twice(staff, speaker):  # type: ignore[no-untyped-def]
    activity = coming_activity(staff)
    book(staff, speaker, activity)
    with pytest.raises(LecturerError, match="已有未结束的预约"):
        book(staff, speaker, activity)
    past = coming_activity(staff, days=-1)
    with pytest.raises(LecturerError, match="已经开始"):
        book(staff, speaker, past)
    with pytest.raises(LecturerError, match="请选择一项活动或一节培训课程"):
        lec.request_booking(acting_user=staff, lecturer=speaker, topic="x")
    lec.set_lecturer_active(speaker, acting_user=staff, active=False)
    with pytest.raises(LecturerError, match="已退出讲师团"):
        book(staff, speaker, coming_activity(staff, days=20))


def test_the_database_holds_a_booking_to_exactly_one_event(staff, speaker, world):  # type: ignore[no-untyped-def]
    activity, session = coming_activity(staff), coming_session(world.district)
    for events in ({}, {"activity": activity, "training_session": session}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Booking.objects.create(district=world.district, lecturer=speaker, topic="x", requested_by=staff, **events)


# --- answers -----------------------------------------------------------------------------------------------

def test_the_lecturer_accepts_their_own_booking_and_the_requester_is_told(  # type: ignore[no-untyped-def]
        staff, speaker, ent_user, django_capture_on_commit_callbacks):
    booking = book(staff, speaker, coming_activity(staff))
    with django_capture_on_commit_callbacks(execute=True):
        result = lec.accept_booking(booking.pk, acting_user=ent_user)
    assert (result.booking.state, result.booking.answered_by, result.overlaps) == ("accepted", ent_user, [])
    assert Notification.objects.filter(user=staff, title__contains="李明").exists()
    entry = AuditEntry.objects.filter(summary__startswith="接受预约").get()
    assert "工作人员代为答复" not in entry.summary
    with pytest.raises(LecturerError, match="已接受"):
        lec.decline_booking(booking.pk, acting_user=ent_user, reason="时间冲突")


def test_only_the_lecturer_or_staff_answer_and_staff_answers_are_marked(staff, speaker, other_ent_user,  # type: ignore[no-untyped-def]
                                                                       chamber, chamber_officer):
    booking = book(chamber_officer, speaker, coming_activity(chamber_officer))
    with pytest.raises(Http404):  # another enterprise user does not even see it
        lec.accept_booking(booking.pk, acting_user=other_ent_user)
    with pytest.raises(LecturerError, match="只有讲师本人或区工商联工作人员"):
        lec.accept_booking(booking.pk, acting_user=chamber_officer)
    with pytest.raises(LecturerError, match="谢绝原因：此项必填"):
        lec.decline_booking(booking.pk, acting_user=staff, reason=" ")
    lec.decline_booking(booking.pk, acting_user=staff, reason="当天在外地出差")
    booking.refresh_from_db()
    assert (booking.state, booking.answered_by, booking.decline_reason) == ("declined", staff, "当天在外地出差")
    assert AuditEntry.objects.filter(summary__endswith="原因：当天在外地出差（工作人员代为答复）").exists()


def test_another_lecturers_account_cannot_answer(staff, speaker, lawyer):  # type: ignore[no-untyped-def]
    make_lecturer(staff, name="赵律师", account=lawyer.username)
    booking = book(staff, speaker, coming_activity(staff))
    with pytest.raises(Http404):
        lec.accept_booking(booking.pk, acting_user=lawyer)


def test_the_requester_cancels_and_a_cancelled_booking_cannot_be_answered(  # type: ignore[no-untyped-def]
        staff, speaker, ent_user, chamber, chamber_officer, other_chamber_officer, django_capture_on_commit_callbacks):
    booking = book(chamber_officer, speaker, coming_activity(chamber_officer))
    with pytest.raises(Http404):
        lec.cancel_booking(booking.pk, acting_user=other_chamber_officer)
    with pytest.raises(LecturerError, match="只有预约人"):
        lec.cancel_booking(booking.pk, acting_user=ent_user)
    with django_capture_on_commit_callbacks(execute=True):
        lec.cancel_booking(booking.pk, acting_user=chamber_officer)
    assert Notification.objects.filter(user=ent_user, kind="programs.booking_cancelled").exists()
    with pytest.raises(LecturerError, match="已取消"):
        lec.accept_booking(booking.pk, acting_user=ent_user)
    with pytest.raises(LecturerError, match="已取消"):
        lec.cancel_booking(booking.pk, acting_user=chamber_officer)


def test_accepting_an_overlapping_talk_warns_but_is_allowed(staff, speaker, ent_user):  # type: ignore[no-untyped-def]
    first = coming_activity(staff, title="上午论坛", hour=9)
    first.ends_at = first.starts_at + timedelta(hours=3)
    first.save(update_fields=["ends_at"])
    lec.accept_booking(book(staff, speaker, first), acting_user=ent_user)
    clash = coming_activity(staff, title="午间沙龙", hour=11)
    later = coming_activity(staff, title="下午培训", hour=14)
    result = lec.accept_booking(book(staff, speaker, clash), acting_user=ent_user)
    assert [o.activity.title for o in result.overlaps] == ["上午论坛"] and result.booking.state == "accepted"
    assert lec.accept_booking(book(staff, speaker, later), acting_user=ent_user).overlaps == []


def test_overlaps_are_found_whatever_the_start_hour(staff, speaker, ent_user):  # type: ignore[no-untyped-def]
    """An event without an end lasts two hours for the warning."""
    base = coming_activity(staff, hour=10)
    lec.accept_booking(book(staff, speaker, base), acting_user=ent_user)
    for hour, clashes in ((8, False), (9, True), (11, True), (12, False)):
        other = coming_activity(staff, hour=hour, title=f"{hour}点")
        booking = book(staff, speaker, other)
        assert bool(lec._overlapping(booking)) is clashes, hour


# The fixtures are made once; each example deletes the previous example's bookings and activities.
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(talks=st.lists(st.tuples(st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=10)),
                      min_size=1, max_size=5),
       new=st.tuples(st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=10)))
def test_the_overlap_warning_names_exactly_the_accepted_talks_that_intersect(talks, new, staff, speaker,  # type: ignore[no-untyped-def]
                                                                           ent_user):
    """Talks in half hours from 08:00 of one day (start, length; length 0: no end, counted as two hours)."""
    Booking.objects.all().delete()
    Activity.objects.all().delete()
    day = DAY + timedelta(days=5)

    def event(start: int, length: int, title: str) -> Activity:
        activity = coming_activity(staff, days=5, hour=8, title=title)
        activity.starts_at = local_moment(day, 8) + timedelta(minutes=30 * start)
        activity.ends_at = activity.starts_at + timedelta(minutes=30 * length) if length else None
        activity.save(update_fields=["starts_at", "ends_at"])
        return activity

    def span(start: int, length: int) -> tuple[int, int]:
        return start, start + (length or 4)

    for n, (start, length) in enumerate(talks):
        lec.accept_booking(book(staff, speaker, event(start, length, f"讲座{n}")), acting_user=ent_user)
    booking = book(staff, speaker, event(*new, "新讲座"))
    low, high = span(*new)
    expected = {f"讲座{n}" for n, talk in enumerate(talks) if span(*talk)[0] < high and span(*talk)[1] > low}
    assert {other.activity.title for other in lec._overlapping(booking)} == expected

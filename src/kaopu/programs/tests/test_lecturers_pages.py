"""The lecturers' pages: the group's search, a fixed number of queries at two sizes for the list and a
lecturer's history, booking and answering through the pages, the lecturer's own invitations and start
page, and a 404 for every page and booking that is not the user's, even by guessing ids."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaopu.programs import actions_lecturers as lec
from kaopu.programs.models import Booking, Lecturer
from kaopu.programs.tests.lectsites import DAY, coming_activity, make_lecturer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pinned(pin_clock, types):  # type: ignore[no-untyped-def]
    pin_clock(DAY)


@pytest.fixture
def speaker(staff, ent_user, world):  # type: ignore[no-untyped-def]
    return make_lecturer(staff, name="李明", kind="entrepreneur", enterprise=world.enterprise_a.pk,
                         account=ent_user.username, topics="数字化转型\n青年企业家成长")


def count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def many_bookings(staff, lecturer, n: int) -> None:  # type: ignore[no-untyped-def]
    activity = coming_activity(staff)
    Booking.objects.bulk_create(Booking(district_id=staff.district_id, lecturer=lecturer, activity=activity,
                                        topic=f"专题{i}", state="declined", decline_reason="另有安排",
                                        requested_by=staff, answered_by=staff) for i in range(n))


def test_the_group_is_searched_by_name_or_topic_and_an_officer_sees_the_active_only(  # type: ignore[no-untyped-def]
        staff, speaker, chamber_officer, login):
    retired = make_lecturer(staff, name="周老师", topics="党史学习教育")
    lec.set_lecturer_active(retired, acting_user=staff, active=False)
    client = login(staff)
    names = lambda url, **q: [r.name for r in client.get(url, q).context["rows"]]  # noqa: E731
    url = reverse("programs:lecturer_list")
    assert names(url) == ["周老师", "李明"] or names(url) == ["李明", "周老师"]
    assert names(url, q="数字化") == ["李明"] and names(url, q="周") == ["周老师"]
    assert names(url, active="no") == ["周老师"] and names(url, kind="entrepreneur") == ["李明"]
    client = login(chamber_officer)
    assert names(reverse("programs:chamber_lecturers")) == ["李明"]
    assert client.get(reverse("programs:lecturer_detail", args=[retired.pk])).status_code == 404
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("persona", ["staff", "leader", "chamber_officer"])
def test_the_list_and_a_history_keep_a_fixed_number_of_queries(persona, request, staff, speaker, chamber, login):  # type: ignore[no-untyped-def]
    user = request.getfixturevalue(persona)
    client = login(user)
    url = reverse("programs:chamber_lecturers" if persona == "chamber_officer" else "programs:lecturer_list")
    detail = reverse("programs:lecturer_detail", args=[speaker.pk])
    many_bookings(staff, speaker, 2)
    client.get(url)
    small = [count(client, url), count(client, detail)]
    for i in range(20):
        make_lecturer(staff, name=f"讲师{i}")
    many_bookings(staff, speaker, 60)
    large = [count(client, url), count(client, detail)]
    assert small == large and max(large) <= 20


def test_staff_book_through_the_page_and_the_lecturer_answers_from_their_invitations(  # type: ignore[no-untyped-def]
        staff, speaker, ent_user, login):
    activity = coming_activity(staff, title="民营企业发展论坛")
    client = login(staff)
    form = client.get(reverse("programs:lecturer_detail", args=[speaker.pk]), {"activity": activity.pk})
    assert f'value="a{activity.pk}" selected' in form.content.decode()
    response = client.post(reverse("programs:booking_new", args=[speaker.pk]),
                           {"event": f"a{activity.pk}", "topic": "数字化转型实践", "note": "约 40 分钟"})
    booking = Booking.objects.get()
    assert response.status_code == 302 and booking.topic == "数字化转型实践"
    lecturer_client = login(ent_user)
    home = lecturer_client.get(reverse("core:home")).content.decode()
    assert "我的讲课邀请" in home and "民营企业发展论坛" in home
    page = lecturer_client.get(reverse("programs:my_invitations")).content.decode()
    assert "数字化转型实践" in page and "约 40 分钟" in page
    lecturer_client.post(reverse("programs:booking_accept", args=[booking.pk]), {"next": "invitations"})
    booking.refresh_from_db()
    assert (booking.state, booking.answered_by) == ("accepted", ent_user)
    history = login(staff).get(reverse("programs:lecturer_detail", args=[speaker.pk])).content.decode()
    assert "已接受" in history and "民营企业发展论坛" in history


def test_a_declined_answer_needs_its_reason_on_the_page(staff, speaker, ent_user, login):  # type: ignore[no-untyped-def]
    booking = lec.request_booking(acting_user=staff, lecturer=speaker, topic="专题", activity=coming_activity(staff).pk)
    client = login(ent_user)
    client.post(reverse("programs:booking_decline", args=[booking.pk]), {"reason": ""})
    booking.refresh_from_db()
    assert booking.state == "requested"
    client.post(reverse("programs:booking_decline", args=[booking.pk]), {"reason": "出差"})
    booking.refresh_from_db()
    assert (booking.state, booking.decline_reason) == ("declined", "出差")


def test_a_user_who_is_no_lecturer_has_no_invitations_page_nor_panel(ent_user, other_ent_user, speaker, login):  # type: ignore[no-untyped-def]
    client = login(other_ent_user)
    assert client.get(reverse("programs:my_invitations")).status_code == 404
    assert "我的讲课邀请" not in client.get(reverse("core:home")).content.decode()


def test_every_page_and_booking_of_another_district_or_chamber_answers_404(  # type: ignore[no-untyped-def]
        staff, far_staff, speaker, chamber, chamber_officer, other_chamber_officer, other_ent_user, leader, login):
    ours = lec.request_booking(acting_user=chamber_officer, lecturer=speaker, topic="专题",
                               activity=coming_activity(chamber_officer).pk)
    theirs_activity = coming_activity(other_chamber_officer)
    for user in (far_staff, other_chamber_officer, other_ent_user):
        client = login(user)
        assert client.get(reverse("programs:lecturer_detail", args=[speaker.pk])).status_code == (
            200 if user == other_chamber_officer else 404)
        for name in ("programs:booking_accept", "programs:booking_decline", "programs:booking_cancel"):
            assert client.post(reverse(name, args=[ours.pk]), {"reason": "x"}).status_code == 404, (user, name)
    client = login(far_staff)
    for name in ("programs:lecturer_edit", "programs:lecturer_active", "programs:booking_new"):
        assert client.post(reverse(name, args=[speaker.pk]), {"name": "x", "active": "0"}).status_code == 404
    # An officer may not book for another chamber's activity through the form either.
    client = login(chamber_officer)
    client.post(reverse("programs:booking_new", args=[speaker.pk]),
                {"event": f"a{theirs_activity.pk}", "topic": "x"})
    assert not Booking.objects.filter(activity=theirs_activity).exists()
    # The other chamber's officer reads the lecturer but none of our chamber's bookings.
    page = login(other_chamber_officer).get(reverse("programs:lecturer_detail", args=[speaker.pk]))
    assert list(page.context["page"].items) == []
    assert login(leader).post(reverse("programs:booking_cancel", args=[ours.pk])).status_code == 404
    ours.refresh_from_db()
    assert ours.state == "requested"
    speaker.refresh_from_db()
    assert speaker.name == "李明" and speaker.is_active and Lecturer.objects.count() == 1


def test_the_cohort_page_names_the_lecturers_who_accepted_its_sessions(staff, speaker, world, login):
    from kaopu.programs.tests.lectsites import coming_session

    first = coming_session(world.district, days=12)
    second = coming_session(world.district, days=19)
    other = make_lecturer(staff, name="周文", topics="财税政策")
    lec.accept_booking(lec.request_booking(acting_user=staff, lecturer=speaker, topic="青年企业家成长",
                                           training_session=first), acting_user=staff)
    lec.decline_booking(lec.request_booking(acting_user=staff, lecturer=other, topic="财税政策",
                                            training_session=second), acting_user=staff, reason="另有安排")
    client = login(staff)
    url = reverse("programs:training_cohort", args=[first.cohort_id])
    client.get(url)  # warm: the session, the menu's cached badges
    small = count(client, url)
    page = client.get(url).content.decode()
    assert "李明" in page and reverse("programs:lecturer_detail", args=[speaker.pk]) in page
    assert "周文" not in page  # declined: not on the curriculum
    lec.accept_booking(lec.request_booking(acting_user=staff, lecturer=other, topic="数字化", training_session=second),
                       acting_user=staff)
    assert count(client, url) == small
    assert "周文" in client.get(url).content.decode()

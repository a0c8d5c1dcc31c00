"""The enterprise's meeting pages (/dialogues/my/): open meetings of its district, registering with
clear refusals, its registrations with the waitlist place and the check-in code, cancelling (which
moves the waitlist up); 404 for every other role and for another enterprise's registration."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kaopu.dialogues import actions, codes
from kaopu.dialogues.models import Meeting, Registration
from kaopu.dialogues.testing import make_meeting

pytestmark = pytest.mark.django_db
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
R = Registration.State


def test_list_shows_open_meetings_of_the_enterprises_district_only(world, staff, far_staff, ent_user, login) -> None:
    shown = make_meeting(world.district, staff, theme="开放报名的")
    make_meeting(world.district, staff, theme="草稿的", state=Meeting.State.DRAFT)
    make_meeting(world.district, staff, theme="已截止的", state=Meeting.State.CLOSED)
    make_meeting(world.far_district, far_staff, theme="别区的")
    response = login(ent_user).get("/dialogues/my/")
    assert response.status_code == 200
    assert [m.pk for m in response.context["page"].items] == [shown.pk]
    page = response.content.decode()
    assert "草稿的" not in page and "别区的" not in page


def test_registering_through_the_page_needs_approval_and_shows_the_state(world, staff, ent_user, login) -> None:
    meeting = make_meeting(world.district, staff, seats_per_enterprise=2)
    client = login(ent_user)
    response = client.post(f"/dialogues/my/{meeting.pk}/", {"seats": "2", "attendee_names": "张三、李四",
                                                            "topic": "融资难"})
    assert response.status_code == 302
    registration = Registration.objects.get(meeting=meeting)
    assert (registration.enterprise, registration.state, registration.seats, registration.topic) == (
        world.enterprise_a, R.PENDING, 2, "融资难")
    page = client.get(f"/dialogues/my/{meeting.pk}/", **ENGLISH).content.decode()
    assert "waiting for approval" in page and 'id="register-form"' not in page
    assert "topic to raise：融资难" in page  # what it told staff, shown back
    assert 'class="card has-registration"' in page  # first on a phone
    assert registration.code not in page and codes.display(registration.code) not in page  # not approved yet


def test_too_many_attendees_is_refused_with_the_field_named(world, staff, ent_user, login) -> None:
    meeting = make_meeting(world.district, staff, seats_per_enterprise=2)
    response = login(ent_user).post(f"/dialogues/my/{meeting.pk}/", {"seats": "3"}, **ENGLISH)
    assert response.status_code == 200
    assert "Attendees：At most 2 people per enterprise may come to this meeting." in response.content.decode()
    assert not Registration.objects.exists()
    response = login(ent_user).post(f"/dialogues/my/{meeting.pk}/", {"seats": "两个"})
    assert "参会人数：" in response.content.decode()
    assert not Registration.objects.exists()


def test_registration_after_the_closing_time_is_refused(world, staff, ent_user, login) -> None:
    meeting = make_meeting(world.district, staff, registration_closes_at=timezone.now() - timedelta(minutes=1))
    client = login(ent_user)
    page = client.get(f"/dialogues/my/{meeting.pk}/", **ENGLISH).content.decode()
    assert 'id="register-form"' not in page and "Registration for this meeting has closed." in page
    response = client.post(f"/dialogues/my/{meeting.pk}/", {"seats": "1"}, follow=True, **ENGLISH)
    assert "This meeting does not take registrations now." in response.content.decode()
    assert not Registration.objects.exists()


def test_a_full_meeting_puts_the_enterprise_on_the_waitlist_with_its_place(world, staff, ent_user, other_ent_user,
                                                                           login) -> None:
    meeting = make_meeting(world.district, staff, capacity=1, requires_approval=False)
    first = actions.register(meeting.pk, acting_user=other_ent_user)
    assert first.state == R.APPROVED
    client = login(ent_user)
    client.post(f"/dialogues/my/{meeting.pk}/", {"seats": "1"})
    mine = Registration.objects.get(meeting=meeting, enterprise=world.enterprise_a)
    assert mine.state == R.WAITLISTED
    response = client.get("/dialogues/my/registrations/", **ENGLISH)
    (row,) = response.context["page"].items
    assert row.waitlist_place == 1
    assert "Place 1 on the waitlist" in response.content.decode()
    # The approved one cancels: the waitlisted enterprise moves up and sees its code and QR image.
    actions.cancel_registration(first.pk, acting_user=other_ent_user)
    page = client.get("/dialogues/my/registrations/").content.decode()
    mine.refresh_from_db()
    assert mine.state == R.APPROVED
    assert codes.display(mine.code) in page
    assert f'src="/dialogues/registrations/{mine.pk}/qr.svg"' in page
    assert client.get(f"/dialogues/registrations/{mine.pk}/qr.svg").status_code == 200


def test_cancelling_through_the_page_frees_the_seat_for_the_waitlist(world, staff, ent_user, other_ent_user,
                                                                    login) -> None:
    meeting = make_meeting(world.district, staff, capacity=1, requires_approval=False)
    mine = actions.register(meeting.pk, acting_user=ent_user)
    theirs = actions.register(meeting.pk, acting_user=other_ent_user)
    assert theirs.state == R.WAITLISTED
    response = login(ent_user).post(f"/dialogues/my/registrations/{mine.pk}/cancel/", {"next": "list"})
    assert response.status_code == 302 and response["Location"] == "/dialogues/my/registrations/"
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.state, theirs.state) == (R.CANCELLED, R.APPROVED)
    # Cancelling twice says why instead of failing.
    response = login(ent_user).post(f"/dialogues/my/registrations/{mine.pk}/cancel/", follow=True, **ENGLISH)
    assert "already" in response.content.decode()


def test_another_enterprises_registration_is_404(world, staff, ent_user, other_ent_user, login) -> None:
    meeting = make_meeting(world.district, staff, requires_approval=False)
    theirs = actions.register(meeting.pk, acting_user=other_ent_user)
    client = login(ent_user)
    assert client.post(f"/dialogues/my/registrations/{theirs.pk}/cancel/").status_code == 404
    assert client.get(f"/dialogues/registrations/{theirs.pk}/qr.svg").status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == R.APPROVED
    page = client.get("/dialogues/my/registrations/").content.decode()
    assert theirs.code not in page and codes.display(theirs.code) not in page


def test_a_meeting_of_another_district_or_a_draft_is_404(world, staff, far_staff, ent_user, login) -> None:
    far = make_meeting(world.far_district, far_staff)
    draft = make_meeting(world.district, staff, state=Meeting.State.DRAFT)
    client = login(ent_user)
    for meeting in (far, draft):
        assert client.get(f"/dialogues/my/{meeting.pk}/").status_code == 404
        assert client.post(f"/dialogues/my/{meeting.pk}/", {"seats": "1"}).status_code == 404
    assert client.get("/dialogues/my/abc/").status_code == 404
    assert not Registration.objects.exists()


@pytest.mark.parametrize("persona", ["staff", "leader", "handler", "bank_officer", "far_staff", "sysadmin"])
def test_other_roles_get_404_on_every_enterprise_page(world, staff, ent_user, login, persona) -> None:
    meeting = make_meeting(world.district, staff, requires_approval=False)
    registration = actions.register(meeting.pk, acting_user=ent_user)
    client = login(world.users[persona])
    for url in ("/dialogues/my/", f"/dialogues/my/{meeting.pk}/", "/dialogues/my/registrations/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/dialogues/my/{meeting.pk}/", {"seats": "1"}).status_code == 404
    assert client.post(f"/dialogues/my/registrations/{registration.pk}/cancel/").status_code == 404
    registration.refresh_from_db()
    assert registration.state == R.APPROVED


def test_anonymous_visitors_are_sent_to_log_in(world, staff, client) -> None:
    meeting = make_meeting(world.district, staff)
    response = client.get(f"/dialogues/my/{meeting.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def _queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_lists_run_a_fixed_number_of_queries(world, staff, ent_user, login, django_assert_num_queries) -> None:
    client = login(ent_user)
    client.get("/dialogues/my/")  # the first request after logging in also saves the session
    first = make_meeting(world.district, staff, requires_approval=False, capacity=1)
    actions.register(first.pk, acting_user=ent_user)
    urls = ("/dialogues/my/", "/dialogues/my/registrations/")
    counts = {url: _queries(client, url) for url in urls}
    for n in range(5):
        meeting = make_meeting(world.district, staff, requires_approval=n % 2 == 0, capacity=1)
        actions.register(meeting.pk, acting_user=ent_user)
    for url in urls:
        with django_assert_num_queries(counts[url]):
            response = client.get(url)
        assert len(response.context["page"].items) == 6

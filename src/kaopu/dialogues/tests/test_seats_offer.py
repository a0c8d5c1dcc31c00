"""At a meeting that gives seats at once, a registration asking for more seats than are left is not put
on the waitlist silently: the enterprise is offered the seats that remain or the waitlist for all
(SeatsShort), on the page with two buttons and in the API as a 409; the choice is checked again under
the meeting's lock. With no seat left the waitlist is the only way (the page says so before)."""

from __future__ import annotations

from datetime import date

import pytest

from kaopu.accounts.models import Organisation
from kaopu.accounts.roles import OrganisationKind, Role
from kaopu.audit.models import AuditEntry
from kaopu.core.api_testing import API, bearer_client
from kaopu.core.testing import make_enterprise, make_user
from kaopu.dialogues import actions
from kaopu.dialogues.actions import SeatsShort, seats_taken
from kaopu.dialogues.models import Registration
from kaopu.dialogues.testing import make_meeting

R = Registration.State
OFFER = "只剩 2 个名额：报名 2 人，或全部 5 人进入候补名单。"


@pytest.fixture(autouse=True)
def _fixed_today(pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 9, 28))


def _enterprise_user(world, n):  # type: ignore[no-untyped-def]
    enterprise = make_enterprise(world.district, name=f"名额测试{n}号有限公司")
    organisation = Organisation.objects.create(kind=OrganisationKind.ENTERPRISE, name=enterprise.name,
                                               district=world.district, enterprise=enterprise)
    return make_user(f"seats_user_{n}", Role.ENTERPRISE_USER, organisation)


@pytest.fixture
def meeting(world, staff):  # type: ignore[no-untyped-def]
    """7 seats, up to 5 per enterprise, seats given at once; 5 already taken: 2 left."""
    meeting = make_meeting(world.district, staff, capacity=7, seats_per_enterprise=5, requires_approval=False)
    actions.register(meeting.pk, acting_user=_enterprise_user(world, 1), seats=5)
    assert seats_taken(meeting) == 5
    return meeting


def _registrations(meeting, enterprise):  # type: ignore[no-untyped-def]
    return list(Registration.objects.filter(meeting=meeting, enterprise=enterprise).values_list("state", "seats"))


# --- the action ------------------------------------------------------------------------------------


def test_asking_for_more_than_is_left_offers_the_rest_and_writes_nothing(world, meeting, ent_user) -> None:  # type: ignore[no-untyped-def]
    entries = AuditEntry.objects.count()
    with pytest.raises(SeatsShort) as short:
        actions.register(meeting.pk, acting_user=ent_user, seats=5, attendee_names="张三、李四")
    assert (short.value.left, short.value.asked, str(short.value)) == (2, 5, OFFER)
    assert _registrations(meeting, world.enterprise_a) == []
    assert AuditEntry.objects.count() == entries


def test_taking_the_seats_that_remain(world, meeting, ent_user) -> None:  # type: ignore[no-untyped-def]
    registration = actions.register(meeting.pk, acting_user=ent_user, seats=2)
    assert (registration.state, registration.seats) == (R.APPROVED, 2)
    assert seats_taken(meeting) == 7


def test_choosing_the_waitlist_for_all(world, meeting, ent_user) -> None:  # type: ignore[no-untyped-def]
    registration = actions.register(meeting.pk, acting_user=ent_user, seats=5, accept_waitlist=True)
    assert (registration.state, registration.seats) == (R.WAITLISTED, 5)
    entry = AuditEntry.objects.filter(object_id=str(registration.pk)).latest("id")
    assert entry.data["accept_waitlist"] is True and entry.data["state"] == R.WAITLISTED


def test_accepting_the_waitlist_still_takes_seats_that_fit(world, meeting, ent_user) -> None:  # type: ignore[no-untyped-def]
    registration = actions.register(meeting.pk, acting_user=ent_user, seats=2, accept_waitlist=True)
    assert registration.state == R.APPROVED


def test_with_no_seat_left_the_waitlist_needs_no_question(world, meeting, ent_user, other_ent_user) -> None:  # type: ignore[no-untyped-def]
    actions.register(meeting.pk, acting_user=other_ent_user, seats=2)
    registration = actions.register(meeting.pk, acting_user=ent_user, seats=3)
    assert (registration.state, registration.seats) == (R.WAITLISTED, 3)


def test_a_meeting_that_needs_approval_makes_no_offer(world, staff, ent_user) -> None:  # type: ignore[no-untyped-def]
    meeting = make_meeting(world.district, staff, capacity=2, seats_per_enterprise=2)
    actions.approve(actions.register(meeting.pk, acting_user=_enterprise_user(world, 2)).pk, acting_user=staff)
    assert actions.register(meeting.pk, acting_user=ent_user, seats=2).state == R.PENDING  # staff decide


# --- the page --------------------------------------------------------------------------------------


def test_the_page_offers_two_buttons_and_each_does_what_it_says(world, meeting, ent_user, login) -> None:  # type: ignore[no-untyped-def]
    client = login(ent_user)
    url = f"/dialogues/my/{meeting.pk}/"
    response = client.post(url, {"seats": "5", "attendee_names": "张三、李四", "topic": "融资"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="seats-offer"' in page and OFFER in page
    assert "报名 2 人" in page and "全部 5 人进入候补名单" in page
    assert 'name="accept_waitlist" value="on"' in page and 'value="张三、李四"' in page
    assert _registrations(meeting, world.enterprise_a) == []
    # The first button: register the two seats that remain.
    response = client.post(url, {"seats": "2", "attendee_names": "张三、李四", "topic": "融资"}, follow=True)
    assert _registrations(meeting, world.enterprise_a) == [(R.APPROVED, 2)]
    assert [str(m) for m in response.context["messages"]] == ["报名成功：已为您保留名额。"]


def test_the_waitlist_button_puts_all_on_the_waitlist_and_says_so(world, meeting, ent_user, login) -> None:  # type: ignore[no-untyped-def]
    client = login(ent_user)
    response = client.post(f"/dialogues/my/{meeting.pk}/", {"seats": "5", "accept_waitlist": "on"}, follow=True)
    assert _registrations(meeting, world.enterprise_a) == [(R.WAITLISTED, 5)]
    assert [str(m) for m in response.context["messages"]] == [
        "名额已满：您已进入候补名单，有名额空出时将自动递补。"]
    assert "候补第 1 位" in response.content.decode()


def test_the_offer_is_checked_again_when_chosen(world, meeting, ent_user, login) -> None:  # type: ignore[no-untyped-def]
    """Offered 2 seats, the enterprise takes them after someone else took one: it is offered 1."""
    client = login(ent_user)
    url = f"/dialogues/my/{meeting.pk}/"
    assert OFFER in client.post(url, {"seats": "5"}).content.decode()
    actions.register(meeting.pk, acting_user=_enterprise_user(world, 3), seats=1)
    page = client.post(url, {"seats": "2"}).content.decode()
    assert "只剩 1 个名额：报名 1 人，或全部 2 人进入候补名单。" in page
    assert _registrations(meeting, world.enterprise_a) == []


# --- the API ---------------------------------------------------------------------------------------


def test_the_api_answers_409_with_the_offer_and_takes_accept_waitlist(world, meeting, ent_user, staff) -> None:  # type: ignore[no-untyped-def]
    url = f"{API}/dialogues/meetings/{meeting.pk}/registrations"
    refused = bearer_client(ent_user).post(url, {"seats": 5}, content_type="application/json")
    assert refused.status_code == 409 and refused.json()["detail"] == OFFER
    made = bearer_client(ent_user).post(url, {"seats": 5, "accept_waitlist": True}, content_type="application/json")
    assert made.status_code == 201 and made.json()["items"][0]["state"] == R.WAITLISTED
    invited = bearer_client(staff).post(url, {"enterprises": [world.enterprise_b.pk], "accept_waitlist": True},
                                        content_type="application/json")
    assert invited.status_code == 422
    assert [error["field"] for error in invited.json()["errors"]] == ["accept_waitlist"]

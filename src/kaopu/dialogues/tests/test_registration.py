"""Registration: capacity, waitlist (arrival order), invitations, one live registration per
enterprise, the seats-per-enterprise limit, and meetings that take no registrations."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from kaopu.accounts.models import Organisation
from kaopu.accounts.roles import OrganisationKind, Role
from kaopu.core.testing import make_enterprise, make_user
from kaopu.dialogues import actions
from kaopu.dialogues.actions import DialogueError, seats_left, seats_taken
from kaopu.dialogues.models import Meeting, Registration
from kaopu.dialogues.testing import make_meeting

R = Registration.State


def enterprise_user(world, n: int):  # type: ignore[no-untyped-def]
    """A new enterprise of the world's district and its user."""
    enterprise = make_enterprise(world.district, name=f"测试报名{n}号有限公司")
    organisation = Organisation.objects.create(kind=OrganisationKind.ENTERPRISE, name=enterprise.name,
                                               district=world.district, enterprise=enterprise)
    return make_user(f"reg_user_{n}", Role.ENTERPRISE_USER, organisation)


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


@pytest.fixture
def users(world):  # type: ignore[no-untyped-def]
    return [enterprise_user(world, n) for n in range(6)]


@pytest.fixture
def meeting(world, staff):  # type: ignore[no-untyped-def]
    return make_meeting(world.district, staff, capacity=2, requires_approval=False)


def test_first_come_first_served_then_waitlist(meeting, users):  # type: ignore[no-untyped-def]
    states = [actions.register(meeting.pk, acting_user=u).state for u in users[:4]]
    assert states == [R.APPROVED, R.APPROVED, R.WAITLISTED, R.WAITLISTED]
    assert seats_taken(meeting) == 2 and seats_left(meeting) == 0


def test_approval_when_full_waitlists(world, staff, users):  # type: ignore[no-untyped-def]
    meeting = make_meeting(world.district, staff, capacity=1)
    first, second = (actions.register(meeting.pk, acting_user=u) for u in users[:2])
    assert first.state == second.state == R.PENDING
    assert seats_taken(meeting) == 0  # pending holds no seat
    assert actions.approve(first.pk, acting_user=staff).state == R.APPROVED
    assert actions.approve(second.pk, acting_user=staff).state == R.WAITLISTED
    with pytest.raises(DialogueError, match="waitlist"):
        actions.approve(second.pk, acting_user=staff)


def test_cancellation_promotes_the_first_waitlisted(meeting, users):  # type: ignore[no-untyped-def]
    regs = [actions.register(meeting.pk, acting_user=u) for u in users[:4]]
    actions.cancel_registration(regs[0].pk, acting_user=users[0])
    states = {r.pk: r.state for r in Registration.objects.filter(meeting=meeting)}
    assert states == {regs[0].pk: R.CANCELLED, regs[1].pk: R.APPROVED, regs[2].pk: R.APPROVED,
                      regs[3].pk: R.WAITLISTED}
    assert seats_taken(meeting) == 2


def test_promotion_keeps_order_when_the_head_does_not_fit(world, staff, users):  # type: ignore[no-untyped-def]
    meeting = make_meeting(world.district, staff, capacity=3, seats_per_enterprise=3, requires_approval=False)
    a = actions.register(meeting.pk, acting_user=users[0], seats=1)
    b = actions.register(meeting.pk, acting_user=users[1], seats=2)
    big = actions.register(meeting.pk, acting_user=users[2], seats=3)
    small = actions.register(meeting.pk, acting_user=users[3], seats=1)
    assert (a.state, b.state, big.state, small.state) == (R.APPROVED, R.APPROVED, R.WAITLISTED, R.WAITLISTED)
    actions.cancel_registration(a.pk, acting_user=users[0])  # one seat free: the head needs three
    big.refresh_from_db()
    small.refresh_from_db()
    assert big.state == R.WAITLISTED and small.state == R.WAITLISTED  # nobody overtakes the head
    actions.cancel_registration(b.pk, acting_user=staff)  # three free: the head, and then nothing left
    big.refresh_from_db()
    small.refresh_from_db()
    assert big.state == R.APPROVED and small.state == R.WAITLISTED
    assert seats_taken(meeting) == 3


def test_decline_of_an_approved_registration_promotes(meeting, users, staff):  # type: ignore[no-untyped-def]
    regs = [actions.register(meeting.pk, acting_user=u) for u in users[:3]]
    actions.decline(regs[1].pk, acting_user=staff, note="名额调整")
    regs[2].refresh_from_db()
    assert regs[2].state == R.APPROVED


def test_one_live_registration_per_enterprise(meeting, users):  # type: ignore[no-untyped-def]
    first = actions.register(meeting.pk, acting_user=users[0])
    with pytest.raises(DialogueError, match="already registered"):
        actions.register(meeting.pk, acting_user=users[0])
    actions.cancel_registration(first.pk, acting_user=users[0])
    again = actions.register(meeting.pk, acting_user=users[0])  # after cancelling, it may register again
    assert again.state == R.APPROVED
    assert Registration.objects.filter(meeting=meeting, enterprise_id=users[0].enterprise_id).count() == 2


def test_seats_per_enterprise_limit(world, staff, users):  # type: ignore[no-untyped-def]
    meeting = make_meeting(world.district, staff, capacity=10, seats_per_enterprise=2)
    with pytest.raises(DialogueError, match="at most 2"):
        actions.register(meeting.pk, acting_user=users[0], seats=3)
    for bad in (0, -1, "abc", "", None, 10**30, 1.5):
        with pytest.raises(DialogueError, match="Attendees"):
            actions.register(meeting.pk, acting_user=users[0], seats=bad)
    assert actions.register(meeting.pk, acting_user=users[0], seats="2").seats == 2
    assert not Registration.objects.exclude(seats=2).filter(meeting=meeting).exists()


@pytest.mark.parametrize("state", [Meeting.State.DRAFT, Meeting.State.CLOSED, Meeting.State.CANCELLED,
                                   Meeting.State.HELD])
def test_meeting_not_open_refuses_registration(world, staff, users, state):  # type: ignore[no-untyped-def]
    meeting = make_meeting(world.district, staff, state=state)
    # A draft meeting is not even visible to enterprises: 404, like any meeting it may not see.
    expected = (Exception,)
    with pytest.raises(expected) as caught:
        actions.register(meeting.pk, acting_user=users[0])
    if state == Meeting.State.DRAFT:
        assert caught.type.__name__ == "Http404"
    else:
        assert caught.type is DialogueError and "does not take registrations" in str(caught.value)
    assert not Registration.objects.filter(meeting=meeting).exists()


def test_deadline_passed(world, staff, users):  # type: ignore[no-untyped-def]
    meeting = make_meeting(world.district, staff, registration_closes_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(DialogueError, match="closed at"):
        actions.register(meeting.pk, acting_user=users[0])
    started = make_meeting(world.district, staff, starts_at=timezone.now() - timedelta(minutes=5))
    with pytest.raises(DialogueError, match="closed at"):
        actions.register(started.pk, acting_user=users[0])


def test_topic_and_names_lengths(meeting, users):  # type: ignore[no-untyped-def]
    with pytest.raises(DialogueError, match="Topic to raise"):
        actions.register(meeting.pk, acting_user=users[0], topic="问" * 2001)
    with pytest.raises(DialogueError, match="Names of the attendees"):
        actions.register(meeting.pk, acting_user=users[0], attendee_names="名" * 201)
    reg = actions.register(meeting.pk, acting_user=users[0], topic="  融资难  ", attendee_names="张三")
    assert reg.topic == "融资难"


def test_invitations_take_seats_then_waitlist_and_skip_registered(world, staff, users):  # type: ignore[no-untyped-def]
    meeting = make_meeting(world.district, staff, capacity=2, requires_approval=False)
    actions.register(meeting.pk, acting_user=users[0])
    enterprises = [u.organisation.enterprise for u in users[:4]]
    created = actions.invite(meeting.pk, acting_user=staff, enterprises=enterprises)
    assert [r.enterprise_id for r in created] == [e.pk for e in enterprises[1:]]
    assert [r.state for r in created] == [R.APPROVED, R.WAITLISTED, R.WAITLISTED]
    assert all(r.origin == Registration.Origin.INVITED for r in created)
    assert actions.invite(meeting.pk, acting_user=staff, enterprises=enterprises) == []


def test_invitation_of_another_districts_enterprise_is_refused(world, staff):  # type: ignore[no-untyped-def]
    meeting = make_meeting(world.district, staff)
    with pytest.raises(DialogueError, match="no enterprise of this district"):
        actions.invite(meeting.pk, acting_user=staff, enterprises=[world.enterprise_a, world.far_enterprise])
    assert not Registration.objects.filter(meeting=meeting).exists()  # all or none


def test_capacity_cannot_drop_below_seats_taken(meeting, users, staff):  # type: ignore[no-untyped-def]
    actions.register(meeting.pk, acting_user=users[0])
    actions.register(meeting.pk, acting_user=users[1])
    with pytest.raises(DialogueError, match="already taken"):
        actions.update_meeting(meeting.pk, acting_user=staff, capacity=1)
    waiting = actions.register(meeting.pk, acting_user=users[2])
    assert waiting.state == R.WAITLISTED
    actions.update_meeting(meeting.pk, acting_user=staff, capacity=3)  # more seats: the waitlist moves up
    waiting.refresh_from_db()
    assert waiting.state == R.APPROVED


def _fields(**changes):  # type: ignore[no-untyped-def]
    from kaopu.dialogues.models import MeetingKind

    starts = timezone.now() + timedelta(days=5)
    fields = {"kind": MeetingKind.objects.get(name="政企早餐会"), "theme": "专精特新", "starts_at": starts,
              "ends_at": starts + timedelta(hours=2), "venue": "区政府", "capacity": 20}
    fields.update(changes)
    return fields


@pytest.mark.parametrize(("changes", "message"), [
    ({"theme": "   "}, "Theme: this field is required"),
    ({"theme": "主" * 101}, "Theme: at most 100"),
    ({"venue": ""}, "Venue: this field is required"),
    ({"capacity": 0}, "Seats: must be between"),
    ({"capacity": "many"}, "Seats: please give a whole number"),
    ({"seats_per_enterprise": 30}, "Seats per enterprise: cannot be more"),
    ({"starts_at": "tomorrow"}, "Starts at: please give a date"),
    ({"ends_at": None}, "Ends at: this field is required"),
    ({"kind": 10**6}, "Kind: please choose"),
    ({"kind": "'; DROP TABLE"}, "Kind: please choose"),
    ({"industries": ["ZZ"]}, "Industry focus"),
])
def test_create_meeting_says_which_field_is_wrong(world, staff, changes, message):  # type: ignore[no-untyped-def]
    with pytest.raises(DialogueError, match=message):
        actions.create_meeting(acting_user=staff, **_fields(**changes))
    assert not Meeting.objects.exists()


def test_create_meeting_dates_in_order(world, staff):  # type: ignore[no-untyped-def]
    fields = _fields()
    with pytest.raises(DialogueError, match="cannot end before it starts"):
        actions.create_meeting(acting_user=staff, **{**fields, "ends_at": fields["starts_at"] - timedelta(hours=1)})
    with pytest.raises(DialogueError, match="must not be after the meeting starts"):
        actions.create_meeting(acting_user=staff, **fields,
                               registration_closes_at=fields["starts_at"] + timedelta(minutes=1))
    with pytest.raises(DialogueError, match="Leaders attending"):
        actions.create_meeting(acting_user=staff, **fields, leaders=[world.users["far_staff"]])
    meeting = actions.create_meeting(acting_user=staff, **fields, leaders=[world.users["leader"]],
                                     industries=["I"], departments=[world.department])
    assert list(meeting.leaders.all()) == [world.users["leader"]]
    assert meeting.state == Meeting.State.DRAFT and meeting.organiser == staff


def test_meeting_states(world, staff, users):  # type: ignore[no-untyped-def]
    meeting = actions.create_meeting(acting_user=staff, **_fields())
    with pytest.raises(DialogueError, match="cannot close its registration"):
        actions.close_registration(meeting.pk, acting_user=staff)
    assert actions.open_registration(meeting.pk, acting_user=staff).state == Meeting.State.OPEN
    assert actions.close_registration(meeting.pk, acting_user=staff).state == Meeting.State.CLOSED
    assert actions.open_registration(meeting.pk, acting_user=staff).state == Meeting.State.OPEN
    assert actions.mark_held(meeting.pk, acting_user=staff).state == Meeting.State.HELD
    with pytest.raises(DialogueError, match="cannot be cancelled"):
        actions.cancel_meeting(meeting.pk, acting_user=staff, reason="x")
    other = actions.create_meeting(acting_user=staff, **_fields())
    with pytest.raises(DialogueError, match="Reason for cancelling: this field is required"):
        actions.cancel_meeting(other.pk, acting_user=staff, reason="  ")
    cancelled = actions.cancel_meeting(other.pk, acting_user=staff, reason="台风")
    assert (cancelled.state, cancelled.cancel_reason) == (Meeting.State.CANCELLED, "台风")
    with pytest.raises(DialogueError, match="cannot be opened for registration"):
        actions.open_registration(other.pk, acting_user=staff)

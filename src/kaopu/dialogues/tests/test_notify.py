"""Who is told what: a cancelled meeting tells every live registrant, promotion tells the promoted,
decisions tell the enterprise, a new registration tells the district's staff; nothing before commit."""

from __future__ import annotations

import pytest

from kaopu.accounts.models import User
from kaopu.dialogues import actions, notify
from kaopu.dialogues.models import Registration
from kaopu.dialogues.testing import make_meeting
from kaopu.notifications.models import Notification


@pytest.fixture
def run(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """run(action, *args, **kwargs): the action, with its after-commit notifications sent."""

    def call(action, *args, **kwargs):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return call


def told(user: User, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(user=user, kind=f"dialogues.{kind}"))


def test_cancelled_meeting_tells_every_live_registrant(world, staff, ent_user, other_ent_user, run):  # type: ignore[no-untyped-def]
    meeting = make_meeting(world.district, staff, capacity=1, requires_approval=False)
    run(actions.register, meeting.pk, acting_user=ent_user)  # approved
    run(actions.register, meeting.pk, acting_user=other_ent_user)  # waitlisted
    run(actions.cancel_meeting, meeting.pk, acting_user=staff, reason="区领导临时公务")
    for user in (ent_user, other_ent_user):
        (note,) = told(user, "meeting_cancelled")
        assert "取消" in note.title and str(meeting.number) in note.title
        assert note.body == "区领导临时公务"
    assert not told(world.users["far_staff"], "meeting_cancelled")


def test_withdrawn_registrant_is_not_told_of_the_cancellation(world, staff, ent_user, run):  # type: ignore[no-untyped-def]
    meeting = make_meeting(world.district, staff, requires_approval=False)
    reg = run(actions.register, meeting.pk, acting_user=ent_user)
    run(actions.cancel_registration, reg.pk, acting_user=ent_user)
    run(actions.cancel_meeting, meeting.pk, acting_user=staff, reason="改期")
    assert not told(ent_user, "meeting_cancelled")


def test_promotion_tells_the_promoted(world, staff, ent_user, other_ent_user, run):  # type: ignore[no-untyped-def]
    meeting = make_meeting(world.district, staff, capacity=1, requires_approval=False)
    first = run(actions.register, meeting.pk, acting_user=ent_user)
    run(actions.register, meeting.pk, acting_user=other_ent_user)
    assert told(other_ent_user, "waitlisted")
    run(actions.cancel_registration, first.pk, acting_user=ent_user)
    assert len(told(other_ent_user, "promoted")) == 1
    assert not told(ent_user, "promoted")


def test_decisions_tell_the_enterprise_and_registration_tells_staff(world, staff, ent_user, other_ent_user,
                                                                   run):  # type: ignore[no-untyped-def]
    meeting = make_meeting(world.district, staff)
    a = run(actions.register, meeting.pk, acting_user=ent_user, topic="融资难")
    b = run(actions.register, meeting.pk, acting_user=other_ent_user)
    assert len(told(staff, "registered")) == 2
    assert {n.url for n in told(staff, "registered")} == {f"/dialogues/{meeting.pk}/"}
    assert not told(world.users["far_staff"], "registered")
    run(actions.approve, a.pk, acting_user=staff)
    run(actions.decline, b.pk, acting_user=staff, note="本期名额已满")
    assert len(told(ent_user, "approved")) == 1 and not told(other_ent_user, "approved")
    assert told(ent_user, "approved")[0].url == f"/dialogues/my/{meeting.pk}/"
    (declined,) = told(other_ent_user, "declined")
    assert declined.body == "本期名额已满"


def test_invitation_tells_the_invited(world, staff, ent_user, run):  # type: ignore[no-untyped-def]
    meeting = make_meeting(world.district, staff)
    run(actions.invite, meeting.pk, acting_user=staff, enterprises=[world.enterprise_a])
    assert len(told(ent_user, "invited")) == 1


def test_nothing_is_sent_when_the_action_is_refused(world, staff, ent_user, run):  # type: ignore[no-untyped-def]
    meeting = make_meeting(world.district, staff)
    with pytest.raises(actions.DialogueError):
        run(actions.cancel_meeting, meeting.pk, acting_user=staff, reason="")
    assert not Notification.objects.exists()


def test_every_rule_has_a_chinese_title(world, staff, ent_user):  # type: ignore[no-untyped-def]
    meeting = make_meeting(world.district, staff)
    reg = Registration.objects.create(meeting=meeting, enterprise=world.enterprise_a, origin="self",
                                      code="ABCD2345", created_by=ent_user)
    for key in notify.RULES:
        title = notify.title_of(key, reg)
        assert str(meeting.number) in title
        assert any("\u4e00" <= ch <= "\u9fff" for ch in title.split(str(meeting))[0]), (key, title)

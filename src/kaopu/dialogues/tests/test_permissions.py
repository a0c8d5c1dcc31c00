"""Every role against meetings and registrations: what each sees (access.scope), and each action
refused for the wrong role (DialogueError, the same answer whatever the id) or the wrong district or
enterprise (Http404, as if the row did not exist)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from kaopu.appeals.models import Appeal, Category
from kaopu.core import access
from kaopu.dialogues import actions
from kaopu.dialogues.actions import DialogueError
from kaopu.dialogues.models import Meeting, MeetingKind, RaisedIssue, Registration
from kaopu.dialogues.testing import make_meeting, soon

ROLES = ["staff", "far_staff", "leader", "handler", "ent_user", "other_ent_user", "chamber_officer",
         "bank_officer", "lawyer", "sysadmin", "secadmin", "auditadmin"]

# What each persona sees of: the district's open meeting, its draft, the far district's open meeting,
# and enterprise A's registration to the open meeting.
SEES = {
    "staff": {"open", "draft", "registration"},
    "leader": {"open", "draft", "registration"},
    "far_staff": {"far"},
    "ent_user": {"open", "registration"},
    "other_ent_user": {"open"},
}


@pytest.fixture
def setting(world, staff, ent_user):  # type: ignore[no-untyped-def]
    open_meeting = make_meeting(world.district, staff, requires_approval=False, starts_at=soon())  # check-in open
    draft = make_meeting(world.district, staff, state=Meeting.State.DRAFT)
    far = make_meeting(world.far_district, world.users["far_staff"])
    registration = actions.register(open_meeting.pk, acting_user=ent_user)
    issue = RaisedIssue.objects.create(meeting=open_meeting, enterprise=world.enterprise_a, summary="融资难",
                                       created_by=staff)
    return {"open": open_meeting, "draft": draft, "far": far, "registration": registration, "issue": issue}


@pytest.mark.parametrize("role", ROLES)
def test_visibility(world, setting, role):  # type: ignore[no-untyped-def]
    user = world.users[role]
    meetings = {name for name in ("open", "draft", "far")
                if access.scope(user, Meeting).filter(pk=setting[name].pk).exists()}
    registration = access.scope(user, Registration).filter(pk=setting["registration"].pk).exists()
    assert meetings | ({"registration"} if registration else set()) == SEES.get(role, set())
    issue_seen = access.scope(user, RaisedIssue).filter(pk=setting["issue"].pk).exists()
    assert issue_seen == (role in ("staff", "leader"))


def test_only_staff_change(world, setting):  # type: ignore[no-untyped-def]
    for role in ROLES:
        user = world.users[role]
        changes = access.scope(user, Meeting, "change").filter(pk=setting["open"].pk).exists()
        assert changes == (role == "staff"), role


def _staff_actions(setting, world):  # type: ignore[no-untyped-def]
    meeting, registration = setting["open"].pk, setting["registration"].pk
    category = Category.objects.get(name="融资")
    return {
        "update_meeting": lambda u: actions.update_meeting(meeting, acting_user=u, theme="改"),
        "open_registration": lambda u: actions.open_registration(setting["draft"].pk, acting_user=u),
        "close_registration": lambda u: actions.close_registration(meeting, acting_user=u),
        "mark_held": lambda u: actions.mark_held(meeting, acting_user=u),
        "cancel_meeting": lambda u: actions.cancel_meeting(meeting, acting_user=u, reason="改期"),
        "invite": lambda u: actions.invite(meeting, acting_user=u, enterprises=[world.enterprise_b]),
        "approve": lambda u: actions.approve(registration, acting_user=u),
        "decline": lambda u: actions.decline(registration, acting_user=u),
        "check_in": lambda u: actions.check_in(meeting, acting_user=u, code=setting["registration"].code),
        "check_in_registration": lambda u: actions.check_in_registration(registration, acting_user=u),
        "save_minutes": lambda u: actions.save_minutes(meeting, acting_user=u, minutes="纪要"),
        "add_issue": lambda u: actions.add_issue(meeting, acting_user=u, enterprise=world.enterprise_a,
                                                 summary="问题"),
        "issues_to_appeals": lambda u: actions.issues_to_appeals(
            meeting, acting_user=u, items=[(setting["issue"].pk, Appeal.Kind.HELP, category)]),
    }


STAFF_ACTIONS = ["update_meeting", "open_registration", "close_registration", "mark_held", "cancel_meeting",
                 "invite", "approve", "decline", "check_in", "check_in_registration", "save_minutes", "add_issue",
                 "issues_to_appeals"]


@pytest.mark.parametrize("action", STAFF_ACTIONS)
@pytest.mark.parametrize("role", [r for r in ROLES if r not in ("staff", "far_staff")])
def test_staff_actions_refused_for_other_roles(world, setting, role, action):  # type: ignore[no-untyped-def]
    before = Meeting.objects.get(pk=setting["open"].pk)
    with pytest.raises(DialogueError):
        _staff_actions(setting, world)[action](world.users[role])
    after = Meeting.objects.get(pk=setting["open"].pk)
    assert (after.state, after.theme, after.minutes) == (before.state, before.theme, before.minutes)
    assert Registration.objects.get(pk=setting["registration"].pk).state == Registration.State.APPROVED


@pytest.mark.parametrize("action", STAFF_ACTIONS)
def test_staff_actions_of_another_district_are_404(world, setting, action):  # type: ignore[no-untyped-def]
    with pytest.raises(Http404):
        _staff_actions(setting, world)[action](world.users["far_staff"])
    assert not Appeal.objects.exists()


@pytest.mark.parametrize("action", STAFF_ACTIONS)
def test_staff_of_the_district_may(world, setting, action):  # type: ignore[no-untyped-def]
    if action == "approve":  # already approved: the refusal is about the state, not the role
        with pytest.raises(DialogueError, match="不能审核通过"):
            _staff_actions(setting, world)[action](world.users["staff"])
        return
    assert _staff_actions(setting, world)[action](world.users["staff"]) is not None


def test_create_meeting_only_by_staff_in_their_district(world, staff, leader, ent_user):  # type: ignore[no-untyped-def]
    starts = timezone.now() + timedelta(days=3)
    fields = {"kind": MeetingKind.objects.get(name="政企早餐会"), "theme": "专精特新", "starts_at": starts,
              "ends_at": starts + timedelta(hours=2), "venue": "区政府", "capacity": 20}
    for user in (leader, ent_user, world.users["handler"]):
        with pytest.raises(DialogueError):
            actions.create_meeting(acting_user=user, **fields)
    with pytest.raises(DialogueError, match="本区"):
        actions.create_meeting(acting_user=staff, district=world.far_district, **fields)
    meeting = actions.create_meeting(acting_user=staff, **fields)
    assert meeting.district_id == world.district.pk and meeting.state == Meeting.State.DRAFT
    far = actions.create_meeting(acting_user=world.users["far_staff"], **fields)
    assert far.district_id == world.far_district.pk and far.number == 1  # numbering per district and kind
    assert actions.create_meeting(acting_user=staff, **fields).number == meeting.number + 1


@pytest.mark.parametrize("role", [r for r in ROLES if r not in ("ent_user", "other_ent_user")])
def test_only_enterprise_users_register(world, setting, role):  # type: ignore[no-untyped-def]
    with pytest.raises(DialogueError, match="只有企业用户"):
        actions.register(setting["open"].pk, acting_user=world.users[role])


def test_enterprise_cannot_register_for_another_districts_or_a_draft_meeting(world, setting, other_ent_user):  # type: ignore[no-untyped-def]
    for name in ("far", "draft"):
        with pytest.raises(Http404):
            actions.register(setting[name].pk, acting_user=other_ent_user)
    with pytest.raises(Http404):
        actions.register(10**9, acting_user=other_ent_user)


def test_cancel_registration_by_whom(world, setting, ent_user, other_ent_user, leader):  # type: ignore[no-untyped-def]
    registration = setting["registration"].pk
    with pytest.raises(Http404):  # another enterprise's registration does not exist for it
        actions.cancel_registration(registration, acting_user=other_ent_user)
    with pytest.raises(Http404):
        actions.cancel_registration(registration, acting_user=world.users["far_staff"])
    for role in ("leader", "handler", "bank_officer", "sysadmin"):
        with pytest.raises(DialogueError):
            actions.cancel_registration(registration, acting_user=world.users[role])
    assert Registration.objects.get(pk=registration).state == Registration.State.APPROVED
    assert actions.cancel_registration(registration, acting_user=ent_user).state == Registration.State.CANCELLED


def test_enterprise_may_not_decide_its_own_registration(world, setting, ent_user):  # type: ignore[no-untyped-def]
    for action in (actions.approve, actions.decline, actions.check_in_registration):
        with pytest.raises(DialogueError):
            action(setting["registration"].pk, acting_user=ent_user)


def test_add_issue_refuses_another_districts_enterprise(world, setting, staff):  # type: ignore[no-untyped-def]
    with pytest.raises(DialogueError, match="本区的企业"):
        actions.add_issue(setting["open"].pk, acting_user=staff, enterprise=world.far_enterprise, summary="问题")
    with pytest.raises(DialogueError, match="本区的企业"):
        actions.add_issue(setting["open"].pk, acting_user=staff, enterprise="abc", summary="问题")

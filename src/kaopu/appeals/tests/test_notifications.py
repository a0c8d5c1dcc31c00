"""Who is told about an appeal's events (kaopu.appeals.notify), in the app and by e-mail."""

from __future__ import annotations

import pytest
from django.core import mail

from kaopu.accounts.roles import Role
from kaopu.appeals import actions
from kaopu.appeals.models import Appeal
from kaopu.appeals.workflow import TransitionError
from kaopu.core.testing import make_user
from kaopu.notifications.models import Notification


def recipients(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=f"appeal.{kind}").values_list("user__username", flat=True))


def test_dispatch_tells_the_lead_and_the_co_handling_departments(  # type: ignore[no-untyped-def]
        world, submit, staff, handler, other_handler, other_department, django_capture_on_commit_callbacks):
    appeal = submit()
    actions.accept(appeal.pk, acting_user=staff)
    with django_capture_on_commit_callbacks(execute=True):
        actions.dispatch(appeal.pk, acting_user=staff, lead=world.department, co_handlers=[other_department])
    assert recipients("dispatch") == {"handler", "other_handler"}
    note = Notification.objects.get(kind="appeal.dispatch", user=handler)
    assert note.url == f"/appeals/inbox/{appeal.pk}/"
    assert appeal.title in note.title


def test_reply_tells_every_user_of_the_enterprise_and_nobody_else(  # type: ignore[no-untyped-def]
        world, in_progress, handler, django_capture_on_commit_callbacks):
    colleague = make_user("ent_colleague", Role.ENTERPRISE_USER, world.users["ent_user"].organisation)
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(in_progress.pk, acting_user=handler, text="已协调银行续贷。")
    assert recipients("reply") == {"ent_user", colleague.username}
    assert Notification.objects.get(kind="appeal.reply", user__username="ent_user").url == \
        f"/appeals/my/{in_progress.pk}/"


def test_extension_request_tells_the_assigned_staff_and_the_decision_tells_department_and_enterprise(  # type: ignore[no-untyped-def]
        world, in_progress, staff, handler, django_capture_on_commit_callbacks):
    make_user("staff2", Role.FIC_STAFF, staff.organisation)  # not assigned: not told
    with django_capture_on_commit_callbacks(execute=True):
        actions.request_extension(in_progress.pk, acting_user=handler, reason="需要现场核查", working_days=5)
    assert recipients("request_extension") == {"staff"}
    with django_capture_on_commit_callbacks(execute=True):
        actions.decide_extension(in_progress.pk, acting_user=staff, approve=True)
    assert recipients("approve_extension") == {"handler", "ent_user"}


def test_a_reopening_rating_tells_the_lead_department_and_the_staff_following_it(  # type: ignore[no-untyped-def]
        in_progress, handler, ent_user, staff, django_capture_on_commit_callbacks):
    make_user("staff2", Role.FIC_STAFF, staff.organisation)  # not following it: not told
    actions.reply(in_progress.pk, acting_user=handler, text="已答复。")
    with django_capture_on_commit_callbacks(execute=True):
        appeal = actions.rate(in_progress.pk, acting_user=ent_user, rating=Appeal.Rating.DISSATISFIED,
                               comment="仍未放款")
    assert appeal.state == Appeal.State.IN_PROGRESS
    assert recipients("reopen") == {"handler", "staff"}


def test_a_leaders_instruction_reaches_the_department_and_staff_never_the_enterprise(  # type: ignore[no-untyped-def]
        in_progress, leader, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        actions.instruct(in_progress.pk, acting_user=leader, instruction="请尽快协调解决，一周内反馈。")
    assert recipients("instruct") == {"handler", "staff"}
    assert set(Notification.objects.filter(kind="appeal.instruct").values_list("body", flat=True)) == \
        {"请尽快协调解决，一周内反馈。"}


def test_a_declined_appeal_tells_the_enterprise(submit, staff, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    appeal = submit()
    with django_capture_on_commit_callbacks(execute=True):
        actions.decline(appeal.pk, acting_user=staff, reason="不属于受理范围")
    assert recipients("decline") == {"ent_user"}
    assert Notification.objects.get(kind="appeal.decline").body == "不属于受理范围"


def test_nothing_is_sent_when_the_action_is_refused(submit, staff, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    appeal = submit()
    actions.accept(appeal.pk, acting_user=staff)
    with pytest.raises(TransitionError), django_capture_on_commit_callbacks(execute=True):
        actions.decline(appeal.pk, acting_user=staff, reason="已受理的诉求不能再不予受理")
    assert not Notification.objects.exists()


def test_email_goes_only_to_users_with_an_address_one_message_each(  # type: ignore[no-untyped-def]
        world, in_progress, handler, ent_user, django_capture_on_commit_callbacks):
    ent_user.email = "boss@example.cn"
    ent_user.save()
    make_user("ent_colleague", Role.ENTERPRISE_USER, ent_user.organisation)  # no address
    make_user("ent_clerk", Role.ENTERPRISE_USER, ent_user.organisation, email="clerk@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(in_progress.pk, acting_user=handler, text="已答复。")
    assert Notification.objects.filter(kind="appeal.reply").count() == 3
    assert sorted(message.to for message in mail.outbox) == [["boss@example.cn"], ["clerk@example.cn"]]
    assert in_progress.title in mail.outbox[0].subject
    assert f"/appeals/my/{in_progress.pk}/" in mail.outbox[0].body


def test_a_new_appeal_tells_the_district_staff(world, submit, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from kaopu.notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        appeal = submit(title="新诉求通知测试")
    told = set(Notification.objects.filter(title__contains="新诉求通知测试").values_list("user__username", flat=True))
    assert told == {"staff"}  # the district's FIC staff; not far_staff, not the enterprise
    assert appeal.events.filter(action="submit").exists()

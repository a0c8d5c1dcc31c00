"""One appeal through the whole loop, and the timeline it leaves."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from kaopu.appeals import actions
from kaopu.appeals.models import Appeal
from kaopu.appeals.workflow import TransitionError

S = Appeal.State


def test_submit_rate_unsatisfied_reply_again_rate_satisfied_closes(world, submit) -> None:  # type: ignore[no-untyped-def]
    staff, handler, ent = world.users["staff"], world.users["handler"], world.users["ent_user"]
    appeal = submit()
    assert (appeal.state, appeal.due_on) == (S.SUBMITTED, date(2026, 9, 29))  # accept within 1 working day

    appeal = actions.accept(appeal.pk, acting_user=staff)
    assert appeal.assigned_staff == staff
    appeal = actions.dispatch(appeal.pk, acting_user=staff, lead=world.department)
    assert (appeal.state, appeal.due_on) == (S.DISPATCHED, date(2026, 9, 29))
    appeal = actions.sign_for(appeal.pk, acting_user=handler)
    # 10 working days for a request for help, across the National Day holidays (Oct 1-7)
    # and the make-up Saturday Oct 10: Sep 29, 30, Oct 8, 9, 10, 12, 13, 14, 15, 16.
    assert (appeal.state, appeal.due_on) == (S.IN_PROGRESS, date(2026, 10, 16))

    appeal = actions.reply(appeal.pk, acting_user=handler, text="已协调银行，续贷进入绿色通道。")
    assert appeal.state == S.REPLIED
    appeal = actions.rate(appeal.pk, acting_user=ent, rating=Appeal.Rating.DISSATISFIED, comment="仍未放款")
    assert (appeal.state, appeal.reopen_count) == (S.IN_PROGRESS, 1)

    appeal = actions.reply(appeal.pk, acting_user=handler, text="银行已放款 500 万元。")
    appeal = actions.rate(appeal.pk, acting_user=ent, rating=Appeal.Rating.SATISFIED)
    assert (appeal.state, appeal.close_reason, appeal.rating) == (S.CLOSED, "rated", "4")
    assert appeal.closed_at is not None and appeal.due_on is None

    timeline = list(appeal.events.values_list("action", "from_state", "to_state"))
    assert timeline == [
        ("submit", S.SUBMITTED, S.SUBMITTED), ("accept", S.SUBMITTED, S.ACCEPTED),
        ("dispatch", S.ACCEPTED, S.DISPATCHED), ("sign_for", S.DISPATCHED, S.IN_PROGRESS),
        ("reply", S.IN_PROGRESS, S.REPLIED), ("rate", S.REPLIED, S.IN_PROGRESS),
        ("reply", S.IN_PROGRESS, S.REPLIED), ("rate", S.REPLIED, S.CLOSED),
    ]


def test_third_unsatisfied_rating_waits_for_arbitration(world, in_progress) -> None:  # type: ignore[no-untyped-def]
    handler, ent, staff = world.users["handler"], world.users["ent_user"], world.users["staff"]
    for round_ in range(3):
        actions.reply(in_progress.pk, acting_user=handler, text=f"第 {round_ + 1} 次答复")
        appeal = actions.rate(in_progress.pk, acting_user=ent, rating=Appeal.Rating.VERY_DISSATISFIED,
                                  comment="仍未解决")
    assert (appeal.state, appeal.reopen_count) == (S.REPLIED, 2)
    appeal = actions.arbitrate(appeal.pk, acting_user=staff, conclusion="经协调，已依法依规处理完毕。")
    assert (appeal.state, appeal.close_reason) == (S.CLOSED, "arbitrated")


def test_co_handlers_opinion_goes_into_the_reply(world, submit, other_department, other_handler) -> None:  # type: ignore[no-untyped-def]
    staff, handler = world.users["staff"], world.users["handler"]
    appeal = submit()
    actions.accept(appeal.pk, acting_user=staff)
    actions.dispatch(appeal.pk, acting_user=staff, lead=world.department, co_handlers=[other_department])
    actions.give_opinion(appeal.pk, acting_user=other_handler, opinion="可申请稳岗补贴。")
    actions.sign_for(appeal.pk, acting_user=handler)
    actions.reply(appeal.pk, acting_user=handler, text="综合答复。")
    event = appeal.events.get(action="reply")
    assert event.data["co_handler_opinions"] == {"区人社局": "可申请稳岗补贴。"}


def test_extension_moves_the_deadline_once(world, in_progress) -> None:  # type: ignore[no-untyped-def]
    handler, staff = world.users["handler"], world.users["staff"]
    actions.request_extension(in_progress.pk, acting_user=handler, reason="需现场核查", working_days=5)
    appeal = actions.decide_extension(in_progress.pk, acting_user=staff, approve=True)
    assert appeal.due_on == date(2026, 10, 23)  # Oct 16 + 5 working days
    with translation.override("en"), pytest.raises(TransitionError, match="only once"):
        actions.request_extension(in_progress.pk, acting_user=handler, reason="再延", working_days=5)


def test_close_unrated_is_idempotent(world, in_progress) -> None:  # type: ignore[no-untyped-def]
    actions.reply(in_progress.pk, acting_user=world.users["handler"], text="答复")
    first = actions.close_unrated(in_progress)
    second = actions.close_unrated(in_progress)
    assert (first.state, first.close_reason) == (Appeal.State.CLOSED, "unrated")
    assert second.state == Appeal.State.CLOSED
    assert in_progress.events.filter(action="close_unrated").count() == 1

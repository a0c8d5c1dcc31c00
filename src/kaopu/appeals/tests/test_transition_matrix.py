"""Every action of kaopu.appeals.workflow.TRANSITIONS, from every state, by a user of every role.

One test id per (action, state, role), for the roles that take part in appeals (staff, departments,
enterprises, leaders). The roles that never see an appeal (bank officers, lawyers, chamber officers, the
three administrators) are refused with a 404 before the state is even read: for them each action is tried
in one state it starts from (where a refusal matters), and a separate test checks that they see no
appeal in any state, which is what makes the other states' outcome the same.

The appeal is brought into the state through the real actions, with what the action needs beforehand
(a return or an extension asked for, two reopenings before an arbitration, a second appeal to merge
into), so that the table alone decides the outcome:

- allowed (the role is in the transition's roles and the state in its sources): the action succeeds
  and the appeal ends in the table's target state (or the action's own outcome where the table leaves
  it open), with one new timeline event;
- refused: Http404 when the user may not see the appeal at all, otherwise TransitionError; nothing
  is written (no event anywhere, the appeal's row unchanged).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.http import Http404

from kaopu.accounts.roles import Role
from kaopu.appeals import actions
from kaopu.appeals.models import Appeal, Category, Event
from kaopu.appeals.workflow import TRANSITIONS, TransitionError
from kaopu.core import access

S = Appeal.State

# The world's persona holding each role (kaopu.core.testing).
PERSONAS: dict[str, str] = {
    Role.FIC_STAFF: "staff", Role.DEPARTMENT_HANDLER: "handler", Role.ENTERPRISE_USER: "ent_user",
    Role.DISTRICT_LEADER: "leader", Role.CHAMBER_OFFICER: "chamber_officer", Role.BANK_OFFICER: "bank_officer",
    Role.LAWYER: "lawyer", Role.SYSTEM_ADMIN: "sysadmin", Role.SECURITY_ADMIN: "secadmin",
    Role.AUDIT_ADMIN: "auditadmin",
}

# Where the table leaves the target to the action (target None): the outcome of the call below.
# A reply in a category without review is sent (replied); every other such action keeps the state.
OUTCOME_WHEN_OPEN = {"rate": S.CLOSED, "reply": S.REPLIED}
# Approving a reply writes its own event and the department's public reply after it.
EXTRA_EVENTS = {"approve_reply": 1}


@dataclass
class Case:
    appeal: Appeal
    into: Appeal | None  # the appeal to merge into
    world: Any


CALLS: dict[str, Callable[[Case, Any], Appeal]] = {
    "accept": lambda c, u: actions.accept(c.appeal.pk, acting_user=u),
    "decline": lambda c, u: actions.decline(c.appeal.pk, acting_user=u, reason="不属于工商联受理范围"),
    "dispatch": lambda c, u: actions.dispatch(c.appeal.pk, acting_user=u, lead=c.world.department),
    "sign_for": lambda c, u: actions.sign_for(c.appeal.pk, acting_user=u),
    "request_return": lambda c, u: actions.request_return(c.appeal.pk, acting_user=u, reason="不属于本部门职责"),
    "approve_return": lambda c, u: actions.decide_return(c.appeal.pk, acting_user=u, approve=True),
    "refuse_return": lambda c, u: actions.decide_return(c.appeal.pk, acting_user=u, approve=False),
    "give_opinion": lambda c, u: actions.give_opinion(c.appeal.pk, acting_user=u, opinion="同意主办部门意见"),
    "request_extension": lambda c, u: actions.request_extension(c.appeal.pk, acting_user=u, reason="需现场核查",
                                                                working_days=3),
    "approve_extension": lambda c, u: actions.decide_extension(c.appeal.pk, acting_user=u, approve=True),
    "refuse_extension": lambda c, u: actions.decide_extension(c.appeal.pk, acting_user=u, approve=False),
    "reply": lambda c, u: actions.reply(c.appeal.pk, acting_user=u, text="已协调办理"),
    "approve_reply": lambda c, u: actions.approve_reply(c.appeal.pk, acting_user=u),
    "return_reply": lambda c, u: actions.return_reply(c.appeal.pk, acting_user=u, reason="请补充办理时限"),
    "withdraw": lambda c, u: actions.withdraw(c.appeal.pk, acting_user=u),
    "rate": lambda c, u: actions.rate(c.appeal.pk, acting_user=u, rating=Appeal.Rating.VERY_SATISFIED),
    "arbitrate": lambda c, u: actions.arbitrate(c.appeal.pk, acting_user=u, conclusion="经协调，依法答复"),
    "merge": lambda c, u: actions.merge(c.appeal.pk, acting_user=u, into=c.into),
    "instruct": lambda c, u: actions.instruct(c.appeal.pk, acting_user=u, instruction="请抓紧办理"),
}


def build(world: Any, co_department: Any, state: str, action: str) -> Case:
    """An appeal of enterprise A in ``state``, prepared for ``action``, through the real actions."""
    users = world.users
    staff, handler, enterprise_user = users["staff"], users["handler"], users["ent_user"]

    def submit(title: str = "贷款续贷困难") -> Appeal:
        return actions.submit_appeal(enterprise=world.enterprise_a, acting_user=enterprise_user,
                                     kind=Appeal.Kind.HELP, category=Category.objects.get(name="融资"),
                                     title=title, content="请求协调续贷。")

    appeal = submit()
    into = submit("重复诉求的主件") if action == "merge" or state == S.MERGED else None
    pk = appeal.pk
    if state == S.DECLINED:
        actions.decline(pk, acting_user=staff, reason="重复")
    elif state == S.WITHDRAWN:
        actions.withdraw(pk, acting_user=enterprise_user)
    elif state == S.MERGED:
        actions.merge(pk, acting_user=staff, into=into)  # type: ignore[arg-type]
    elif state != S.SUBMITTED:
        actions.accept(pk, acting_user=staff)
    if state in (S.DISPATCHED, S.IN_PROGRESS, S.REVIEWING, S.REPLIED, S.CLOSED):
        # The co-handling department's handler is the one who gives an opinion.
        actions.dispatch(pk, acting_user=staff, lead=world.department, co_handlers=[co_department])
    if state in (S.IN_PROGRESS, S.REVIEWING, S.REPLIED, S.CLOSED):
        actions.sign_for(pk, acting_user=handler)
        if action == "arbitrate":  # arbitration follows two reopenings
            for _ in range(2):
                actions.reply(pk, acting_user=handler, text="答复")
                actions.rate(pk, acting_user=enterprise_user, rating=Appeal.Rating.DISSATISFIED,
                             comment="仍未解决")
    if state == S.REVIEWING:  # the category wants replies reviewed by FIC staff
        Category.objects.filter(name="融资").update(reply_review_required=True)
        actions.reply(pk, acting_user=handler, text="答复")
    if state in (S.REPLIED, S.CLOSED):
        actions.reply(pk, acting_user=handler, text="答复")
    if state == S.CLOSED:
        actions.rate(pk, acting_user=enterprise_user, rating=Appeal.Rating.SATISFIED)
    if state == S.DISPATCHED and action in ("approve_return", "refuse_return"):
        actions.request_return(pk, acting_user=handler, reason="不属于本部门职责")
    if state in (S.DISPATCHED, S.IN_PROGRESS) and action in ("approve_extension", "refuse_extension"):
        actions.request_extension(pk, acting_user=handler, reason="需现场核查", working_days=3)
    appeal = Appeal.objects.get(pk=pk)
    assert appeal.state == state
    return Case(appeal, into, world)


def actor(world: Any, role: str, action: str, co_handler: Any) -> Any:
    if role == Role.DEPARTMENT_HANDLER and action == "give_opinion":
        return co_handler
    return world.users[PERSONAS[role]]


def row(appeal: Appeal) -> dict[str, Any]:
    return Appeal.objects.filter(pk=appeal.pk).values().get()


# The roles whose users take part in appeals; every other role sees none (test below).
INVOLVED = (Role.FIC_STAFF, Role.DEPARTMENT_HANDLER, Role.ENTERPRISE_USER, Role.DISTRICT_LEADER)
OUTSIDERS = tuple(role for role in Role.values if role not in INVOLVED)


def _first_source(action: str) -> str:
    return next(state for state in S.values if state in TRANSITIONS[action].sources)


CASES = [pytest.param(action, state, role, id=f"{action}-{state}-{role}")
         for action in TRANSITIONS for state in S.values for role in INVOLVED]
CASES += [pytest.param(action, _first_source(action), role, id=f"{action}-{_first_source(action)}-{role}")
          for action in TRANSITIONS for role in OUTSIDERS]


def test_the_matrix_covers_every_action_and_role() -> None:
    assert set(CALLS) == set(TRANSITIONS)
    assert set(PERSONAS) == set(Role.values)
    assert len(CASES) == len(TRANSITIONS) * (len(S.values) * len(INVOLVED) + len(OUTSIDERS))
    assert not any(role in transition.roles for transition in TRANSITIONS.values() for role in OUTSIDERS)


@pytest.mark.parametrize("state", S.values)
def test_the_roles_outside_appeals_see_no_appeal_in_any_state(world, other_department, state) -> None:  # type: ignore[no-untyped-def]
    case = build(world, other_department, state, "instruct")
    for role in OUTSIDERS:
        user = world.users[PERSONAS[role]]
        assert not access.can(user, case.appeal), role
        assert not access.scope(user, Appeal).exists(), role


@pytest.mark.parametrize(("action", "state", "role"), CASES)
def test_transition(world, other_department, other_handler, action, state, role) -> None:  # type: ignore[no-untyped-def]
    case = build(world, other_department, state, action)
    user = actor(world, role, action, other_handler)
    transition = TRANSITIONS[action]
    events_before, before = Event.objects.count(), row(case.appeal)
    if role in transition.roles and state in transition.sources:
        result = CALLS[action](case, user)
        expected = transition.target or OUTCOME_WHEN_OPEN.get(action, state)
        assert result.state == expected
        assert Appeal.objects.get(pk=case.appeal.pk).state == expected
        event = Event.objects.filter(appeal=case.appeal, action=action).latest("id")
        assert (event.action, event.from_state, event.to_state, event.actor) == (action, state, expected, user)
        assert Event.objects.count() == events_before + 1 + EXTRA_EVENTS.get(action, 0)
    else:
        visible = access.can(user, case.appeal)
        with pytest.raises(TransitionError if visible else Http404):
            CALLS[action](case, user)
        assert Event.objects.count() == events_before
        assert row(case.appeal) == before

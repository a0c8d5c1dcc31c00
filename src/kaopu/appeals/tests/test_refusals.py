"""Refused actions: the wrong role, the wrong state, the wrong department, another enterprise's appeal."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.utils import translation

from kaopu.appeals import actions
from kaopu.appeals.models import Appeal
from kaopu.appeals.workflow import TRANSITIONS, TransitionError


@pytest.mark.parametrize("persona", ["ent_user", "handler", "leader"])
def test_only_staff_accept(world, submit, persona) -> None:  # type: ignore[no-untyped-def]
    appeal = submit()
    with pytest.raises((TransitionError, Http404)):
        actions.accept(appeal.pk, acting_user=world.users[persona])
    appeal.refresh_from_db()
    assert appeal.state == Appeal.State.SUBMITTED
    assert appeal.events.count() == 1


def test_a_refusal_names_the_state_and_the_action(world, submit) -> None:  # type: ignore[no-untyped-def]
    appeal = submit()
    with translation.override("en"), pytest.raises(TransitionError) as refused:
        actions.dispatch(appeal.pk, acting_user=world.users["staff"], lead=world.department)
    assert "submitted" in str(refused.value) and "dispatch" in str(refused.value)


def test_another_department_cannot_sign_for_it(world, submit, other_handler) -> None:  # type: ignore[no-untyped-def]
    appeal = submit()
    actions.accept(appeal.pk, acting_user=world.users["staff"])
    actions.dispatch(appeal.pk, acting_user=world.users["staff"], lead=world.department)
    with pytest.raises(Http404):  # it does not even see it
        actions.sign_for(appeal.pk, acting_user=other_handler)


def test_another_enterprise_cannot_withdraw_or_rate(world, in_progress) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Http404):
        actions.withdraw(in_progress.pk, acting_user=world.users["other_ent_user"])
    actions.reply(in_progress.pk, acting_user=world.users["handler"], text="答复")
    with pytest.raises(Http404):
        actions.rate(in_progress.pk, acting_user=world.users["other_ent_user"], rating="5")


def test_withdraw_is_refused_after_a_reply(world, in_progress) -> None:  # type: ignore[no-untyped-def]
    actions.reply(in_progress.pk, acting_user=world.users["handler"], text="答复")
    with pytest.raises(TransitionError):
        actions.withdraw(in_progress.pk, acting_user=world.users["ent_user"])


def test_an_enterprise_user_submits_only_for_its_own_enterprise(world) -> None:  # type: ignore[no-untyped-def]
    from kaopu.appeals.models import Category

    with pytest.raises(TransitionError):
        actions.submit_appeal(enterprise=world.enterprise_b, acting_user=world.users["ent_user"],
                              kind=Appeal.Kind.HELP, category=Category.objects.first(), title="t", content="c")


def test_every_action_names_at_least_one_role_and_source() -> None:
    for transition in TRANSITIONS.values():
        assert transition.roles and transition.sources, transition.name

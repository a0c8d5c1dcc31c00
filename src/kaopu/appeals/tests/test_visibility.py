"""Who sees which appeal; a confidential one only those assigned to it."""

from __future__ import annotations

from kaopu.accounts.roles import Role
from kaopu.appeals import actions
from kaopu.appeals.models import Appeal
from kaopu.core import access
from kaopu.core.testing import make_user


def visible(user) -> set[int]:  # type: ignore[no-untyped-def]
    return set(access.scope(user, Appeal).values_list("pk", flat=True))


def test_each_role_sees_what_it_may(world, in_progress, other_handler) -> None:  # type: ignore[no-untyped-def]
    users = world.users
    assert in_progress.pk in visible(users["staff"])
    assert in_progress.pk in visible(users["leader"])
    assert in_progress.pk in visible(users["ent_user"])
    assert in_progress.pk in visible(users["handler"])
    for persona in ("other_ent_user", "far_staff", "bank_officer", "lawyer", "chamber_officer",
                    "sysadmin", "secadmin", "auditadmin"):
        assert in_progress.pk not in visible(users[persona]), persona
    assert in_progress.pk not in visible(other_handler)


def test_a_confidential_appeal_is_hidden_from_those_not_assigned(world, submit) -> None:  # type: ignore[no-untyped-def]
    appeal = submit(is_confidential=True)
    colleague = make_user("staff_b", Role.FIC_STAFF, world.users["staff"].organisation)
    assert appeal.pk in visible(colleague)  # unassigned: every staff member may triage it
    actions.accept(appeal.pk, acting_user=world.users["staff"])
    assert appeal.pk in visible(world.users["staff"])
    assert appeal.pk not in visible(colleague)
    assert appeal.pk not in visible(world.users["leader"])
    assert appeal.pk in visible(world.users["ent_user"])

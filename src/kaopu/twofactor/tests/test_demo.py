"""The demo asks a second factor of the three administrators only, so every other role is tried at once."""

from __future__ import annotations

from kaopu.twofactor.demo import load_demo
from kaopu.twofactor.policy import requires_two_factor


def test_the_demo_requires_a_second_factor_of_the_three_administrators_only(world):
    load_demo(world.district)
    load_demo(world.district)  # a second run changes nothing
    required = {name for name, user in world.users.items() if requires_two_factor(user)}
    assert required == {"sysadmin", "secadmin", "auditadmin"}

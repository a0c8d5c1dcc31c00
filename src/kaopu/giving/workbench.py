"""Giving on the start pages (工作台, kaopu.core.registry): for FIC staff the donations reported and waiting
for their confirmation; for an enterprise user and a chamber officer their donations the FIC returned."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kaopu.accounts.roles import Role
from kaopu.core import access
from kaopu.core.registry import Todo, registry
from kaopu.giving.models import Donation


def _count(user: Any, state: str) -> int:
    """One count through the access rule (index donation_district_state, or the enterprise's/chamber's)."""
    return access.scope(user, Donation).filter(state=state).count()


def _list(user: Any, state: str) -> str:
    name = {Role.ENTERPRISE_USER: "giving:my_donations", Role.CHAMBER_OFFICER: "giving:chamber_donations"}.get(
        user.role, "giving:donation_list")
    return f"{reverse(name)}?state={state}"


registry.add_todo(Todo(
    key="giving.to_confirm", label=_("Donations to confirm"), roles=frozenset({Role.FIC_STAFF}),
    count=lambda user: _count(user, Donation.State.REPORTED), url=lambda user: _list(user, Donation.State.REPORTED),
    help=_("Donations reported by enterprises and chambers that wait for FIC staff to confirm or return them.")))

registry.add_todo(Todo(
    key="giving.returned", label=_("Donation reports returned"),
    roles=frozenset({Role.ENTERPRISE_USER, Role.CHAMBER_OFFICER}),
    count=lambda user: _count(user, Donation.State.RETURNED), url=lambda user: _list(user, Donation.State.RETURNED),
    urgent=True,
    help=_("Your donation reports the FIC returned with a reason: correct them and send them again.")))

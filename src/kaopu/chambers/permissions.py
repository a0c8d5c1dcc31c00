"""Who sees which chamber and which of its rows (the rules of kaopu.core.access for chambers).

FIC staff see and change every chamber of their district (a city-level FIC: every district's); district
leaders read them. A chamber officer (商会秘书长) sees and changes their own chamber's rows only — the
chamber whose organisation they belong to — and nothing of another chamber, even by guessing ids. The
chamber's own record (name, kind, registration, status) is the FIC's: its officer reads it and staff
change it.

Every model of the app that belongs to one chamber registers its rules with :func:`by_chamber`, naming
the path from the model to its chamber ("chamber" for a membership, "term__chamber" for an elected
officer), so that the rule is written once.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q

from kaopu.accounts.roles import Role
from kaopu.chambers.models import Chamber, LeadershipTerm, Membership, TermOfficer
from kaopu.core.access import district_filter, grant

STAFF_AND_LEADERS = frozenset({Role.FIC_STAFF, Role.DISTRICT_LEADER})


def _prefix(path: str) -> str:
    return f"{path}__" if path else ""


def chamber_rows(user: Any, path: str, *, change: bool) -> Q | None:
    """The rows of ``user``'s chambers, for a model whose chamber is at ``path`` ("" for Chamber itself)."""
    prefix = _prefix(path)
    if user.role == Role.FIC_STAFF or (user.role == Role.DISTRICT_LEADER and not change):
        return district_filter(user, f"{prefix}district_id")
    if user.role == Role.CHAMBER_OFFICER:
        return Q(**{f"{prefix}organisation_id": user.organisation_id})
    return None


def by_chamber(model: type[Model], path: str, *, officer_changes: bool = True) -> None:
    """Register the view and change rules of ``model``, whose chamber is at ``path``."""

    def view(user: Any) -> Q | None:
        return chamber_rows(user, path, change=False)

    def change(user: Any) -> Q | None:
        if user.role == Role.CHAMBER_OFFICER and not officer_changes:
            return None
        return chamber_rows(user, path, change=True)

    grant(model, "view")(view)
    grant(model, "change")(change)


def officer_chamber(user: Any) -> Chamber | None:
    """The chamber a chamber officer works for, or None (another role, or a chamber not recorded yet)."""
    if user.role != Role.CHAMBER_OFFICER:
        return None
    return Chamber.objects.filter(organisation_id=user.organisation_id).first()


by_chamber(Chamber, "", officer_changes=False)
by_chamber(Membership, "chamber")
by_chamber(LeadershipTerm, "chamber")
by_chamber(TermOfficer, "term__chamber")

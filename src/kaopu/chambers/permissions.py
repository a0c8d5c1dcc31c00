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

from django.db.models import Exists, Model, OuterRef, Q

from kaopu.accounts.roles import Role
from kaopu.chambers.models import (
    BrandOutcome,
    BrandPhoto,
    BrandPlanItem,
    BrandProject,
    Chamber,
    LeadershipTerm,
    Membership,
    TermOfficer,
)
from kaopu.core.access import district_filter, grant
from kaopu.directory.models import Enterprise

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
by_chamber(BrandProject, "chamber")
by_chamber(BrandPlanItem, "project__chamber")
by_chamber(BrandOutcome, "project__chamber")
by_chamber(BrandPhoto, "project__chamber")


def manages(user: Any, chamber: Chamber) -> bool:
    """Whether ``user`` changes ``chamber``'s members, terms and brand projects — staff of its district, its
    own officer — for a chamber already read through the view rule (no query). The pages show their
    forms to these users; the actions refuse everyone else (a leader reads only)."""
    if user.role == Role.FIC_STAFF:
        return user.district_id is None or user.district_id == chamber.district_id
    return user.role == Role.CHAMBER_OFFICER and chamber.organisation_id == user.organisation_id


@grant(Enterprise, "view")
def officer_sees_their_chambers_members(user: Any) -> Q | None:
    """A chamber officer sees the enterprises that are or were members of their chamber (their name and
    registration facts on the member pages and the directory's detail page); no other enterprise."""
    if user.role != Role.CHAMBER_OFFICER or not user.organisation_id:
        return None
    members = Membership.objects.filter(enterprise=OuterRef("pk"), chamber__organisation_id=user.organisation_id)
    return Q(Exists(members))

"""Who sees and changes which donation and honour (the rules of kaopu.core.access for giving).

- FIC staff see and change their district's donations and honours (a city-level FIC: every district's);
  district leaders read them.
- An enterprise user sees ONLY their own enterprise's donations — its own and those of its people given
  as that enterprise's (``enterprise`` is the donor enterprise or the person's) — and its honours; they
  change (edit, add evidence) only their enterprise's donations that wait for confirmation or were
  returned (the actions check the state).
- A chamber officer sees and changes their own chamber's donations (the chamber as donor) and reads its
  honours; never another chamber's, never an enterprise's.

A guessed id of anything else answers 404 (kaopu.core.access.get_object_for_user). An evidence file
follows its donation. Categories are read by everyone who reports or reads donations, changed by staff.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from kaopu.accounts.roles import Role
from kaopu.core.access import EVERYTHING, district_filter, grant
from kaopu.giving.models import Category, Donation, DonationEvidence, Honour

STAFF_AND_LEADERS = frozenset({Role.FIC_STAFF, Role.DISTRICT_LEADER})
REPORTERS = frozenset({Role.ENTERPRISE_USER, Role.CHAMBER_OFFICER})
EDITABLE_BY_REPORTER = (Donation.State.REPORTED, Donation.State.RETURNED)


def _prefix(path: str) -> str:
    return f"{path}__" if path else ""


def donation_rows(user: Any, path: str, *, change: bool) -> Q | None:
    """The donations ``user`` may see (or change), for a model whose donation is at ``path``."""
    prefix = _prefix(path)
    if user.role == Role.FIC_STAFF or (user.role == Role.DISTRICT_LEADER and not change):
        return district_filter(user, f"{prefix}district_id")
    own = Q(**{f"{prefix}state__in": EDITABLE_BY_REPORTER}) if change else EVERYTHING
    if user.role == Role.ENTERPRISE_USER and user.enterprise_id:
        return Q(**{f"{prefix}enterprise_id": user.enterprise_id}) & own
    if user.role == Role.CHAMBER_OFFICER and user.organisation_id:
        return Q(**{f"{prefix}chamber__organisation_id": user.organisation_id}) & own
    return None


for _model, _path in ((Donation, ""), (DonationEvidence, "donation")):

    def _view(user: Any, path: str = _path) -> Q | None:
        return donation_rows(user, path, change=False)

    def _change(user: Any, path: str = _path) -> Q | None:
        return donation_rows(user, path, change=True)

    grant(_model, "view")(_view)
    grant(_model, "change")(_change)


@grant(Honour, "view")
def honours_seen(user: Any) -> Q | None:
    """Staff and leaders their district's; an enterprise its own (and its people's); an officer their
    chamber's."""
    if user.role in STAFF_AND_LEADERS:
        return district_filter(user)
    if user.role == Role.ENTERPRISE_USER and user.enterprise_id:
        return Q(enterprise_id=user.enterprise_id)
    if user.role == Role.CHAMBER_OFFICER and user.organisation_id:
        return Q(chamber__organisation_id=user.organisation_id)
    return None


@grant(Honour, "change")
def staff_manage_honours(user: Any) -> Q | None:
    return district_filter(user) if user.role == Role.FIC_STAFF else None


@grant(Category, "view")
def categories_read(user: Any) -> Q | None:
    return EVERYTHING if user.role in STAFF_AND_LEADERS | REPORTERS else None


@grant(Category, "change")
def staff_edit_categories(user: Any) -> Q | None:
    return EVERYTHING if user.role == Role.FIC_STAFF else None

"""Who sees which member, application, invoice and payment (the rules of kaopu.core.access for membership).

FIC staff see and change their district's members, applications, terms and dues (a city-level FIC: every
district's); district leaders read them. An enterprise user sees their own enterprise's member row, its
applications, invoices and payments, and nothing of another enterprise's, even by guessing ids; they
change nothing directly (they apply, through kaopu.membership.actions.apply_for_membership).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q

from kaopu.accounts.roles import Role
from kaopu.core.access import district_filter, grant
from kaopu.membership.models import (
    Application,
    Category,
    DuesRate,
    ExecutiveTerm,
    Invoice,
    Member,
    MemberEvent,
    Payment,
    Seat,
)


def _register(model: type[Model], district: str, enterprise: str | None) -> None:
    """The rules of ``model``: its district at ``district``, its enterprise (if an enterprise may see its
    own rows) at ``enterprise``."""

    def view(user: Any) -> Q | None:
        if user.role in (Role.FIC_STAFF, Role.DISTRICT_LEADER):
            return district_filter(user, district)
        if enterprise and user.role == Role.ENTERPRISE_USER and user.enterprise_id:
            return Q(**{enterprise: user.enterprise_id})
        return None

    def change(user: Any) -> Q | None:
        return district_filter(user, district) if user.role == Role.FIC_STAFF else None

    grant(model, "view")(view)
    grant(model, "change")(change)


for _model, _district, _enterprise in (
    (Category, "district_id", None),
    (Member, "district_id", "enterprise_id"),
    (MemberEvent, "member__district_id", "member__enterprise_id"),
    (Application, "district_id", "enterprise_id"),
    (ExecutiveTerm, "district_id", None),
    (Seat, "term__district_id", None),
    (DuesRate, "district_id", None),
    (Invoice, "district_id", "member__enterprise_id"),
    (Payment, "district_id", "invoice__member__enterprise_id"),
):
    _register(_model, _district, _enterprise)

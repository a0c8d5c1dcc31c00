"""Who sees which partner, visit and lead (the rules of kaopu.core.access for investment).

Investment attraction is the FIC's own work: FIC staff see and change their district's partners,
visits and leads; district leaders read them. No other role sees any of it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from kaopu.accounts.roles import Role
from kaopu.core.access import district_filter, grant
from kaopu.investment.models import FollowUp, Lead, Partner, StageChange, Visit

STAFF_AND_LEADERS = (Role.FIC_STAFF, Role.DISTRICT_LEADER)

for _model, _field in (
    (Partner, "district_id"),
    (Visit, "district_id"),
    (Lead, "district_id"),
    (FollowUp, "lead__district_id"),
    (StageChange, "lead__district_id"),
):

    def _view(user: Any, field: str = _field) -> Q | None:
        return district_filter(user, field) if user.role in STAFF_AND_LEADERS else None

    def _change(user: Any, field: str = _field) -> Q | None:
        return district_filter(user, field) if user.role == Role.FIC_STAFF else None

    grant(_model, "view")(_view)
    grant(_model, "change")(_change)

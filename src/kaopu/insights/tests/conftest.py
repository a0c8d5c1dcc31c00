"""The cockpit's tests run on a pinned clock, Tuesday 2026-03-10 10:00 in Shanghai: "this month" is March 2026,
the previous period February 2026, the same period a year earlier March 2025."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kaopu.accounts.models import Organisation
from kaopu.accounts.roles import OrganisationKind, Role
from kaopu.appeals import kpi
from kaopu.appeals.models import Appeal, Category
from kaopu.core.testing import make_user
from kaopu.directory.models import Department
from kaopu.insights.testing import make_appeal

TODAY = date(2026, 3, 10)
S = Appeal.State


@pytest.fixture(autouse=True)
def _fixed_today(pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(TODAY)


@pytest.fixture(autouse=True)
def _built_in_indicators(request):  # type: ignore[no-untyped-def]
    """The four built-in indicators, as their data migration leaves them: a transactional test that ran
    earlier in the same worker (on another app) flushed every table, the migration's rows with them."""
    if "transactional_db" in request.fixturenames or not {"db", "world"} & set(request.fixturenames):
        return
    request.getfixturevalue("db")
    from kaopu.insights import builtins
    from kaopu.insights.models import Indicator

    builtins.seed(Indicator)


@pytest.fixture
def departments(world) -> tuple[Department, Department]:  # type: ignore[no-untyped-def]
    return world.department, Department.objects.create(district=world.district, name="区人社局")


@pytest.fixture
def march(world, departments) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Worked out by hand (DESIGN.md section 4's measures):

    March 2026, six appeals: A1 closed, signed for in time, replied after 2 working days on time, rated 非常满意 (D1);
    A2 closed, signed late, replied late after 6 days, reopened once, then rated 基本满意 (D1);
    A3 closed unrated, signed in time, replied after 4 days on time, escalated (D2, category 法律);
    A4 in progress, signed in time, its reply due 03-05: overdue now (D2); A5 withdrawn; A6 submitted, due 03-20.
    → received 6, accepted 4, dispatched 4, signed in time 3 (75%), closed 3 (completion 75%), on time 2 (66.7%),
    rated 2 (follow-up 66.7%), satisfied 2 (100%), reply days (2+6+4)/3 = 4.0, escalated 1, reopened 1.
    February 2026: B1 closed, signed in time, reply 2 days, rated 满意 (D1); B2 dispatched, not signed, due 02-20
    (overdue now) → received 2, dispatched 2, response 50%, completion 50%.
    March 2025: C1 closed, rated 满意 → received 1.
    Another district (静安区), March 2026: F1 in progress, overdue, never shown to this district.
    """
    d1, d2 = departments
    law = Category.objects.get(name="法律")
    closed = {"state": S.CLOSED, "lead_department": d1, "signed_on_time": True, "replied_late": False}
    rows = {
        "A1": make_appeal(world, date(2026, 3, 2), **closed, first_reply_days=2, rating="5"),
        "A2": make_appeal(world, date(2026, 3, 2), **{**closed, "signed_on_time": False, "replied_late": True},
                          first_reply_days=6, rating="3", reopen_count=1),
        "A3": make_appeal(world, date(2026, 3, 3), **{**closed, "lead_department": d2}, category=law,
                          first_reply_days=4, escalated=True, enterprise=world.enterprise_b),
        "A4": make_appeal(world, date(2026, 3, 3), S.IN_PROGRESS, lead_department=d2, signed_on_time=True,
                          due_on=date(2026, 3, 5)),
        "A5": make_appeal(world, date(2026, 3, 4), S.WITHDRAWN),
        "A6": make_appeal(world, date(2026, 3, 9), S.SUBMITTED, due_on=date(2026, 3, 20)),
        "B1": make_appeal(world, date(2026, 2, 3), **closed, first_reply_days=2, rating="4"),
        "B2": make_appeal(world, date(2026, 2, 10), S.DISPATCHED, lead_department=d1, due_on=date(2026, 2, 20)),
        "C1": make_appeal(world, date(2025, 3, 10), **closed, first_reply_days=3, rating="4"),
        "F1": make_appeal(world, date(2026, 3, 2), S.IN_PROGRESS, district=world.far_district,
                          enterprise=world.far_enterprise, due_on=date(2026, 3, 4), signed_on_time=True),
    }
    kpi.rebuild()
    return rows


@pytest.fixture
def city_leader(world):  # type: ignore[no-untyped-def]
    """A leader of the city: an organisation without a district sees every district."""
    city = Organisation.objects.create(kind=OrganisationKind.FIC, name="上海市工商联", district=None)
    return make_user("city_leader", Role.DISTRICT_LEADER, city)


@pytest.fixture
def city_staff(world):  # type: ignore[no-untyped-def]
    """FIC staff of the city: an organisation without a district enters any district's values."""
    city = Organisation.objects.create(kind=OrganisationKind.FIC, name="上海市工商联（工作人员）", district=None)
    return make_user("city_staff", Role.FIC_STAFF, city)

"""Fixtures of the investment tests: a partner, a visit and leads of the test district and of the far one."""

from __future__ import annotations

import pytest

from kaopu.investment.testing import make_lead, make_partner, make_visit


@pytest.fixture
def partner(staff):  # type: ignore[no-untyped-def]
    return make_partner(staff, name="温州市工商业联合会")


@pytest.fixture
def visit(staff, partner):  # type: ignore[no-untyped-def]
    return make_visit(staff, partner)


@pytest.fixture
def lead(staff, visit):  # type: ignore[no-untyped-def]
    return make_lead(staff, source_visit=visit, name="瓯越智能装备华东研发中心")


@pytest.fixture
def far_lead(far_staff):  # type: ignore[no-untyped-def]
    return make_lead(far_staff, name="静安区的线索")

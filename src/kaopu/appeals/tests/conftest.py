"""Appeals tests run on a pinned clock (Monday 2026-09-28, 10:00 in Shanghai, before National Day), so
that deadlines never depend on the day the suite runs, nor fall in a year nobody entered."""

from __future__ import annotations

from datetime import date

import pytest

from kaopu.accounts.models import Organisation, User
from kaopu.accounts.roles import OrganisationKind, Role
from kaopu.appeals import actions
from kaopu.appeals.models import Appeal, Category
from kaopu.core.testing import make_user
from kaopu.directory.models import Department

TODAY = date(2026, 9, 28)


@pytest.fixture(autouse=True)
def _fixed_today(pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(TODAY)


@pytest.fixture
def other_department(world) -> Department:  # type: ignore[no-untyped-def]
    return Department.objects.create(district=world.district, name="区人社局")


@pytest.fixture
def other_handler(world, other_department) -> User:  # type: ignore[no-untyped-def]
    organisation = Organisation.objects.create(kind=OrganisationKind.DEPARTMENT, name=other_department.name,
                                               district=world.district, department=other_department)
    return make_user("other_handler", Role.DEPARTMENT_HANDLER, organisation)


@pytest.fixture
def submit(world):  # type: ignore[no-untyped-def]
    """submit(**fields): an appeal of enterprise A, submitted by its user."""

    def make(**fields) -> Appeal:  # type: ignore[no-untyped-def]
        values = {"kind": Appeal.Kind.HELP, "category": Category.objects.get(name="融资"),
                  "title": "贷款续贷困难", "content": "企业流动资金贷款到期，续贷审批缓慢，请求协调。"}
        values.update(fields)
        return actions.submit_appeal(enterprise=world.enterprise_a, acting_user=world.users["ent_user"], **values)

    return make


@pytest.fixture
def in_progress(world, submit):  # type: ignore[no-untyped-def]
    """An appeal accepted, dispatched to the world's department and signed for."""
    appeal = submit()
    actions.accept(appeal.pk, acting_user=world.users["staff"])
    actions.dispatch(appeal.pk, acting_user=world.users["staff"], lead=world.department)
    return actions.sign_for(appeal.pk, acting_user=world.users["handler"])

"""Chambers for tests (of this app and of the apps that use chambers: programs, membership …).

``the_officers_chamber(world)`` is the chamber of the ``chamber_officer`` persona (its organisation);
``another_chamber(world)`` a second chamber of the same district with its own officer, which the first
officer must never see; ``far_chamber(world)`` a chamber of the far district. The fixtures in
``chambers/tests/conftest.py`` wrap them.
"""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from kaopu.accounts.models import Organisation, User
from kaopu.accounts.roles import OrganisationKind, Role
from kaopu.chambers.models import Chamber
from kaopu.core.testing import make_user
from kaopu.directory import credit_code
from kaopu.directory.models import District

_serial = count(1)


def chamber_code(seed: int) -> str:
    """A valid, distinct credit code of a social organisation (51: a 社会团体) for each seed."""
    return credit_code.complete(f"51310107{seed:09d}")


def make_chamber(district: District, *, organisation: Organisation | None = None, **fields: Any) -> Chamber:
    serial = next(_serial)
    values: dict[str, Any] = {
        "name": f"普陀区测试商会{serial}", "kind": Chamber.Kind.INDUSTRY, "founded_on": date(2010, 5, 1),
        "credit_code": chamber_code(serial), "secretary_general": "徐志文",
    }
    values.update(fields)
    chamber = Chamber(district=district, organisation=organisation, **values)
    chamber.full_clean()
    chamber.save()
    return chamber


def the_officers_chamber(world: Any) -> Chamber:
    officer: User = world.users["chamber_officer"]
    return make_chamber(world.district, organisation=officer.organisation, name=officer.organisation.name,
                        kind=Chamber.Kind.YOUTH)


def another_chamber(world: Any) -> tuple[Chamber, User]:
    organisation = Organisation.objects.create(kind=OrganisationKind.CHAMBER, name="普陀区温州商会",
                                               district=world.district)
    chamber = make_chamber(world.district, organisation=organisation, name=organisation.name,
                           kind=Chamber.Kind.REGIONAL, home_region="浙江省温州市")
    return chamber, make_user("other_chamber_officer", Role.CHAMBER_OFFICER, organisation)


def far_chamber(world: Any) -> Chamber:
    return make_chamber(world.far_district, name="静安区某商会")


def add_members(chamber: Chamber, enterprises: list[Any], recorded_by: User, *, role: str = "member",
                joined_on: date = date(2020, 1, 1)) -> list[Any]:
    """Open periods of ``enterprises`` in ``chamber`` in one insert (for lists' query-count tests)."""
    from kaopu.chambers.models import Membership

    return Membership.objects.bulk_create([
        Membership(chamber=chamber, enterprise=enterprise, role=role, joined_on=joined_on, recorded_by=recorded_by)
        for enterprise in enterprises])


def make_enterprises(district: District, n: int, prefix: str = "上海批量") -> list[Any]:
    """``n`` enterprises of ``district`` in one insert."""
    from kaopu.core.testing import make_credit_code
    from kaopu.directory.models import Enterprise

    start = next(_serial) * 10_000
    return Enterprise.objects.bulk_create([
        Enterprise(district=district, name=f"{prefix}{start + i}号有限公司",
                   credit_code=make_credit_code(500_000 + start + i)) for i in range(n)])

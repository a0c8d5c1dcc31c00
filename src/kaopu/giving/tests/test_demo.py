"""The demo's giving (kaopu.giving.demo): ten years of donations summing to 7.02亿元, 抗疫 only in 2020–2022,
qiye1's enterprise with one report waiting and one returned, about 60 honours at the three levels."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kaopu.accounts.roles import Role
from kaopu.core.testing import make_user
from kaopu.giving import demo, selectors
from kaopu.giving.models import Category, Donation, Honour

pytestmark = pytest.mark.django_db
TODAY = date(2028, 2, 29)  # a leap day: ten years back is not a calendar date of its own


@pytest.fixture(autouse=True)
def _media_and_leap_day(settings, tmp_path, pin_clock):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path)
    pin_clock(TODAY)


def test_ten_years_of_giving_and_honours(world, chamber, staff):  # type: ignore[no-untyped-def]
    qiye1 = make_user("qiye1", Role.ENTERPRISE_USER, world.users["ent_user"].organisation)
    Category.objects.all().delete()  # as a transactional test's flush leaves the database: the demo seeds them
    demo.load_demo(world.district)
    rows = Donation.objects.filter(district=world.district)
    assert selectors.total(rows).total == demo.TARGET
    assert selectors.in_words(selectors.total(rows).total) == "7.02亿元"
    first, last = TODAY - timedelta(days=3652), TODAY
    assert all(first <= d.donated_on <= last for d in rows)
    assert all(date(2020, 1, 20) <= d.donated_on <= date(2022, 12, 31) for d in rows.filter(category__name="抗疫"))
    assert {"enterprise", "chamber"} <= set(rows.values_list("kind", flat=True))
    own = rows.filter(enterprise=world.enterprise_a, created_by=qiye1)
    assert sorted(own.values_list("state", flat=True)) == ["reported", "returned"]
    assert own.get(state="returned").return_reason
    assert rows.filter(kind="chamber", chamber=chamber, state="reported").exists()
    honours = Honour.objects.filter(district=world.district)
    assert 40 <= honours.count() <= 60
    assert set(honours.values_list("level", flat=True)) == {"national", "municipal", "district"}
    assert all(TODAY.year - 9 <= h.year <= TODAY.year for h in honours)
    assert honours.exclude(certificate="").count() == demo.WITH_CERTIFICATE
    demo.load_demo(world.district)  # once only
    assert Donation.objects.filter(district=world.district).count() == rows.count()

"""The demo's training (kaopu.programs.demo_training): ten finished cohorts over nine years with 500+ trainees,
about nine in ten graduated with certificate numbers, and this year's cohort open for qiye1's enterprise."""

from __future__ import annotations

from datetime import date

import pytest

from kaopu.core.testing import make_enterprise
from kaopu.programs import demo_training
from kaopu.programs import selectors_training as selectors
from kaopu.programs.models import Certificate, Cohort, Trainee
from kaopu.programs.testing_training import apply

TODAY = date(2028, 2, 29)  # a leap day


@pytest.fixture(autouse=True)
def _clock(pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(TODAY)


def test_ten_years_of_cohorts_and_an_open_one(world):  # type: ignore[no-untyped-def]
    for n in range(60):
        make_enterprise(world.district, name=f"上海示范{n}号企业有限公司")
    demo_training.load_training_demo(world.district)
    cohorts = Cohort.objects.filter(district=world.district)
    finished = cohorts.filter(state=Cohort.State.FINISHED)
    assert finished.count() == 10 and finished.filter(graduated_on__isnull=True).count() == 0
    assert set(finished.values_list("year", flat=True)) == set(range(2019, 2028))
    trainees = Trainee.objects.filter(cohort__in=finished)
    graduates = Certificate.objects.filter(district=world.district)
    assert trainees.count() >= 400 and graduates.count() >= 0.8 * trainees.count()
    assert graduates.count() < trainees.count()
    for cohort in finished:
        held = cohort.sessions.filter(is_cancelled=False).count()
        for row in selectors.roll(world.users["staff"], cohort, held):  # every certificate meets the rule
            assert (row.certificate is not None) == row.meets
    headline = selectors.headline(world.users["staff"])
    assert (headline.cohorts, headline.years) == (10, 9)
    current = cohorts.get(state=Cohort.State.OPEN)
    assert current.year == 2028 and current.sessions.count() == 10
    assert apply(world.users["ent_user"], current, "测试").state == Trainee.State.APPLIED
    demo_training.load_training_demo(world.district)  # once only
    assert cohorts.count() == 11

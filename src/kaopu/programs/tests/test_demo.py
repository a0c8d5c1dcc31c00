"""The demo's activities (kaopu.programs.demo): the eight types, about 400 activities over the twelve months
before today, the FIC's and the chambers', a few with photos; the FIC's alone where no chamber exists."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db.models import Count

from kaopu.chambers.models import Membership
from kaopu.programs import demo, selectors
from kaopu.programs.demo_lecturers import COMING
from kaopu.programs.models import Activity, ActivityPhoto, ActivityType

pytestmark = pytest.mark.django_db
TODAY = date(2028, 2, 29)  # a leap day: the twelve months before it cross a year's end


@pytest.fixture(autouse=True)
def _media_and_clock(settings, tmp_path, pin_clock):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path)
    pin_clock(TODAY)


def test_a_year_of_activities_of_the_fic_and_the_chambers(world, chamber, other_chamber):  # type: ignore[no-untyped-def]
    demo.load_demo(world.district)
    # The year's activities, and the FIC's few to come that have a lecturer invited (demo_lecturers).
    assert Activity.objects.filter(district=world.district).count() == demo.ACTIVITIES_A_YEAR + len(COMING)
    activities = Activity.objects.filter(district=world.district).exclude(title__in=[t for t, _d in COMING])
    assert activities.count() == demo.ACTIVITIES_A_YEAR
    assert set(ActivityType.objects.values_list("name", flat=True)) == {name for name, _w, _t in demo.TYPES}
    assert selectors.held_between(activities, TODAY - timedelta(days=365), TODAY).count() == activities.count()
    by_organiser = dict(activities.values_list("chamber_id").annotate(n=Count("id")))
    assert by_organiser[None] > 100 and by_organiser[chamber.pk] > 50 and by_organiser[other_chamber.pk] > 50
    members = set(Membership.objects.filter(chamber=chamber, left_on__isnull=True).values_list("enterprise_id",
                                                                                           flat=True))
    named = {e.pk for a in activities.filter(chamber=chamber) for e in a.enterprises.all()}
    assert named <= members and named
    photos = ActivityPhoto.objects.filter(activity__district=world.district)
    assert photos.count() >= demo.WITH_PHOTOS and all(p.file.size == p.size for p in photos)
    demo.load_demo(world.district)  # once only
    assert activities.count() == demo.ACTIVITIES_A_YEAR


def test_without_chambers_every_activity_is_the_fics(world):  # type: ignore[no-untyped-def]
    demo.load_demo(world.district)
    assert not Activity.objects.filter(chamber__isnull=False).exists()
    assert Activity.objects.count() == demo.ACTIVITIES_A_YEAR + len(COMING)

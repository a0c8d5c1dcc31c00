"""The demo's education sites, lecturers and bookings (kaopu.programs.demo_sites, demo_lecturers): eight
guidance and six demonstration sites, a share of the activities held at them, about twenty lecturers, a
year of bookings mostly accepted, and qiye2 a lecturer with an invitation waiting on their start page."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.urls import reverse

from kaopu.accounts.roles import Role
from kaopu.core.testing import local_moment, make_enterprise, make_user
from kaopu.programs import demo
from kaopu.programs.models import Activity, Booking, EducationSite, Lecturer

pytestmark = pytest.mark.django_db
TODAY = date(2027, 3, 1)


@pytest.fixture(autouse=True)
def _media_and_clock(settings, tmp_path, pin_clock):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path)
    pin_clock(TODAY)


def test_the_demo_has_the_sites_the_group_and_qiye2s_waiting_invitation(world, chamber, other_chamber, login):  # type: ignore[no-untyped-def]
    qiye2 = make_user("qiye2", Role.ENTERPRISE_USER, world.users["other_ent_user"].organisation)
    for n in range(30):
        make_enterprise(world.district, name=f"上海普陀第{n}号实业有限公司", legal_representative=f"企业家{n}")
    demo.load_demo(world.district)
    sites = EducationSite.objects.filter(district=world.district)
    assert Counter(sites.values_list("kind", flat=True)) == {"guidance": 8, "demonstration": 6}
    assert sites.filter(host_chamber=chamber).exists() and sites.filter(host_enterprise__isnull=False).count() >= 8
    assert sites.filter(status="suspended").exclude(status_reason="").count() == 1
    at_sites = Activity.objects.filter(site__isnull=False, site__status="active")
    assert at_sites.count() > 20 and not Activity.objects.filter(site__status="suspended",
                                                                 starts_at__gt=local_moment(date(2027, 1, 30))).exists()
    lecturers = Lecturer.objects.filter(district=world.district)
    assert 18 <= lecturers.count() <= 22 and lecturers.filter(kind="expert").count() == 8
    states = Counter(Booking.objects.values_list("state", flat=True))
    assert states["accepted"] > states["declined"] > 0 and states["requested"] == 3
    assert not Booking.objects.filter(state="declined", decline_reason="").exists()
    own = lecturers.get(user=qiye2)
    assert own.enterprise_id == world.enterprise_b.pk
    waiting = Booking.objects.get(lecturer=own, state="requested")
    assert waiting.activity.starts_at.date() > TODAY
    assert waiting.activity.title in login(qiye2).get(reverse("core:home")).content.decode()
    demo.load_demo(world.district)  # once only
    assert lecturers.count() == Lecturer.objects.filter(district=world.district).count()

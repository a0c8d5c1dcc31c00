"""The demo's chambers (kaopu.chambers.demo, loaded by `kaopu demo` after the directory and accounts)."""

from __future__ import annotations

from datetime import date

import pytest

from kaopu.chambers import demo
from kaopu.chambers.models import BrandPhoto, BrandProject, Chamber, LeadershipTerm, Membership

DAY = date(2026, 5, 20)


@pytest.fixture(autouse=True)
def _media_and_clock(settings, tmp_path, pin_clock):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path)
    pin_clock(DAY)


def test_members_have_history_and_projects_have_outcomes_and_photos(world):  # type: ignore[no-untyped-def]
    chambers = demo.load_demo(world.district)
    assert len(chambers) == 1 + len(demo.CHAMBERS)  # the world has one subdistrict
    assert Chamber.objects.get(name="普陀区服装商会").merged_into.name == "普陀区商贸流通商会"
    assert Membership.objects.filter(left_on__isnull=False).exists()
    assert LeadershipTerm.objects.filter(officers__position="president").exists()
    assert BrandProject.objects.filter(featured=True).count() == 1
    assert BrandProject.objects.filter(outcomes__isnull=False).exists()
    photo = BrandPhoto.objects.first()
    assert photo is not None and photo.file.size == photo.size

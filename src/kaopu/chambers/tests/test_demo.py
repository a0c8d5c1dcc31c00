"""The demo's chambers (kaopu.chambers.demo, loaded by `kaopu demo` after the directory and accounts)."""

from __future__ import annotations

from datetime import date

import pytest

from kaopu.accounts.models import User
from kaopu.chambers import demo
from kaopu.chambers.models import BrandPhoto, BrandProject, Chamber, LeadershipTerm, Membership
from kaopu.core.management.commands import demo as demo_command
from kaopu.core.registry import registry
from kaopu.directory.models import District, Subdistrict

DAY = date(2026, 5, 20)


@pytest.fixture(autouse=True)
def _media_and_clock(settings, tmp_path, pin_clock):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path)
    pin_clock(DAY)


def test_the_demo_command_loads_the_districts_chambers(db):  # type: ignore[no-untyped-def]
    demo_command.load_demo()
    district = District.objects.get(name="普陀区")
    chambers = Chamber.objects.filter(district=district)
    subdistricts = Subdistrict.objects.filter(district=district)
    assert chambers.filter(kind="subdistrict").count() == subdistricts.count() == 10
    assert {f"普陀区{s.name}商会" for s in subdistricts} <= set(chambers.values_list("name", flat=True))
    names = set(chambers.values_list("name", flat=True))
    assert {"普陀区软件和信息服务业商会", "普陀区餐饮商会", "普陀区温州商会", "普陀区福建商会",
            "普陀区安徽商会"} <= names
    officer = User.objects.get(username="shanghui")
    youth = chambers.get(name="普陀区青年企业家商会")
    assert youth.organisation == officer.organisation
    assert Membership.objects.filter(chamber=youth, left_on__isnull=True).count() >= 10
    assert registry.todos["chambers.our_term_ending"].count(officer) == 1
    assert registry.todos["chambers.projects_without_outcomes"].count(officer) == 1
    assert registry.todos["chambers.terms_ending"].count(User.objects.get(username="staff")) >= 1


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

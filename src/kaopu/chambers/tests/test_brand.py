"""One chamber, one brand (一会一品): a project with its plan, outcomes and photos (re-encoded), kept by the
chamber's officer or staff; staff feature it; the officer's to-do of this year's projects without outcomes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.http import Http404
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from kaopu.audit.models import AuditEntry
from kaopu.chambers import actions
from kaopu.chambers.actions import ChamberError
from kaopu.chambers.models import BrandPhoto, BrandPlanItem
from kaopu.chambers.tests.uploads import jpeg_upload
from kaopu.core.registry import registry

DAY = date(2026, 5, 20)


@pytest.fixture(autouse=True)
def _clock(pin_clock, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path)
    pin_clock(DAY)


@pytest.fixture
def project(world, chamber):  # type: ignore[no-untyped-def]
    return actions.create_project(chamber, acting_user=world.users["chamber_officer"], title="青年企业家成长营",
                                  year=2026, goals="培育青年企业家",
                                  plan=[BrandPlanItem(planned_on=date(2026, 3, 1), whole_month=True, what="启动仪式")])


def test_the_officer_records_a_project_with_its_plan(world, project):
    assert [str(item) for item in project.plan.all()] == ["2026-03 启动仪式"]
    assert "青年企业家成长营" in AuditEntry.objects.latest("sequence").summary


def test_the_project_form_reads_plan_lines_and_refuses_a_bad_one(world, login, chamber):
    client = login(world.users["chamber_officer"])
    url = reverse("chambers:project_new", args=[chamber.pk])
    response = client.post(url, {"title": "助企服务月", "year": "2026", "status": "planned", "goals": "服务企业",
                                 "plan": "2026-04 政策宣讲\n2026-06-15 企业走访\n"})
    assert response.status_code == 302
    project = chamber.brand_projects.get(title="助企服务月")
    assert [(str(i), i.whole_month) for i in project.plan.all()] == [("2026-04 政策宣讲", True),
                                                                     ("2026-06-15 企业走访", False)]
    refused = client.post(url, {"title": "另一个", "year": "2026", "status": "planned", "goals": "目标",
                                "plan": "四月 宣讲"}, follow=True)
    assert "第 1 行" in refused.content.decode()


def test_outcomes_need_words_and_a_unit_for_a_figure(world, project):
    officer = world.users["chamber_officer"]
    with pytest.raises(ChamberError) as refused:
        actions.add_outcome(project, acting_user=officer, text="服务企业", figure=Decimal("120"))
    assert refused.value.field == "unit"
    outcome = actions.add_outcome(project, acting_user=officer, text="服务企业", figure="120", unit="家")
    assert str(outcome) == "120 家 服务企业"
    assert "120 家 服务企业" in AuditEntry.objects.latest("sequence").summary


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(figure=st.one_of(st.text(max_size=12), st.decimals(allow_nan=True, allow_infinity=True)))
def test_any_figure_is_a_decimal_with_two_places_or_a_message(world, project, figure):  # type: ignore[no-untyped-def]
    try:
        outcome = actions.add_outcome(project, acting_user=world.users["staff"], text="成效", figure=figure, unit="家")
    except ChamberError as refused:
        assert refused.field == "figure"
    else:
        figure = outcome.figure
        assert figure is None or (figure >= 0 and figure == figure.quantize(Decimal("0.01")))


def test_a_photo_is_reencoded_and_served_only_to_those_who_see_the_chamber(world, login, project,
                                                                          other_chamber_officer):
    photo = actions.add_photo(project, acting_user=world.users["chamber_officer"],
                              upload=jpeg_upload(size=(3000, 1500)), caption="启动仪式合影")
    assert (photo.width, photo.height, photo.content_type) == (2000, 1000, "image/jpeg")
    with photo.file.open("rb") as stored:
        assert Image.open(stored).size == (2000, 1000)
    url = reverse("chambers:photo_file", args=[photo.pk])
    assert login(world.users["leader"]).get(url).status_code == 200
    assert login(other_chamber_officer).get(url).status_code == 404


def test_what_is_not_an_image_is_refused_and_leaves_no_file(world, project, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("photo.jpg", b"<html>not an image</html>", content_type="image/jpeg")
    with pytest.raises(ChamberError) as refused:
        actions.add_photo(project, acting_user=world.users["staff"], upload=fake)
    assert refused.value.field == "photo" and not BrandPhoto.objects.exists()


def test_only_staff_feature_a_project(world, project):
    with pytest.raises(ChamberError):
        actions.set_featured(project, acting_user=world.users["chamber_officer"], featured=True)
    featured = actions.set_featured(project, acting_user=world.users["staff"], featured=True)
    assert featured.featured and featured.featured_on == DAY
    with pytest.raises(Http404):
        actions.set_featured(project, acting_user=world.users["far_staff"], featured=False)


def test_another_chambers_officer_cannot_touch_the_project(world, project, other_chamber_officer):
    with pytest.raises(Http404):
        actions.add_outcome(project, acting_user=other_chamber_officer, text="x")
    with pytest.raises(Http404):
        actions.update_project(project, acting_user=other_chamber_officer, title="x", year=2026, goals="x",
                               status="planned")


def test_the_officers_todo_counts_and_lists_this_years_projects_without_outcomes(world, login, chamber, project):
    officer = world.users["chamber_officer"]
    actions.create_project(chamber, acting_user=officer, title="去年的项目", year=2025, goals="目标")
    todo = registry.todos["chambers.projects_without_outcomes"]
    assert todo.count(officer) == 1
    page = login(officer).get(todo.url(officer), follow=True).content.decode()
    assert "青年企业家成长营" in page and "去年的项目" not in page
    actions.add_outcome(project, acting_user=officer, text="举办活动 3 场")
    assert todo.count(officer) == 0

"""The training's pages: every page answers 404 to whoever may not see its object (ids guessed), lists read a
fixed number of queries whatever the data size, the alumni headline and export, and the public verification."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaopu.audit.models import AuditEntry
from kaopu.exports.testing import export_rows
from kaopu.programs import actions_training as actions
from kaopu.programs.models import Certificate
from kaopu.programs.testing_training import approved, attend, make_cohort


@pytest.fixture(autouse=True)
def _day(pin_clock, settings, tmp_path):  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 9, 28))
    settings.MEDIA_ROOT = tmp_path


def graduated(staff, ent, names=("张三",), name="第十期普陀区青年企业家培训班"):  # type: ignore[no-untyped-def]
    cohort = make_cohort(staff, sessions=2, name=name)
    trainees = [approved(staff, ent, cohort, n) for n in names]
    actions.move_cohort(cohort, "start", acting_user=staff)
    for trainee in trainees:
        attend(staff, trainee, 2)
    actions.move_cohort(cohort, "finish", acting_user=staff)
    actions.graduate_cohort(cohort, acting_user=staff)
    return cohort, trainees


def every_url(cohort, trainee, certificate, session):  # type: ignore[no-untyped-def]
    return {
        "get": [reverse("programs:training_cohort", args=[cohort.pk]),
                reverse("programs:training_cohort_edit", args=[cohort.pk]),
                reverse("programs:training_session", args=[session.pk]),
                reverse("programs:training_qr", args=[trainee.pk]),
                reverse("programs:training_certificate", args=[certificate.pk])],
        "post": [reverse("programs:training_cohort_move", args=[cohort.pk, "start"]),
                 reverse("programs:training_cohort_graduate", args=[cohort.pk]),
                 reverse("programs:training_session_add", args=[cohort.pk]),
                 reverse("programs:training_enrol", args=[cohort.pk]),
                 reverse("programs:training_session_cancel", args=[session.pk]),
                 reverse("programs:training_decide", args=[trainee.pk, "approve"]),
                 reverse("programs:training_withdraw", args=[trainee.pk]),
                 reverse("programs:training_certificate_retry", args=[certificate.pk])],
    }


def test_another_district_and_another_enterprise_get_404_on_every_guessed_id(world, staff, ent_user, login):
    cohort, (trainee,) = graduated(staff, ent_user)
    certificate, session = trainee.certificate, cohort.sessions.first()
    urls = every_url(cohort, trainee, certificate, session)
    for user in (world.users["far_staff"], world.users["other_ent_user"], world.users["chamber_officer"]):
        client = login(user)
        for url in urls["get"]:
            assert client.get(url).status_code == 404, (user, url)
        for url in urls["post"]:
            data = {"reason": "x", "name": "x", "mobile": "13800000000"}
            assert client.post(url, data).status_code == 404, (user, url)
    assert Certificate.objects.count() == 1


def test_the_enterprise_downloads_its_own_certificate_and_staff_any_of_the_district(staff, ent_user, leader, login):
    _cohort, (trainee,) = graduated(staff, ent_user)
    url = reverse("programs:training_certificate", args=[trainee.certificate.pk])
    for user in (ent_user, staff, leader):
        response = login(user).get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content)[:5] == b"%PDF-"
    assert AuditEntry.objects.filter(action="export", summary__contains=trainee.certificate.number).count() == 3


def test_the_enterprise_page_masks_mobiles_and_offers_open_cohorts(staff, ent_user, login):
    cohort = make_cohort(staff)
    response = login(ent_user).post(reverse("programs:training_enterprise"),
                                    {"cohort": cohort.pk, "name": "李四", "position": "总经理",
                                     "mobile": "13812345678"}, follow=True)
    page = response.content.decode()
    assert "李四" in page and "138****5678" in page and "13812345678" not in page
    assert cohort.name in page


def test_staff_pages_render(staff, ent_user, login):
    cohort, (trainee,) = graduated(staff, ent_user)
    client = login(staff)
    for url in (reverse("programs:training_cohorts"), reverse("programs:training_cohort", args=[cohort.pk]),
                reverse("programs:training_session", args=[cohort.sessions.first().pk]),
                reverse("programs:training_cohort_new"), reverse("programs:training_alumni")):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(reverse("programs:training_cohort", args=[cohort.pk])).content.decode()
    assert trainee.certificate.number in page


def _count(client, url):  # type: ignore[no-untyped-def]
    client.get(url)  # warm: the session, the menu's cached badges
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_alumni_list_reads_a_fixed_number_of_queries(staff, ent_user, login):
    graduated(staff, ent_user, names=("张三",), name="第一期")
    client = login(staff)
    url = reverse("programs:training_alumni")
    small = _count(client, url)
    graduated(staff, ent_user, names=("李四", "王五", "赵六", "钱七"), name="第二期")
    assert _count(client, url) == small
    assert _count(client, reverse("programs:training_cohorts")) == _count(client, reverse("programs:training_cohorts"))


def test_the_cohort_page_reads_a_fixed_number_of_queries(staff, ent_user, login):
    one, _ = graduated(staff, ent_user, names=("张三",), name="第一期")
    four, _ = graduated(staff, ent_user, names=("李四", "王五", "赵六", "钱七"), name="第二期")
    client = login(staff)
    assert _count(client, reverse("programs:training_cohort", args=[one.pk])) == \
        _count(client, reverse("programs:training_cohort", args=[four.pk]))


def test_alumni_headline_filters_and_export(world, staff, ent_user, login):
    graduated(staff, ent_user, names=("张三",), name="第一期")
    graduated(staff, ent_user, names=("李四", "王五"), name="第二期")
    client = login(staff)
    page = client.get(reverse("programs:training_alumni")).content.decode()
    assert "3名学员 · 2期 · 1年" in page
    filtered = client.get(reverse("programs:training_alumni"), {"name": "李"}).content.decode()
    assert "李四" in filtered and "王五" not in filtered
    rows = export_rows(client, "programs.alumni", {"name": "王"})
    assert [row[1] for row in rows] == ["姓名", "王五"]
    assert AuditEntry.objects.filter(action="export", summary__contains="学员校友").exists()
    far = login(world.users["far_staff"])
    assert export_rows(far, "programs.alumni", {}) == [rows[0]]  # another district: the header only


def test_public_verification_normalises_the_number_and_shows_no_other_personal_data(staff, ent_user, client):
    _cohort, (trainee,) = graduated(staff, ent_user)
    number = trainee.certificate.number
    loose = "  " + number.lower().replace("-", "－", 1).replace("-", " - ") + " "
    page = client.get(reverse("programs:verify"), {"number": loose}).content.decode()
    assert "张三" in page and "第十期普陀区青年企业家培训班" in page and number in page
    assert trainee.mobile not in page and "上海甲科技有限公司" not in page
    other = number[:-1] + ("Y" if number.endswith("Z") else "Z")  # one character off: no such certificate
    missing = client.get(reverse("programs:verify"), {"number": other})
    assert "查无此证书" in missing.content.decode()
    assert "public" in missing["Cache-Control"]


def test_staff_enrol_a_trainee_picking_the_enterprise_by_credit_code_or_name(world, staff, login):
    cohort = make_cohort(staff, sessions=1)
    client = login(staff)
    page = client.get(reverse("programs:training_cohort", args=[cohort.pk])).content.decode()
    assert 'data-picker="remote"' in page and world.enterprise_b.name not in page  # no select of every enterprise
    url = reverse("programs:training_enrol", args=[cohort.pk])
    person = {"name": "周青", "position": "总经理", "mobile": "13900001111"}
    client.post(url, {**person, "enterprise": world.enterprise_b.credit_code})
    assert cohort.trainees.get().enterprise == world.enterprise_b
    refused = client.post(url, {**person, "enterprise": world.far_enterprise.credit_code}, follow=True)
    assert "本区没有与“" in refused.content.decode()
    assert cohort.trainees.count() == 1  # another district's enterprise is not found

"""The activity pages: the lists (filters, keyset pages, a fixed number of queries at two sizes), the
form for staff and for a chamber officer, the types page, the chamber page's section and the start pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaopu.audit.models import AuditEntry
from kaopu.chambers.sections import sections
from kaopu.core.testing import local_moment
from kaopu.programs.models import Activity, ActivityType
from kaopu.programs.testing import make_activity

pytestmark = pytest.mark.django_db
DAY = date(2026, 9, 15)


def bulk(user, chamber, n: int, types) -> None:  # type: ignore[no-untyped-def]
    """n activities of the FIC and n of the chamber, without the actions (fast)."""
    Activity.objects.bulk_create(
        Activity(district_id=user.district_id, chamber=chamber if i % 2 else None, type=types["培训"],
                 title=f"培训第{i}期", starts_at=local_moment(DAY - timedelta(days=i)), created_by=user)
        for i in range(2 * n))


def count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("persona", ["staff", "leader", "chamber_officer"])
def test_the_lists_keep_a_fixed_number_of_queries(persona, request, staff, chamber, types, login):  # type: ignore[no-untyped-def]
    client = login(request.getfixturevalue(persona))
    url = reverse("programs:chamber_list" if persona == "chamber_officer" else "programs:activity_list")
    filtered = f"{url}?year=2026&type={types['培训'].pk}"
    bulk(staff, chamber, 3, types)
    client.get(url)  # the session's first request reads what later ones find cached
    small = [count(client, url), count(client, filtered)]
    bulk(staff, chamber, 60, types)
    large = [count(client, url), count(client, filtered)]
    assert small == large and max(large) <= 15


def test_filters_and_keyset_pages(staff, chamber, types, login):  # type: ignore[no-untyped-def]
    bulk(staff, chamber, 40, types)
    make_activity(staff, title="党建联建签约仪式", type_name="党建", starts_at=local_moment(date(2025, 7, 1)))
    client = login(staff)
    url = reverse("programs:activity_list")
    page = client.get(url, {"year": 2025}).content.decode()
    assert "党建联建签约仪式" in page and "培训第" not in page
    page = client.get(url, {"organiser": chamber.pk}).content.decode()
    assert "培训第1期" in page and "培训第0期" not in page
    page = client.get(url, {"organiser": "fic", "type": types["培训"].pk}).context["page"]
    assert len(page.items) == 30 and all(a.chamber_id is None for a in page.items) and page.has_next
    second = client.get(url, {"organiser": "fic", "type": types["培训"].pk, "after": page.next_cursor}).context["page"]
    assert len(second.items) == 10 and not {a.pk for a in second.items} & {a.pk for a in page.items}


def test_staff_record_an_activity_through_the_form(staff, chamber, world, types, login):  # type: ignore[no-untyped-def]
    client = login(staff)
    assert f'value="{chamber.pk}"' in client.get(reverse("programs:activity_new")).content.decode()
    response = client.post(reverse("programs:activity_new"), {
        "chamber": "", "type": types["论坛/沙龙"].pk, "title": "民营企业发展论坛", "starts_at": "2026-09-20T14:00",
        "ends_at": "2026-09-20T17:00", "place": "区民营经济服务中心报告厅",
        "enterprises": f"{world.enterprise_a.name}\n\n{world.enterprise_b.credit_code}\n", "headcount": "120"})
    activity = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("programs:activity_detail",
                                                                           args=[activity.pk])
    assert activity.chamber is None and activity.enterprises.count() == 2 and activity.headcount == 120
    page = client.get(response["Location"]).content.decode()
    assert "民营企业发展论坛" in page and world.enterprise_b.name in page


def test_an_officer_picks_among_their_members_only(chamber, chamber_officer, world, types, login):  # type: ignore[no-untyped-def]
    client = login(chamber_officer)
    form = client.get(reverse("programs:activity_new")).content.decode()
    assert world.enterprise_a.name in form and world.enterprise_b.name not in form and 'name="chamber"' not in form
    values = {"type": types["党建"].pk, "title": "主题党日", "starts_at": "2026-09-20T14:00"}
    response = client.post(reverse("programs:activity_new"), {**values, "enterprises": [world.enterprise_b.pk]})
    assert response.status_code == 200 and "参与企业" in response.content.decode()
    assert not Activity.objects.exists()
    client.post(reverse("programs:activity_new"), {**values, "enterprises": [world.enterprise_a.pk]})
    assert list(Activity.objects.get().enterprises.all()) == [world.enterprise_a]


def test_a_refusal_of_the_action_is_shown_on_its_field_and_nothing_is_written(staff, world, types, login):  # type: ignore[no-untyped-def]
    response = login(staff).post(reverse("programs:activity_new"), {
        "chamber": "", "type": types["党建"].pk, "title": "主题党日", "starts_at": "2026-09-20T14:00",
        "enterprises": world.far_enterprise.name})
    page = response.content.decode()
    assert response.status_code == 200 and "本区企业名录中没有名为" in page
    assert not Activity.objects.exists()


def test_a_chamber_officer_edits_their_activity_and_it_stays_their_chambers(chamber, chamber_officer, types,
                                                                          login):  # type: ignore[no-untyped-def]
    activity = make_activity(chamber_officer)
    client = login(chamber_officer)
    form = client.get(reverse("programs:activity_edit", args=[activity.pk]))
    assert 'value="学习贯彻全会精神专题学习会"' in form.content.decode()
    response = client.post(reverse("programs:activity_edit", args=[activity.pk]), {
        "type": types["理论学习"].pk, "title": "学习会（第二场）", "starts_at": "2026-09-15T14:00", "headcount": "35"})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.chamber, activity.headcount) == ("学习会（第二场）", chamber, 35)
    listing = client.get(reverse("programs:chamber_list")).content.decode()
    assert "学习会（第二场）" in listing and chamber.name in listing


def test_staff_add_rename_and_retire_types(staff, login, types):  # type: ignore[no-untyped-def]
    client = login(staff)
    client.post(reverse("programs:types"), {"name": "公益慈善", "sort_order": "75", "is_active": "on"})
    row = ActivityType.objects.get(name="公益慈善")
    client.post(reverse("programs:type_edit", args=[row.pk]), {"name": "光彩公益", "sort_order": "75"})
    row.refresh_from_db()
    assert (row.name, row.is_active) == ("光彩公益", False)
    response = client.post(reverse("programs:types"), {"name": "党建", "sort_order": "1", "is_active": "on"})
    assert "已有同名的活动类型" in response.content.decode()
    assert AuditEntry.objects.filter(summary__contains="活动类型「光彩公益」（停用）").exists()


def test_the_chamber_page_section_lists_the_latest_activities_the_user_may_see(
        chamber, chamber_officer, other_chamber_officer, staff, leader, types, django_assert_num_queries):  # type: ignore[no-untyped-def]
    section = next(s for s in sections() if s.key == "programs.activities")
    for day in range(1, 8):
        make_activity(chamber_officer, title=f"第{day}次活动", starts_at=local_moment(date(2026, 9, day)))
    with django_assert_num_queries(1):
        rows = section.rows(staff, chamber, 5)
    assert [r.text for r in rows] == [f"第{d}次活动" for d in (7, 6, 5, 4, 3)]
    assert section.rows(other_chamber_officer, chamber, 5) == []
    assert section.add_url(chamber_officer, chamber) == reverse("programs:activity_new")
    assert section.add_url(other_chamber_officer, chamber) == "" and section.add_url(leader, chamber) == ""
    assert section.add_url(staff, chamber).endswith(f"?chamber={chamber.pk}")
    assert section.url(chamber_officer, chamber) == reverse("programs:chamber_list")


def test_the_officers_start_page_shows_our_recent_activities(chamber, chamber_officer, types, login):  # type: ignore[no-untyped-def]
    make_activity(chamber_officer, title="商会迎新春联谊会")
    page = login(chamber_officer).get(reverse("core:home")).content.decode()
    assert "本会近期活动" in page and "商会迎新春联谊会" in page


def test_a_form_error_names_its_field_in_the_message(staff, types, login):  # type: ignore[no-untyped-def]
    response = login(staff).post(reverse("programs:activity_new"), {"type": types["党建"].pk, "title": "",
                                                                    "starts_at": "2026-09-20T14:00"}, follow=True)
    assert "标题：这个字段是必填项。" in response.content.decode()

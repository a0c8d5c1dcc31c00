"""The education sites' pages: the list with its counts per site (a fixed number of queries at two
sizes), the filters, a site's page with its activities, the staff's forms, the officer's read-only list,
the site picker of the activity form, the figures by site, the cockpit's count, and a 404 for every page
of a site of another district."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaopu.core.registry import Scope
from kaopu.core.testing import local_moment
from kaopu.programs import actions_sites, metrics
from kaopu.programs.actions import ActivityError
from kaopu.programs.models import Activity, EducationSite
from kaopu.programs.testing import make_activity, make_types
from kaopu.programs.tests.lectsites import DAY, make_site

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pinned(pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(DAY)


def held_at(site: EducationSite, staff, n: int, *, year: int = 2026) -> None:  # type: ignore[no-untyped-def]
    types = make_types()
    Activity.objects.bulk_create(
        Activity(district_id=site.district_id, type=types["党建"], site=site, title=f"参观学习第{i}场",
                 starts_at=local_moment(date(year, 3, 1) + timedelta(days=i)), created_by=staff) for i in range(n))


def count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def test_the_list_counts_the_activities_of_each_site_this_year_and_in_all(staff, chamber, login):  # type: ignore[no-untyped-def]
    busy = make_site(staff, name="苏州河红色印迹教育示范点", kind="demonstration", host_chamber=chamber.pk)
    quiet = make_site(staff)
    held_at(busy, staff, 3)
    held_at(busy, staff, 2, year=2025)
    held_at(quiet, staff, 1, year=2024)
    page = login(staff).get(reverse("programs:site_list"))
    rows = {s.name: (s.held_in_year, s.held_in_all) for s in page.context["rows"]}
    assert rows == {busy.name: (3, 5), quiet.name: (0, 1)}
    rows = {s.name: s.held_in_year for s in login(staff).get(reverse("programs:site_list"), {"year": 2025})
            .context["rows"]}
    assert rows == {busy.name: 2, quiet.name: 0}


def test_the_filters_narrow_the_list(staff, world, login):  # type: ignore[no-untyped-def]
    make_site(staff, name="甲示范点", kind="demonstration", subdistrict=world.subdistrict.pk)
    withdrawn = make_site(staff, name="乙指导点")
    actions_sites.change_site_status(withdrawn, acting_user=staff, status="withdrawn", on=DAY, reason="企业迁出")
    client = login(staff)
    names = lambda **query: [s.name for s in client.get(reverse("programs:site_list"), query).context["rows"]]  # noqa: E731
    assert names() == ["甲示范点", "乙指导点"]  # by kind (示范点 first), then name
    assert names(kind="demonstration") == ["甲示范点"]
    assert names(subdistrict=world.subdistrict.pk) == ["甲示范点"]
    assert names(status="withdrawn") == ["乙指导点"]


@pytest.mark.parametrize("persona", ["staff", "leader", "chamber_officer"])
def test_the_list_and_a_sites_page_keep_a_fixed_number_of_queries(persona, request, staff, chamber, login):  # type: ignore[no-untyped-def]
    client = login(request.getfixturevalue(persona))
    url = reverse("programs:chamber_sites" if persona == "chamber_officer" else "programs:site_list")
    first = make_site(staff, name="第0号指导点")
    held_at(first, staff, 2)
    detail = reverse("programs:site_detail", args=[first.pk])
    client.get(url)
    small = [count(client, url), count(client, detail)]
    for i in range(1, 15):
        held_at(make_site(staff, name=f"第{i}号指导点"), staff, 3)
    held_at(first, staff, 40)
    large = [count(client, url), count(client, detail)]
    assert small == large and max(large) <= 15


def test_a_sites_page_lists_its_activities_in_keyset_pages(staff, login):  # type: ignore[no-untyped-def]
    site = make_site(staff)
    held_at(site, staff, 35)
    client = login(staff)
    first = client.get(reverse("programs:site_detail", args=[site.pk])).context["page"]
    assert len(first.items) == 30 and first.has_next
    second = client.get(reverse("programs:site_detail", args=[site.pk]), {"after": first.next_cursor}).context["page"]
    assert len(second.items) == 5 and not {a.pk for a in first.items} & {a.pk for a in second.items}


def test_staff_designate_edit_and_suspend_through_the_pages(staff, login):  # type: ignore[no-untyped-def]
    client = login(staff)
    response = client.post(reverse("programs:site_new"), {"name": "真如红色文化教育指导点", "kind": "guidance",
                                                          "designated_year": "2022", "capacity": "50"})
    site = EducationSite.objects.get()
    assert response["Location"] == reverse("programs:site_detail", args=[site.pk])
    response = client.post(reverse("programs:site_new"), {"name": "真如红色文化教育指导点", "kind": "guidance",
                                                          "designated_year": "2022"})
    assert response.status_code == 200 and "本区已有同名的教育基地" in response.content.decode()
    client.post(reverse("programs:site_edit", args=[site.pk]), {"name": "真如红色文化教育示范点",
                                                                "kind": "demonstration", "designated_year": "2023"})
    client.post(reverse("programs:site_status", args=[site.pk]), {"status": "suspended", "on": "2026-09-10",
                                                                  "reason": "闭馆修缮"})
    page = client.get(reverse("programs:site_detail", args=[site.pk])).content.decode()
    assert "真如红色文化教育示范点" in page and "闭馆修缮" in page and "2026-09-10" in page


def test_an_officer_reads_the_sites_and_sees_those_their_chamber_hosts(staff, chamber, chamber_officer, login):  # type: ignore[no-untyped-def]
    ours = make_site(staff, name="青年商会教育示范点", kind="demonstration", host_chamber=chamber.pk)
    client = login(chamber_officer)
    page = client.get(reverse("programs:chamber_sites")).content.decode()
    assert ours.name in page and "本会承办" in page and 'id="site-new"' not in page
    assert client.get(reverse("programs:site_detail", args=[ours.pk])).status_code == 200
    for name in ("programs:site_list", "programs:site_new"):
        assert client.get(reverse(name)).status_code == 404
    assert client.get(reverse("programs:site_edit", args=[ours.pk])).status_code == 404
    assert client.post(reverse("programs:site_status", args=[ours.pk]), {"status": "withdrawn", "on": "2026-09-15",
                                                                         "reason": "x"}).status_code == 404


def test_the_contacts_phone_is_whole_for_staff_and_masked_for_leaders_and_officers(staff, leader, chamber,  # type: ignore[no-untyped-def]
                                                                                    chamber_officer, login):
    site = make_site(staff, contact_name="陈静", contact_phone="13812345678")
    url = reverse("programs:site_detail", args=[site.pk])
    assert "13812345678" in login(staff).get(url).content.decode()
    for user in (leader, chamber_officer):
        page = login(user).get(url).content.decode()
        assert "13812345678" not in page and "138****5678" in page


def test_every_page_of_a_site_of_another_district_answers_404(staff, far_staff, login):  # type: ignore[no-untyped-def]
    site = make_site(staff)
    client = login(far_staff)
    for name in ("programs:site_detail", "programs:site_edit", "programs:site_status"):
        assert client.get(reverse(name, args=[site.pk])).status_code in (404, 405)
        assert client.post(reverse(name, args=[site.pk]), {"status": "withdrawn", "on": "2026-09-15",
                                                           "reason": "x", "name": "x", "kind": "guidance",
                                                           "designated_year": "2020"}).status_code == 404
    site.refresh_from_db()
    assert (site.status, site.name) == ("active", "上海甲科技有限公司理想信念教育指导点")


def test_the_activity_form_offers_the_districts_active_sites_and_the_page_shows_the_site(  # type: ignore[no-untyped-def]
        staff, chamber_officer, chamber, login, types):
    open_site = make_site(staff, name="开放的指导点")
    closed = make_site(staff, name="暂停的指导点")
    actions_sites.change_site_status(closed, acting_user=staff, status="suspended", on=DAY, reason="修缮")
    client = login(chamber_officer)
    form = client.get(reverse("programs:activity_new")).content.decode()
    assert "开放的指导点" in form and "暂停的指导点" not in form
    values = {"type": types["党建"].pk, "title": "主题党日：参观指导点", "starts_at": "2026-09-20T14:00"}
    response = client.post(reverse("programs:activity_new"), {**values, "site": closed.pk})
    assert response.status_code == 200 and "教育基地：" in response.content.decode()
    with pytest.raises(ActivityError, match="教育基地：请选择本区正常开放的基地"):
        make_activity(chamber_officer, site=closed.pk)
    assert not Activity.objects.exists()
    client.post(reverse("programs:activity_new"), {**values, "site": open_site.pk, "place": "二楼展厅"})
    activity = Activity.objects.get()
    assert (activity.site, activity.place) == (open_site, "二楼展厅")
    page = client.get(reverse("programs:activity_detail", args=[activity.pk])).content.decode()
    assert "开放的指导点" in page and reverse("programs:site_detail", args=[open_site.pk]) in page
    # Suspended since: the activity keeps its site when edited.
    actions_sites.change_site_status(open_site, acting_user=staff, status="suspended", on=DAY, reason="修缮")
    client.post(reverse("programs:activity_edit", args=[activity.pk]), {**values, "site": open_site.pk,
                                                                        "title": "主题党日"})
    activity.refresh_from_db()
    assert (activity.title, activity.site) == ("主题党日", open_site)


def test_the_figures_count_by_site_and_the_cockpit_counts_active_sites(staff, far_staff, world, login, types):  # type: ignore[no-untyped-def]
    site = make_site(staff, name="甲指导点")
    other = make_site(staff, name="乙示范点", kind="demonstration")
    make_site(far_staff, name="静安指导点")
    suspended = make_site(staff, name="丙指导点")
    actions_sites.change_site_status(suspended, acting_user=staff, status="suspended", on=DAY, reason="修缮")
    make_activity(staff, site=site.pk, starts_at=local_moment(date(2026, 1, 5)))
    make_activity(staff, site=site.pk, starts_at=local_moment(date(2026, 3, 5)))
    make_activity(staff, site=other.pk, starts_at=local_moment(date(2026, 3, 6)))
    make_activity(staff, starts_at=local_moment(date(2026, 3, 7)))  # not at a site
    by_site = login(staff).get(reverse("programs:figures"), {"year": 2026}).context["by_site"]
    assert [(r.label, r.months[0], r.months[2], r.total) for r in by_site] == [("甲指导点", 1, 1, 2),
                                                                               ("乙示范点", 0, 1, 1)]
    scope = Scope((world.district.pk,), date(2026, 1, 1), DAY)
    assert metrics.sites_compute(scope) == {"programs.education_sites": 2}
    both = Scope((world.district.pk, world.far_district.pk), date(2026, 1, 1), DAY)
    assert metrics.sites_by_district(both) == {world.district.pk: {"programs.education_sites": 2},
                                               world.far_district.pk: {"programs.education_sites": 1}}

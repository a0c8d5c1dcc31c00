"""The tamper incidents page: the security administrator and the district's FIC staff read them with the
diff; staff of another district, an enterprise and the other roles are refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kaopu.publicity import tamper
from kaopu.publicity.models import Article, TamperIncident
from kaopu.publicity.testing import published_article

pytestmark = pytest.mark.django_db


def withdrawn_incident(world, title: str = "区工商联召开民营企业座谈会") -> TamperIncident:  # type: ignore[no-untyped-def]
    article = published_article(world, title=title)
    Article.objects.filter(pk=article.pk).update(body="<p>被改动的正文</p>")
    tamper.check_pages(tamper.published_ids())
    return TamperIncident.objects.get(article=article)


def test_the_security_administrator_reads_the_incidents_and_the_diff(world, login, secadmin):
    incident = withdrawn_incident(world)
    client = login(secadmin)
    page = client.get(reverse("tamper:incident_list")).content.decode()
    assert "区工商联召开民营企业座谈会" in page and "数据库中的内容被改动" in page
    detail = client.get(reverse("tamper:incident", args=[incident.pk])).content.decode()
    assert '<span class="add">+&lt;p&gt;被改动的正文&lt;/p&gt;</span>' in detail
    assert "Baiduspider" in detail


def test_staff_of_the_district_read_them_too(world, login, staff):
    incident = withdrawn_incident(world)
    assert login(staff).get(reverse("tamper:incident", args=[incident.pk])).status_code == 200


@pytest.mark.parametrize("persona", ["far_staff", "ent_user", "leader", "handler", "auditadmin"])
def test_other_people_are_refused(world, login, persona):
    incident = withdrawn_incident(world)
    client = login(world.users[persona])
    assert client.get(reverse("tamper:incident", args=[incident.pk])).status_code == 404
    listing = client.get(reverse("tamper:incident_list"))
    if persona == "far_staff":  # their own district's incidents: none
        assert listing.status_code == 200 and "区工商联召开民营企业座谈会" not in listing.content.decode()
    else:
        assert listing.status_code == 404


def test_the_list_reads_a_fixed_number_of_queries(world, login, secadmin, django_assert_num_queries):
    client = login(secadmin)
    withdrawn_incident(world, "第一篇")
    client.get(reverse("tamper:incident_list"))
    with django_assert_num_queries(QUERIES):
        assert client.get(reverse("tamper:incident_list")).status_code == 200
    for title in ("第二篇", "第三篇", "第四篇"):
        withdrawn_incident(world, title)
    with django_assert_num_queries(QUERIES):
        page = client.get(reverse("tamper:incident_list")).content.decode()
    assert all(title in page for title in ("第一篇", "第二篇", "第三篇", "第四篇"))


QUERIES = 2  # the user, the page of incidents (the session is cached)

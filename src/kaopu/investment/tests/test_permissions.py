"""Who reaches which investment page and API endpoint: FIC staff change their district's rows, district
leaders read them, every other role gets 404 everywhere; far_staff (another district) sees nothing here."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from kaopu.core.api_testing import API, bearer_client

OTHER_ROLES = [
    "handler",
    "ent_user",
    "other_ent_user",
    "chamber_officer",
    "bank_officer",
    "lawyer",
    "sysadmin",
    "secadmin",
    "auditadmin",
]
ALL_ROLES = ["staff", "leader", "far_staff", *OTHER_ROLES]


def read_pages(lead, partner, visit):  # type: ignore[no-untyped-def]
    return [
        reverse("investment:lead_list"),
        reverse("investment:lead_detail", args=[lead.pk]),
        reverse("investment:partner_list"),
        reverse("investment:partner_detail", args=[partner.pk]),
        reverse("investment:visit_list"),
        reverse("investment:visit_detail", args=[visit.pk]),
        reverse("investment:figures"),
        reverse("investment:figures_export"),
    ]


def write_pages(lead, partner, visit):  # type: ignore[no-untyped-def]
    return [
        reverse("investment:lead_new"),
        reverse("investment:lead_edit", args=[lead.pk]),
        reverse("investment:partner_new"),
        reverse("investment:partner_edit", args=[partner.pk]),
        reverse("investment:visit_new"),
        reverse("investment:visit_edit", args=[visit.pk]),
    ]


def post_urls(lead):  # type: ignore[no-untyped-def]
    return [
        reverse("investment:follow_up_add", args=[lead.pk]),
        reverse("investment:lead_owner", args=[lead.pk]),
        *(reverse("investment:lead_move", args=[lead.pk, m]) for m in ("sign", "land", "terminate", "reopen")),
    ]


def _status(client, url):  # type: ignore[no-untyped-def]
    return client.get(url).status_code


@pytest.mark.parametrize("role", ALL_ROLES)
def test_pages_by_role(role, request, world, lead, partner, visit, login):  # type: ignore[no-untyped-def]
    client = login(request.getfixturevalue(role))
    reads = {url: _status(client, url) for url in read_pages(lead, partner, visit)}
    writes = {url: _status(client, url) for url in write_pages(lead, partner, visit)}
    if role == "staff":
        assert set(reads.values()) == {200} and set(writes.values()) == {200}
    elif role == "leader":
        assert set(reads.values()) == {200} and set(writes.values()) == {404}
    elif role == "far_staff":
        # lists and figures open (their own district, empty of ours); our rows are 404
        details = [u for u in reads if "/leads/" in u or u.rstrip("/").split("/")[-1].isdigit()]
        assert all(reads[u] == 404 for u in details), reads
        assert writes[reverse("investment:lead_new")] == 200
        assert writes[reverse("investment:lead_edit", args=[lead.pk])] == 404
    else:
        assert set(reads.values()) == {404} and set(writes.values()) == {404}, (reads, writes)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_posts_by_role_change_nothing_unless_staff(role, request, world, lead, login):  # type: ignore[no-untyped-def]
    from kaopu.investment.models import FollowUp, StageChange

    client = login(request.getfixturevalue(role))
    before = (FollowUp.objects.count(), StageChange.objects.count())
    statuses = {url: client.post(url, {"note": "x", "reason": "other"}).status_code for url in post_urls(lead)}
    if role == "staff":
        assert all(s in (200, 302) for s in statuses.values())
    else:
        assert set(statuses.values()) == {404}, statuses
        assert (FollowUp.objects.count(), StageChange.objects.count()) == before


def test_far_staff_lists_do_not_show_this_district(world, far_staff, lead, far_lead, partner, login):  # type: ignore[no-untyped-def]
    client = login(far_staff)
    page = client.get(reverse("investment:lead_list")).content.decode()
    assert far_lead.name in page and lead.name not in page
    assert partner.name not in client.get(reverse("investment:partner_list")).content.decode()
    assert "温州市工商联考察团来访" not in client.get(reverse("investment:visit_list")).content.decode()
    figures = client.get(reverse("investment:figures")).content.decode()
    assert lead.name not in figures


def test_leader_sees_no_buttons(world, leader, lead, partner, visit, login):  # type: ignore[no-untyped-def]
    client = login(leader)
    for url in read_pages(lead, partner, visit)[:-1]:
        html = client.get(url).content.decode()
        assert 'method="post" action="/investment/' not in html, url
        assert html.count('method="post"') == 2  # the language switch and log out, nothing of investment
        assert reverse("investment:lead_new") not in html and "/edit/" not in html


# --- API ------------------------------------------------------------------------------------------------


def api_reads(lead):  # type: ignore[no-untyped-def]
    return [
        f"{API}/investment/leads",
        f"{API}/investment/leads/{lead.pk}",
        f"{API}/investment/partners",
        f"{API}/investment/visits",
        f"{API}/investment/figures",
    ]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_api_by_role(role, request, world, lead):  # type: ignore[no-untyped-def]
    client = bearer_client(request.getfixturevalue(role))
    reads = {url: client.get(url).status_code for url in api_reads(lead)}
    body = {"name": "新项目", "industry": "C", "intended_amount": "100"}
    create = client.post(f"{API}/investment/leads", body, content_type="application/json").status_code
    follow = client.post(
        f"{API}/investment/leads/{lead.pk}/follow-ups",
        {"happened_on": timezone.localdate().isoformat(), "method": "phone", "note": "电话"},  # never in the future
        content_type="application/json",
    ).status_code
    move = client.post(
        f"{API}/investment/leads/{lead.pk}/moves",
        {"move": "terminate", "reason": "other", "note": "暂缓"},
        content_type="application/json",
    ).status_code
    if role == "staff":
        assert set(reads.values()) == {200} and (create, follow, move) == (201, 201, 200)
    elif role == "leader":
        assert set(reads.values()) == {200} and (create, follow, move) == (403, 403, 403)
    elif role == "far_staff":
        assert reads[f"{API}/investment/leads/{lead.pk}"] == 404
        assert reads[f"{API}/investment/leads"] == 200
        assert (follow, move) == (404, 404) and create == 201  # a lead of its own district
    else:
        assert set(reads.values()) == {404} and (create, follow, move) == (404, 404, 404)


def test_api_lists_are_scoped_to_the_district(world, staff, far_staff, lead, far_lead):  # type: ignore[no-untyped-def]
    ids = [item["id"] for item in bearer_client(far_staff).get(f"{API}/investment/leads").json()["items"]]
    assert ids == [far_lead.pk]
    ids = [item["id"] for item in bearer_client(staff).get(f"{API}/investment/leads").json()["items"]]
    assert ids == [lead.pk]

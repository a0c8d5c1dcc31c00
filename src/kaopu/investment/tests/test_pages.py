"""The investment pages: the staff member's flows (create, follow up, move, hand over, partners and visits),
the messages of refusals, overdue next steps, filters, and a bounded number of queries at two data sizes."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaopu.core.testing import make_enterprise
from kaopu.core.workdays import local_today
from kaopu.investment import actions
from kaopu.investment.models import FollowUp, Lead, Partner, StageChange, Visit
from kaopu.investment.testing import make_lead, make_partner, make_visit

S = Lead.Stage


def text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def test_staff_records_a_lead_from_a_visit(world, staff, visit, login):  # type: ignore[no-untyped-def]
    client = login(staff)
    form = client.get(reverse("investment:lead_new"), {"visit": visit.pk})
    assert f'<option value="{visit.pk}" selected' in text(form)
    response = client.post(
        reverse("investment:lead_new"),
        {
            "kind": "project",
            "name": "瓯越智能装备华东研发中心",
            "industry": "C",
            "intended_amount": "８,０００",
            "source_visit": visit.pk,
            "source_partner": "",
            "land_area_mu": "",
            "floor_area_m2": "3000",
        },
    )
    lead = Lead.objects.get(name="瓯越智能装备华东研发中心")
    assert response.status_code == 302 and response["Location"] == reverse("investment:lead_detail", args=[lead.pk])
    assert lead.intended_amount == Decimal("8000") and lead.source_partner == visit.partner
    assert lead.floor_area_m2 == Decimal("3000") and lead.owner == staff


def test_a_bad_amount_is_a_message_naming_the_field(world, staff, login):  # type: ignore[no-untyped-def]
    response = login(staff).post(
        reverse("investment:lead_new"), {"kind": "project", "name": "某项目", "industry": "C", "intended_amount": "-5"}
    )
    assert response.status_code == 200
    assert "意向投资额（万元）：必须大于 0（单位：万元）。" in text(response)
    assert not Lead.objects.exists()


def test_follow_up_sign_land_and_hand_over_on_the_detail_page(world, staff, lead, login):  # type: ignore[no-untyped-def]
    from kaopu.accounts.roles import Role
    from kaopu.core.testing import make_user

    client = login(staff)
    today = local_today()
    url = reverse("investment:lead_detail", args=[lead.pk])
    client.post(
        reverse("investment:follow_up_add", args=[lead.pk]),
        {
            "happened_on": today.isoformat(),
            "method": "visit",
            "note": "陪同看厂房",
            "next_step": "确认协议文本",
            "next_step_on": (today + timedelta(days=3)).isoformat(),
        },
    )
    assert FollowUp.objects.filter(lead=lead).count() == 1
    page = text(client.get(url))
    assert "陪同看厂房" in page and "确认协议文本" in page and "实地走访" in page
    response = client.post(
        reverse("investment:lead_move", args=[lead.pk, "sign"]),
        {"amount": "1,234.5", "on": (today + timedelta(days=2)).isoformat()},
    )
    assert response.status_code == 200 and "签约日期：不能是未来的日期。" in text(response)
    client.post(reverse("investment:lead_move", args=[lead.pk, "sign"]), {"amount": "1,234.5", "on": today.isoformat()})
    enterprise = make_enterprise(world.district, name="上海瓯越智能装备有限公司")
    client.post(
        reverse("investment:lead_move", args=[lead.pk, "land"]),
        {"amount": "1000", "on": today.isoformat(), "enterprise": enterprise.credit_code.lower()},
    )
    lead.refresh_from_db()
    assert lead.stage == S.LANDED and lead.landed_enterprise == enterprise
    page = text(client.get(url))
    assert "1,234.5" in page and "上海瓯越智能装备有限公司" in page and "已落地的线索不再变更阶段" in page
    colleague = make_user("staff2", Role.FIC_STAFF, staff.organisation, name="李招商")
    client.post(reverse("investment:lead_owner", args=[lead.pk]), {"owner": colleague.pk})
    lead.refresh_from_db()
    assert lead.owner == colleague


def test_land_with_an_unknown_enterprise_is_refused_with_a_message(world, staff, lead, login):  # type: ignore[no-untyped-def]
    client = login(staff)
    today = local_today().isoformat()
    actions.move_lead(lead, acting_user=staff, move="sign", amount="10", on=today)
    response = client.post(
        reverse("investment:lead_move", args=[lead.pk, "land"]),
        {"amount": "10", "on": today, "enterprise": "不存在的公司"},
    )
    assert "落地注册企业：本区企业名录中没有" in text(response)
    lead.refresh_from_db()
    assert lead.stage == S.SIGNED


def test_terminate_and_reopen_on_the_page(world, staff, lead, login):  # type: ignore[no-untyped-def]
    client = login(staff)
    client.post(
        reverse("investment:lead_move", args=[lead.pk, "terminate"]), {"reason": "no_space", "note": "层高不够"}
    )
    lead.refresh_from_db()
    assert lead.stage == S.TERMINATED
    page = text(client.get(reverse("investment:lead_detail", args=[lead.pk])))
    assert "没有合适的载体" in page and "重新启动洽谈" in page and "记录跟进" not in page
    client.post(reverse("investment:lead_move", args=[lead.pk, "reopen"]), {"note": "找到新载体"})
    lead.refresh_from_db()
    assert lead.stage == S.NEGOTIATING
    assert client.post(reverse("investment:lead_move", args=[lead.pk, "fly"]), {}).status_code == 302
    assert StageChange.objects.filter(lead=lead).count() == 3


def test_overdue_next_steps_are_highlighted_and_my_leads_filter(world, staff, login):  # type: ignore[no-untyped-def]
    from kaopu.accounts.roles import Role
    from kaopu.core.testing import make_user

    colleague = make_user("staff2", Role.FIC_STAFF, staff.organisation)
    late = make_lead(staff, name="逾期线索")
    Lead.objects.filter(pk=late.pk).update(next_step="回访", next_step_on=local_today() - timedelta(days=1))
    theirs = make_lead(staff, name="同事的线索", owner=colleague)
    client = login(staff)
    page = text(client.get(reverse("investment:lead_list")))
    assert page.count('class="inv-overdue"') == 1 and "已超期" in page and theirs.name in page
    mine = text(client.get(reverse("investment:lead_list"), {"mine": "1"}))
    assert late.name in mine and theirs.name not in mine
    by_owner = text(client.get(reverse("investment:lead_list"), {"owner": colleague.pk}))
    assert theirs.name in by_owner and late.name not in by_owner


def test_list_filters_by_stage_industry_and_partner(world, staff, partner, login):  # type: ignore[no-untyped-def]
    a = make_lead(staff, name="甲项目", industry="I", source_partner=partner)
    b = make_lead(staff, name="乙项目", industry="C")
    actions.move_lead(b, acting_user=staff, move="sign", amount="5", on=local_today())
    client = login(staff)
    assert "乙项目" in text(client.get(reverse("investment:lead_list"), {"stage": "signed"}))
    assert "甲项目" not in text(client.get(reverse("investment:lead_list"), {"stage": "signed"}))
    assert "乙项目" not in text(client.get(reverse("investment:lead_list"), {"industry": "I"}))
    assert "乙项目" not in text(client.get(reverse("investment:lead_list"), {"partner": partner.pk}))
    assert a.name in text(client.get(reverse("investment:lead_list"), {"partner": partner.pk}))
    assert client.get(reverse("investment:lead_list"), {"owner": "x", "after": "-5"}).status_code == 200


def test_partner_and_visit_pages(world, staff, login):  # type: ignore[no-untyped-def]
    client = login(staff)
    response = client.post(
        reverse("investment:partner_new"),
        {"name": "泉州市工商业联合会", "kind": "fic", "region": "福建省泉州市", "is_active": "on"},
    )
    partner = Partner.objects.get(name="泉州市工商业联合会")
    assert response.status_code == 302
    again = client.post(
        reverse("investment:partner_new"), {"name": "泉州市工商业联合会", "kind": "fic", "region": "福建省泉州市"}
    )
    assert "名称：本区已有同名的合作机构。" in text(again) and Partner.objects.count() == 1
    enterprise = world.enterprise_a
    response = client.post(
        reverse("investment:visit_new"),
        {
            "direction": "incoming",
            "title": "泉州市工商联考察团来访",
            "visited_on": "2026-04-01",
            "partner": partner.pk,
            "members": "黄志明，泉州市工商联，副主席",
            "topics": "鞋服品牌总部",
            "local_enterprises": enterprise.name,
        },
    )
    visit = Visit.objects.get(title="泉州市工商联考察团来访")
    assert list(visit.local_enterprises.all()) == [enterprise]
    bad = client.post(
        reverse("investment:visit_new"),
        {
            "direction": "incoming",
            "title": "第二次",
            "visited_on": "2026-04-02",
            "members": "某人",
            "topics": "主题",
            "local_enterprises": "没有这家公司",
        },
    )
    assert "参加的本地企业：本区企业名录中没有" in text(bad) and Visit.objects.count() == 1
    make_lead(staff, source_visit=visit, name="闽南鞋服品牌设计总部")
    assert "闽南鞋服品牌设计总部" in text(client.get(reverse("investment:visit_detail", args=[visit.pk])))
    detail = text(client.get(reverse("investment:partner_detail", args=[partner.pk])))
    assert "泉州市工商联考察团来访" in detail and "闽南鞋服品牌设计总部" in detail
    edit = client.post(
        reverse("investment:partner_edit", args=[partner.pk]),
        {"name": "泉州市工商联", "kind": "fic", "region": "福建省泉州市"},
    )
    partner.refresh_from_db()
    assert edit.status_code == 302 and partner.name == "泉州市工商联" and not partner.is_active


def _bulk(world, staff, n):  # type: ignore[no-untyped-def]
    partners = [make_partner(staff) for _ in range(3)]
    for i in range(n):
        lead = make_lead(staff, name=f"线索{i}", source_partner=partners[i % 3], industry="CIM"[i % 3])
        actions.record_follow_up(
            lead,
            acting_user=staff,
            happened_on=local_today(),
            method="phone",
            note="电话",
            next_step="回访",
            next_step_on=local_today(),
        )
        if i % 2:
            actions.move_lead(lead, acting_user=staff, move="sign", amount="10", on=local_today())
        make_visit(staff, partners[i % 3], title=f"考察{i}")
    return partners[0], lead


def _pages(partner, lead):  # type: ignore[no-untyped-def]
    return [
        reverse("investment:lead_list"),
        reverse("investment:lead_list") + "?mine=1&stage=signed",
        reverse("investment:lead_detail", args=[lead.pk]),
        reverse("investment:partner_list"),
        reverse("investment:partner_detail", args=[partner.pk]),
        reverse("investment:visit_list"),
        reverse("investment:visit_detail", args=[lead.source_visit_id or 1]),
        reverse("investment:figures"),
        reverse("investment:figures_export"),
        reverse("investment:lead_new"),
        reverse("investment:lead_edit", args=[lead.pk]),
    ]


def _counts(client, urls):  # type: ignore[no-untyped-def]
    counts = []
    client.get(urls[0])  # the session's first request loads what later ones find cached
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code in (200, 404), url
        counts.append(len(queries))
    return counts


@pytest.mark.parametrize("role", ["staff", "leader"])
def test_queries_do_not_grow_with_the_rows(role, request, world, staff, login):  # type: ignore[no-untyped-def]
    client = login(request.getfixturevalue(role))
    partner, lead = _bulk(world, staff, 3)
    small = _counts(client, _pages(partner, lead))
    partner, lead = _bulk(world, staff, 40)
    for i in range(6):
        actions.record_follow_up(lead, acting_user=staff, happened_on=local_today(), method="visit", note=f"第{i}次")
    large = _counts(client, _pages(partner, lead))
    assert large == small, list(zip(_pages(partner, lead), small, large, strict=True))
    assert max(large) <= 25


def test_staff_edits_a_lead_and_a_visit(world, staff, lead, visit, login):  # type: ignore[no-untyped-def]
    client = login(staff)
    edit = client.get(reverse("investment:lead_edit", args=[lead.pk]))
    assert 'value="5000"' in text(edit)  # the amount as staff typed it, not 5000.0000
    response = client.post(
        reverse("investment:lead_edit", args=[lead.pk]),
        {
            "kind": "project",
            "name": "瓯越智能装备研发中心（二期）",
            "industry": "I",
            "intended_amount": "6,500.25",
            "source_visit": visit.pk,
            "source_partner": visit.partner_id,
        },
    )
    lead.refresh_from_db()
    assert response.status_code == 302 and lead.name == "瓯越智能装备研发中心（二期）"
    assert lead.intended_amount == Decimal("6500.25") and lead.stage == S.NEGOTIATING
    response = client.post(
        reverse("investment:visit_edit", args=[visit.pk]),
        {
            "direction": "outgoing",
            "title": "赴温州回访",
            "visited_on": "2026-05-06",
            "partner": visit.partner_id,
            "members": "王慧敏，区工商联，副主席",
            "topics": "回访已签约项目",
            "local_enterprises": "",
        },
    )
    visit.refresh_from_db()
    assert response.status_code == 302 and visit.title == "赴温州回访" and visit.direction == "outgoing"


def test_another_districts_visit_cannot_seed_a_lead(world, staff, far_staff, login):  # type: ignore[no-untyped-def]
    far_visit = make_visit(far_staff)
    assert login(staff).get(reverse("investment:lead_new"), {"visit": far_visit.pk}).status_code == 404
    assert login(staff).get(reverse("investment:lead_new"), {"visit": "abc"}).status_code == 404
    response = login(staff).post(
        reverse("investment:lead_new"),
        {"kind": "project", "name": "某项目", "industry": "C", "intended_amount": "5", "source_visit": far_visit.pk},
    )
    assert response.status_code == 200 and not Lead.objects.filter(name="某项目").exists()

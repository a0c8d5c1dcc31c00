"""The figures on a hand-computed case: leads by stage, landed by industry and by partner, conversion per
partner, per year; the page, the API and the audited .xlsx export agree."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kaopu.audit.models import AuditEntry
from kaopu.core.api_testing import API, bearer_client
from kaopu.investment import actions, selectors
from kaopu.investment.models import Lead
from kaopu.investment.testing import make_lead, make_partner

S = Lead.Stage
D = Decimal


def _at(lead, year, month=6):  # type: ignore[no-untyped-def]
    Lead.objects.filter(pk=lead.pk).update(created_at=datetime(year, month, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai")))


@pytest.fixture
def case(world, staff, far_staff):  # type: ignore[no-untyped-def]
    """Partner 温州: 4 leads of 2025 (one landed 300 in C, one landed 200.5 in I, one signed, one terminated
    after signing); partner 泉州: 2 leads of 2025 (one landed 1000 in C, one negotiating); no partner: one
    lead of 2024 landed 50 in C in 2024. Another district's landed lead counts nowhere."""
    wz, qz = make_partner(staff, name="温州"), make_partner(staff, name="泉州")

    def lead(partner, industry, amount, year, *moves):  # type: ignore[no-untyped-def]
        made = make_lead(staff, source_partner=partner, industry=industry, intended_amount=amount)
        for name, values in moves:
            made = actions.move_lead(made, acting_user=staff, move=name, **values)
        _at(made, year)
        return made

    sign = ("sign", {"amount": "100", "on": date(2025, 3, 1)})
    lead(wz, "C", "500", 2025, sign, ("land", {"amount": "300", "on": date(2025, 5, 1)}))
    lead(wz, "I", "400", 2025, sign, ("land", {"amount": "200.5", "on": date(2025, 6, 1)}))
    lead(wz, "C", "100", 2025, sign)
    lead(wz, "F", "100", 2025, sign, ("terminate", {"reason": "funding", "note": "资金未到位"}))
    lead(qz, "C", "2000", 2025, sign, ("land", {"amount": "1000", "on": date(2025, 9, 1)}))
    lead(qz, "M", "80", 2025)
    lead(
        None,
        "C",
        "60",
        2024,
        ("sign", {"amount": "60", "on": date(2024, 2, 1)}),
        ("land", {"amount": "50", "on": date(2024, 4, 1)}),
    )
    far = make_lead(far_staff, industry="C", intended_amount="9999")
    actions.move_lead(
        far,
        acting_user=far_staff,
        move="land",
        amount="9999",
        on=date(2025, 1, 2),
        signed_amount="9999",
        signed_on=date(2025, 1, 1),
    )
    return wz, qz


def test_figures_of_2025(world, staff, case):  # type: ignore[no-untyped-def]
    wz, qz = case
    figures = selectors.figures(staff, 2025)
    stages = {r.stage: (r.leads, r.intended, r.signed, r.landed) for r in figures.by_stage}
    assert stages == {
        S.NEGOTIATING: (1, D(80), D(0), D(0)),
        S.SIGNED: (1, D(100), D(100), D(0)),
        S.LANDED: (3, D(2900), D(300), D("1500.5")),
        S.TERMINATED: (1, D(100), D(100), D(0)),
    }
    assert [(r.key, r.leads, r.amount) for r in figures.by_industry] == [("C", 2, D(1300)), ("I", 1, D("200.5"))]
    assert [(r.key, r.leads, r.amount) for r in figures.by_partner] == [(qz.pk, 1, D(1000)), (wz.pk, 2, D("500.5"))]
    conversion = {r.key: (r.leads, r.signed, r.landed, r.signed_rate, r.landed_rate) for r in figures.conversion}
    assert conversion == {wz.pk: (4, 3, 2, 0.75, 0.5), qz.pk: (2, 1, 1, 0.5, 0.5)}
    assert figures.total_leads == 6 and figures.total_landed == D("1500.5")


def test_figures_of_every_year_include_the_lead_without_partner(world, staff, case):  # type: ignore[no-untyped-def]
    figures = selectors.figures(staff)
    assert figures.total_leads == 7 and figures.total_landed == D("1550.5")
    assert [(r.key, r.amount) for r in figures.by_industry] == [("C", D(1350)), ("I", D("200.5"))]
    none = next(r for r in figures.conversion if r.key is None)
    assert (none.leads, none.signed, none.landed) == (1, 1, 1)
    assert selectors.figures(staff, 2024).total_landed == D(50)


def test_page_api_and_export_agree_and_the_export_is_audited(world, staff, leader, case, login):  # type: ignore[no-untyped-def]
    html = login(staff).get(reverse("investment:figures"), {"year": 2025}).content.decode()
    assert "1,500.5" in html and "75.0%" in html and "温州" in html
    data = bearer_client(staff).get(f"{API}/investment/figures", {"year": 2025}).json()
    assert data["by_industry"][0] == {"key": "C", "label": "C 制造业", "leads": 2, "amount": "1300.0000"}
    assert data["conversion"][0]["signed_rate"] == 0.75
    response = login(leader).get(reverse("investment:figures_export"), {"year": 2025})
    assert response.status_code == 200 and "investment-figures-2025.xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["按阶段统计线索", "按行业统计落地金额", "按合作机构统计落地金额", "合作机构转化率"]
    rows = list(book["合作机构转化率"].iter_rows(values_only=True))
    assert rows[1][:6] == ("温州", 4, 3, 2, 0.75, 0.5)
    assert list(book["按行业统计落地金额"].iter_rows(values_only=True))[1] == ("C 制造业", 2, 1300)
    entry = AuditEntry.objects.filter(action="export", object_type="investment.figures").latest("sequence")
    assert entry.actor == leader and entry.object_id == "2025"


def test_a_bad_year_is_a_message_not_a_500(world, staff, login):  # type: ignore[no-untyped-def]
    response = login(staff).get(reverse("investment:figures"), {"year": "abc"})
    assert response.status_code == 200 and "年份" in response.content.decode()
    assert bearer_client(staff).get(f"{API}/investment/figures", {"year": 1900}).status_code == 422

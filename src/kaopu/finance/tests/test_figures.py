"""/finance/figures/ on a hand-computed case: totals, per bank, per industry, the period, the export
(audited), who may see it, and a fixed number of queries."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from kaopu.audit.models import Action, AuditEntry
from kaopu.core.workdays import local_today
from kaopu.finance import actions, figures
from kaopu.finance.models import DemandPush, FinancingDemand
from kaopu.finance.testing import alliance, make_demand

pytestmark = pytest.mark.django_db
URL = reverse("finance:figures")
EXPORT = reverse("finance:figures_export")
SHANGHAI = ZoneInfo("Asia/Shanghai")
YEAR = local_today().year


def _push(world, demand, *banks):  # type: ignore[no-untyped-def]
    pushes = actions.push_demand(acting_user=world.users["staff"], demand_id=demand.pk, banks=list(banks))
    return {push.bank_id: push for push in pushes}


@pytest.fixture
def case(world):  # type: ignore[no-untyped-def]
    """Four demands: one granted by two banks (200 at 3.45% and 100 at 3.85%, 4 working days), one
    declined by the first bank, one never pushed, and one granted last year (outside the period)."""
    banks = alliance(world)
    officer, other = world.users["bank_officer"], banks.other_officer
    ent_a, ent_b = world.users["ent_user"], world.users["other_ent_user"]
    both = make_demand(world.enterprise_a, ent_a)
    declined = make_demand(world.enterprise_b, ent_b)
    waiting = make_demand(world.enterprise_a, ent_a)
    old = make_demand(world.enterprise_a, ent_a)
    pushes = _push(world, both, banks.bank, banks.other_bank)
    for user, push, amount, rate in ((officer, pushes[banks.bank.pk], "200", "3.45"),
                                     (other, pushes[banks.other_bank.pk], "100", "3.85")):
        actions.claim(acting_user=user, push_id=push.pk)
        actions.grant(acting_user=user, push_id=push.pk, amount=amount, rate=rate, term_months=12)
    push = _push(world, declined, banks.bank)[banks.bank.pk]
    actions.claim(acting_user=officer, push_id=push.pk)
    actions.decline(acting_user=officer, push_id=push.pk, reason=DemandPush.DeclineReason.COLLATERAL)
    old_push = _push(world, old, banks.bank)[banks.bank.pk]
    actions.claim(acting_user=officer, push_id=old_push.pk)
    actions.grant(acting_user=officer, push_id=old_push.pk, amount="999", rate="4.00", term_months=12)
    FinancingDemand.objects.filter(pk=old.pk).update(created_at=datetime(YEAR - 1, 6, 1, 10, tzinfo=SHANGHAI))
    FinancingDemand.objects.filter(pk=both.pk).update(working_days_to_grant=4, matched_products=3)
    FinancingDemand.objects.filter(pk=declined.pk).update(matched_products=1)
    return {"banks": banks, "both": both, "declined": declined, "waiting": waiting, "old": old}


def test_the_figures_of_a_hand_computed_case(case, world) -> None:  # type: ignore[no-untyped-def]
    result = figures.compute([world.district.pk], date(YEAR, 1, 1), local_today())
    totals = result.totals
    assert (totals.demands, totals.matched, totals.pushed, totals.granted) == (3, 2, 2, 1)
    assert totals.granted_amount == Decimal("300") and isinstance(totals.granted_amount, Decimal)
    assert totals.grant_rate == Decimal("0.5")
    assert totals.mean_days_to_grant == Decimal("4.0")
    banks = {row.name: row for row in result.banks}
    farmers, icbc = banks["农商银行"], banks["工商银行"]
    assert (farmers.pushed, farmers.claimed, farmers.granted, farmers.declined) == (2, 2, 1, 1)
    assert farmers.amount == Decimal("200") and farmers.mean_rate == Decimal("3.45")
    assert farmers.grant_rate == Decimal("0.5")
    assert (icbc.pushed, icbc.claimed, icbc.granted, icbc.declined) == (1, 1, 1, 0)
    assert icbc.amount == Decimal("100") and icbc.mean_rate == Decimal("3.85")
    assert [row.name for row in result.banks] == ["农商银行", "工商银行"]  # the far district's bank is not there
    industries = {row.code: row for row in result.industries}
    assert set(industries) == {"I", "H"}  # software (enterprise A) and catering (enterprise B)
    assert (industries["I"].demands, industries["I"].matched, industries["I"].granted) == (2, 1, 1)
    assert industries["I"].amount == Decimal("300")
    assert (industries["H"].demands, industries["H"].granted, industries["H"].amount) == (1, 0, Decimal("0"))


def test_last_year_is_its_own_cohort(case, world) -> None:  # type: ignore[no-untyped-def]
    last_year = figures.compute([world.district.pk], date(YEAR - 1, 1, 1),
                                date(YEAR - 1, 12, 1)).totals
    assert (last_year.demands, last_year.granted, last_year.granted_amount) == (1, 1, Decimal("999"))
    assert last_year.mean_days_to_grant is None or last_year.mean_days_to_grant >= 0


def test_the_page_shows_the_figures_in_wan(case, world, login) -> None:  # type: ignore[no-untyped-def]
    page = login(world.users["staff"]).get(URL).content.decode()
    assert '<div class="kpi-value">300</div>' in page
    assert '<div class="kpi-value">50.0%</div>' in page
    assert '<div class="kpi-value">4.0</div>' in page
    assert "3.45%" in page and "3.85%" in page
    year = login(world.users["leader"]).get(URL, {"year": YEAR - 1}).content.decode()
    assert '<div class="kpi-value">999</div>' in year


def test_large_amounts_have_separators(case, world, login) -> None:  # type: ignore[no-untyped-def]
    DemandPush.objects.filter(state=DemandPush.State.GRANTED, granted_amount=Decimal("200")).update(
        granted_amount=Decimal("12345.5"))
    page = login(world.users["staff"]).get(URL).content.decode()
    assert '<div class="kpi-value">12,445.5</div>' in page


def test_a_wrong_period_is_explained_and_the_default_shown(case, world, login) -> None:  # type: ignore[no-untyped-def]
    page = login(world.users["staff"]).get(URL, {"first": f"{YEAR}-05", "last": f"{YEAR}-02"}).content.decode()
    assert 'id="figures-errors"' in page and "起始月份不能晚于截止月份" in page
    bad = login(world.users["staff"]).get(URL, {"first": "2026-13"}).content.decode()
    assert 'id="figures-errors"' in bad and "2026-03" in bad
    months = login(world.users["staff"]).get(URL, {"first": f"{YEAR - 1}-01", "last": f"{YEAR}-12"}).content.decode()
    assert '<div class="kpi-value">4</div>' in months  # four demands over both years


@pytest.mark.parametrize("persona", ["staff", "leader"])
def test_staff_and_leaders_export_every_table_audited(persona, case, world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.users[persona]).get(EXPORT, {"year": YEAR})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 3
    totals, banks, industries = (book[name] for name in book.sheetnames)
    values = {row[0]: row[1] for row in totals.iter_rows(min_row=3, values_only=True)}
    assert list(values.values()) == [3, 2, 2, 1, 300, 0.5, 4, 900, 2]  # demanded 3 × 300; two banks granted
    bank_rows = list(banks.iter_rows(min_row=3, values_only=True))
    assert bank_rows[0] == ("农商银行", 2, 2, 1, 1, 200, 3.45)
    assert bank_rows[1] == ("工商银行", 1, 1, 1, 0, 100, 3.85)
    assert next(industries.iter_rows(min_row=3, values_only=True)) == ("I 信息传输、软件和信息技术服务业", 2, 1, 1, 300)
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert entry.actor_id == world.users[persona].pk and entry.data["demands"] == 3


REFUSED = ["ent_user", "other_ent_user", "bank_officer", "handler", "lawyer", "chamber_officer", "sysadmin",
           "secadmin", "auditadmin"]


@pytest.mark.parametrize("persona", REFUSED)
def test_everyone_else_gets_404(persona, world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.users[persona])
    assert client.get(URL).status_code == 404
    assert client.get(EXPORT).status_code == 404
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()


def test_another_districts_staff_see_only_their_own(case, world, login) -> None:  # type: ignore[no-untyped-def]
    page = login(world.users["far_staff"]).get(URL).content.decode()
    assert "农商银行" not in page and "上海银行" in page
    assert '<div class="kpi-value">0</div>' in page


def test_anonymous_visitors_are_sent_to_log_in(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get(URL).status_code == 302


def test_queries_do_not_grow_with_the_data(case, world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.users["staff"])
    client.get(URL)
    counts = []
    for _round in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        counts.append(len(queries))
        for _i in range(5):
            demand = make_demand(world.enterprise_b, world.users["other_ent_user"])
            _push(world, demand, case["banks"].bank, case["banks"].other_bank)
    assert counts[0] == counts[1]

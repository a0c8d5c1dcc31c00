"""The demand workflow through kaopu.finance.actions: every step and every refused one."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone

from kaopu.audit.models import AuditEntry
from kaopu.core.calendar_actions import save_calendar_year
from kaopu.core.workdays import local_today
from kaopu.finance import actions
from kaopu.finance.actions import FinanceError
from kaopu.finance.models import DemandEvent, DemandPush, FinancingDemand
from kaopu.finance.testing import DEMAND_DATA, alliance, make_demand

pytestmark = pytest.mark.django_db
D = FinancingDemand.State
P = DemandPush.State


@pytest.fixture
def banks(world):
    return alliance(world)


@pytest.fixture
def demand(world, ent_user):
    return make_demand(world.enterprise_a, ent_user)


def test_whole_loop_push_to_two_banks_one_grants(world, staff, ent_user, bank_officer, banks, demand):
    assert demand.state == D.SUBMITTED
    assert demand.amount == Decimal("300.0000") and isinstance(demand.amount, Decimal)
    assert demand.industry_id == "I"  # division 65 belongs to section I
    pushes = actions.push_demand(acting_user=staff, demand_id=demand.pk, banks=[banks.bank, banks.other_bank])
    demand.refresh_from_db()
    assert demand.state == D.PUSHED and len(pushes) == 2
    mine = next(push for push in pushes if push.bank_id == banks.bank.pk)
    actions.claim(acting_user=bank_officer, push_id=mine.pk)
    actions.record_contact(acting_user=bank_officer, push_id=mine.pk, note="电话联系财务负责人，约定下周走访")
    push = actions.grant(acting_user=bank_officer, push_id=mine.pk, amount="280", rate="3.45", term_months=12)
    demand.refresh_from_db()
    assert push.state == P.GRANTED and push.granted_amount == Decimal("280.0000")
    assert push.granted_rate == Decimal("3.45")
    assert demand.state == D.GRANTED and demand.granted_at is not None
    assert demand.working_days_to_grant == 0
    kinds = list(demand.events.values_list("kind", flat=True))
    assert kinds == ["submitted", "pushed", "pushed", "claimed", "contacted", "granted"]
    other = next(push for push in pushes if push.bank_id == banks.other_bank.pk)
    actions.decline(acting_user=banks.other_officer, push_id=other.pk, reason="collateral")
    demand.refresh_from_db()
    assert demand.state == D.GRANTED  # one grant is enough


def test_every_bank_declining_leaves_the_demand_unmet_and_staff_push_on(world, staff, bank_officer, banks, demand):
    actions.push_demand(acting_user=staff, demand_id=demand.pk, banks=[banks.bank])
    push = demand.pushes.get()
    actions.decline(acting_user=bank_officer, push_id=push.pk, reason="other", note="经营年限不足两年")
    demand.refresh_from_db()
    assert demand.state == D.UNMET
    actions.push_demand(acting_user=staff, demand_id=demand.pk, banks=[banks.other_bank])
    demand.refresh_from_db()
    assert demand.state == D.PUSHED


@pytest.mark.parametrize(("field", "value", "words"), [
    ("amount", "-5", "more than 0"),
    ("amount", "0", "more than 0"),
    ("amount", "abc", "not a number"),
    ("amount", "2000000", "at most"),
    ("amount", "1e9", "not a number"),  # exponents are not how people write money
    ("amount", "12.345678", "four decimal places"),
    ("amount", "NaN", "not a number"),
    ("amount", "", "required"),
    ("term_months", "0", "from 1 to"),
    ("term_months", "12.5", "whole months"),
    ("term_months", "999", "from 1 to"),
    ("purpose", "lottery", "choose one"),
    ("collateral", ["gold_bars"], "unknown choice"),
    ("contact_phone", "call me", "digits"),
    ("purpose_detail", "  ", "required"),
])
def test_bad_demand_input_is_refused_naming_the_field(world, ent_user, field, value, words, settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"), pytest.raises(FinanceError) as refused:
        make_demand(world.enterprise_a, ent_user, **{field: value})
    assert refused.value.field == field
    assert words in refused.value.message
    assert not FinancingDemand.objects.exists()


def test_messages_are_chinese_by_default(world, ent_user):
    with pytest.raises(FinanceError) as refused:
        make_demand(world.enterprise_a, ent_user, amount="-1")
    assert "金额" in refused.value.message or "额" in refused.value.message


def test_full_width_digits_and_separators_are_read(world, ent_user):
    demand = make_demand(world.enterprise_a, ent_user, amount="１,２００.５", term_months="２４")
    assert demand.amount == Decimal("1200.5000") and demand.term_months == 24


def test_an_enterprise_submits_only_for_itself(world, ent_user):
    with pytest.raises(FinanceError):
        make_demand(world.enterprise_b, ent_user)


def test_staff_submit_for_their_district_only(world, staff, far_staff):
    demand = make_demand(world.enterprise_b, staff)
    assert demand.submitted_by == staff
    with pytest.raises(Http404):
        make_demand(world.enterprise_a, far_staff)


@pytest.mark.parametrize("persona", ["bank_officer", "lawyer", "handler", "leader", "chamber_officer"])
def test_other_roles_cannot_submit(world, persona):
    with pytest.raises(FinanceError):
        make_demand(world.enterprise_a, world.users[persona])


def test_push_needs_consent(world, staff, ent_user, banks):
    demand = make_demand(world.enterprise_a, ent_user, consent_to_share=False)
    with pytest.raises(FinanceError) as refused:
        actions.push_demand(acting_user=staff, demand_id=demand.pk, banks=[banks.bank])
    assert refused.value.field == "banks"
    assert not demand.pushes.exists()


def test_push_refusals(world, staff, far_staff, ent_user, bank_officer, banks, demand):
    with pytest.raises(FinanceError):
        actions.push_demand(acting_user=staff, demand_id=demand.pk, banks=[])
    with pytest.raises(FinanceError):  # a bank of another district
        actions.push_demand(acting_user=staff, demand_id=demand.pk, banks=[banks.far_bank])
    with pytest.raises(FinanceError):  # not staff
        actions.push_demand(acting_user=bank_officer, demand_id=demand.pk, banks=[banks.bank])
    with pytest.raises(Http404):  # staff of another district
        actions.push_demand(acting_user=far_staff, demand_id=demand.pk, banks=[banks.far_bank])
    banks.other_bank.is_active = False
    banks.other_bank.save()
    with pytest.raises(FinanceError):
        actions.push_demand(acting_user=staff, demand_id=demand.pk, banks=[banks.other_bank])
    actions.push_demand(acting_user=staff, demand_id=demand.pk, banks=[banks.bank])
    with pytest.raises(FinanceError) as twice:
        actions.push_demand(acting_user=staff, demand_id=demand.pk, banks=[banks.bank])
    assert "农商银行" in twice.value.message
    assert demand.pushes.count() == 1


def test_a_bank_acts_only_on_its_own_push(world, staff, bank_officer, banks, demand):
    actions.push_demand(acting_user=staff, demand_id=demand.pk, banks=[banks.bank])
    push = demand.pushes.get()
    with pytest.raises(Http404):
        actions.claim(acting_user=banks.other_officer, push_id=push.pk)
    with pytest.raises(FinanceError):
        actions.claim(acting_user=staff, push_id=push.pk)
    actions.claim(acting_user=bank_officer, push_id=push.pk)


def test_claim_order_and_claimer_only(world, staff, bank_officer, banks, demand):
    from kaopu.accounts.roles import Role
    from kaopu.core.testing import make_user

    colleague = make_user("colleague", Role.BANK_OFFICER, bank_officer.organisation)
    actions.push_demand(acting_user=staff, demand_id=demand.pk, banks=[banks.bank])
    push = demand.pushes.get()
    with pytest.raises(FinanceError):  # grant before claim
        actions.grant(acting_user=bank_officer, push_id=push.pk, amount="100", rate="3", term_months=12)
    with pytest.raises(FinanceError):  # contact before claim
        actions.record_contact(acting_user=bank_officer, push_id=push.pk, note="x")
    actions.claim(acting_user=bank_officer, push_id=push.pk)
    with pytest.raises(FinanceError):  # claimed twice
        actions.claim(acting_user=colleague, push_id=push.pk)
    with pytest.raises(FinanceError):  # a colleague may not grant what another claimed
        actions.grant(acting_user=colleague, push_id=push.pk, amount="100", rate="3", term_months=12)
    with pytest.raises(FinanceError):
        actions.record_contact(acting_user=bank_officer, push_id=push.pk, note="  ")


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"amount": "0"}, "amount"),
    ({"amount": "-3"}, "amount"),
    ({"rate": "-0.5"}, "rate"),
    ({"rate": "36"}, "rate"),
    ({"rate": "3.456"}, "rate"),
    ({"term_months": "0"}, "term_months"),
    ({"granted_on": "future"}, "granted_on"),
    ({"granted_on": "before"}, "granted_on"),
    ({"product_id": "other_bank"}, "product"),
])
def test_bad_grants_are_refused(world, staff, bank_officer, banks, demand, kwargs, field):
    from kaopu.finance.testing import make_product

    actions.push_demand(acting_user=staff, demand_id=demand.pk, banks=[banks.bank])
    push = demand.pushes.get()
    actions.claim(acting_user=bank_officer, push_id=push.pk)
    values = {"amount": "100", "rate": "3.5", "term_months": 12}
    values.update(kwargs)
    if values.get("granted_on") == "future":
        values["granted_on"] = local_today() + timedelta(days=1)
    if values.get("granted_on") == "before":
        values["granted_on"] = local_today() - timedelta(days=30)
    if values.get("product_id") == "other_bank":
        values["product_id"] = make_product(banks.other_bank).pk
    with pytest.raises(FinanceError) as refused:
        actions.grant(acting_user=bank_officer, push_id=push.pk, **values)
    assert refused.value.field == field
    push.refresh_from_db()
    demand.refresh_from_db()
    assert push.state == P.CLAIMED and demand.state == D.PUSHED
    assert not demand.events.filter(kind=DemandEvent.Kind.GRANTED).exists()


def test_decline_reason_from_list_and_text_for_other(world, staff, bank_officer, banks, demand):
    actions.push_demand(acting_user=staff, demand_id=demand.pk, banks=[banks.bank])
    push = demand.pushes.get()
    with pytest.raises(FinanceError):
        actions.decline(acting_user=bank_officer, push_id=push.pk, reason="bored")
    with pytest.raises(FinanceError):
        actions.decline(acting_user=bank_officer, push_id=push.pk, reason="other", note="")
    declined = actions.decline(acting_user=bank_officer, push_id=push.pk, reason="credit")
    assert declined.claimed_by == bank_officer  # declining at once counts as handling it
    with pytest.raises(FinanceError):
        actions.grant(acting_user=bank_officer, push_id=push.pk, amount="1", rate="3", term_months=1)


def test_withdraw_closes_open_pushes_and_stops_the_banks(world, staff, ent_user, bank_officer, banks, demand):
    actions.push_demand(acting_user=staff, demand_id=demand.pk, banks=[banks.bank, banks.other_bank])
    push = demand.pushes.get(bank=banks.bank)
    actions.claim(acting_user=bank_officer, push_id=push.pk)
    actions.withdraw_demand(acting_user=ent_user, demand_id=demand.pk, reason="已通过其他渠道解决")
    demand.refresh_from_db()
    assert demand.state == D.WITHDRAWN
    assert set(demand.pushes.values_list("state", flat=True)) == {P.WITHDRAWN}
    with pytest.raises(FinanceError):
        actions.grant(acting_user=bank_officer, push_id=push.pk, amount="100", rate="3", term_months=12)
    with pytest.raises(FinanceError):
        actions.withdraw_demand(acting_user=ent_user, demand_id=demand.pk)


def test_a_granted_demand_cannot_be_withdrawn_or_edited(world, staff, ent_user, bank_officer, banks, demand):
    actions.push_demand(acting_user=staff, demand_id=demand.pk, banks=[banks.bank])
    push = demand.pushes.get()
    with pytest.raises(FinanceError):  # pushed: no more edits
        actions.update_demand(acting_user=ent_user, demand_id=demand.pk, data=DEMAND_DATA)
    actions.claim(acting_user=bank_officer, push_id=push.pk)
    actions.grant(acting_user=bank_officer, push_id=push.pk, amount="100", rate="3", term_months=12)
    with pytest.raises(FinanceError):
        actions.withdraw_demand(acting_user=ent_user, demand_id=demand.pk)


def test_another_enterprise_cannot_touch_the_demand(world, other_ent_user, demand):
    with pytest.raises(Http404):
        actions.withdraw_demand(acting_user=other_ent_user, demand_id=demand.pk)
    with pytest.raises(Http404):
        actions.update_demand(acting_user=other_ent_user, demand_id=demand.pk, data=DEMAND_DATA)


def test_edit_before_push_records_what_changed(world, ent_user, demand):
    actions.update_demand(acting_user=ent_user, demand_id=demand.pk, data={**DEMAND_DATA, "amount": "450"})
    demand.refresh_from_db()
    assert demand.amount == Decimal("450")
    assert demand.events.filter(kind=DemandEvent.Kind.EDITED).exists()


def _grant_after_two_weeks(staff, bank_officer, banks, demand) -> FinancingDemand:  # type: ignore[no-untyped-def]
    FinancingDemand.objects.filter(pk=demand.pk).update(created_at=timezone.now() - timedelta(days=14))
    actions.push_demand(acting_user=staff, demand_id=demand.pk, banks=[banks.bank])
    push = demand.pushes.get()
    actions.claim(acting_user=bank_officer, push_id=push.pk)
    actions.grant(acting_user=bank_officer, push_id=push.pk, amount="100", rate="3", term_months=12)
    demand.refresh_from_db()
    return demand


def test_working_days_to_grant_count_the_calendar(world, staff, bank_officer, banks, demand, pin_clock):
    pin_clock(date(2026, 10, 16))  # Friday: the two weeks before hold the National Day holidays
    FinancingDemand.objects.filter(pk=demand.pk).update(created_at=timezone.now())
    demand = _grant_after_two_weeks(staff, bank_officer, banks, demand)
    # After Friday 2 October (a holiday) up to Friday 16 October: 8, 9, 10 (make-up Saturday), 12–16.
    assert demand.working_days_to_grant == 8


def test_days_to_grant_over_a_year_nobody_entered_wait_for_the_calendar(
        world, staff, bank_officer, banks, demand, pin_clock, library_until, django_capture_on_commit_callbacks):
    library_until(2026)
    pin_clock(date(2027, 1, 8))
    demand = _grant_after_two_weeks(staff, bank_officer, banks, demand)
    assert demand.state == D.GRANTED and demand.working_days_to_grant is None  # not guessed
    with django_capture_on_commit_callbacks(execute=True):
        save_calendar_year(2027, holidays={date(2027, 1, 1): "元旦"}, workdays={}, notice="", acting_user=staff)
    demand.refresh_from_db()
    # After Friday 25 December 2026 up to Friday 8 January 2027: 28–31 December, 4–8 January.
    assert demand.working_days_to_grant == 9
    entry = AuditEntry.objects.get(object_type="finance.financingdemand", data__year=2027)
    assert entry.data["working_days_to_grant"] == {str(demand.pk): [None, 9]}

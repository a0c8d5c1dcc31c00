"""Every stage move of a lead (洽谈 → 签约 → 落地, 终止, reopen) and every refused one, with its StageChange."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from kaopu.audit.models import AuditEntry
from kaopu.core.testing import make_enterprise
from kaopu.core.workdays import local_today
from kaopu.investment import actions
from kaopu.investment.actions import InvestmentError
from kaopu.investment.models import Lead, StageChange
from kaopu.investment.testing import make_lead, make_partner, make_visit
from kaopu.notifications.models import Notification

S = Lead.Stage
pytestmark = pytest.mark.django_db


def today():  # type: ignore[no-untyped-def]
    return local_today()


def history(lead):  # type: ignore[no-untyped-def]
    return list(StageChange.objects.filter(lead=lead).order_by("id").values_list("from_stage", "to_stage", "amount"))


def test_a_new_lead_is_in_negotiation_with_its_first_stage_change(world, staff):  # type: ignore[no-untyped-def]
    lead = make_lead(staff, intended_amount="１２,３４５.５")
    assert lead.stage == S.NEGOTIATING and lead.owner == staff and lead.district == world.district
    assert lead.intended_amount == Decimal("12345.5")
    assert history(lead) == [("", S.NEGOTIATING, Decimal("12345.5"))]


def test_sign_then_land_writes_one_stage_change_each(world, staff):  # type: ignore[no-untyped-def]
    lead = make_lead(staff)
    signed_on = today() - timedelta(days=10)
    lead = actions.move_lead(lead, acting_user=staff, move="sign", amount="4800", on=signed_on)
    assert (lead.stage, lead.signed_amount, lead.signed_on) == (S.SIGNED, Decimal("4800"), signed_on)
    enterprise = make_enterprise(world.district, name="上海温智装备有限公司")
    lead = actions.move_lead(lead, acting_user=staff, move="land", amount="4500.25", on=today(), enterprise=enterprise)
    lead.refresh_from_db()
    assert lead.stage == S.LANDED and lead.landed_amount == Decimal("4500.25") and lead.landed_enterprise == enterprise
    assert history(lead)[1:] == [(S.NEGOTIATING, S.SIGNED, Decimal("4800")), (S.SIGNED, S.LANDED, Decimal("4500.25"))]


def test_sign_refuses_a_future_date_and_a_missing_amount(world, staff):  # type: ignore[no-untyped-def]
    lead = make_lead(staff)
    with pytest.raises(InvestmentError) as error:
        actions.move_lead(lead, acting_user=staff, move="sign", amount="100", on=today() + timedelta(days=1))
    assert error.value.field == "on" and "签约日期" in error.value.message and "未来" in error.value.message
    with pytest.raises(InvestmentError) as error:
        actions.move_lead(lead, acting_user=staff, move="sign", amount="", on=today())
    assert error.value.field == "amount" and "签约" in error.value.message
    lead.refresh_from_db()
    assert lead.stage == S.NEGOTIATING and len(history(lead)) == 1


def test_landing_before_the_signing_is_refused(world, staff):  # type: ignore[no-untyped-def]
    lead = actions.move_lead(make_lead(staff), acting_user=staff, move="sign", amount="100", on=today())
    with pytest.raises(InvestmentError) as error:
        actions.move_lead(lead, acting_user=staff, move="land", amount="100", on=today() - timedelta(days=1))
    assert error.value.field == "on" and "不能早于签约" in error.value.message
    lead.refresh_from_db()
    assert lead.stage == S.SIGNED and lead.landed_amount is None


def test_landing_from_negotiation_needs_the_signing_in_the_same_step(world, staff):  # type: ignore[no-untyped-def]
    lead = make_lead(staff)
    with pytest.raises(InvestmentError) as error:
        actions.move_lead(lead, acting_user=staff, move="land", amount="300", on=today())
    assert error.value.field == "signed_amount"
    lead.refresh_from_db()
    assert lead.stage == S.NEGOTIATING and len(history(lead)) == 1
    lead = actions.move_lead(
        lead,
        acting_user=staff,
        move="land",
        amount="300",
        on=today(),
        signed_amount="320",
        signed_on=today() - timedelta(days=3),
    )
    assert lead.stage == S.LANDED and lead.signed_amount == Decimal("320")
    assert [(f, t) for f, t, _a in history(lead)] == [
        ("", S.NEGOTIATING),
        (S.NEGOTIATING, S.SIGNED),
        (S.SIGNED, S.LANDED),
    ]


def test_landing_half_valid_leaves_nothing_written(world, staff):  # type: ignore[no-untyped-def]
    lead = make_lead(staff)
    with pytest.raises(InvestmentError):  # the signing is valid, the landed amount is not
        actions.move_lead(
            lead, acting_user=staff, move="land", amount="-5", on=today(), signed_amount="320", signed_on=today()
        )
    lead.refresh_from_db()
    assert lead.stage == S.NEGOTIATING and lead.signed_amount is None and len(history(lead)) == 1


def test_the_landed_enterprise_must_be_of_the_district(world, staff):  # type: ignore[no-untyped-def]
    lead = actions.move_lead(make_lead(staff), acting_user=staff, move="sign", amount="100", on=today())
    with pytest.raises(InvestmentError) as error:
        actions.move_lead(
            lead, acting_user=staff, move="land", amount="90", on=today(), enterprise=world.far_enterprise
        )
    assert error.value.field == "enterprise"


@pytest.mark.parametrize("signed_first", [False, True])
def test_terminate_needs_a_reason_from_the_list_and_an_explanation(world, staff, signed_first):  # type: ignore[no-untyped-def]
    lead = make_lead(staff)
    if signed_first:
        lead = actions.move_lead(lead, acting_user=staff, move="sign", amount="100", on=today())
    with pytest.raises(InvestmentError) as error:
        actions.move_lead(lead, acting_user=staff, move="terminate", reason="bored", note="x")
    assert error.value.field == "reason"
    with pytest.raises(InvestmentError) as error:
        actions.move_lead(lead, acting_user=staff, move="terminate", reason="elsewhere", note=" ")
    assert error.value.field == "note"
    lead = actions.move_lead(lead, acting_user=staff, move="terminate", reason="elsewhere", note="选择了苏州工业园区")
    assert lead.stage == S.TERMINATED and lead.end_reason == "elsewhere" and lead.ended_on == today()
    assert history(lead)[-1][:2] == (S.SIGNED if signed_first else S.NEGOTIATING, S.TERMINATED)


def test_reopen_goes_back_to_negotiation_with_a_note(world, staff):  # type: ignore[no-untyped-def]
    lead = actions.move_lead(make_lead(staff), acting_user=staff, move="sign", amount="100", on=today())
    lead = actions.move_lead(lead, acting_user=staff, move="terminate", reason="funding", note="资金未到位")
    with pytest.raises(InvestmentError) as error:
        actions.move_lead(lead, acting_user=staff, move="reopen", note="")
    assert error.value.field == "note"
    lead = actions.move_lead(lead, acting_user=staff, move="reopen", note="投资方重新融资成功")
    assert lead.stage == S.NEGOTIATING and lead.end_reason == "" and lead.signed_amount is None
    assert history(lead)[-1][:2] == (S.TERMINATED, S.NEGOTIATING)
    assert StageChange.objects.filter(lead=lead).count() == 4


@pytest.mark.parametrize(
    ("setup", "move"),
    [
        ([], "reopen"),  # 洽谈 → reopen
        (["sign"], "sign"),  # 签约 twice
        (["sign", "land"], "sign"),
        (["sign", "land"], "land"),
        (["sign", "land"], "terminate"),
        (["sign", "land"], "reopen"),
        (["terminate"], "sign"),
        (["terminate"], "land"),
        (["terminate"], "terminate"),
    ],
)
def test_refused_moves_say_the_stage_and_write_nothing(world, staff, setup, move):  # type: ignore[no-untyped-def]
    lead = make_lead(staff)
    args = {
        "sign": {"amount": "100", "on": today()},
        "land": {"amount": "90", "on": today()},
        "terminate": {"reason": "other", "note": "原因"},
        "reopen": {"note": "重新洽谈"},
    }
    for step in setup:
        lead = actions.move_lead(lead, acting_user=staff, move=step, **args[step])
    before = StageChange.objects.count()
    stage = lead.stage
    with pytest.raises(InvestmentError) as error:
        actions.move_lead(lead, acting_user=staff, move=move, **args[move], signed_amount="100", signed_on=today())
    assert error.value.field == "stage" and str(Lead.Stage(stage).label) in error.value.message
    lead.refresh_from_db()
    assert lead.stage == stage and StageChange.objects.count() == before


def test_an_unknown_move_is_refused(world, staff):  # type: ignore[no-untyped-def]
    with pytest.raises(InvestmentError) as error:
        actions.move_lead(make_lead(staff), acting_user=staff, move="jump")
    assert error.value.field == "move"


def test_only_staff_of_the_district_move_a_lead(world, staff, leader, far_staff):  # type: ignore[no-untyped-def]
    from django.http import Http404

    lead = make_lead(staff)
    with pytest.raises(InvestmentError):
        actions.move_lead(lead, acting_user=leader, move="sign", amount="1", on=today())
    with pytest.raises(Http404):
        actions.move_lead(lead, acting_user=far_staff, move="sign", amount="1", on=today())
    lead.refresh_from_db()
    assert lead.stage == S.NEGOTIATING


def test_change_owner_only_to_staff_of_the_district_and_audited(world, staff, far_staff, leader):  # type: ignore[no-untyped-def]
    from kaopu.accounts.roles import Role
    from kaopu.core.testing import make_user

    colleague = make_user("staff2", Role.FIC_STAFF, staff.organisation, name="李招商")
    lead = make_lead(staff)
    for wrong in (far_staff, leader, 999999, "abc"):
        with pytest.raises(InvestmentError) as error:
            actions.change_owner(lead, acting_user=staff, owner=wrong)
        assert error.value.field == "owner"
    lead = actions.change_owner(lead, acting_user=staff, owner=colleague)
    assert lead.owner == colleague
    entry = AuditEntry.objects.filter(object_type="investment.lead", object_id=str(lead.pk)).latest("sequence")
    assert entry.data == {"from_owner": staff.pk, "to_owner": colleague.pk}


def test_lead_sources_must_be_of_the_district_and_agree(world, staff, far_staff):  # type: ignore[no-untyped-def]
    partner, other = make_partner(staff), make_partner(staff)
    far_partner = make_partner(far_staff)
    visit = make_visit(staff, partner)
    lead = make_lead(staff, source_visit=visit)
    assert lead.source_partner == partner  # taken from the visit
    with pytest.raises(InvestmentError) as error:
        make_lead(staff, source_visit=visit, source_partner=other)
    assert error.value.field == "source_partner"
    with pytest.raises(InvestmentError) as error:
        make_lead(staff, source_partner=far_partner)
    assert error.value.field == "source_partner"
    assert make_lead(staff).source_partner is None  # neither is fine


def test_follow_up_sets_the_next_step_and_refuses_bad_dates(world, staff):  # type: ignore[no-untyped-def]
    lead = make_lead(staff)
    due = today() + timedelta(days=3)
    actions.record_follow_up(
        lead,
        acting_user=staff,
        happened_on=today(),
        method="phone",
        note="电话沟通用地需求",
        next_step="陪同看厂房",
        next_step_on=due,
    )
    lead.refresh_from_db()
    assert (lead.next_step, lead.next_step_on) == ("陪同看厂房", due)
    cases = [
        ({"happened_on": today() + timedelta(days=1)}, "happened_on"),
        ({"next_step": "", "next_step_on": due}, "next_step"),
        ({"next_step_on": today() - timedelta(days=1)}, "next_step_on"),
        ({"method": "pigeon"}, "method"),
        ({"note": ""}, "note"),
    ]
    for change, field in cases:
        values = {"happened_on": today(), "method": "visit", "note": "拜访", "next_step": "签约", "next_step_on": due}
        values.update(change)
        with pytest.raises(InvestmentError) as error:
            actions.record_follow_up(lead, acting_user=staff, **values)
        assert error.value.field == field, change
    assert lead.follow_ups.count() == 1


def test_no_follow_up_on_a_terminated_lead(world, staff):  # type: ignore[no-untyped-def]
    lead = actions.move_lead(make_lead(staff), acting_user=staff, move="terminate", reason="other", note="暂停")
    with pytest.raises(InvestmentError) as error:
        actions.record_follow_up(lead, acting_user=staff, happened_on=today(), method="phone", note="x")
    assert error.value.field == "stage"


def test_owner_is_told_when_handed_a_lead(world, staff, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    from kaopu.accounts.roles import Role
    from kaopu.core.testing import make_user

    colleague = make_user("staff3", Role.FIC_STAFF, staff.organisation)
    lead = make_lead(staff)
    with django_capture_on_commit_callbacks(execute=True):
        actions.change_owner(lead, acting_user=staff, owner=colleague)
    assert Notification.objects.filter(user=colleague, kind="investment.owner").count() == 1

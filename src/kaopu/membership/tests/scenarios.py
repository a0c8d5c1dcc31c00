"""The audit scenarios of kaopu.membership.actions (core/tests/test_every_write_audited.py walks them):
each prepares its rows through the actions (unwatched) and names the action to watch and the words its
audit entry must contain."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kaopu.core.tests.audit_scenarios import Act, Stage
from kaopu.membership import actions as m
from kaopu.membership.testing import invoice_of, make_categories, make_member


def _categories(s: Stage) -> dict[str, Any]:
    if "membership_categories" not in s.extra:
        s.extra["membership_categories"] = make_categories(s.user("staff"))
    return s.extra["membership_categories"]


def _member(s: Stage) -> Any:
    return make_member(s.user("staff"), s.world.enterprise_a, _categories(s)["理事"], "2024-03-01")


def _invoice(s: Stage) -> Any:
    member = _member(s)
    m.set_dues_rate(acting_user=s.user("staff"), year=2026, category=_categories(s)["理事"], amount="3000")
    m.issue_invoices(acting_user=s.user("staff"), year=2026)
    return invoice_of(member, 2026)


def _term(s: Stage) -> Any:
    return m.save_term(acting_user=s.user("staff"), number=12, starts_on="2022-06-01", ends_on="2027-05-31")


def scenarios() -> dict[str, Callable[[Stage], Act]]:
    staff = "staff"

    def issue(s: Stage) -> Act:
        _member(s)
        m.set_dues_rate(acting_user=s.user(staff), year=2026, category=_categories(s)["理事"], amount="3000")
        return Act(lambda: m.issue_invoices(acting_user=s.user(staff), year=2026), "2026 年会费通知")

    def decide(s: Stage) -> Act:
        category = _categories(s)["会员"]
        application = m.apply_for_membership(acting_user=s.user("ent_user"), statement="愿加入工商联")
        return Act(lambda: m.decide_application(application, acting_user=s.user(staff), approve=True,
                                                category=category), "上海甲科技有限公司")

    def seat(s: Stage) -> Act:
        term, member = _term(s), _member(s)
        return Act(lambda: m.seat_member(term, acting_user=s.user(staff), member=member, position="vice_chair"),
                   "上海甲科技有限公司")

    def unseat(s: Stage) -> Act:
        seated = m.seat_member(_term(s), acting_user=s.user(staff), member=_member(s), position="standing")
        return Act(lambda: m.unseat_member(seated, acting_user=s.user(staff)), "上海甲科技有限公司")

    def remind(s: Stage) -> Act:
        invoice = _invoice(s)
        return Act(lambda: m.remind_member(invoice.member, acting_user=s.user(staff)), "上海甲科技有限公司")

    return {
        "save_category": lambda s: Act(lambda: m.save_category(acting_user=s.user(staff), name="常委", order=40),
                                       "常委"),
        "add_member": lambda s: (lambda c: Act(lambda: m.add_member(
            acting_user=s.user(staff), kind="individual", category=c, joined_on="2025-05-01",
            person_name="王建国"), "王建国"))(_categories(s)["会员"]),
        "change_category": lambda s: (lambda x, c: Act(lambda: m.change_category(
            x, acting_user=s.user(staff), category=c, on="2026-06-01"), "上海甲科技有限公司"))(
            _member(s), _categories(s)["常务理事"]),
        "end_membership": lambda s: (lambda x: Act(lambda: m.end_membership(
            x, acting_user=s.user(staff), left_on="2026-06-30"), "上海甲科技有限公司"))(_member(s)),
        "apply_for_membership": lambda s: Act(lambda: m.apply_for_membership(
            acting_user=s.user("ent_user"), statement="我司愿加入工商联"), "上海甲科技有限公司"),
        "decide_application": decide,
        "save_term": lambda s: Act(lambda: m.save_term(acting_user=s.user(staff), number=12,
                                                       starts_on="2022-06-01", ends_on="2027-05-31"), "第 12 届"),
        "seat_member": seat,
        "unseat_member": unseat,
        "set_dues_rate": lambda s: (lambda c: Act(lambda: m.set_dues_rate(
            acting_user=s.user(staff), year=2026, category=c, amount="1000"), "2026 年「会员」"))(
            _categories(s)["会员"]),
        "issue_invoices": issue,
        "record_payment": lambda s: (lambda i: Act(lambda: m.record_payment(
            i, acting_user=s.user(staff), amount="1000", paid_on="2026-09-01", method="cash",
            receipt_number="HF-1"), "上海甲科技有限公司"))(_invoice(s)),
        "waive_dues": lambda s: (lambda i: Act(lambda: m.waive_dues(
            i, acting_user=s.user(staff), amount="500", reason="困难减免"), "上海甲科技有限公司"))(_invoice(s)),
        "remind_member": remind,
        "dues_for": lambda s: Act(lambda: m.dues_for(m.Decimal("100"), m.date(2026, 8, 1), 2026), reads_only=True),
        "parse_yuan": lambda s: Act(lambda: m.parse_yuan("100", m.F("amount", "金额")), reads_only=True),
    }

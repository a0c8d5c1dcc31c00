"""The demo district's bank alliance (靠谱金融服务盟), called once by `kaopu demo` after the appeals'
and the meetings' demos (see core/management/commands/demo.py).

- The seventeen member banks, each "…普陀支行", with join dates, a hotline, an address, one or two
  contact officers and an officer's account (the demo password; 上海农商银行普陀支行 is the bank of the
  demo login ``bank``, 沈佳).
- About sixty loan products with the ranges such products really have (credit loans of 10–500万元 at
  3.2–4.6 %, mortgages up to 3,000万元 over ten years, the municipal guarantee fund's 批次担保 …).
- About 150 financing demands over the twelve months before today, in every state, with the pushes,
  claims, contact records, grants and declines a year of work leaves: mostly granted within 5–30
  working days (grant dates on working days), some unmet, some withdrawn, recent ones still with the
  banks or waiting to be pushed.
- qiye1's enterprise has several demands: one granted by the demo bank, one pushed to the demo bank
  and waiting to be claimed, one waiting to be pushed, one sent without the consent to share (no bank
  can see it: its page says so and offers the consent), one withdrawn. The demo bank has work in
  every tab of its worklist.

Rows are written in bulk and never through the actions (no notifications, no audit entries: this is
history); timestamps are set afterwards with bulk_update (which leaves auto_now_add alone), and rows
are created in time order so that ids follow time (lists are newest first by id). Deterministic for
a given day.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.utils import timezone, translation

from kaopu.accounts.models import Organisation, User
from kaopu.accounts.roles import OrganisationKind, Role
from kaopu.core import workdays
from kaopu.directory.models import District, Enterprise, IndustrySection
from kaopu.finance import matching
from kaopu.finance.models import (
    Bank,
    BankContact,
    DemandEvent,
    DemandPush,
    FinancingDemand,
    LoanProduct,
    PolicyScheme,
    ensure_policy_schemes,
)

D = FinancingDemand.State
P = DemandPush.State
E = DemandEvent.Kind
DEMO_BANK = "上海农商银行普陀支行"
DEMANDS = 150

# (name, short name, joined, hotline, address)
BANKS: list[tuple[str, str, date, str, str]] = [
    ("中国工商银行上海市普陀支行", "工商银行", date(2021, 6, 18), "95588", "普陀区长寿路652号"),
    ("中国农业银行上海普陀支行", "农业银行", date(2021, 6, 18), "95599", "普陀区曹杨路1040弄"),
    ("中国银行上海市普陀支行", "中国银行", date(2021, 6, 18), "95566", "普陀区中山北路2688号"),
    ("中国建设银行上海普陀支行", "建设银行", date(2021, 6, 18), "95533", "普陀区武宁路101号"),
    ("交通银行上海普陀支行", "交通银行", date(2021, 9, 9), "95559", "普陀区真北路1108号"),
    ("中国邮政储蓄银行上海普陀区支行", "邮储银行", date(2021, 9, 9), "95580", "普陀区桃浦路258号"),
    ("招商银行上海普陀支行", "招商银行", date(2022, 3, 15), "95555", "普陀区金沙江路1628弄"),
    ("上海浦东发展银行普陀支行", "浦发银行", date(2022, 3, 15), "95528", "普陀区宁夏路299号"),
    ("兴业银行上海普陀支行", "兴业银行", date(2022, 6, 28), "95561", "普陀区大渡河路168弄"),
    ("中信银行上海普陀支行", "中信银行", date(2022, 6, 28), "95558", "普陀区中潭路99号"),
    ("中国民生银行上海普陀支行", "民生银行", date(2022, 11, 8), "95568", "普陀区云岭东路89号"),
    ("中国光大银行上海普陀支行", "光大银行", date(2023, 4, 20), "95595", "普陀区交通路4599号"),
    ("上海银行普陀支行", "上海银行", date(2021, 6, 18), "95594", "普陀区长寿路168号"),
    (DEMO_BANK, "上海农商银行", date(2021, 6, 18), "021-962999", "普陀区曹杨路2288号"),
    ("宁波银行上海普陀支行", "宁波银行", date(2023, 9, 12), "95574", "普陀区同普路1225号"),
    ("南京银行上海普陀支行", "南京银行", date(2024, 3, 26), "95302", "普陀区怒江北路598号"),
    ("北京银行上海普陀支行", "北京银行", date(2024, 3, 26), "95526", "普陀区梅川路1288号"),
]
OFFICER_NAMES = ["陆振华", "邱婷", "顾嘉伟", "方蕾", "许昊", "沈雯", "钱立", "蒋欣然", "潘峰", "严佳琪", "唐伟",
                 "范晓宇", "姚敏", "金涛", "陶思远", "戴琳", "汤俊"]
CONTACT_TITLES = ["公司业务部总经理", "普惠金融部经理", "小企业客户经理", "支行副行长"]

K = LoanProduct.Kind
# (kind, name pattern, amount range 万元, rate range %, term range months, collateral, sizes, uses schemes)
PRODUCT_TEMPLATES: list[tuple[str, str, tuple[int, int], tuple[str, str], tuple[int, int], list[str], list[str],
                          bool]] = [
    (K.CREDIT, "{short}小微信用贷", (10, 300), ("3.20", "4.35"), (6, 36), [], ["small", "micro"], False),
    (K.TAX, "{short}税e贷", (10, 500), ("3.35", "4.60"), (6, 12), [], ["small", "micro", "medium"], False),
    (K.MORTGAGE, "{short}抵押经营贷", (100, 3000), ("2.95", "3.85"), (12, 120), ["real_estate"], [], False),
    (K.GUARANTEE, "{short}批次担保贷", (50, 1000), ("3.00", "3.90"), (12, 36), ["guarantor"],
     ["small", "micro", "medium"], True),
    (K.IP_PLEDGE, "{short}知识产权质押贷", (100, 2000), ("3.05", "4.10"), (12, 36), ["ip"], [], True),
    (K.SUPPLY_CHAIN, "{short}供应链e融", (50, 5000), ("3.10", "4.30"), (3, 12), ["receivables", "inventory"], [],
     False),
    (K.RECEIVABLES, "{short}应收账款融资", (50, 3000), ("3.20", "4.50"), (3, 12), ["receivables"], [], False),
    (K.CREDIT, "{short}科创信用贷", (100, 1000), ("3.00", "3.80"), (12, 36), [], ["small", "medium"], True),
]
TECH_SECTIONS = ["I", "M", "C"]
TRADE_SECTIONS = ["F", "G", "H"]

PURPOSE_TEXTS: dict[str, list[str]] = {
    "working_capital": ["旺季备货，采购原材料，预计回款周期三个月。", "支付供应商货款和员工工资，缓解年底资金压力。",
                        "新签订单较多，需补充流动资金用于生产备料。"],
    "equipment": ["购置两台数控加工中心，提升产能约30%。", "更新检测设备，满足客户新的质量认证要求。",
                  "采购冷链运输车辆三台，扩大配送范围。"],
    "expansion": ["在桃浦智创城租赁新厂房，用于装修和搬迁。", "新开两家门店，用于装修、设备和首批备货。",
                  "扩建研发中心，新增实验室面积800平方米。"],
    "research": ["新一代工业软件研发投入，预计明年上半年上线。", "新药临床前研究费用，已获两项发明专利。",
                 "人工智能质检算法研发及算力采购。"],
    "trade": ["承接央企供应链订单，需垫付采购资金。", "跨境电商旺季备货及海外仓费用。", "大宗商品贸易订单履约资金。"],
    "refinance": ["原有贷款下月到期，申请续贷，避免资金链紧张。", "置换一笔利率较高的小贷公司借款。"],
    "other": ["参加政府采购项目投标，需开具投标保函和履约资金。"],
}
CONTACT_NOTES = ["电话联系企业财务负责人，了解经营和纳税情况，约定上门走访。",
                 "已上门走访，查看经营场所，收集近两年财务报表和纳税证明。",
                 "企业已提交申请材料，进入授信审批流程。",
                 "与法定代表人面谈，初步确定授信方案，待补充银行流水。"]
DECLINE_NOTES: dict[str, list[str]] = {
    "collateral": ["企业无可抵押房产，信用额度不足以覆盖需求。"],
    "credit": ["法定代表人个人征信有逾期记录，暂不符合准入条件。"],
    "financials": ["近一年开票收入不足300万元，达不到产品准入门槛。", "企业连续两年亏损，暂不予授信。"],
    "industry": ["所属行业不在本行本年度支持目录内。"],
    "amount": ["申请金额超过本行对该类客户的单户授信上限。"],
    "documents": ["多次提醒后企业仍未提供财务报表。"],
    "enterprise": ["企业已在他行获得贷款，不再需要。", "企业资金需求已解决，主动放弃申请。"],
    "unreachable": ["多次电话联系未能接通，企业预留电话为空号。"],
    "other": ["企业成立未满一年，建议满一年后再申请。"],
}
PUSH_NOTES = ["", "", "企业急需资金，请优先对接。", "企业为区重点扶持的专精特新企业。"]
WITHDRAW_REASONS = ["订单取消，暂时不需要资金。", "已通过股东借款解决。", "已在其他银行获得贷款。", "计划推迟到明年。"]


def _working_day_after(day: date, n: int) -> date:
    """``n`` working days after ``day`` (Monday–Friday over a year no calendar knows, as deadlines)."""
    return workdays.deadline(day, n).on


def _days_between(first: date, last: date) -> int | None:
    try:
        return workdays.working_days_between(first, last)
    except workdays.UnknownCalendarYear:
        return None


@dataclass
class Timeline:
    """The rows of one demand before they are written; times are aware datetimes."""

    demand: FinancingDemand
    pushes: list[tuple[DemandPush, dict[str, Any]]] = field(default_factory=list)
    events: list[tuple[datetime, DemandEvent]] = field(default_factory=list)


class Loader:
    def __init__(self, district: District) -> None:
        self.district = district
        self.rng = random.Random(f"finance-demo-{timezone.localdate()}")
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        # Banks act on working days: what would fall after today falls on the last working day up to today.
        self.last_workday = self.today
        while not workdays.counts_as_working_day(self.last_workday):
            self.last_workday -= timedelta(days=1)
        self.staff = User.objects.filter(role=Role.FIC_STAFF, organisation__district=district).order_by("id").first()
        with translation.override("zh-hans"):
            self.decline_labels = {code: str(label) for code, label in DemandPush.DeclineReason.choices}

    # --- The alliance ----------------------------------------------------------------------------------------

    def banks(self) -> list[Bank]:
        password = make_password(_demo_password())
        banks = []
        for order, (name, short, joined, hotline, address) in enumerate(BANKS):
            organisation, _created = Organisation.objects.get_or_create(
                kind=OrganisationKind.BANK, name=name, district=self.district)
            bank = Bank.objects.create(organisation=organisation, district=self.district, name=name,
                                       short_name=short, joined_on=joined, hotline=hotline, address=address,
                                       introduction=f"{short}是靠谱金融服务盟成员单位，为普陀区民营企业提供"
                                                    f"信用贷款、抵押贷款和供应链融资等服务。",
                                       sort_order=order)
            officer = User.objects.filter(organisation=organisation, role=Role.BANK_OFFICER).order_by("id").first()
            if officer is None:
                officer = User.objects.create(username=f"bank{order + 1:02d}", name=OFFICER_NAMES[order],
                                              role=Role.BANK_OFFICER, organisation=organisation, password=password,
                                              phone=f"139{self.rng.randrange(10**7, 10**8)}")
            bank.officer = officer  # type: ignore[attr-defined]
            contacts = [BankContact(bank=bank, name=officer.name, title="小企业客户经理",
                                    phone=officer.phone or f"139{self.rng.randrange(10**7, 10**8)}", user=officer)]
            if self.rng.random() < 0.6:
                contacts.append(BankContact(bank=bank, name=self.rng.choice(OFFICER_NAMES),
                                            title=self.rng.choice(CONTACT_TITLES),
                                            phone=f"021-6{self.rng.randrange(1000000, 9999999)}"))
            BankContact.objects.bulk_create(contacts)
            banks.append(bank)
        return banks

    def products(self, banks: list[Bank]) -> dict[int, list[LoanProduct]]:
        ensure_policy_schemes()
        schemes = list(PolicyScheme.objects.filter(is_active=True).order_by("sort_order"))
        sections = {code: code for code in IndustrySection.objects.values_list("code", flat=True)}
        by_bank: dict[int, list[LoanProduct]] = {}
        for index, bank in enumerate(banks):
            chosen = [PRODUCT_TEMPLATES[(index + step) % len(PRODUCT_TEMPLATES)] for step in (0, 2, 3, 5)]
            count = 3 if index % 3 == 2 else 4
            rows = []
            for kind, pattern, (low, high), (rate_low, rate_high), (term_low, term_high), collateral, sizes, \
                    uses_schemes in chosen[:count]:
                spread = Decimal(self.rng.randrange(-15, 16)) / 100
                product = LoanProduct.objects.create(
                    bank=bank, name=pattern.format(short=bank.short_name.removesuffix("银行")), kind=kind,
                    amount_min=Decimal(low), amount_max=Decimal(high),
                    rate_min=Decimal(rate_low) + spread, rate_max=Decimal(rate_high) + spread,
                    term_min_months=term_low, term_max_months=term_high, collateral=collateral, sizes=sizes,
                    description=f"{bank.short_name}面向普陀区民营企业的{LoanProduct.Kind(kind).label}产品。",
                    is_active=not (index == 16 and kind == K.RECEIVABLES))
                if pattern.endswith("科创信用贷") or kind == K.IP_PLEDGE:
                    product.industries.set([code for code in TECH_SECTIONS if code in sections])
                elif kind == K.SUPPLY_CHAIN:
                    product.industries.set([code for code in [*TRADE_SECTIONS, "C"] if code in sections])
                if uses_schemes and schemes:
                    product.policy_schemes.set(schemes[: 1 + index % 3])
                rows.append(product)
            by_bank[bank.pk] = rows
        return by_bank

    # --- Demands ---------------------------------------------------------------------------------------------------

    def _at(self, day: date, hour_low: int = 9, hour_high: int = 17) -> datetime:
        moment = datetime.combine(day, time(self.rng.randrange(hour_low, hour_high), self.rng.randrange(60)))
        aware = timezone.make_aware(moment)
        return min(aware, self.now - timedelta(minutes=5))

    def _amount(self, size: str) -> Decimal:
        low, high, step = {"micro": (10, 200, 10), "small": (50, 800, 10), "medium": (200, 3000, 50),
                           "large": (1000, 8000, 100)}.get(size, (50, 500, 10))
        return Decimal(self.rng.randrange(low, high + 1, step))

    def demand(self, enterprise: dict[str, Any], user: User | None, created: datetime, state: str, *,
               consent: bool = True) -> FinancingDemand:
        purpose = self.rng.choice(list(PURPOSE_TEXTS))
        collateral = [] if self.rng.random() < 0.45 else self.rng.sample(
            ["real_estate", "receivables", "ip", "equipment", "guarantor", "inventory"], self.rng.choice((1, 1, 2)))
        return FinancingDemand(
            district=self.district, enterprise_id=enterprise["id"], industry_id=enterprise["section"],
            size=enterprise["size"] or "", amount=self._amount(enterprise["size"]),
            term_months=self.rng.choice((6, 12, 12, 12, 24, 36, 36, 60)), purpose=purpose,
            purpose_detail=self.rng.choice(PURPOSE_TEXTS[purpose]), collateral=collateral,
            wants_policy_guarantee=self.rng.random() < 0.3,
            urgency=self.rng.choice(["normal", "normal", "soon", "urgent"]), consent_to_share=consent,
            contact_name=user.name if user else enterprise["legal"] or "刘经理",
            contact_phone=(user.phone if user and user.phone else f"138{self.rng.randrange(10**7, 10**8)}"),
            state=state, submitted_by=user or self.staff)

    def story(self, demand: FinancingDemand, created: datetime, banks: list[Bank], products: dict[int, list[Any]],
              forced: dict[int, str] | None = None) -> Timeline:
        """The pushes and events that lead to ``demand.state``; ``forced``: bank id → push state."""
        story = Timeline(demand)
        story.events.append((created, DemandEvent(demand=demand, kind=E.SUBMITTED, actor=demand.submitted_by,
                                                  text=f"{demand.amount:,.2f}万元，{demand.term_months}个月")))
        if demand.state == D.SUBMITTED:
            return story
        created_day = timezone.localdate(created)
        chosen = list(forced or {})
        others = [bank for bank in banks if bank.pk not in chosen and bank.is_active]
        wanted = self.rng.choice((1, 2, 2, 3)) - len(chosen)
        chosen += [bank.pk for bank in self.rng.sample(others, max(wanted, 0 if chosen else 1))]
        by_id = {bank.pk: bank for bank in banks}
        pushed_day = self._by_now(_working_day_after(created_day, self.rng.choice((0, 1, 1, 2))), created_day)
        pushed_at = max(self._at(pushed_day), created + timedelta(minutes=30))
        states = self._push_states(demand.state, len(chosen))
        for bank_id, push_state in zip(chosen, states, strict=True):
            if forced and bank_id in forced:
                push_state = forced[bank_id]
            bank = by_id[bank_id]
            push = DemandPush(demand=demand, bank=bank, state=push_state, pushed_by=self.staff,
                              note=self.rng.choice(PUSH_NOTES))
            times: dict[str, Any] = {"pushed_at": pushed_at}
            story.events.append((pushed_at, DemandEvent(demand=demand, push=push, kind=E.PUSHED, actor=self.staff,
                                                        text=str(bank))))
            if push_state in (P.CLAIMED, P.CONTACTED, P.GRANTED, P.DECLINED) or (
                    push_state == P.WITHDRAWN and self.rng.random() < 0.5):
                claim_day = self._by_now(_working_day_after(pushed_day, self.rng.choice((0, 1, 1, 2))), pushed_day)
                claimed = max(self._at(claim_day), pushed_at + timedelta(minutes=20))
                push.claimed_by = bank.officer  # type: ignore[attr-defined]
                times["claimed_at"] = claimed
                story.events.append((claimed, DemandEvent(demand=demand, push=push, kind=E.CLAIMED,
                                                          actor=push.claimed_by,
                                                          text=f"{bank} {push.claimed_by.name}")))
                last = claimed
                if push_state in (P.CONTACTED, P.GRANTED) or (push_state == P.DECLINED and self.rng.random() < 0.7):
                    contact_day = self._by_now(_working_day_after(claim_day, self.rng.choice((0, 1, 2, 3))), claim_day)
                    contacted = max(self._at(contact_day), claimed + timedelta(minutes=30))
                    note = self.rng.choice(CONTACT_NOTES)
                    push.contact_note = f"{timezone.localtime(contacted):%Y-%m-%d %H:%M} {note}"
                    times["contacted_at"] = contacted
                    story.events.append((contacted, DemandEvent(demand=demand, push=push, kind=E.CONTACTED,
                                                                actor=push.claimed_by, text=note)))
                    last = contacted
                if push_state == P.GRANTED:
                    grant_day = self._grant_day(created_day, timezone.localdate(last))
                    decided = max(self._at(grant_day, 14, 17), last + timedelta(minutes=30))
                    self._grant(push, demand, products.get(bank_id, []), grant_day)
                    times["decided_at"] = demand.granted_at = decided
                    demand.working_days_to_grant = _days_between(created_day, grant_day)
                    text = (f"{bank}放款{push.granted_amount:,.2f}万元，年利率{push.granted_rate}%，"
                            f"期限{push.granted_term_months}个月")
                    story.events.append((decided, DemandEvent(demand=demand, push=push, kind=E.GRANTED,
                                                              actor=push.claimed_by, text=text)))
                elif push_state == P.DECLINED:
                    reason = self.rng.choice(["collateral", "financials", "financials", "credit", "amount",
                                              "documents", "industry", "other"] if demand.state != D.GRANTED
                                             else ["enterprise"])
                    push.decline_reason, push.decline_note = reason, self.rng.choice(DECLINE_NOTES[reason])
                    day = self._by_now(_working_day_after(timezone.localdate(last), self.rng.randrange(2, 12)),
                                       timezone.localdate(last))
                    decided = max(self._at(day), last + timedelta(minutes=30))
                    times["decided_at"] = decided
                    text = f"{bank}：{self.decline_labels[reason]}（{push.decline_note}）"
                    story.events.append((decided, DemandEvent(demand=demand, push=push, kind=E.DECLINED,
                                                              actor=push.claimed_by, text=text)))
            story.pushes.append((push, times))
        if demand.state == D.WITHDRAWN:
            last_time = max(moment for moment, _event in story.events)
            withdrawn = last_time + timedelta(days=self.rng.randrange(1, 10), hours=1)
            withdrawn = min(withdrawn, self.now - timedelta(minutes=2))
            demand.withdrawn_reason = self.rng.choice(WITHDRAW_REASONS)
            for _push, times in story.pushes:
                times["decided_at"] = withdrawn
            story.events.append((withdrawn, DemandEvent(demand=demand, kind=E.WITHDRAWN,
                                                        actor=demand.submitted_by, text=demand.withdrawn_reason)))
        return story

    def _push_states(self, state: str, n: int) -> list[str]:
        if state == D.GRANTED:
            return [P.GRANTED] + [self.rng.choice((P.DECLINED, P.DECLINED, P.CONTACTED)) for _ in range(n - 1)]
        if state == D.UNMET:
            return [P.DECLINED] * n
        if state == D.WITHDRAWN:
            return [P.WITHDRAWN] * n
        return [self.rng.choice((P.PUSHED, P.CLAIMED, P.CONTACTED, P.CONTACTED)) for _ in range(n)]

    def _grant_day(self, created_day: date, after: date) -> date:
        day = _working_day_after(created_day, self.rng.choice((5, 7, 8, 10, 12, 15, 18, 22, 28)))
        day = self._by_now(day, after)
        while not workdays.counts_as_working_day(day) and day > after:
            day -= timedelta(days=1)
        return day

    def _by_now(self, day: date, floor: date) -> date:
        """``day``, or the last working day up to today when it is later, never before ``floor``."""
        return max(min(day, self.last_workday), floor)

    def _grant(self, push: DemandPush, demand: FinancingDemand, products: list[LoanProduct], day: date) -> None:
        fitting = [p for p in products if p.is_active and p.amount_min <= demand.amount]
        product = self.rng.choice(fitting) if fitting else None
        amount = demand.amount if self.rng.random() < 0.6 else (demand.amount * Decimal("0.8")).quantize(Decimal(1))
        if product is not None:
            amount = min(max(amount, product.amount_min), product.amount_max)
            steps = int((product.rate_max - product.rate_min) * 100)
            rate = product.rate_min + Decimal(self.rng.randrange(0, max(steps, 1))) / 100
            term = min(max(demand.term_months, product.term_min_months), product.term_max_months)
        else:
            rate, term = Decimal("3.65"), demand.term_months
        push.product = product
        push.granted_amount, push.granted_rate, push.granted_term_months, push.granted_on = amount, rate, term, day

    # --- Writing ----------------------------------------------------------------------------------------------------

    def write(self, stories: list[tuple[datetime, Timeline]]) -> None:
        stories.sort(key=lambda pair: pair[0])
        demands = FinancingDemand.objects.bulk_create([story.demand for _created, story in stories])
        for (created, _story), demand in zip(stories, demands, strict=True):
            demand.created_at = created
            demand.updated_at = created
        FinancingDemand.objects.bulk_update(demands, ["created_at", "updated_at"], batch_size=500)
        pushes = sorted((times["pushed_at"], push.demand.pk, index, push, times)
                        for _c, story in stories for index, (push, times) in enumerate(story.pushes))
        rows = [push for _at, _d, _i, push, _times in pushes]
        for push in rows:
            push.demand_id = push.demand.pk
        DemandPush.objects.bulk_create(rows, batch_size=500)
        for _at, _d, _i, push, times in pushes:
            for name, value in times.items():
                setattr(push, name, value)
        DemandPush.objects.bulk_update(rows, ["pushed_at", "claimed_at", "contacted_at", "decided_at"],
                                       batch_size=500)
        events = sorted(((moment, order, event) for _c, story in stories
                         for order, (moment, event) in enumerate(story.events)), key=lambda row: (row[0], row[1]))
        event_rows = []
        for _moment, _order, event in events:
            event.demand_id = event.demand.pk
            if event.push is not None:
                event.push_id = event.push.pk
            event_rows.append(event)
        DemandEvent.objects.bulk_create(event_rows, batch_size=500)
        for moment, _order, event in events:
            event.created_at = moment
        DemandEvent.objects.bulk_update(event_rows, ["created_at"], batch_size=500)


def _demo_password() -> str:
    from kaopu.core.management.commands.demo import DEMO_PASSWORD

    return DEMO_PASSWORD


def _enterprises(district: District, first: list[int]) -> list[dict[str, Any]]:
    """Active enterprises with an industry: those of the demo logins first, then those whose users
    the appeals' demo made (so demands have a submitter), then others."""
    rows = Enterprise.objects.filter(district=district, status=Enterprise.Status.ACTIVE, industry__isnull=False)
    values = ("id", "size", "industry__section_id", "legal_representative")
    with_users = set(User.objects.filter(role=Role.ENTERPRISE_USER, organisation__enterprise__district=district)
                     .values_list("organisation__enterprise_id", flat=True)[:400])
    chosen = list(rows.filter(pk__in=[*first, *with_users]).values(*values)[:400])
    if len(chosen) < 100:
        chosen += list(rows.exclude(pk__in=[row["id"] for row in chosen]).order_by("id").values(*values)[:100])
    order = {pk: index for index, pk in enumerate(first)}
    chosen.sort(key=lambda row: (order.get(row["id"], len(order)), row["id"]))
    return [{"id": row["id"], "size": row["size"], "section": row["industry__section_id"],
             "legal": row["legal_representative"]} for row in chosen]


def load_demo(district: District) -> None:
    if Bank.objects.filter(district=district).exists():
        return
    loader = Loader(district)
    if loader.staff is None:
        return
    banks = loader.banks()
    products = loader.products(banks)
    demo_bank = next(bank for bank in banks if bank.name == DEMO_BANK)
    logins = {user.username: user for user in User.objects.select_related("organisation").filter(
        username__in=["qiye1", "qiye2"])}
    first = [logins[name].organisation.enterprise_id for name in ("qiye1", "qiye2") if name in logins]
    enterprises = _enterprises(district, first)
    if not enterprises:
        return
    users = {}
    for user in User.objects.filter(role=Role.ENTERPRISE_USER, organisation__enterprise_id__in=[
            row["id"] for row in enterprises]).select_related("organisation").order_by("id"):
        users.setdefault(user.organisation.enterprise_id, user)
    rng, today = loader.rng, loader.today
    stories: list[tuple[datetime, Timeline]] = []

    def add(enterprise: dict[str, Any], age_days: int, state: str, forced: dict[int, str] | None = None, *,
            consent: bool = True) -> None:
        day = today - timedelta(days=age_days)
        created = loader._at(day, 8, 20)
        demand = loader.demand(enterprise, users.get(enterprise["id"]), created, state, consent=consent)
        stories.append((created, loader.story(demand, created, banks, products, forced)))

    # qiye1: granted by the demo bank, one waiting for the demo bank to claim, one to be pushed, one no
    # bank can see (sent without the consent to share), one withdrawn.
    if first:
        own = enterprises[0]
        add(own, 75, D.GRANTED, {demo_bank.pk: P.GRANTED})
        add(own, 2, D.PUSHED, {demo_bank.pk: P.PUSHED, banks[0].pk: P.PUSHED})
        add(own, 1, D.SUBMITTED, consent=False)
        add(own, 0, D.SUBMITTED)
        add(own, 160, D.WITHDRAWN)
        add(own, 230, D.UNMET, {demo_bank.pk: P.DECLINED})
    if len(first) > 1:
        add(enterprises[1], 40, D.GRANTED)
        add(enterprises[1], 6, D.PUSHED, {demo_bank.pk: P.CONTACTED})
    # The demo bank's worklist: work in every tab.
    for age, state, push_state in [(3, D.PUSHED, P.PUSHED), (5, D.PUSHED, P.PUSHED), (8, D.PUSHED, P.CLAIMED),
                                   (12, D.PUSHED, P.CONTACTED), (20, D.PUSHED, P.CONTACTED),
                                   (45, D.GRANTED, P.GRANTED), (90, D.GRANTED, P.GRANTED),
                                   (130, D.GRANTED, P.GRANTED), (60, D.UNMET, P.DECLINED),
                                   (200, D.UNMET, P.DECLINED)]:
        add(rng.choice(enterprises[2:] or enterprises), age, state, {demo_bank.pk: push_state})
    pool = enterprises[2:] or enterprises
    while len(stories) < DEMANDS:
        age = int(rng.triangular(0, 365, 120))
        if age < 3:
            state = rng.choice((D.SUBMITTED, D.SUBMITTED, D.PUSHED))
        elif age < 40:
            state = rng.choices([D.PUSHED, D.GRANTED, D.UNMET, D.WITHDRAWN, D.SUBMITTED], [45, 35, 5, 10, 5])[0]
        else:
            state = rng.choices([D.GRANTED, D.UNMET, D.WITHDRAWN, D.PUSHED], [64, 16, 12, 8])[0]
        add(rng.choice(pool), age, state)
    loader.write(stories)
    _match(district)


def _match(district: District) -> None:
    """The stored matches of every demo demand, whatever its state, so that the push form pre-ticks
    banks and the figures count granted and withdrawn demands as matched too."""
    matching.match_batch(FinancingDemand.objects.filter(district=district))

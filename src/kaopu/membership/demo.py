"""The demo district's FIC members and dues (called once by `kaopu demo`, after the directory's demo).

- Four categories (会员, 理事, 常务理事, 执委) and a member row for every enterprise the directory's demo
  marks as a member (about 20%: Enterprise.is_member with its member_since), so that the flag follows from
  membership as everywhere else; mostly 会员, some 理事, a few 常务理事 and 执委.
- Eight individual members (entrepreneurs and professionals) with their work unit and position.
- The executive committee of the current term (第十二届, started about three and a half years ago): a chair,
  vice-chairs, standing and executive committee members taken from the members.
- Dues for last year and this year (computed relative to today): last year nearly all paid, a few partly
  or not at all, one waiver; this year most paid, some partly, the rest in arrears. The first demo
  enterprise (the login ``qiye1``) owes part of this year's dues.
- Three applications waiting for a decision and one refused, handed in on paper (no applicant account).

Rows are written in bulk, never through the actions (no notifications, no audit: this is history).
Deterministic for a given day (one seeded random generator).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.core.workdays import local_today
from kaopu.directory.demo import mobile
from kaopu.directory.models import District, Enterprise
from kaopu.membership.actions import dues_for
from kaopu.membership.models import (
    Application,
    Category,
    DuesRate,
    ExecutiveTerm,
    Invoice,
    Member,
    MemberEvent,
    Payment,
    Seat,
)

# name, order, share of the member enterprises, yearly dues last year and this year (yuan)
CATEGORIES = [
    ("会员", 10, 0.76, Decimal("1000"), Decimal("1000")),
    ("理事", 20, 0.16, Decimal("3000"), Decimal("3000")),
    ("常务理事", 30, 0.06, Decimal("5000"), Decimal("6000")),
    ("执委", 40, 0.02, Decimal("8000"), Decimal("8000")),
]
INDIVIDUALS = [
    ("陈伟民", "上海伟民律师事务所", "主任律师", "理事"),
    ("刘海燕", "上海燕华会计师事务所", "首席合伙人", "会员"),
    ("张志强", "上海强盛投资管理有限公司", "董事长", "常务理事"),
    ("王丽华", "上海丽华文化传播有限公司", "总经理", "会员"),
    ("李国庆", "上海国庆建筑设计有限公司", "总建筑师", "会员"),
    ("周建平", "华东师范大学经济学院", "教授", "理事"),
    ("吴晓明", "上海明德教育科技有限公司", "创始人", "会员"),
    ("郑秀英", "上海秀英餐饮管理有限公司", "董事长", "执委"),
]
STATEMENTS = [
    "我司扎根普陀十余年，希望加入工商联，参与商会活动，为区域发展出力。",
    "公司主营软件开发，现有员工八十余人，愿意加入工商联并按时缴纳会费。",
    "我司为本区专精特新企业，希望通过工商联了解政策、结识同行。",
    "申请加入工商联，愿意遵守章程，积极参加各项活动。",
]


class _Demo:
    def __init__(self, district: District) -> None:
        self.district = district
        self.today = local_today()
        self.rng = random.Random(f"membership-{self.today.isoformat()}")
        self.staff = User.objects.filter(username="staff", role=Role.FIC_STAFF).first()

    def categories(self) -> dict[str, Category]:
        Category.objects.bulk_create([Category(district=self.district, name=name, order=order)
                                      for name, order, *_rest in CATEGORIES])
        return {c.name: c for c in Category.objects.filter(district=self.district)}

    def _category(self, categories: dict[str, Category]) -> Category:
        roll, total = self.rng.random(), 0.0
        for name, _order, share, *_rates in CATEGORIES:
            total += share
            if roll < total:
                return categories[name]
        return categories["会员"]

    def members(self, categories: dict[str, Category]) -> list[Member]:
        rows = [Member(district=self.district, kind=Member.Kind.ENTERPRISE, enterprise_id=pk, name=name,
                       category=self._category(categories), joined_on=since, joined_year=since.year)
                for pk, name, since in Enterprise.objects.filter(district=self.district, is_member=True)
                .order_by("id").values_list("id", "name", "member_since")]
        for name, unit, position, category in INDIVIDUALS:
            joined = self.today - timedelta(days=self.rng.randrange(200, 4000))
            rows.append(Member(district=self.district, kind=Member.Kind.INDIVIDUAL, person_name=name,
                               work_unit=unit, position=position, phone=mobile(self.rng), name=name,
                               category=categories[category], joined_on=joined, joined_year=joined.year))
        members = Member.objects.bulk_create(rows, batch_size=500)
        MemberEvent.objects.bulk_create([MemberEvent(member=m, kind=MemberEvent.Kind.JOINED, happened_on=m.joined_on,
                                                     category=m.category, actor=self.staff) for m in members],
                                        batch_size=500)
        return members

    def committee(self, members: list[Member], categories: dict[str, Category]) -> None:
        starts = self.today - timedelta(days=1280)
        term = ExecutiveTerm.objects.create(district=self.district, number=12, starts_on=starts,
                                            ends_on=starts + timedelta(days=5 * 365))
        senior = [m for m in members if m.category.name in ("执委", "常务理事")]
        self.rng.shuffle(senior)
        positions = ([Seat.Position.CHAIR] + [Seat.Position.VICE_CHAIR] * 4 + [Seat.Position.STANDING] * 8
                     + [Seat.Position.EXECUTIVE] * 15)
        Seat.objects.bulk_create([Seat(term=term, member=m, position=p, sort_order=n)
                                  for n, (m, p) in enumerate(zip(senior, positions, strict=False))])

    def dues(self, members: list[Member], categories: dict[str, Category]) -> None:
        years = (self.today.year - 1, self.today.year)
        rates = {}
        for name, _order, _share, last, this in CATEGORIES:
            for year, amount in zip(years, (last, this), strict=True):
                rates[(categories[name].pk, year)] = amount
        DuesRate.objects.bulk_create([DuesRate(district=self.district, year=year, category_id=category, amount=amount)
                                      for (category, year), amount in rates.items()])
        first_enterprise = min((m.enterprise_id for m in members if m.enterprise_id), default=None)
        invoices, payments = [], []
        for year in years:
            issued = min(date(year, 1, 15), self.today)
            for member in members:
                if member.joined_on > min(date(year, 12, 31), self.today):
                    continue
                amount = dues_for(rates[(member.category_id, year)], member.joined_on, year)
                invoice = Invoice(district=self.district, member=member, year=year, category_id=member.category_id,
                                  amount=amount, issued_on=max(issued, member.joined_on), issued_by=self.staff)
                self._settle(invoice, year, member.enterprise_id == first_enterprise and year == self.today.year)
                invoices.append(invoice)
        Invoice.objects.bulk_create(invoices, batch_size=500)
        for invoice in invoices:
            paid_on = self._paid_on(invoice)
            for n, part in enumerate(invoice.parts):
                payments.append(Payment(district=self.district, invoice=invoice, amount=part,
                                        paid_on=min(paid_on + timedelta(days=40 * n), self.today),
                                        method=self.rng.choice(["transfer", "transfer", "transfer", "cash"]),
                                        receipt_number=f"HF{invoice.year}-{len(payments) + 1:05d}",
                                        recorded_by=self.staff))
        Payment.objects.bulk_create(payments, batch_size=500)
        owed: dict[int, Decimal] = {}
        for invoice in invoices:
            owed[invoice.member_id] = owed.get(invoice.member_id, Decimal(0)) + invoice.balance
        for member in members:
            member.outstanding = owed.get(member.pk, Decimal(0))
            member.in_arrears = member.outstanding > 0
        Member.objects.bulk_update(members, ["outstanding", "in_arrears"], batch_size=500)

    def _settle(self, invoice: Invoice, year: int, owes_part: bool) -> None:
        """Decide what the member paid: last year nearly all, this year most; ``owes_part`` for the demo login."""
        roll = self.rng.random()
        full, partly = (0.92, 0.04) if year < self.today.year else (0.72, 0.12)
        if owes_part:
            roll = full
        if roll < full:
            invoice.parts = [invoice.amount]
        elif roll < full + partly:
            invoice.parts = [(invoice.amount / 2).quantize(Decimal("0.01"))]
        else:
            invoice.parts = []
        if year < self.today.year and not invoice.parts and self.rng.random() < 0.2:
            invoice.waived, invoice.waiver_reason = invoice.amount, "经营困难，经会长办公会研究同意减免"
        invoice.paid = sum(invoice.parts, Decimal(0))

    def _paid_on(self, invoice: Invoice) -> date:
        start = invoice.issued_on
        end = min(date(invoice.year, 12, 20), self.today)
        return start + timedelta(days=self.rng.randrange(max(1, (end - start).days + 1)))

    def applications(self) -> None:
        candidates = list(Enterprise.objects.filter(district=self.district, is_member=False,
                                                    status=Enterprise.Status.ACTIVE).order_by("id")[:4])
        now = timezone.now()
        rows = []
        for n, enterprise in enumerate(candidates):
            refused = n == 3
            rows.append(Application(
                district=self.district, enterprise=enterprise, statement=STATEMENTS[n],
                status=Application.Status.REFUSED if refused else Application.Status.PENDING,
                decided_by=self.staff if refused else None, decided_at=now if refused else None,
                reason="企业年度报告尚未公示，请公示后再申请" if refused else ""))
        Application.objects.bulk_create(rows)


def load_demo(district: District) -> None:
    if Category.objects.filter(district=district).exists():
        return
    demo = _Demo(district)
    if demo.staff is None:
        return
    categories = demo.categories()
    members = demo.members(categories)
    demo.committee(members, categories)
    demo.dues(members, categories)
    demo.applications()

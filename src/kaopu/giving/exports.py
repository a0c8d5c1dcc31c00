"""The donation list and the donation totals as background exports (kaopu.exports; registry:
kaopu.core.exporting), audited when made and when downloaded.

The list's rows are those of the staff's list page with its filters, read through the same selector as the
job's owner (the access rule decides); the totals workbook holds the totals page's tables, computed by the
same grouped queries (kaopu.giving.selectors.totals). Staff and leaders make them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import pgettext_lazy

from kaopu.accounts.roles import Role
from kaopu.core.exporting import ExportKind, Progress, described_by, register
from kaopu.core.pagination import keyset_batches
from kaopu.core.spreadsheet import StreamingWorkbook
from kaopu.giving import selectors
from kaopu.giving.forms import DonationFilterForm
from kaopu.giving.models import Donation, DonorKind

HEADERS = ("日期", "捐赠方类型", "捐赠方", "所属企业", "类别", "资金（元）", "物资折价（元）", "物资", "受赠方", "项目",
           "状态", "备注")
WIDTHS = (12, 10, 30, 30, 10, 16, 16, 24, 30, 24, 10, 30)
_FIELDS = ("pk", "donated_on", "kind", "enterprise__name", "person_name", "chamber__name", "category__name", "money",
           "goods_value", "goods", "recipient", "project", "state", "note")
AMOUNT_HEADERS = ("资金（元）", "物资折价（元）", "合计（元）", "笔数")


def may_export(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role in (Role.FIC_STAFF, Role.DISTRICT_LEADER))


def filters_of(_user: Any, query: Mapping[str, Any]) -> dict[str, Any]:
    """The list page's valid filters, as the job keeps them."""
    form = DonationFilterForm(query or None)
    return {name: value for name, value in form.filters().items() if value not in (None, "")}


def donations(user: Any, parameters: dict[str, Any]) -> QuerySet[Donation]:
    return selectors.filtered(selectors.donations(user), **parameters)


def _write_list(user: Any, parameters: dict[str, Any], book: StreamingWorkbook, progress: Progress) -> int:
    sheet = book.sheet("捐赠清单", HEADERS, widths=WIDTHS)
    kinds, states = dict(DonorKind.choices), dict(Donation.State.choices)
    for batch in keyset_batches(donations(user, parameters), _FIELDS):
        for (_pk, day, kind, enterprise, person, chamber, category, money, goods_value, goods, recipient, project,
             state, note) in batch:
            donor = chamber if kind == DonorKind.CHAMBER else person if kind == DonorKind.PERSON else enterprise
            sheet.append((day, str(kinds.get(kind, kind)), donor or "", enterprise if kind == DonorKind.PERSON else "",
                          category, money, goods_value, goods, recipient, project, str(states.get(state, state)), note))
        progress(sheet.rows)
    return sheet.rows


def _amounts(amounts: selectors.Amounts) -> tuple[Any, ...]:
    return (amounts.money, amounts.goods, amounts.total, amounts.count)


def _write_totals(user: Any, _parameters: dict[str, Any], book: StreamingWorkbook, progress: Progress) -> int:
    """The totals page's tables, one sheet each (confirmed donations only)."""
    totals = selectors.totals(user)
    rows = 0
    sheet = book.sheet("按年度", ("年度", *AMOUNT_HEADERS), widths=(10, 18, 18, 18, 8))
    for year, amounts in totals.years:
        sheet.append((year, *_amounts(amounts)))
    sheet.append(("合计", *_amounts(totals.cumulative)))
    rows += sheet.rows
    sheet = book.sheet("按类别", ("类别", *AMOUNT_HEADERS), widths=(14, 18, 18, 18, 8))
    for name, amounts in totals.categories:
        sheet.append((name, *_amounts(amounts)))
    rows += sheet.rows
    sheet = book.sheet("捐赠排行", ("捐赠方", *AMOUNT_HEADERS), widths=(36, 18, 18, 18, 8))
    for donor in totals.donors:
        sheet.append((donor.name, *_amounts(donor.amounts)))
    rows += sheet.rows
    sheet = book.sheet("按商会", ("商会", "商会自身捐赠（元）", "会员企业在会期间捐赠（元）", "合计（元）"),
                       widths=(30, 18, 24, 18))
    for chamber in totals.chambers:
        sheet.append((chamber.name, chamber.own.total, chamber.members.total, chamber.total))
    rows += sheet.rows
    progress(rows)
    return rows


DONATION_LIST = register(ExportKind(
    key="giving.donations", label=pgettext_lazy("export kind", "Donation list"), unit="笔",
    object_type=Donation._meta.label_lower, may_export=may_export, parameters=filters_of,
    describe=described_by(lambda user: DonationFilterForm(), {"category_id": "category"}),
    count=lambda user, parameters: donations(user, parameters).count(), write=_write_list,
    list_url="giving:donation_list"))

DONATION_TOTALS = register(ExportKind(
    key="giving.totals", label=pgettext_lazy("export kind", "Donation totals"), unit="行",
    object_type="giving.totals", may_export=may_export, parameters=lambda user, query: {},
    count=lambda user, parameters: 0, write=_write_totals, list_url="giving:totals"))

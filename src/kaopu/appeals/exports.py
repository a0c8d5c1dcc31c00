"""The staff's appeal list as a background export (kaopu.exports; registry: kaopu.core.exporting).

The rows are those of the list page (views_staff.staff_list) with its filters, read through the same
selector as the job's owner, so the appeals' access rules decide: a confidential appeal is exported
only to those who see it in the list. Only FIC staff have that list, so only they make this export.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from kaopu.accounts.roles import Role
from kaopu.appeals import selectors
from kaopu.appeals.forms_staff import StaffFilterForm
from kaopu.appeals.models import Appeal
from kaopu.core.exporting import ExportKind, Progress, described_by, register
from kaopu.core.masking import mask_phone
from kaopu.core.pagination import keyset_batches
from kaopu.core.spreadsheet import StreamingWorkbook

HEADERS = ("诉求编号", "标题", "企业", "联系人", "联系电话", "类别", "状态", "主办部门", "提交日期", "办理时限",
           "办结日期", "评价")
WIDTHS = (16, 36, 32, 10, 16, 12, 10, 24, 12, 12, 12, 12)
_FIELDS = ("pk", "number", "title", "enterprise__name", "contact_name", "contact_phone", "category__name", "state",
           "lead_department__name", "created_at", "due_on", "closed_at", "rating")
_DATES = ("created_from", "created_to")


def may_export(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role == Role.FIC_STAFF)


def filters_of(user: Any, query: Mapping[str, Any]) -> dict[str, Any]:
    """The list page's valid filters, as the job keeps them (dates in ISO form)."""
    form = StaffFilterForm(query or None, district_id=user.district_id)
    filters = form.filters() if form.is_bound else selectors.AppealFilters()
    return {name: value.isoformat() if isinstance(value, date) else value
            for name, value in asdict(filters).items() if value not in (None, "")}


def appeals(user: Any, parameters: dict[str, Any]) -> QuerySet[Appeal]:
    values = {name: date.fromisoformat(value) if name in _DATES else value for name, value in parameters.items()}
    return selectors.appeal_list(user, selectors.AppealFilters(**values))


def _local_date(moment: Any) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


def write_appeal_sheet(queryset: QuerySet[Appeal], book: StreamingWorkbook,
                       progress: Callable[[int], None] | None = None, *, mask_phones: bool = True) -> int:
    """The rows of ``queryset``; the contacts' phones whole only when ``mask_phones`` is False (the
    caller's role reads them whole: sees_personal_data)."""
    sheet = book.sheet("诉求清单", HEADERS, widths=WIDTHS)
    states, ratings = dict(Appeal.State.choices), dict(Appeal.Rating.choices)
    for batch in keyset_batches(queryset, _FIELDS):
        for (_pk, number, title, enterprise, contact_name, contact_phone, category, state, department, created_at,
             due_on, closed_at, rating) in batch:
            sheet.append((number, title, enterprise, contact_name, mask_phone(contact_phone) if mask_phones
                          else contact_phone, category, str(states.get(state, state)), department or "",
                          _local_date(created_at), due_on, _local_date(closed_at),
                          str(ratings[rating]) if rating in ratings else ""))
        if progress is not None:
            progress(sheet.rows)
    return sheet.rows


def _phones_masked(user: Any) -> bool:
    return not getattr(user, "sees_personal_data", False)


def _write(user: Any, parameters: dict[str, Any], book: StreamingWorkbook, progress: Progress) -> int:
    return write_appeal_sheet(appeals(user, parameters), book, progress, mask_phones=_phones_masked(user))


STAFF_LIST = register(ExportKind(
    key="appeals.staff_list", label=pgettext_lazy("export kind", "Appeal list"), unit="件",
    object_type=Appeal._meta.label_lower, may_export=may_export, parameters=filters_of,
    describe=described_by(lambda user: StaffFilterForm(district_id=user.district_id)),
    count=lambda user, parameters: appeals(user, parameters).count(), write=_write,
    audit_data=lambda user, _parameters: {"phones_masked": _phones_masked(user)}, list_url="appeals:staff_list"))

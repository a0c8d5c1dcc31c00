"""The yearly dues statement (会费收缴明细) as an .xlsx workbook: one row per invoice with what was paid
(and how, with the receipt numbers), waived and is still owed, and the year's totals. Cells go through
kaopu.core.spreadsheet (no formula can be smuggled in through a name); amounts are numbers in yuan."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from kaopu.core.spreadsheet import safe_append
from kaopu.membership.models import Invoice, Payment
from kaopu.membership.selectors import YearTotals

YUAN_FORMAT = "#,##0.00"


def workbook(year: int, invoices: Iterable[Invoice], totals: YearTotals) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Dues %(year)s") % {"year": year}
    heads = [_("Member"), _("Kind"), pgettext("membership", "Category"), _("Dues (yuan)"), _("Paid (yuan)"),
             _("Waived (yuan)"), _("Outstanding (yuan)"), _("Payments"), _("Reason for the waiver")]
    safe_append(sheet, heads)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    rows = list(invoices)
    payments: dict[int, list[Payment]] = {invoice.pk: [] for invoice in rows}
    for payment in Payment.objects.filter(invoice_id__in=list(payments)).order_by("paid_on", "id"):
        payments[payment.invoice_id].append(payment)
    for invoice in rows:
        paid = "；".join(f"{p.paid_on:%Y-%m-%d} {p.get_method_display()} {p.amount} {p.receipt_number}"
                        for p in payments[invoice.pk])
        safe_append(sheet, [invoice.member.name, invoice.member.get_kind_display(), invoice.category.name,
                            invoice.amount, invoice.paid, invoice.waived, invoice.balance, paid,
                            invoice.waiver_reason])
        for column in (4, 5, 6, 7):
            sheet.cell(row=sheet.max_row, column=column).number_format = YUAN_FORMAT
    safe_append(sheet, [_("Total"), "", "", totals.amount, totals.paid, totals.waived, totals.outstanding])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["H"].width = 48
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

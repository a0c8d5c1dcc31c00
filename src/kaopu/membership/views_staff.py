"""The membership pages of FIC staff (who change) and district leaders (who read): members, applications,
the executive committee, dues settings, invoices and arrears, payments, the yearly statement."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core import access
from kaopu.core.decorators import staff_and_leaders, staff_only
from kaopu.core.downloads import XLSX
from kaopu.core.masking import mask_phone
from kaopu.core.pagination import page_from_query, query_with
from kaopu.core.workdays import local_today
from kaopu.membership import actions, selectors, statement
from kaopu.membership.models import Application, Invoice, Member, Payment, Seat
from kaopu.membership.web import attempt, is_staff, posted

PAGE_SIZE = 30
DETAIL_ROWS = 50


def _pages(request: HttpRequest, page: Any, **more: Any) -> dict[str, Any]:
    return {"page": page, "is_staff": is_staff(request),
            "next_query": query_with(request.GET, after=page.next_cursor, before=None),
            "previous_query": query_with(request.GET, before=page.previous_cursor, after=None), **more}


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or 0)
    except ValueError:
        year = 0
    today = local_today()
    return year if 2000 <= year <= today.year + 1 else today.year


# --- members -----------------------------------------------------------------------------------------


@staff_and_leaders
def member_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.member_filters(request.GET)
    page = page_from_query(selectors.members(request.user, filters), request.GET, size=PAGE_SIZE)
    for member in page.items:
        member.masked_phone = mask_phone(member.phone) if member.phone else ""
    return render(request, "membership/member_list.html", _pages(
        request, page, filters=filters, categories=selectors.categories(request.user), kinds=Member.Kind.choices,
        years=range(local_today().year, local_today().year - 30, -1)))


@staff_only
def member_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        member = attempt(request, lambda: actions.add_member(acting_user=request.user, **posted(
            request, "kind", "category", "joined_on", "enterprise", "person_name", "work_unit", "position",
            "phone")), _("The member was recorded."))
        if member:
            return redirect("membership:member_detail", pk=member.pk)
    return render(request, "membership/member_form.html", {
        "categories": selectors.categories(request.user, active_only=True), "kinds": Member.Kind.choices,
        "values": request.POST, "today": local_today().isoformat()})


@staff_and_leaders
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = access.get_object_for_user(request.user, Member.objects.select_related("category", "enterprise"), pk)
    return render(request, "membership/member_detail.html", {
        "member": member, "is_staff": is_staff(request),
        "phone": mask_phone(member.phone) if member.phone else "",
        "events": list(member.events.select_related("category", "actor")[:DETAIL_ROWS]),
        "invoices": list(member.invoices.select_related("category").order_by("-year")[:DETAIL_ROWS]),
        "payments": list(Payment.objects.filter(invoice__member=member).select_related("invoice")
                         .order_by("-paid_on", "-id")[:DETAIL_ROWS]),
        "categories": selectors.categories(request.user, active_only=True), "today": local_today()})


@require_POST
@staff_only
def member_change(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    """One of the member's changes: its category, its leaving, a reminder of its arrears."""
    member = access.get_object_for_user(request.user, Member, pk, "change")
    calls = {
        "category": (lambda: actions.change_category(member, acting_user=request.user, **posted(
            request, "category", "on")), _("The category was changed.")),
        "leave": (lambda: actions.end_membership(member, acting_user=request.user, **posted(
            request, "left_on", "note")), _("The membership was ended.")),
        "remind": (lambda: actions.remind_member(member, acting_user=request.user), _("The reminder was sent.")),
    }
    if what not in calls:
        return redirect("membership:member_detail", pk=member.pk)
    attempt(request, *calls[what])
    return redirect("membership:member_detail", pk=member.pk)


# --- applications ------------------------------------------------------------------------------------


@staff_and_leaders
def application_list(request: HttpRequest) -> HttpResponse:
    page = page_from_query(selectors.applications_to_decide(request.user), request.GET, size=PAGE_SIZE)
    return render(request, "membership/application_list.html", _pages(
        request, page, categories=selectors.categories(request.user, active_only=True)))


@require_POST
@staff_only
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = access.get_object_for_user(request.user, Application, pk, "change")
    approve = request.POST.get("decision") == "approve"
    attempt(request, lambda: actions.decide_application(
        application, acting_user=request.user, approve=approve, **posted(request, "reason", "category")),
        _("The application was approved.") if approve else _("The application was refused."))
    return redirect("membership:application_list")


# --- the executive committee ---------------------------------------------------------------------------


@staff_and_leaders
def committee(request: HttpRequest) -> HttpResponse:
    term = selectors.current_term(request.user, local_today())
    return render(request, "membership/committee.html", {
        "term": term, "seats": selectors.seats(term) if term else [], "is_staff": is_staff(request),
        "positions": Seat.Position.choices,
        "members": list(selectors.members(request.user).filter(left_on__isnull=True)
                        .exclude(seats__term=term).order_by("name")[:500]) if term else []})


@require_POST
@staff_only
def committee_change(request: HttpRequest, what: str) -> HttpResponse:
    term = selectors.current_term(request.user, local_today())
    if what == "term":
        attempt(request, lambda: actions.save_term(acting_user=request.user, **posted(
            request, "number", "starts_on", "ends_on")), _("The term was saved."))
    elif what == "seat" and term is not None:
        attempt(request, lambda: actions.seat_member(term, acting_user=request.user, **posted(
            request, "member", "position", "sort_order")), _("The seat was saved."))
    elif what == "unseat":
        seat = access.get_object_for_user(request.user, Seat, request.POST.get("seat"), "change")
        attempt(request, lambda: actions.unseat_member(seat, acting_user=request.user), _("The seat was removed."))
    return redirect("membership:committee")


# --- dues ----------------------------------------------------------------------------------------------


@staff_and_leaders
def dues(request: HttpRequest) -> HttpResponse:
    """The year's settings: categories with their rates, the invoices issued and their totals."""
    year = _year(request)
    rates = selectors.rates(request.user, year)
    rows = [(category, rates.get(category.pk)) for category in selectors.categories(request.user)]
    return render(request, "membership/dues.html", {
        "year": year, "rows": rows, "totals": selectors.year_totals(request.user, year),
        "is_staff": is_staff(request), "years": range(local_today().year + 1, local_today().year - 10, -1)})


@require_POST
@staff_only
def dues_change(request: HttpRequest, what: str) -> HttpResponse:
    year = _year(request)
    if what == "rate":
        attempt(request, lambda: actions.set_dues_rate(acting_user=request.user, **posted(
            request, "year", "category", "amount")), _("The yearly dues were saved."))
    elif what == "category":
        category = request.POST.get("category") or None
        attempt(request, lambda: actions.save_category(
            acting_user=request.user, category=category, is_active=request.POST.get("is_active") != "0",
            **posted(request, "name", "order")), _("The category was saved."))
    elif what == "issue":
        attempt(request, lambda: actions.issue_invoices(acting_user=request.user, year=year),
                         _("The year's invoices were issued."))
    return redirect(f"{reverse('membership:dues')}?year={year}")


@staff_and_leaders
def invoice_list(request: HttpRequest) -> HttpResponse:
    """A year's invoices (keyset), or only those with a balance (``?unpaid=1``)."""
    year = _year(request)
    queryset = selectors.invoices(request.user, year)
    if request.GET.get("unpaid") == "1":
        queryset = selectors.with_balance(queryset)
    page = page_from_query(queryset, request.GET, size=PAGE_SIZE)
    return render(request, "membership/invoice_list.html", _pages(
        request, page, year=year, totals=selectors.year_totals(request.user, year)))


@staff_and_leaders
def arrears(request: HttpRequest) -> HttpResponse:
    """Who owes what (keyset over the members in arrears, newest first), with the years they owe."""
    page = page_from_query(selectors.in_arrears(request.user), request.GET, size=PAGE_SIZE)
    owed = selectors.unpaid_years(request.user, [m.pk for m in page.items])
    for member in page.items:
        member.owed_years = owed.get(member.pk, [])
    return render(request, "membership/arrears.html", _pages(request, page))


@staff_and_leaders
def invoice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = access.get_object_for_user(request.user, Invoice.objects.select_related("member", "category"), pk)
    return render(request, "membership/invoice_detail.html", {
        "invoice": invoice, "is_staff": is_staff(request), "methods": Payment.Method.choices,
        "payments": list(invoice.payments.select_related("recorded_by").order_by("paid_on", "id")),
        "today": local_today(), "values": request.POST})


@require_POST
@staff_only
def invoice_change(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    invoice = access.get_object_for_user(request.user, Invoice, pk, "change")
    if what == "pay":
        attempt(request, lambda: actions.record_payment(invoice, acting_user=request.user, **posted(
            request, "amount", "paid_on", "method", "receipt_number", "note")), _("The payment was recorded."))
    elif what == "waive":
        attempt(request, lambda: actions.waive_dues(invoice, acting_user=request.user, **posted(
            request, "amount", "reason")), _("The waiver was saved."))
    return redirect("membership:invoice_detail", pk=invoice.pk)


@staff_and_leaders
def statement_export(request: HttpRequest) -> HttpResponse:
    """The year's statement as an .xlsx workbook (every invoice, its payments and balance), audited."""
    year = _year(request)
    rows = selectors.invoices(request.user, year).order_by("member__name", "pk")
    record(Action.EXPORT, request=request, object_type="membership.statement", object_id=year,
           object_label=f"{year} 年会费收缴明细", summary=f"导出 {year} 年会费收缴明细（Excel）", data={"year": year})
    response = HttpResponse(statement.workbook(year, rows, selectors.year_totals(request.user, year)),
                            content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="membership-dues-{year}.xlsx"'
    return response

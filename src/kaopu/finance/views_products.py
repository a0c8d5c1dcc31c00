"""Loan products under /finance/products/: FIC staff see and edit every product of the alliance,
district leaders read them, a bank officer sees and edits their own bank's. Writes go through
kaopu.finance.actions.create_product / update_product (ranges, Decimal amounts, audit, re-matching).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kaopu.accounts.roles import Role
from kaopu.core import access
from kaopu.core.pagination import page_from_query
from kaopu.finance import actions
from kaopu.finance.forms import ProductFilterForm, ProductForm
from kaopu.finance.models import Bank, LoanProduct
from kaopu.finance.views_common import attempt, form_status, page_links, product_readers, product_writers


@product_readers
def product_list(request: HttpRequest) -> HttpResponse:
    form = ProductFilterForm(request.GET or None, user=request.user)
    filters = form.filters() if form.is_bound else {}
    products = access.scope(request.user, LoanProduct).select_related("bank")
    if filters.get("bank"):
        products = products.filter(bank_id=filters["bank"])
    if filters.get("kind"):
        products = products.filter(kind=filters["kind"])
    if filters.get("active"):
        products = products.filter(is_active=filters["active"] == "1")
    page = page_from_query(products, request.GET, size=50)
    return render(request, "finance/product_list.html", {
        "form": form, "can_write": request.user.role in (Role.FIC_STAFF, Role.BANK_OFFICER),
        **page_links(request, page)})


def _banks(user: Any) -> list[Bank]:
    return list(access.scope(user, Bank, "change").filter(is_active=True))


def _links(data: dict[str, Any]) -> dict[str, Any]:
    return {"industries": data.get("industries") or [], "policy_schemes": [int(pk) for pk in
                                                                           data.get("policy_schemes") or []]}


@product_writers
def product_new(request: HttpRequest) -> HttpResponse:
    banks = _banks(request.user)
    form = ProductForm(request.POST or None, banks=banks, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        bank = access.get_object_for_user(request.user, Bank, data["bank"], "change")
        created: list[LoanProduct] = []
        if attempt(request, lambda: created.append(actions.create_product(
                acting_user=request.user, bank=bank, data=data, **_links(data))),
                _("The product was added."), form):
            return redirect("finance:product_list")
    return render(request, "finance/product_form.html", {"form": form, "product": None},
                  status=form_status(request, form))


@product_writers
def product_edit(request: HttpRequest, pk: int) -> HttpResponse:
    product = access.get_object_for_user(
        request.user, LoanProduct.objects.select_related("bank").prefetch_related("industries", "policy_schemes"),
        pk, "change")
    form = ProductForm(request.POST or None, banks=[product.bank], initial=ProductForm.initial_of(product))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(request, lambda: actions.update_product(acting_user=request.user, product_id=product.pk,
                                                           data=data, **_links(data)),
                   _("The product was saved."), form):
            return redirect("finance:product_list")
    return render(request, "finance/product_form.html", {"form": form, "product": product},
                  status=form_status(request, form))

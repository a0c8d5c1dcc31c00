"""The donation totals (捐赠统计: cumulative, by year, category, donor and chamber) and the staff's page of
donation categories."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kaopu.core import access
from kaopu.core.decorators import staff_and_leaders, staff_only
from kaopu.core.page_actions import submit
from kaopu.giving import actions, selectors
from kaopu.giving.forms import CategoryForm
from kaopu.giving.models import Category


@staff_and_leaders
def totals_page(request: HttpRequest) -> HttpResponse:
    """Five grouped queries whatever the number of donations (selectors.totals)."""
    totals = selectors.totals(request.user)
    return render(request, "giving/totals.html", {
        "totals": totals, "cumulative_words": selectors.in_words(totals.cumulative.total), "tab": "totals"})


@staff_only
def categories_page(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Every category, and a form that adds one (or edits the one chosen)."""
    row = access.get_object_for_user(request.user, Category, pk, "change") if pk else None
    form = CategoryForm(request.POST or None, initial=CategoryForm.initial_of(row) if row else None)
    if request.method == "POST" and submit(request, form, lambda: actions.save_category(
            row, acting_user=request.user, **form.cleaned_data), _("The donation category was saved.")):
        return redirect("giving:categories")
    rows: list[Any] = selectors.categories()
    return render(request, "giving/categories.html", {"form": form, "row": row, "rows": rows, "tab": "categories"})

"""The public accountability board (公开督办榜): closed appeals whose enterprise agreed to publication.

Open to everyone, logged in or not. It shows only appeals that are closed, consented to and not
confidential: the same condition as the partial index ``appeal_public_board`` (district, -closed_at),
which serves the newest-closed-first order of one district. A row is anonymised: the enterprise
appears as its industry section and subdistrict, never by name, credit code or people; the title
(which often names the firm) is replaced by a generic label of type and category; and the answer is
shown only as the summary FIC staff approved in their review queue (views_summaries.py), stored
masked and masked once more on the way out (kaopu.appeals.publication). A closed, consented appeal
whose summary nobody has reviewed yet, or that staff decided not to publish, is not on the board: no
reply text is ever published unreviewed.

Pages are keyset pages on (closed_at, id), like kaopu.core.pagination on id alone, so a page costs
the same on the first day and after a million closed appeals.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from kaopu.appeals.models import Appeal, Category
from kaopu.appeals.publication import board_queryset, board_rows, district_key
from kaopu.core import workdays
from kaopu.core.pagination import DatedPage, dated_page, query_with
from kaopu.core.public_pages import public_page
from kaopu.directory.models import District
from kaopu.directory.selectors import reference

__all__ = ["board", "board_page", "district_key", "filter_board"]  # district_key: dialogues imports it here

PAGE_SIZE = 20
YEARS_SHOWN = 6  # the year filter offers this year and the five before
def board_page(queryset: QuerySet[Appeal], query: Any, size: int = PAGE_SIZE) -> DatedPage[Appeal]:
    """One page, newest closed first, after or before a cursor (one query)."""
    return dated_page(queryset, query, "closed_at", size)


class BoardFilterForm(forms.Form):
    district = forms.ChoiceField(label=gettext_lazy("District"), required=False)
    category = forms.TypedChoiceField(label=gettext_lazy("Category"), required=False, coerce=int,
                                      empty_value=None)
    section = forms.ChoiceField(label=gettext_lazy("Industry"), required=False)
    year = forms.TypedChoiceField(label=gettext_lazy("Closed in"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, districts: list[District], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", gettext_lazy("all"))]
        self.fields["district"].choices = [(district_key(d), d.name) for d in districts]
        self.fields["category"].choices = everything + list(Category.objects.values_list("pk", "name"))
        self.fields["section"].choices = everything + [(s.code, s.name) for s in reference().sections]
        this_year = workdays.local_today().year
        self.fields["year"].choices = everything + [(y, str(y)) for y in range(this_year, this_year - YEARS_SHOWN, -1)]

    def filters(self) -> dict[str, Any]:
        """The valid filters; a stale link with an invalid value filters on the others."""
        self.is_valid()
        return getattr(self, "cleaned_data", {})


def filter_board(queryset: QuerySet[Appeal], filters: dict[str, Any]) -> QuerySet[Appeal]:
    if filters.get("category"):
        queryset = queryset.filter(category_id=filters["category"])
    if filters.get("section"):
        queryset = queryset.filter(Q(enterprise__industry__section_id=filters["section"])
                                   | Q(enterprise__industry_section_id=filters["section"]))
    if filters.get("year"):
        start = timezone.make_aware(datetime.combine(date(filters["year"], 1, 1), time.min))
        end = timezone.make_aware(datetime.combine(date(filters["year"] + 1, 1, 1), time.min))
        queryset = queryset.filter(closed_at__gte=start, closed_at__lt=end)
    return queryset


@public_page
def board(request: HttpRequest) -> HttpResponse:
    """The board of one district (?district=<code>, the first district by default)."""
    districts = list(District.objects.order_by("id"))
    form = BoardFilterForm(request.GET or None, districts=districts)
    filters = form.filters() if form.is_bound else {}
    chosen = next((d for d in districts if district_key(d) == filters.get("district")),
                  districts[0] if districts else None)
    page: DatedPage[Appeal] = DatedPage([], None, None)
    if chosen is not None:
        page = board_page(filter_board(board_queryset(chosen), filters), request.GET)
    return render(request, "appeals/board.html", {
        "form": form, "district": chosen, "districts": districts, "rows": board_rows(page.items), "page": page,
        "next_query": query_with(request.GET, after=page.next_cursor, before=None),
        "previous_query": query_with(request.GET, before=page.previous_cursor, after=None),
    })


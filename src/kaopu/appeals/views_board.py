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

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaopu.appeals.models import Appeal, Category
from kaopu.appeals.publication import mask_for_public
from kaopu.core import workdays
from kaopu.core.pagination import query_with
from kaopu.directory.models import District
from kaopu.directory.selectors import reference

PAGE_SIZE = 20
YEARS_SHOWN = 6  # the year filter offers this year and the five before
ROW_COLUMNS = ("id", "kind", "created_at", "closed_at", "rating", "close_reason", "public_summary",
               "category__name", "enterprise__name", "enterprise__legal_representative",
               "enterprise__subdistrict_id", "enterprise__industry__section_id", "enterprise__industry_section_id")

def public_summary(appeal: Appeal) -> str:
    """The approved summary as the board shows it, masked again with the enterprise's names (a
    summary approved before masking existed, or a name changed since, is caught on the way out)."""
    return mask_for_public(appeal.public_summary, appeal.enterprise)


def board_queryset(district: District) -> QuerySet[Appeal]:
    """What may be shown: the condition of the partial index appeal_public_board, of one district."""
    return (Appeal.objects.filter(district=district, state=Appeal.State.CLOSED, publish_consent=True,
                                  is_confidential=False, summary_review=Appeal.SummaryReview.APPROVED,
                                  closed_at__isnull=False)
            .select_related("category", "enterprise__industry").only(*ROW_COLUMNS))


# Keyset pages on (closed_at, id): a cursor is "<closed_at in microseconds since 1970>_<id>".
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = datetime.resolution


def cursor_of(appeal: Appeal) -> str:
    moment = appeal.closed_at
    assert moment is not None
    return f"{(moment - _EPOCH) // _MICROSECOND}_{appeal.pk}"


def parse_cursor(value: Any) -> tuple[datetime, int] | None:
    """A cursor from the query string, or None (first page) for anything malformed."""
    match = re.fullmatch(r"(-?\d{1,17})_(\d{1,18})", str(value or ""))
    if not match:
        return None
    try:
        moment = _EPOCH + int(match[1]) * _MICROSECOND
    except OverflowError:
        return None
    return moment, int(match[2])


@dataclass
class BoardPage:
    items: list[Appeal]
    next_cursor: str | None
    previous_cursor: str | None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None


def board_page(queryset: QuerySet[Appeal], query: Any, size: int = PAGE_SIZE) -> BoardPage:
    """One page, newest closed first, after or before a cursor (one query)."""
    before = parse_cursor(query.get("before"))
    after = parse_cursor(query.get("after"))
    if before is not None:
        moment, pk = before
        rows = list(queryset.filter(Q(closed_at__gt=moment) | Q(closed_at=moment, pk__gt=pk))
                    .order_by("closed_at", "id")[: size + 1])
        items = list(reversed(rows[:size]))
        return BoardPage(items, cursor_of(items[-1]) if items else None,
                         cursor_of(items[0]) if len(rows) > size and items else None)
    if after is not None:
        moment, pk = after
        queryset = queryset.filter(Q(closed_at__lt=moment) | Q(closed_at=moment, pk__lt=pk))
    rows = list(queryset.order_by("-closed_at", "-id")[: size + 1])
    items = rows[:size]
    return BoardPage(items, cursor_of(items[-1]) if len(rows) > size else None,
                     cursor_of(items[0]) if after is not None and items else None)


def district_key(district: District) -> str:
    """How ?district= names a district: its administrative division code, or its id without one."""
    return district.code or str(district.pk)


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


def _working_days(appeal: Appeal) -> int | None:
    """Working days from submission to closing; None when a year has no known calendar."""
    assert appeal.closed_at is not None
    try:
        return workdays.working_days_between(workdays.to_local_date(appeal.created_at),
                                             workdays.to_local_date(appeal.closed_at))
    except workdays.UnknownCalendarYear:
        return None


def _rows(appeals: list[Appeal]) -> list[dict[str, Any]]:
    """What the template may show of each appeal: nothing else of it reaches the page."""
    ref = reference()
    sections = {s.code: s.name for s in ref.sections}
    subdistricts = {s.pk: s.name for s in ref.subdistricts}
    rows = []
    for appeal in appeals:
        enterprise = appeal.enterprise
        industry = enterprise.industry
        rows.append({
            "label": _("%(kind)s about %(category)s") % {"kind": appeal.get_kind_display(),
                                                         "category": appeal.category.name},
            "kind": appeal.get_kind_display(),
            "category": appeal.category.name,
            "industry": sections.get(industry.section_id if industry is not None else enterprise.industry_section_id),
            "subdistrict": subdistricts.get(enterprise.subdistrict_id),
            "submitted_on": workdays.to_local_date(appeal.created_at),
            "closed_on": workdays.to_local_date(appeal.closed_at) if appeal.closed_at else None,
            "working_days": _working_days(appeal),
            "rating": appeal.get_rating_display() if appeal.rating else "",
            "rating_value": appeal.rating,
            "summary": public_summary(appeal),
        })
    return rows


def board(request: HttpRequest) -> HttpResponse:
    """The board of one district (?district=<code>, the first district by default)."""
    districts = list(District.objects.order_by("id"))
    form = BoardFilterForm(request.GET or None, districts=districts)
    filters = form.filters() if form.is_bound else {}
    chosen = next((d for d in districts if district_key(d) == filters.get("district")),
                  districts[0] if districts else None)
    page = BoardPage([], None, None)
    if chosen is not None:
        page = board_page(filter_board(board_queryset(chosen), filters), request.GET)
    return render(request, "appeals/board.html", {
        "form": form, "district": chosen, "districts": districts, "rows": _rows(page.items), "page": page,
        "next_query": query_with(request.GET, after=page.next_cursor, before=None),
        "previous_query": query_with(request.GET, before=page.previous_cursor, after=None),
    })


"""Reads of the public site (views_site.py, feeds.py, sitemaps.py): the frame every public page shows
(site name, columns, contact), the home's lists, column pages, search.

Only published articles are read here, always of one district. The frame and the home's lists are held
in the cache framework (settings.CACHES) for at most CACHE_SECONDS under a version key that publishing,
withdrawing and any change of a column or of the site settings replace (``forget``), so a published
article shows at once and a meeting or a board entry within a minute. A cold home costs a fixed number
of queries (districts, settings, columns, articles, meetings, board rows) whatever the data size; a
warm one none.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import F, Q, QuerySet, Value, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kaopu.appeals.publication import board_queryset, board_rows, district_key
from kaopu.core.pagination import DatedPage, dated_page
from kaopu.dialogues.selectors import upcoming_public
from kaopu.directory.models import District
from kaopu.directory.selectors import Characters, normalise_query
from kaopu.publicity import actions
from kaopu.publicity.models import Article, Column

S = Article.State
CACHE_SECONDS = 60  # as long as a public page may be cached by browsers and proxies (Cache-Control)
PAGE_SIZE = 20  # a column page and a search page
HOME_ARTICLES = 6  # the newest of each on_home column
HOME_MEETINGS = 4
HOME_BOARD = 4
FEED_SIZE = 30
SEARCH_MAX = 50  # characters of a search term kept
LIST_FIELDS = ("id", "district_id", "column_id", "title", "summary", "source", "published_at", "column__name",
               "column__slug")
_VERSION_KEY = "publicity:site:version"


# --- Cache version --------------------------------------------------------------------------------

def version() -> str:
    found = cache.get(_VERSION_KEY)
    if found is None:
        found = uuid.uuid4().hex[:12]
        cache.add(_VERSION_KEY, found, None)
        found = cache.get(_VERSION_KEY, found)
    return str(found)


def forget(*_args: Any, **_kwargs: Any) -> None:
    """Every cached frame and home list is stale: the next request reads them again."""
    cache.set(_VERSION_KEY, uuid.uuid4().hex[:12], None)


def _cached(name: str, build: Any) -> Any:
    found = cache.get(f"publicity:site:{version()}:{name}")
    if found is None:
        found = build()
        # Under the version after building: building may itself replace it (site_settings() creates the
        # district's settings on first use, which forgets), and what was built is already the new state.
        cache.set(f"publicity:site:{version()}:{name}", found, CACHE_SECONDS)
    return found


# --- The frame ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DistrictRef:
    pk: int
    name: str
    key: str  # what ?district= says


@dataclass(frozen=True)
class ColumnRef:
    pk: int
    name: str
    slug: str
    on_home: bool


@dataclass(frozen=True)
class Frame:
    """What the header and the footer of every public page of one district show."""

    district: DistrictRef
    districts: tuple[DistrictRef, ...]
    site_name: str
    address: str
    phone: str
    email: str
    office_hours: str
    record_number: str
    columns: tuple[ColumnRef, ...]  # active columns, in their order

    @property
    def query(self) -> str:
        """``district=…`` for links when there is more than one district ("" otherwise)."""
        return f"district={self.district.key}" if len(self.districts) > 1 else ""

    @property
    def has_contact(self) -> bool:
        return bool(self.address or self.phone or self.email or self.office_hours)


def districts() -> tuple[DistrictRef, ...]:
    return _cached("districts", lambda: tuple(
        DistrictRef(d.pk, d.name, district_key(d)) for d in District.objects.order_by("id").only("id", "name", "code")))


def choose(wanted: str | None) -> DistrictRef | None:
    """The district of ?district=<code or id> (as the board names them), else the first one."""
    known = districts()
    return next((d for d in known if d.key == (wanted or "")), known[0] if known else None)


def district_of(request: HttpRequest) -> DistrictRef | None:
    return choose(request.GET.get("district"))


def frame(district_id: int) -> Frame | None:
    def build() -> Frame | None:
        known = districts()
        district = next((d for d in known if d.pk == district_id), None)
        if district is None:
            return None
        settings = actions.site_settings(district_id)
        columns = tuple(ColumnRef(c.pk, c.name, c.slug, c.on_home) for c in Column.objects.filter(
            district_id=district_id, active=True).only("id", "name", "slug", "on_home").order_by("position", "id"))
        return Frame(district, known, settings.site_name, settings.address, settings.phone, settings.email,
                     settings.office_hours, settings.record_number, columns)
    return _cached(f"frame:{district_id}", build)


# --- Articles -------------------------------------------------------------------------------------

def published(district_id: int) -> QuerySet[Article]:
    """The district's published articles (the partial index publicity_article_public)."""
    return Article.objects.filter(district_id=district_id, state=S.PUBLISHED)


def _list_rows(queryset: QuerySet[Article]) -> QuerySet[Article]:
    return queryset.select_related("column").only(*LIST_FIELDS)


@dataclass(frozen=True)
class ArticleRow:
    pk: int
    title: str
    summary: str
    source: str
    published_at: datetime
    column_name: str
    column_slug: str


def _row(article: Article) -> ArticleRow:
    assert article.published_at is not None
    return ArticleRow(article.pk, article.title, article.summary, article.source, article.published_at,
                      article.column.name, article.column.slug)


def newest_by_column(district_id: int, column_ids: list[int], per_column: int) -> dict[int, list[ArticleRow]]:
    """The newest ``per_column`` published articles of each column, in one query: a UNION ALL of one
    LIMIT query per column on PostgreSQL (each an index range of publicity_article_column), a window
    function where LIMIT inside a UNION is not allowed (SQLite)."""
    found: dict[int, list[ArticleRow]] = {pk: [] for pk in column_ids}
    if not column_ids:
        return found
    base = _list_rows(published(district_id))
    if connection.features.supports_slicing_ordering_in_compound:
        parts = [base.filter(column_id=pk).order_by("-published_at", "-id")[:per_column] for pk in column_ids]
        rows = list(parts[0].union(*parts[1:], all=True)) if len(parts) > 1 else list(parts[0])
    else:
        rows = list(base.filter(column_id__in=column_ids).annotate(rank=Window(
            RowNumber(), partition_by=[F("column_id")], order_by=[F("published_at").desc(), F("id").desc()]))
            .filter(rank__lte=per_column))
    for article in sorted(rows, key=lambda a: (a.published_at, a.pk), reverse=True):
        found[article.column_id].append(_row(article))
    return found


@dataclass(frozen=True)
class MeetingRow:
    pk: int
    title: str
    starts_at: datetime
    ends_at: datetime
    venue: str
    registering: bool
    left: int


@dataclass
class Home:
    columns: list[tuple[ColumnRef, list[ArticleRow]]]
    meetings: list[MeetingRow]
    board: list[dict[str, Any]]


def home(district: DistrictRef) -> Home:
    """The home's lists of one district (cached per language: the board's labels are translated)."""
    def build() -> Home:
        site = frame(district.pk)
        shown = [c for c in (site.columns if site else ()) if c.on_home]
        articles = newest_by_column(district.pk, [c.pk for c in shown], HOME_ARTICLES)
        meetings = [
            MeetingRow(m.pk, f"{m.kind.name}：{m.theme}", m.starts_at, m.ends_at, m.venue, m.registering, m.left)
            for m in upcoming_public(district.pk, HOME_MEETINGS, industries=False)]
        board = board_rows(list(board_queryset(district.pk).order_by("-closed_at", "-id")[:HOME_BOARD]))
        return Home([(c, articles[c.pk]) for c in shown], meetings, board)
    return _cached(f"home:{district.pk}:{translation.get_language()}", build)


def column_of(district: DistrictRef, slug: str) -> Column | None:
    """A column of the district by its address name: active or not (a deactivated column's published
    articles stay public, only its place in the navigation goes)."""
    return Column.objects.filter(district_id=district.pk, slug=slug).only(
        "id", "name", "slug", "description", "active", "district_id").first()


def column_page(column: Column, query: Any) -> DatedPage[Article]:
    return dated_page(_list_rows(published(column.district_id).filter(column=column)), query, "published_at",
                      PAGE_SIZE)


def newest(district_id: int, column: Column | None = None, size: int = FEED_SIZE) -> list[Article]:
    """The newest published articles of the district (or of one column), for feeds."""
    queryset = published(district_id)
    if column is not None:
        queryset = queryset.filter(column=column)
    return list(queryset.select_related("column").only(*LIST_FIELDS, "byline", "updated_at")
                .order_by("-published_at", "-id")[:size])


# --- Search ---------------------------------------------------------------------------------------

def clean_term(raw: str | None) -> str:
    return normalise_query(raw or "")[:SEARCH_MAX]


def search(district_id: int, raw: str | None) -> QuerySet[Article]:
    """Published articles whose title or text contains the term (the directory's rule).

    On PostgreSQL a term of three or more characters uses the trigram GIN indexes on title and
    body_text (migration 0003_site_search); a shorter one (one or two Chinese characters: 政策, 融资)
    the GIN indexes on their characters, then LIKE rechecks that the characters stand side by side.
    Elsewhere (SQLite) a case-insensitive LIKE."""
    term = clean_term(raw)
    queryset = published(district_id)
    if not term:
        return queryset.none()
    if connection.vendor != "postgresql":
        return queryset.filter(Q(title__icontains=term) | Q(body_text__icontains=term))
    matched = Q(title__contains=term) | Q(body_text__contains=term)
    if len(term) < 3:
        # The candidates in a subquery of their own: the character indexes answer it from the index pages
        # (a bitmap), and the outer LIKE runs on the candidates. Written as one WHERE, the planner repeats
        # string_to_array() on every candidate's whole text (300 ms for a common word in 10,000 articles).
        chars = list(dict.fromkeys(term))
        candidates = (Article.objects.filter(state=S.PUBLISHED)
                      .alias(title_chars=Characters("title", Value(None)),
                             text_chars=Characters("body_text", Value(None)))
                      .filter(Q(title_chars__contains=chars) | Q(text_chars__contains=chars)).values("pk"))
        queryset = queryset.filter(pk__in=candidates)
    return queryset.filter(matched)


def search_page(district_id: int, raw: str | None, query: Any) -> DatedPage[Article]:
    return dated_page(_list_rows(search(district_id, raw)).only(*LIST_FIELDS, "body_text"), query, "published_at",
                      PAGE_SIZE)


SNIPPET = 60  # characters of text shown around the first match


def highlight(text: str, term: str) -> SafeString:
    """``text`` escaped, with each occurrence of ``term`` (case-insensitive) in <mark>."""
    if not term:
        return escape(text)
    parts = re.split(f"({re.escape(term)})", text, flags=re.IGNORECASE)
    return mark_safe("".join(f"<mark>{escape(part)}</mark>" if index % 2 else escape(part)
                             for index, part in enumerate(parts)))


def snippet(text: str, term: str) -> SafeString:
    """A short passage of ``text`` around the first occurrence of ``term``, highlighted."""
    position = text.lower().find(term.lower()) if term else -1
    if position < 0:
        cut = text[:SNIPPET * 2]
        return highlight(cut + ("…" if len(text) > len(cut) else ""), "")
    start = max(0, position - SNIPPET // 2)
    end = min(len(text), position + len(term) + SNIPPET)
    passage = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    return highlight(passage, term)

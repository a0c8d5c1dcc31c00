"""Reads of financing demands that several pages share: the search box's matching, used by the staff's
list, the enterprise's list and the platform search (search.py), so the three find the same rows."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kaopu.core.searching import clean_query


def search_condition(query: str, prefix: str = "") -> Q:
    """A demand by its enterprise's name or by words of what the money is for (``prefix`` "demand__" when
    searching the pushes of a bank)."""
    return Q(**{f"{prefix}enterprise__name__contains": query}) | Q(**{f"{prefix}purpose_detail__contains": query})


def search_demands(queryset: QuerySet[Any], raw_query: str | None, prefix: str = "") -> QuerySet[Any]:
    """The rows matching a search box's text, or all of them for an empty one."""
    query = clean_query(raw_query)
    return queryset.filter(search_condition(query, prefix)) if query else queryset

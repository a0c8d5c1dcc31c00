"""Small helpers the modules' search providers share (kaopu.core.registry.SearchProvider).

A provider's ``more_url`` opens the module's own list with the same ``q`` filter its hits came from,
so that the list shows a superset of the hits, in the same order (newest first).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.urls import reverse
from django.utils.http import urlencode


def clean_query(raw: str | None, limit: int | None = 100) -> str:
    """A search box's text as every list and the platform search match it: full-width letters and digits
    made half-width (ＰＴ－２０２６ → PT-2026), control and format characters dropped (PostgreSQL refuses
    a NUL in a query: a 500 otherwise), spaces collapsed, cut at ``limit`` characters (None: not cut,
    for the search page, which says when a query is too long)."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(ch for ch in text if ch.isspace() or not unicodedata.category(ch).startswith("C"))
    text = " ".join(text.split())
    return text if limit is None else text[:limit]


def list_url(name: str, query: str, **params: Any) -> str:
    """The list page ``name`` filtered by ``q=query`` (and ``params``, e.g. the inbox's "all" tab)."""
    return f"{reverse(name)}?{urlencode({**params, 'q': query})}"


def roles(*names: str) -> frozenset[str]:
    return frozenset(str(name) for name in names)

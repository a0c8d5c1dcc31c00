"""Small helpers the modules' search providers share (kaopu.core.registry.SearchProvider).

A provider's ``more_url`` opens the module's own list with the same ``q`` filter its hits came from,
so that the list shows a superset of the hits, in the same order (newest first).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.http import urlencode


def list_url(name: str, query: str, **params: Any) -> str:
    """The list page ``name`` filtered by ``q=query`` (and ``params``, e.g. the inbox's "all" tab)."""
    return f"{reverse(name)}?{urlencode({**params, 'q': query})}"


def roles(*names: str) -> frozenset[str]:
    return frozenset(str(name) for name in names)

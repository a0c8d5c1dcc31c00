"""The one tab bar of every app (templates/core/_tabs.html) and the one word for "all" in every filter.

A tab is (label, url, count, active): the pages of a section (a meeting's pages, the legal service's
pages) or the slices of a list (a department's inbox: 待办, 待签收 …, 全部). Views that compute their
tabs pass a list of :class:`Tab` to the include; templates with fixed tabs build them with the
``{% tabs %}`` block tag (core/templatetags/tabs.py), which renders the same include.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy

# "All" in every tab bar and every filter's select (全部): one msgid, so that one translation decides.
ALL = gettext_lazy("all")


@dataclass(frozen=True)
class Tab:
    label: Any  # a string or a lazy translation
    url: str
    active: bool = False
    count: int | None = None  # None: no count shown (a slice that grows without bound is not counted)
    id: str = ""  # the link's HTML id, for tests and the browser walk-throughs


def with_all(choices: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """A filter's choices with the empty choice first, labelled with the one word for "all"."""
    return [("", ALL), *choices]

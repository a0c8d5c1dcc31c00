"""Sections that other apps add to a chamber's page, without the chambers app knowing them.

The chamber's page (members, leadership, brand projects, evaluations …) ends with the sections that
apps above chambers register here — programs adds the chamber's activities — the way start pages read
kaopu.core.registry: ``chambers`` depends on no app that depends on it. An app registers in its
``AppConfig.ready`` (or a module imported there)::

    sections.register(ChamberSection(key="programs.activities", label=_("Activities"), order=50,
                                     rows=activity_rows, url=lambda user, chamber: reverse(...)))

``rows(user, chamber, limit)`` returns at most ``limit`` rows in one bounded query, already limited to what
``user`` may see (kaopu.core.access); ``url`` leads to the full list, ``add_url`` (optional) to the page that
adds a row, or "" where ``user`` may not add.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from kaopu.core.registry import PanelRow

Rows = Callable[[Any, Any, int], list[PanelRow]]
Link = Callable[[Any, Any], str]


@dataclass(frozen=True)
class ChamberSection:
    key: str
    label: Promise
    rows: Rows
    url: Link
    add_url: Link | None = None
    empty: Promise | str = ""
    order: int = 100


_sections: dict[str, ChamberSection] = {}


def register(section: ChamberSection) -> ChamberSection:
    _sections[section.key] = section
    return section


def sections() -> list[ChamberSection]:
    """The registered sections in their order."""
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))

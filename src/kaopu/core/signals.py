"""Signals of the ground floor that feature apps listen to (core imports no app above it)."""

from __future__ import annotations

from collections.abc import Callable

from django.dispatch import Signal

# Sent once the staff-entered calendar of a year is saved and committed, with ``year``. Whatever was
# counted provisionally (Monday–Friday) over that year, or over the year's old dates, is recomputed by
# the apps that stored it: the appeals' open deadlines, the financing figures' days to a grant.
calendar_year_changed = Signal()


def on_calendar_year_changed(recount: Callable[[int], object]) -> Callable[[int], object]:
    """Decorator: call ``recount(year)`` (a task of the queue, usually) whenever a year's calendar was
    saved; the apps that store working-day counts use it to recompute them."""
    def receiver(sender: object, year: int, **kwargs: object) -> None:
        recount(year)

    name = getattr(recount, "name", None) or getattr(recount, "__qualname__", repr(recount))
    calendar_year_changed.connect(receiver, weak=False, dispatch_uid=f"{recount.__module__}.{name}")
    return recount

"""The update-frequency duty (栏目更新提醒): which columns of a district had nothing published within their
``Column.update_interval_days``.

A column with an interval of N days is *due* N days after the local (Asia/Shanghai) date of its last
published article, and *overdue* from the day after: on the due date itself it is still in time (an article
published on 12-20 with a 7-day interval keeps the column in time until 12-27; on 12-28 it is 1 day
overdue). A column that never published anything is overdue whatever its interval (no date to count
from: the page says "never"). A column without an interval has no duty; inactive columns are left out.
Only published articles count: a withdrawn article does not keep its column in time.

Everything is read in one query: the user's columns (kaopu.core.access) annotated with the latest
``published_at`` of their published articles; the to-do's count and the page's rows come from the same
function, so the number on the start page is the length of the list it links to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Max, Q

from kaopu.core import access, workdays
from kaopu.publicity.models import Article, Column


@dataclass(frozen=True)
class ColumnDuty:
    """One column's duty on ``today`` (a local date)."""

    column: Column
    last_published: datetime | None
    today: date

    @property
    def interval(self) -> int | None:
        return self.column.update_interval_days

    @property
    def has_duty(self) -> bool:
        return self.interval is not None

    @property
    def last_date(self) -> date | None:
        return workdays.to_local_date(self.last_published) if self.last_published else None

    @property
    def due_on(self) -> date | None:
        """The last day the column is in time (None: no duty, or never published)."""
        if self.interval is None or self.last_date is None:
            return None
        return self.last_date + timedelta(days=self.interval)

    @property
    def days_overdue(self) -> int | None:
        """Days past the due date (0 when in time; None when never published or without duty)."""
        return None if self.due_on is None else max((self.today - self.due_on).days, 0)

    @property
    def is_overdue(self) -> bool:
        return self.has_duty and (self.last_published is None or (self.days_overdue or 0) > 0)

    @property
    def days_left(self) -> int | None:
        """Days until the due date (0 on it), None when overdue or without a date."""
        return (self.due_on - self.today).days if self.due_on is not None and self.due_on >= self.today else None


def column_duties(user: Any) -> list[ColumnDuty]:
    """The user's active columns with their last publication, in one query: overdue first (never
    published, then most days overdue), then in time (fewest days left first), then without duty."""
    today = workdays.local_today()
    columns = (access.scope(user, Column).filter(active=True).select_related("district")
               .annotate(last_published=Max("articles__published_at",
                                            filter=Q(articles__state=Article.State.PUBLISHED))))
    duties = [ColumnDuty(column, column.last_published, today) for column in columns]

    def order(duty: ColumnDuty) -> tuple[Any, ...]:
        tail = (duty.column.position, duty.column.pk)
        if duty.is_overdue:
            return (0, 0 if duty.days_overdue is None else 1, -(duty.days_overdue or 0), *tail)
        if duty.has_duty:
            return (1, 0, duty.days_left or 0, *tail)
        return (2, 0, 0, *tail)

    return sorted(duties, key=order)


def overdue_columns(user: Any) -> list[ColumnDuty]:
    return [duty for duty in column_duties(user) if duty.is_overdue]

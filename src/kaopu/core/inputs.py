"""Readers of an action's inputs that refuse with the action module's own error, naming the field and the
rule in one sentence ("标题：最多 100 个字（现为 120 个）。").

An action module makes one ``Inputs`` with its error class (a kaopu.core.errors.ActionRefused subclass)
and reads with it: ``read = Inputs(ActivityError)``, then ``read.text(value, "title", _("Title"), 100,
required=True)``; ``read.refuse(field, label, rule)`` builds a refusal of its own rules in the same words.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kaopu.core.errors import ActionRefused

E = TypeVar("E", bound=ActionRefused)


class Inputs(Generic[E]):
    def __init__(self, error: type[E]) -> None:
        self.error = error

    def refuse(self, field: str, label: Any, rule: str) -> E:
        return self.error(field, _("%(field)s: %(rule)s") % {"field": label, "rule": rule})

    def text(self, value: Any, field: str, label: Any, max_length: int, *, required: bool = False) -> str:
        """Stripped text of at most ``max_length`` characters (no NUL), required or not."""
        if value is not None and not isinstance(value, str):
            raise self.refuse(field, label, _("please write text."))
        text = (value or "").strip()
        if "\x00" in text:
            raise self.refuse(field, label, _("contains a character that text may not contain."))
        if required and not text:
            raise self.refuse(field, label, _("this field is required."))
        if len(text) > max_length:
            raise self.refuse(field, label, _("at most %(max)s characters (now %(n)s).")
                              % {"max": max_length, "n": len(text)})
        return text

    def day(self, value: Any, field: str, label: Any, *, required: bool = True) -> date | None:
        """A date from a date (a datetime's date) or from text written YYYY-MM-DD (full-width digits and
        spaces allowed); None when empty and not required."""
        if value in (None, ""):
            if required:
                raise self.refuse(field, label, _("this field is required."))
            return None
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, str):
            try:
                value = parse_date(unicodedata.normalize("NFKC", value).strip())
            except ValueError:
                value = None
        if not isinstance(value, date):
            raise self.refuse(field, label, _("please give a date written YYYY-MM-DD."))
        return value


def save_choice(row: Any, *, created: bool, read: Inputs[Any], acting_user: Any, name: Any, sort_order: Any,
                is_active: bool, noun: str, taken: str) -> Any:
    """Save one row of a list staff keep as data (activity types, donation categories: ``name``, ``sort_order``,
    ``is_active``; the name unique): a new ``row`` (``created``) or one renamed, reordered, retired or restored,
    audited as “新增<noun>「name」” or “修改…” with what it was. The caller checks who may and locks ``row``, in
    its transaction. Refused: an empty or too long name, an order outside 0–999, ``taken`` when another row
    has the name."""
    from django.db import IntegrityError, transaction

    from kaopu.audit.log import record
    from kaopu.audit.models import Action

    clean_name = read.text(name, "name", pgettext("choice list", "Name"), 30, required=True)
    try:
        order = int(sort_order or 0)
    except (TypeError, ValueError):
        order = -1
    if not 0 <= order <= 999:
        raise read.refuse("sort_order", _("Sort order"), _("must be a whole number between 0 and 999."))
    before = {"name": row.name, "sort_order": row.sort_order, "is_active": row.is_active}
    row.name, row.sort_order, row.is_active = clean_name, order, bool(is_active)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise read.refuse("name", pgettext("choice list", "Name"), taken) from None
    record(Action.CREATE if created else Action.UPDATE, actor=acting_user, target=row,
           summary=f"{'新增' if created else '修改'}{noun}「{row.name}」" + ("" if row.is_active else "（停用）"),
           data={"before": None if created else before})
    return row

"""Readers of an action's inputs that refuse with the action module's own error, naming the field and the
rule in one sentence ("标题：最多 100 个字（现为 120 个）。").

An action module makes one ``Inputs`` with its error class (a kaopu.core.errors.ActionRefused subclass)
and reads with it: ``read = Inputs(ActivityError)``, then ``read.text(value, "title", _("Title"), 100,
required=True)``; ``read.refuse(field, label, rule)`` builds a refusal of its own rules in the same words.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from django.utils.translation import gettext as _

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

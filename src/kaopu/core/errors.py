"""The refusal an action raises for bad input or a state that forbids it: the field it concerns (the form's or
the API's field name, or a word such as "state") and a message for a person that names the field and the rule.
Each app's actions raise their own subclass (ChamberError, MembershipError …), so a view catches its app's."""

from __future__ import annotations


class ActionRefused(Exception):
    """A refused action: ``field`` names the input, ``message`` is for a person."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message

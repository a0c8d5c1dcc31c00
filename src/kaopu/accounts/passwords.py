from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class ComplexityValidator:
    """A password must mix at least three of: lower-case letters, upper-case letters, digits, symbols."""

    classes_required = 3

    def validate(self, password: str, user: Any = None) -> None:
        classes = sum([
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ])
        if classes < self.classes_required:
            raise ValidationError(
                _("The password must contain at least three of: lower-case letters, upper-case letters, "
                  "digits and symbols."),
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _("Use at least three of: lower-case letters, upper-case letters, digits and symbols.")

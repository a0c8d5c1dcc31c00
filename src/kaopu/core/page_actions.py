"""What a page does around an action (kaopu.core.errors.ActionRefused): a form's errors and an action's refusal
become messages that name the field, a success a message; shared by the pages of investment and chambers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest
from django.utils.translation import gettext as _

from kaopu.core.errors import ActionRefused


def form_errors(request: HttpRequest, form: Form) -> None:
    """Each error of ``form`` as a message that names its field (“职务：请选择列表中的一项。”)."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, _("%(label)s: %(error)s") % {"label": label, "error": error} if label else error)


def attempt(request: HttpRequest, call: Callable[[], Any], done: str) -> Any:
    """Run an action; its refusal becomes an error message (returns None), success a message (the result)."""
    try:
        result = call()
    except ActionRefused as error:
        messages.error(request, error.message)
        return None
    messages.success(request, done)
    return result if result is not None else True

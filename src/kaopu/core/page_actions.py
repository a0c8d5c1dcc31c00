"""What a page does around an action (kaopu.core.errors.ActionRefused): a form's errors and an action's refusal
become messages that name the field, a success a message; shared by the pages of investment, chambers,
programs and giving."""

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


def submit(request: HttpRequest, form: Form, call: Callable[[], Any], done: str) -> Any:
    """``call`` (an action) when ``form`` is valid; a refusal is shown on its field (and as a message that names
    the field), success as a message. Returns the action's result (True for None), or None when refused."""
    if not form.is_valid():
        form_errors(request, form)
        return None
    try:
        result = call()
    except ActionRefused as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        messages.error(request, error.message)
        return None
    messages.success(request, done)
    return True if result is None else result

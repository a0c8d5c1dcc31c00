"""What the investment pages share: who may reach them, and how refusals become messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from kaopu.accounts.roles import Role
from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.investment.actions import InvestmentError

View = Callable[..., HttpResponse]




def is_staff(request: HttpRequest) -> bool:
    return request.user.role == Role.FIC_STAFF


def form_errors(request: HttpRequest, form: Form) -> None:
    """Each error of ``form`` as a message that names its field (“签约金额（万元）：…”)."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, _("%(label)s: %(error)s") % {"label": label, "error": error} if label else error)


def attempt(request: HttpRequest, call: Callable[[], Any], done: str) -> Any:
    """Run an action; its refusal becomes an error message (returns None), success a message (the result)."""
    try:
        result = call()
    except InvestmentError as error:
        messages.error(request, error.message)
        return None
    messages.success(request, done)
    return result if result is not None else True


def record_contact_viewing(request: HttpRequest, row: Any, what: str) -> None:
    """A lead's or partner's contact phone is shown whole (staff and leaders): one VIEW_PERSONAL audit
    entry per page, naming the row (``what``: "招商线索「…」") and the person."""
    if row.contact_phone:
        record(Action.VIEW_PERSONAL, request=request, target=row,
               summary=f"查看{what}联系人 {row.contact_name or '—'} 的电话（未遮盖）", data={"path": request.path})

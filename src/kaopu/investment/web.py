"""What the investment pages share: who may reach them, and how refusals become messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from kaopu.accounts.roles import Role
from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core.page_actions import attempt, form_errors  # noqa: F401  (the views import them from here)

View = Callable[..., HttpResponse]




def is_staff(request: HttpRequest) -> bool:
    return request.user.role == Role.FIC_STAFF



def record_contact_viewing(request: HttpRequest, row: Any, what: str) -> None:
    """A lead's or partner's contact phone is shown whole (staff and leaders): one VIEW_PERSONAL audit
    entry per page, naming the row (``what``: "招商线索「…」") and the person."""
    if row.contact_phone:
        record(Action.VIEW_PERSONAL, request=request, target=row,
               summary=f"查看{what}联系人 {row.contact_name or '—'} 的电话（未遮盖）", data={"path": request.path})

"""Recording who viewed personal data unmasked (phone numbers of people and enterprises).

Pages, exports and the API mask phone numbers (``permissions.phone_for``) unless the role needs them
(``roles.ROLES_SEEING_PERSONAL_DATA``), the enterprise looks at itself, or a service provider needs to
call (the lawyer of a legal request, the bank a financing demand was pushed to). Every such view of
another enterprise's data leaves one VIEW_PERSONAL audit entry: one insert per page or API response,
whatever the number of rows shown, naming the enterprises in words (the first few, all of them in
``data``). Exports record their own EXPORT entry instead, saying whether phones were masked.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest

from kaopu.audit.log import record
from kaopu.audit.models import Action

NAMES_IN_SUMMARY = 5


def record_viewing(request: HttpRequest, user: Any, *, what: str, enterprises: Iterable[Any],
                   object_type: str = "", object_id: Any = "", data: dict[str, Any] | None = None) -> None:
    """One VIEW_PERSONAL entry: ``user`` (the page's or the API token's) saw ``what`` (e.g. "联系电话")
    of ``enterprises`` (Enterprise rows) unmasked. Nothing is recorded for no enterprise, nor for an
    enterprise user looking at its own enterprise."""
    own = getattr(user, "enterprise_id", None)
    shown = {e.pk: e.name for e in enterprises if e is not None and e.pk != own}
    if not shown:
        return
    names = list(shown.values())
    listed = "、".join(names[:NAMES_IN_SUMMARY])
    if len(names) > NAMES_IN_SUMMARY:
        listed += f" 等 {len(names)} 家企业"
    if not object_type and len(shown) == 1:
        object_type, object_id = "directory.enterprise", next(iter(shown))
    record(Action.VIEW_PERSONAL, actor=user, request=request, object_type=object_type, object_id=object_id,
           summary=f"查看 {listed} 的{what}（未遮盖）",
           data={"enterprises": list(shown), "what": what, "path": request.path, **(data or {})})

"""Every write to the directory, each with its audit entry in the same transaction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest

from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core import access
from kaopu.directory.models import Enterprise
from kaopu.directory.permissions import can_create_enterprise


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def create_enterprise(*, data: dict[str, Any], district_id: int, acting_user: Any,
                      request: HttpRequest | None = None) -> Enterprise:
    """Create one enterprise from validated ``data`` (a form's or the API's cleaned data).

    Raises PermissionDenied when the user may not create enterprises. Writes an audit entry with
    the new values.
    """
    if not can_create_enterprise(acting_user):
        raise PermissionDenied
    with transaction.atomic():
        enterprise = Enterprise(district_id=district_id, **data)
        enterprise.save()
        record(Action.CREATE, actor=acting_user, request=request, target=enterprise,
               summary=f"新建企业 {enterprise.name}",
               data={name: _plain(value) for name, value in data.items()})
    return enterprise


def update_enterprise(enterprise: Enterprise, *, changes: dict[str, Any], acting_user: Any,
                      request: HttpRequest | None = None) -> Enterprise:
    """Apply ``changes`` (validated field values) to ``enterprise`` under a row lock.

    Only the fields whose value differs are written and audited (old and new value); nothing is
    written when nothing changed. Raises Http404 when the user may not change this enterprise.
    """
    with transaction.atomic():
        locked = access.get_object_for_user(acting_user, Enterprise.objects.select_for_update(),
                                            enterprise.pk, "change")
        diff = {}
        for name, value in changes.items():
            old = getattr(locked, name)
            if _plain(old) != _plain(value):
                diff[name] = {"old": _plain(old), "new": _plain(value)}
                setattr(locked, name, value)
        if diff:
            locked.save(update_fields=[*diff, "updated_at"])
            record(Action.UPDATE, actor=acting_user, request=request, target=locked,
                   summary=f"修改企业 {locked.name}", data=diff)
    return locked

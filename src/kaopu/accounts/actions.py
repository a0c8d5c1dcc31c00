"""Account changes that need an audit entry: role changes, activation, API tokens."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kaopu.accounts.models import ApiToken, User
from kaopu.accounts.roles import ROLE_ORGANISATION_KINDS, Role
from kaopu.audit.log import record
from kaopu.audit.models import Action


def can_change_roles(user: Any) -> bool:
    """Roles and permissions are the security administrator's duty (三员: 安全管理员)."""
    return user.is_authenticated and user.has_role(Role.SECURITY_ADMIN)


def change_role(target: User, *, role: str, acting_user: Any, request: HttpRequest | None = None) -> User:
    """Give ``target`` a new role (one account holds one role, so admin roles never combine).

    Raises PermissionDenied unless the acting user is the security administrator, and
    ValidationError when the role does not fit the target's organisation or the acting user
    would change their own role.
    """
    if not can_change_roles(acting_user):
        raise PermissionDenied
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    with transaction.atomic():
        locked = User.objects.select_for_update().select_related("organisation").get(pk=target.pk)
        if locked.pk == acting_user.pk:
            raise ValidationError({"role": _("No one may change their own role.")})
        if locked.organisation.kind not in ROLE_ORGANISATION_KINDS[role]:
            raise ValidationError({"role": _("This role does not fit the user's organisation (%(kind)s).")
                                   % {"kind": locked.organisation.get_kind_display()}})
        old = locked.role
        if old == role:
            return locked
        locked.role = role
        locked.save(update_fields=["role"])
        record(Action.ROLE_CHANGE, actor=acting_user, request=request, target=locked,
               summary=f"{locked.username} 角色由 {old} 改为 {role}", data={"old": old, "new": role})
    return locked


def issue_token(user: Any, *, name: str, request: HttpRequest | None = None) -> tuple[ApiToken, str]:
    """A new API token for ``user``; the raw token is returned once and never stored."""
    with transaction.atomic():
        token, raw = ApiToken.issue(user, name)
        record(Action.TOKEN, actor=user, request=request, target=token, summary=f"创建 API 令牌 {name}")
    return token, raw


def revoke_token(user: Any, token_id: Any, *, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now())
        if updated:
            record(Action.TOKEN, actor=user, request=request, object_type="accounts.apitoken",
                   object_id=token_id, summary="吊销 API 令牌")

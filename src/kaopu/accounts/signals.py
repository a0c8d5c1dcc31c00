"""Logins, failed logins, logouts and lockouts go to the audit log; a deactivated account loses its
API tokens whichever way it was deactivated."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from kaopu.audit.log import record
from kaopu.audit.models import Action


@receiver(user_logged_in, dispatch_uid="audit_login")
def audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(Action.LOGIN, actor=user, request=request, target=user, summary=f"{user.get_username()} 登录")


@receiver(user_logged_out, dispatch_uid="audit_logout")
def audit_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(Action.LOGOUT, actor=user, request=request, target=user, summary=f"{user.get_username()} 退出")


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def audit_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    record(Action.LOGIN_FAILED, actor=None, actor_name=username, request=request,
           object_type="accounts.user", summary=f"{username} 登录失败")


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def audit_locked_out(sender: Any, request: Any = None, username: str | None = None, **kwargs: Any) -> None:
    record(Action.LOCKED_OUT, actor=None, actor_name=username or "", request=request,
           object_type="accounts.user", summary=f"{username} 因多次登录失败被锁定")


@receiver(post_save, sender="accounts.User", dispatch_uid="revoke_tokens_of_deactivated_user")
def revoke_tokens_of_deactivated_user(sender: Any, instance: Any, created: bool,
                                      update_fields: Any = None, **kwargs: Any) -> None:
    """accounts.actions.update_account deactivates accounts in the admin, but a save from elsewhere
    (the shell, a future page) must not leave working tokens behind either. The action sets who acted
    on the instance, so that the audit entry names them."""
    if created or instance.is_active or (update_fields is not None and "is_active" not in update_fields):
        return
    from kaopu.accounts.actions import revoke_all_tokens
    from kaopu.accounts.models import ApiToken

    revoke_all_tokens(instance, because=ApiToken.RevokedBecause.DEACTIVATED,
                      acting_user=getattr(instance, "_audit_actor", None),
                      request=getattr(instance, "_audit_request", None))

"""Every change to a second factor or to the policy, each with its audit entry in the same transaction.

Who may do what (三员): each user enrols, uses and (where the policy allows) disables their own second
factor; the security administrator sets the policy per role and resets a user's second factor, but no
administrator's through the web, not even their own: an administrator's second factor is reset only
on the server's command line (``kaopu resettwofactor``), recorded with the actor "命令行".
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import verify_token

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.twofactor import devices, session, throttle
from kaopu.twofactor.models import TwoFactorPolicy
from kaopu.twofactor.permissions import can_manage_policy, can_reset_from_web
from kaopu.twofactor.policy import default_required, requires_two_factor

COMMAND_LINE = "命令行"


def _role_in_chinese(role: str) -> str:
    with translation.override("zh-hans"):
        return str(Role(role).label)


# --- The policy -------------------------------------------------------------------------------------

def set_policy(role: str, *, required: bool, acting_user: Any, request: HttpRequest | None = None) -> bool:
    """Require (or not) a second factor of every user of ``role``. True when something changed.

    Raises PermissionDenied unless the acting user is the security administrator, ValidationError for
    an unknown role. Sessions already open follow within ``session.RECHECK_SECONDS``.
    """
    if not can_manage_policy(acting_user):
        raise PermissionDenied
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    with transaction.atomic():
        current = TwoFactorPolicy.objects.select_for_update().filter(role=role).first()
        before = current.required if current is not None else default_required(role)
        if before == required:
            return False
        TwoFactorPolicy.objects.update_or_create(role=role, defaults={"required": required,
                                                                      "updated_by": acting_user})
        wording = "必须使用" if required else "可选使用"
        record(Action.TWO_FACTOR, actor=acting_user, request=request, object_type="twofactor.policy",
               object_id=role, summary=f"将角色「{_role_in_chinese(role)}」的双因素认证设为{wording}",
               data={"role": role, "required": required, "before": before})
    return True


# --- Enrolment --------------------------------------------------------------------------------------

def start_enrolment(user: Any, *, request: HttpRequest | None = None) -> Any:
    """The user's unconfirmed authenticator (a new secret the first time, audited then)."""
    with transaction.atomic():
        had = devices.pending_totp_exists(user)
        device = devices.pending_totp(user)
        if not had:
            record(Action.TWO_FACTOR, actor=user, request=request, target=user,
                   summary=f"{user.in_words}开始绑定身份验证器")
    return device


def confirm_enrolment(user: Any, code: str, *, request: HttpRequest) -> list[str]:
    """Confirm the pending authenticator with a code it shows; returns ten new recovery codes (shown
    once). The session counts as verified from here on. Raises ValidationError on a wrong code (counted
    like a failed login) or when there is nothing to confirm."""
    code = devices.normalise_code(code)
    device = devices.pending_totp(user, create=False)
    if device is None:
        raise ValidationError({"code": _("There is no authenticator waiting to be confirmed: start again.")})
    # Outside the transaction below: a wrong code's audit entry and failure count must stay.
    if not (devices.is_totp_shaped(code) and verify_token(user, device.persistent_id, code)):
        _wrong_code(user, request)
        raise ValidationError({"code": _("Code: the code is wrong or has expired. Enter the six digits your "
                                         "authenticator app shows now.")})
    with transaction.atomic():
        device.refresh_from_db()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = devices.new_recovery_codes(user)
        record(Action.TWO_FACTOR, actor=user, request=request, target=user,
               summary=f"{user.in_words}确认绑定身份验证器，并生成 {len(codes)} 个恢复码")
    otp_login(request, device)
    session.remember(request, user)
    return codes


def regenerate_recovery_codes(user: Any, *, request: HttpRequest) -> list[str]:
    """Ten new recovery codes, the old ones void. Only in a session verified with a second factor."""
    if not session.fully_logged_in(request) or not devices.has_second_factor(user):
        raise PermissionDenied
    with transaction.atomic():
        codes = devices.new_recovery_codes(user)
        record(Action.TWO_FACTOR, actor=user, request=request, target=user,
               summary=f"{user.in_words}重新生成恢复码（旧恢复码作废）")
    return codes


# --- The second step of logging in ------------------------------------------------------------------

def verify_second_step(user: Any, code: str, *, request: HttpRequest) -> bool:
    """Check a code from the authenticator (six digits) or a recovery code (single use: it is deleted).
    On success the session is fully logged in (``otp_login``) and the step audited; a wrong code is
    audited and counted like a failed password (django-axes' lockout and the address throttle)."""
    code = devices.normalise_code(code)
    candidates = devices.candidates_for(user, code)
    for device in candidates:
        verified = verify_token(user, device.persistent_id, code)
        if verified is not None:
            recovery = not devices.is_totp_shaped(code)
            left = devices.recovery_codes_left(user)
            with transaction.atomic():
                record(Action.TWO_FACTOR, actor=user, request=request, target=user,
                       summary=(f"{user.in_words}使用恢复码完成登录第二步（剩余 {left} 个）" if recovery
                                else f"{user.in_words}通过身份验证器完成登录第二步"))
            otp_login(request, verified)
            session.remember(request, user)
            throttle.reset_pair(request, user)
            throttle.record_success(request)
            return True
    _wrong_code(user, request)
    return False


def _wrong_code(user: Any, request: HttpRequest) -> None:
    with transaction.atomic():
        record(Action.TWO_FACTOR, actor=user, request=request, target=user,
               summary=f"{user.in_words}输入的第二步验证码错误")
    throttle.second_step_failed(request, user)


# --- Disabling and resetting ------------------------------------------------------------------------

def disable(user: Any, *, password: str, code: str, request: HttpRequest) -> None:
    """The user turns their own second factor off, with their password and a current code.
    Refused while their role's policy requires it."""
    if requires_two_factor(user):
        raise ValidationError(_("Your role must use a second factor: it cannot be turned off. The security "
                                "administrator can reset it if you lost your phone."))
    if not user.check_password(password):
        raise ValidationError({"password": _("Password: this is not your password.")})
    code = devices.normalise_code(code)
    if not any(verify_token(user, device.persistent_id, code) for device in devices.candidates_for(user, code)):
        _wrong_code(user, request)
        raise ValidationError({"code": _("Code: the code is wrong or has expired.")})
    with transaction.atomic():
        devices.remove_all(user)
        record(Action.TWO_FACTOR, actor=user, request=request, target=user,
               summary=f"{user.in_words}停用了自己的双因素认证")
    session.remember(request, user)


def reset(target: User, *, acting_user: Any, request: HttpRequest | None = None) -> int:
    """The security administrator removes another user's second factors (a lost phone): at the next
    login the user enrols again if their policy requires it. Refused (PermissionDenied) for anyone but
    the security administrator, and for an administrator's account (三员: only on the server's command
    line). Returns the number of devices removed."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=target.pk)
        if not can_reset_from_web(acting_user, locked):
            raise PermissionDenied
        removed = devices.remove_all(locked)
        record(Action.TWO_FACTOR, actor=acting_user, request=request, target=locked,
               summary=f"安全管理员重置了用户 {locked.in_words}的双因素认证", data={"devices_removed": removed})
    return removed


def reset_from_command_line(target: User) -> int:
    """``kaopu resettwofactor``: any account, administrators included; the actor is the command line."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=target.pk)
        removed = devices.remove_all(locked)
        record(Action.TWO_FACTOR, actor=None, actor_name=COMMAND_LINE, target=locked,
               summary=f"在服务器命令行重置了用户 {locked.in_words}的双因素认证",
               data={"devices_removed": removed})
    return removed

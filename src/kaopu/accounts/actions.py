"""Every change of an account: creation, personal data, activity, role, password and API tokens.

Each function checks who may do it, locks the account row, writes, and records its audit entry in the
same transaction, naming people in words ("系统管理员 张三 重置了 王五（wangwu） 的密码"). The Django
admin and the pages call these and nothing else, so the rules below hold whichever way a change
arrives (三员分立, GB/T 22239 level 3):

* no administrator changes another administrator's password, activity, role or personal data
  (``check_may_change``); an administrator who forgot their password is helped from the server's
  command line (``kaopu resetpassword``, ``reset_password_from_command_line``);
* an administrator role is granted or removed only by a request of the security administrator
  approved by a different administrator (``request_admin_role``, ``decide_admin_role_request``);
  other roles the security administrator changes directly (``change_role``);
* a password chosen by someone else (a new account's, a reset one) must be changed at the next login;
  every set, reset and change is recorded; a reset or a deactivation revokes the user's API tokens.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaopu.accounts import passwords
from kaopu.accounts.models import AdminRoleRequest, ApiToken, PasswordHistory, User, token_max_days
from kaopu.accounts.roles import ADMIN_ROLES, GRANTABLE, ROLE_ORGANISATION_KINDS, Permission, Role, role_holds
from kaopu.audit.log import record
from kaopu.audit.models import Action

# --- Words for the audit log ---------------------------------------------------------------------


def _zh(text: Any) -> str:
    """A translatable label in Chinese, whatever the request's language: audit entries are Chinese."""
    with translation.override("zh-hans"):
        return str(text)


def role_words(role: str) -> str:
    return _zh(Role(role).label) if role in Role.values else role


def actor_words(user: Any) -> str:
    """安全管理员 李四: how an entry names the person acting."""
    return f"{role_words(user.role)} {user.name or user.username}"


def _field_words(names: list[str]) -> str:
    return "、".join(_zh(User._meta.get_field(name).verbose_name) for name in names)


# --- Who may change what (三员分立) ---------------------------------------------------------------

PERSONAL_FIELDS = ("username", "name", "phone", "email", "organisation")
# What each administrator may change of an account in the admin: the system administrator keeps the
# accounts, the security administrator the permissions.
FIELDS_BY_DUTY: dict[str, frozenset[str]] = {
    Role.SYSTEM_ADMIN: frozenset({*PERSONAL_FIELDS, "is_active"}),
    Role.SECURITY_ADMIN: frozenset({"role", "is_active", "granted_permissions"}),
}

_OTHER_ADMIN_REFUSALS = {
    "password": gettext_lazy("No administrator may set or reset another administrator's password (三员分立). An "
                             "administrator who forgot their password asks the server's operator to run "
                             "“kaopu resetpassword” on the command line."),
    "activity": gettext_lazy("No administrator may deactivate or reactivate another administrator's account "
                             "(三员分立)."),
    "role": gettext_lazy("No administrator may change another administrator's role directly (三员分立): the "
                         "security administrator asks on the page “Administrator roles” and another "
                         "administrator approves."),
    "personal": gettext_lazy("No administrator may change another administrator's personal data or "
                             "organisation (三员分立)."),
    # For kaopu.twofactor: the security administrator resets second factors, but not an administrator's.
    "two_factor": gettext_lazy("No administrator may reset another administrator's second factor (三员分立): "
                               "it is reset from the server's command line."),
}
_OWN_REFUSALS = {
    "password": gettext_lazy("Change your own password on your account page, with your current password."),
    "activity": gettext_lazy("No one may deactivate their own account."),
    "role": gettext_lazy("No one may change their own role."),
}


def check_may_change(acting_user: Any, target: User, what: str) -> None:
    """PermissionDenied (with a sentence saying why) when ``acting_user`` may not change ``what``
    ("password", "activity", "role", "personal" or "two_factor") of ``target``, whatever their duty
    allows. Other apps that change accounts (kaopu.twofactor) call it too."""
    if target.pk == acting_user.pk:
        if what in _OWN_REFUSALS:
            raise PermissionDenied(_OWN_REFUSALS[what])
        return
    if target.role in ADMIN_ROLES:
        raise PermissionDenied(_OTHER_ADMIN_REFUSALS[what])


def _changed(target: User, changes: dict[str, Any]) -> dict[str, Any]:
    """The entries of ``changes`` that differ from the target's values."""
    result = {}
    for name, value in changes.items():
        current = getattr(target, f"{name}_id" if name == "organisation" else name)
        new = value.pk if name == "organisation" and value is not None else value
        if current != new:
            result[name] = value
    return result


def check_update(target: User, *, changes: dict[str, Any], acting_user: Any) -> dict[str, Any]:
    """The changes ``acting_user`` asks for that differ from ``target``, or PermissionDenied /
    ValidationError saying why they may not be made. The admin's form runs this in its clean() so
    that a refusal appears on the form; update_account runs it again under the row lock."""
    allowed = FIELDS_BY_DUTY.get(acting_user.role) if acting_user.is_active else None
    if not allowed:
        raise PermissionDenied(_("Your role may not change accounts."))
    changes = _changed(target, changes)
    if set(changes) - allowed:
        refused = sorted(set(changes) - allowed)
        raise PermissionDenied(_("Your role may not change: %(fields)s.") % {
            "fields": "、".join(str(User._meta.get_field(name).verbose_name) for name in refused)})
    if set(changes) & set(PERSONAL_FIELDS):
        check_may_change(acting_user, target, "personal")
    if "is_active" in changes:
        check_may_change(acting_user, target, "activity")
    if "role" in changes:
        _check_role_change(target, changes["role"], acting_user)
    if "granted_permissions" in changes:
        changes["granted_permissions"] = _check_grant(target, changes["granted_permissions"], acting_user,
                                                      role=changes.get("role", target.role))
        if changes["granted_permissions"] == sorted(target.granted_permissions or ()):
            del changes["granted_permissions"]
    return changes


def update_account(target: User, *, changes: dict[str, Any], acting_user: Any,
                   request: HttpRequest | None = None) -> User:
    """Change an account's personal data, organisation, activity or role from the admin.

    Personal data and the organisation are the system administrator's, the role the security
    administrator's, the activity both's; nobody changes another administrator's. Deactivating
    revokes the user's API tokens. Raises PermissionDenied or ValidationError (see check_update).
    """
    with transaction.atomic():
        locked = User.objects.select_for_update().select_related("organisation").get(pk=target.pk)
        changes = check_update(locked, changes=changes, acting_user=acting_user)
        role = changes.pop("role", None)
        granted = changes.pop("granted_permissions", None)
        if changes:
            for name, value in changes.items():
                setattr(locked, name, value)
            locked._audit_actor, locked._audit_request = acting_user, request  # read by signals.py
            locked.save(update_fields=list(changes))
            activity = ""
            if "is_active" in changes:
                activity = "（启用账号）" if locked.is_active else "（停用账号）"
            record(Action.UPDATE, actor=acting_user, request=request, target=locked,
                   summary=f"{actor_words(acting_user)} 修改账号 {locked.in_words}：{_field_words(list(changes))}"
                           f"{activity}",
                   data={"fields": sorted(changes)})
        if role is not None:
            locked = change_role(locked, role=role, acting_user=acting_user, request=request)
        if granted is not None:
            locked = grant_permissions(locked, permissions=granted, acting_user=acting_user, request=request)
    return locked


def create_account(user: User, *, acting_user: Any, request: HttpRequest | None = None) -> User:
    """Save a new account made by the system administrator, with the initial password they chose
    (already set on ``user``): the user must change it at the first login. Administrator roles are
    never given at creation (only by an approved request). Two audit entries: the account, the password.
    """
    if not acting_user.has_role(Role.SYSTEM_ADMIN):
        raise PermissionDenied(_("Only the system administrator creates accounts."))
    if user.role in ADMIN_ROLES:
        raise ValidationError({"role": _("An administrator role is never given when an account is created: "
                                         "the security administrator asks for it on the page “Administrator "
                                         "roles” and another administrator approves.")})
    with transaction.atomic():
        user.must_change_password = user.has_usable_password()
        user.save()
        record(Action.CREATE, actor=acting_user, request=request, target=user,
               summary=f"{actor_words(acting_user)} 新建账号 {user.in_words}（{role_words(user.role)}，"
                       f"{user.organisation}）",
               data={"role": user.role, "organisation": user.organisation_id})
        if user.has_usable_password():
            record(Action.PASSWORD_RESET, actor=acting_user, request=request, target=user,
                   summary=f"{actor_words(acting_user)} 为新账号 {user.in_words} 设置初始密码（首次登录须修改）",
                   data={"initial": True})
    return user


# --- Roles ---------------------------------------------------------------------------------------

def can_change_roles(user: Any) -> bool:
    """Roles and permissions are the security administrator's duty (三员: 安全管理员)."""
    return user.is_authenticated and user.has_role(Role.SECURITY_ADMIN)


def _check_role_fits(target: User, role: str, field: str = "role") -> None:
    if role not in Role.values:
        raise ValidationError({field: _("Unknown role.")})
    if target.organisation.kind not in ROLE_ORGANISATION_KINDS[role]:
        raise ValidationError({field: _("This role does not fit the user's organisation (%(kind)s).")
                               % {"kind": target.organisation.get_kind_display()}})


def _check_role_change(target: User, role: str, acting_user: Any) -> None:
    if not can_change_roles(acting_user):
        raise PermissionDenied(_("Only the security administrator changes roles."))
    if target.pk == acting_user.pk:
        raise ValidationError({"role": _("No one may change their own role.")})
    _check_role_fits(target, role)
    if role != target.role and (role in ADMIN_ROLES or target.role in ADMIN_ROLES):
        raise ValidationError({"role": _("Granting or removing an administrator role needs a request by the "
                                         "security administrator that another administrator approves: use the "
                                         "page “Administrator roles”.")})


def change_role(target: User, *, role: str, acting_user: Any, request: HttpRequest | None = None) -> User:
    """Give ``target`` a new working role (one account holds one role).

    Raises PermissionDenied unless the acting user is the security administrator, and
    ValidationError when the role is unknown, does not fit the target's organisation, is the acting
    user's own, or is or replaces an administrator role (those go through request_admin_role).
    """
    if not can_change_roles(acting_user):
        raise PermissionDenied(_("Only the security administrator changes roles."))
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    with transaction.atomic():
        locked = User.objects.select_for_update().select_related("organisation").get(pk=target.pk)
        _check_role_change(locked, role, acting_user)
        old = locked.role
        if old == role:
            return locked
        locked.role = role
        locked.save(update_fields=["role"])
        record(Action.ROLE_CHANGE, actor=acting_user, request=request, target=locked,
               summary=f"{actor_words(acting_user)} 将 {locked.in_words} 的角色由 {role_words(old)} 改为 "
                       f"{role_words(role)}",
               data={"old": old, "new": role})
    return locked


# --- Permissions granted on top of a role ---------------------------------------------------------

def _permission_words(codes: Any) -> str:
    return "、".join(_zh(Permission(code).label) for code in codes) or "无"


def _check_grant(target: User, permissions: Any, acting_user: Any, *, role: str | None = None) -> list[str]:
    """The permissions as a sorted list of codes, or ValidationError / PermissionDenied saying why they
    may not be granted: only the security administrator grants, never to themselves, and each only to
    the roles kaopu.accounts.roles.GRANTABLE names."""
    if not can_change_roles(acting_user):
        raise PermissionDenied(_("Only the security administrator grants permissions."))
    if target.pk == acting_user.pk:
        raise ValidationError({"granted_permissions": _("No one may grant permissions to themselves.")})
    codes = sorted(set(permissions or ()))
    if unknown := [code for code in codes if code not in Permission.values]:
        raise ValidationError({"granted_permissions": _("Unknown permission “%(code)s”.") % {"code": unknown[0]}})
    role = role or target.role
    for code in codes:
        if role not in GRANTABLE.get(code, frozenset()) and not role_holds(role, code):
            raise ValidationError({"granted_permissions": _(
                "“%(permission)s” cannot be granted to a %(role)s.") % {
                    "permission": Permission(code).label, "role": Role(role).label}})
    # A permission the role holds anyway is not stored: taking it back later would change nothing.
    return [code for code in codes if not role_holds(role, code)]


def grant_permissions(target: User, *, permissions: Any, acting_user: Any,
                      request: HttpRequest | None = None) -> User:
    """Set the permissions ``target`` holds on top of their role (kaopu.accounts.roles.Permission),
    e.g. the settings pages or API tokens for one district leader. The security administrator's duty;
    one PERMISSION_CHANGE audit entry naming what was added and removed. Taking API tokens away
    revokes the user's tokens. Raises PermissionDenied or ValidationError (see _check_grant)."""
    with transaction.atomic():
        locked = User.objects.select_for_update().select_related("organisation").get(pk=target.pk)
        codes = _check_grant(locked, permissions, acting_user)
        old = sorted(locked.granted_permissions or ())
        if codes == old:
            return locked
        locked.granted_permissions = codes
        locked.save(update_fields=["granted_permissions"])
        added, removed = sorted(set(codes) - set(old)), sorted(set(old) - set(codes))
        parts = ([f"授予：{_permission_words(added)}"] if added else []) \
            + ([f"收回：{_permission_words(removed)}"] if removed else [])
        words = "；".join(parts)
        record(Action.PERMISSION_CHANGE, actor=acting_user, request=request, target=locked,
               summary=f"{actor_words(acting_user)} 调整 {locked.in_words} 的权限（{words}）",
               data={"old": old, "new": codes})
        if not locked.holds(Permission.API_TOKENS):
            revoke_all_tokens(locked, because=ApiToken.RevokedBecause.PERMISSION_REMOVED, acting_user=acting_user,
                              request=request)
    return locked


# --- Administrator roles: the two-person rule ----------------------------------------------------

def can_request_admin_roles(user: Any) -> bool:
    return can_change_roles(user)


def can_decide_admin_roles(user: Any) -> bool:
    return user.is_authenticated and user.is_active and user.role in ADMIN_ROLES


def may_decide(user: Any, role_request: AdminRoleRequest) -> bool:
    """Whether ``user`` may approve or refuse this request: another administrator than the one who
    asked and than the person it concerns."""
    return (can_decide_admin_roles(user) and role_request.decision == AdminRoleRequest.Decision.PENDING
            and user.pk not in (role_request.requested_by_id, role_request.target_id))


def _keep_one_holder(role: str, leaving: User) -> None:
    """Refuse to take the last active holder's administrator role away: without a security
    administrator nobody could ask for anything again, without the others their duty is unmanned.
    The holders are locked (in id order) so that two approvals at once cannot both pass this check."""
    holders = list(User.objects.select_for_update().filter(role=role, is_active=True).order_by("pk")
                   .values_list("pk", flat=True))
    if not [pk for pk in holders if pk != leaving.pk]:
        raise ValidationError({"role": _("%(user)s is the only active %(role)s: give the role to someone else "
                                         "first.") % {"user": leaving.in_words, "role": Role(role).label}})


def request_admin_role(target: User, *, role: str, reason: str, acting_user: Any,
                       request: HttpRequest | None = None) -> AdminRoleRequest:
    """The security administrator asks that ``target`` get ``role``, where the new or the current role
    is an administrator role. Nothing changes until another administrator approves.

    Raises PermissionDenied unless the acting user is the security administrator; ValidationError
    (on "target", "role" or "reason") for a request about oneself, an inactive account, a role the
    account holds already or that does not fit its organisation, a change between two working roles
    (made directly with change_role), removing the last holder of an administrator role, a missing
    reason, or when a request about the same account is waiting already.
    """
    if not can_request_admin_roles(acting_user):
        raise PermissionDenied(_("Only the security administrator asks for an administrator role to be granted "
                                 "or removed."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the role should change.")})
    with transaction.atomic():
        locked = User.objects.select_for_update().select_related("organisation").get(pk=target.pk)
        if locked.pk == acting_user.pk:
            raise ValidationError({"target": _("No one may ask for a change of their own role.")})
        if not locked.is_active:
            raise ValidationError({"target": _("This account is deactivated.")})
        _check_role_fits(locked, role)
        if role == locked.role:
            raise ValidationError({"role": _("%(user)s holds this role already.") % {"user": locked.in_words}})
        if role not in ADMIN_ROLES and locked.role not in ADMIN_ROLES:
            raise ValidationError({"role": _("Neither role is an administrator role: change it directly in the "
                                             "user's account.")})
        if AdminRoleRequest.objects.filter(target=locked, decision=AdminRoleRequest.Decision.PENDING).exists():
            raise ValidationError({"target": _("A request about %(user)s is waiting for a decision already.")
                                   % {"user": locked.in_words}})
        if locked.role in ADMIN_ROLES:
            _keep_one_holder(locked.role, locked)
        role_request = AdminRoleRequest.objects.create(
            target=locked, old_role=locked.role, new_role=role, reason=reason[:500],
            requested_by=acting_user, requested_at=timezone.now())
        record(Action.PERMISSION_CHANGE, actor=acting_user, request=request, target=role_request,
               summary=f"{actor_words(acting_user)} 申请{_role_change_words(role_request)}",
               data={"user": locked.pk, "old": locked.role, "new": role, "reason": reason[:500]})
    return role_request


def _role_change_words(role_request: AdminRoleRequest) -> str:
    """授予 王五（wangwu） 审计管理员角色 / 撤销 王五（wangwu） 的审计管理员角色（改为工商联工作人员）."""
    target = role_request.target
    if role_request.new_role in ADMIN_ROLES:
        text = f"授予 {target.in_words} {role_words(role_request.new_role)}角色"
        if role_request.old_role in ADMIN_ROLES:
            text += f"（替换其{role_words(role_request.old_role)}角色）"
        return text
    return (f"撤销 {target.in_words} 的{role_words(role_request.old_role)}角色"
            f"（改为{role_words(role_request.new_role)}）")


def decide_admin_role_request(request_id: int, *, approve: bool, acting_user: Any, note: str = "",
                              request: HttpRequest | None = None) -> AdminRoleRequest:
    """Another administrator approves (the role changes, in the same transaction) or refuses a request.

    The request row is locked first, then the holders of the role taken away and the target: of two
    administrators deciding at once, the second finds the request decided. Raises PermissionDenied
    for someone who is not an administrator, the requester and the target; ValidationError when the
    request was decided already, or (on approval) when the target's role changed since the request,
    the account was deactivated, or it would leave an administrator role without an active holder.
    """
    if not can_decide_admin_roles(acting_user):
        raise PermissionDenied(_("Only an administrator decides on administrator roles."))
    with transaction.atomic():
        role_request = get_object_or_404(AdminRoleRequest.objects.select_for_update(), pk=request_id)
        if role_request.decision != AdminRoleRequest.Decision.PENDING:
            decided_by = User.objects.filter(pk=role_request.decided_by_id).first()
            raise ValidationError(_("This request was %(decision)s already by %(user)s.") % {
                "decision": role_request.get_decision_display(),
                "user": decided_by.in_words if decided_by else "?"})
        if acting_user.pk == role_request.requested_by_id:
            raise PermissionDenied(_("No one may decide on their own request: another administrator approves or "
                                     "refuses it."))
        if acting_user.pk == role_request.target_id:
            raise PermissionDenied(_("No one may decide on a request about their own role."))
        requester = User.objects.get(pk=role_request.requested_by_id)
        if approve:
            target = _approve(role_request, acting_user=acting_user)
        else:
            target = User.objects.get(pk=role_request.target_id)
        role_request.target = target
        role_request.decision = (AdminRoleRequest.Decision.APPROVED if approve
                                 else AdminRoleRequest.Decision.REFUSED)
        role_request.decided_by = acting_user
        role_request.decided_at = timezone.now()
        role_request.decision_note = (note or "").strip()[:500]
        role_request.save(update_fields=["decision", "decided_by", "decided_at", "decision_note"])
        verb = "批准" if approve else "驳回"
        summary = (f"{actor_words(acting_user)} {verb} {actor_words(requester)} 的申请："
                   f"{_role_change_words(role_request)}")
        record(Action.ROLE_CHANGE if approve else Action.PERMISSION_CHANGE, actor=acting_user, request=request,
               target=target if approve else role_request, summary=summary,
               data={"request": role_request.pk, "old": role_request.old_role, "new": role_request.new_role,
                     "decision": role_request.decision, "requested_by": requester.pk})
    return role_request


def _approve(role_request: AdminRoleRequest, *, acting_user: Any) -> User:
    if role_request.old_role in ADMIN_ROLES:
        target = User.objects.get(pk=role_request.target_id)
        _keep_one_holder(role_request.old_role, target)  # locks the holders, the target among them
    target = User.objects.select_for_update().select_related("organisation").get(pk=role_request.target_id)
    if not target.is_active:
        raise ValidationError(_("%(user)s's account was deactivated since the request.") % {"user": target.in_words})
    if target.role != role_request.old_role:
        raise ValidationError(_("%(user)s's role changed since the request (now %(role)s): refuse it and ask again.")
                              % {"user": target.in_words, "role": target.get_role_display()})
    _check_role_fits(target, role_request.new_role)
    target.role = role_request.new_role
    target.save(update_fields=["role"])
    return target


# --- Passwords -----------------------------------------------------------------------------------

def _replace_password(locked: User, raw: str | None, *, must_change: bool) -> list[str]:
    """Keep the old hash for the history validator (only as many as it reads), set the new one."""
    now = timezone.now()
    if locked.password and locked.has_usable_password():
        PasswordHistory.objects.create(user=locked, password=locked.password, replaced_at=now)
        stale = list(PasswordHistory.objects.filter(user=locked).order_by("-id")
                     .values_list("pk", flat=True)[max(passwords.history_count() - 1, 0):])
        PasswordHistory.objects.filter(pk__in=stale).delete()
    locked.set_password(raw)
    locked.must_change_password = must_change and raw is not None
    return ["password", "password_changed_at", "must_change_password"]


def check_may_reset_password(acting_user: Any, target: User) -> None:
    if not acting_user.has_role(Role.SYSTEM_ADMIN):
        raise PermissionDenied(_("Only the system administrator resets passwords."))
    check_may_change(acting_user, target, "password")


def reset_password(target: User, *, new_password: str | None, acting_user: Any,
                   request: HttpRequest | None = None) -> User:
    """The system administrator gives ``target`` a new password (validated by the caller's form), or
    none at all (``None``: password login disabled). The user must change it at the next login; their
    sessions end (Django ties a session to the password) and their API tokens are revoked.

    Raises PermissionDenied for anyone but the system administrator, for another administrator's
    password (三员分立: `kaopu resetpassword` on the server) and for one's own (the account page).
    """
    with transaction.atomic():
        locked = User.objects.select_for_update().select_related("organisation").get(pk=target.pk)
        check_may_reset_password(acting_user, locked)
        locked.save(update_fields=_replace_password(locked, new_password, must_change=True))
        how = "（下次登录须修改）" if new_password is not None else "（停用密码登录）"
        record(Action.PASSWORD_RESET, actor=acting_user, request=request, target=locked,
               summary=f"{actor_words(acting_user)} 重置了 {locked.in_words} 的密码{how}",
               data={"usable": new_password is not None})
        revoke_all_tokens(locked, because=ApiToken.RevokedBecause.PASSWORD_RESET, acting_user=acting_user,
                          request=request)
    return locked


def reset_password_from_command_line(username: str) -> tuple[User, str]:
    """A one-time password for ``username`` (any account, administrators included: the way back for an
    administrator who forgot theirs, by whoever runs commands on the server). The user must change it
    at the next login; their API tokens are revoked. Raises User.DoesNotExist."""
    raw = passwords.one_time_password()
    with transaction.atomic():
        locked = User.objects.select_for_update().select_related("organisation").get(username=username)
        locked.save(update_fields=_replace_password(locked, raw, must_change=True))
        record(Action.PASSWORD_RESET, actor_name="manage.py", target=locked,
               summary=f"服务器命令行为 {locked.in_words}（{role_words(locked.role)}）生成一次性密码（下次登录须修改）",
               data={"command": "resetpassword"})
        revoke_all_tokens(locked, because=ApiToken.RevokedBecause.PASSWORD_RESET, acting_user=None,
                          actor_name="manage.py")
    return locked, raw


def change_own_password(user: Any, *, new_password: str, revoke_tokens: bool = False,
                        request: HttpRequest | None = None) -> User:
    """The user chose a new password (their current one was checked by the form, and the new one
    validated, history included). Clears the forced change; revokes their API tokens if they ask."""
    with transaction.atomic():
        locked = User.objects.select_for_update().select_related("organisation").get(pk=user.pk)
        forced = locked.must_change_password or passwords.is_expired(locked)
        locked.save(update_fields=_replace_password(locked, new_password, must_change=False))
        why = "（初始、重置或过期密码）" if forced else ""
        record(Action.PASSWORD_CHANGE, actor=locked, request=request, target=locked,
               summary=f"{locked.in_words} 修改了自己的密码{why}", data={"forced": forced})
        if revoke_tokens:
            revoke_all_tokens(locked, because=ApiToken.RevokedBecause.PASSWORD_CHANGE, acting_user=locked,
                              request=request)
    return locked


# --- API tokens ----------------------------------------------------------------------------------

_BECAUSE_WORDS = {
    ApiToken.RevokedBecause.PASSWORD_RESET: "因密码被重置",
    ApiToken.RevokedBecause.PASSWORD_CHANGE: "因本人修改密码",
    ApiToken.RevokedBecause.DEACTIVATED: "因账号被停用",
    ApiToken.RevokedBecause.PERMISSION_REMOVED: "因使用 API 令牌的权限被收回",
}


def _scope_words(scope: str) -> str:
    return _zh(ApiToken.Scope(scope).label)


def issue_token(user: Any, *, name: str, scope: str = ApiToken.Scope.READ, days: int | None = None,
                request: HttpRequest | None = None) -> tuple[ApiToken, str]:
    """A new API token for ``user``, read-only or read-write, living ``days`` days (at most
    KAOPU_TOKEN_MAX_DAYS, the default). The raw token is returned once and never stored.
    Raises PermissionDenied unless the user holds the permission to use API tokens (a district leader
    only when granted it), ValidationError on "name", "scope" or "days"."""
    if not user.holds(Permission.API_TOKENS):
        raise PermissionDenied(_("Your account may not use API tokens: the security administrator can grant it."))
    longest = token_max_days()
    days = longest if days is None else days
    if not 1 <= days <= longest:
        raise ValidationError({"days": _("A token lives between 1 and %(max)d days.") % {"max": longest}})
    if scope not in ApiToken.Scope.values:
        raise ValidationError({"scope": _("Choose read only or read and write.")})
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    with transaction.atomic():
        token, raw = ApiToken.issue(user, name[:100], scope=scope, days=days)
        until = timezone.localtime(token.expires_at).strftime("%Y-%m-%d %H:%M")
        record(Action.TOKEN, actor=user, request=request, target=token,
               summary=f"{user.in_words} 创建 API 令牌「{token.name}」（{_scope_words(scope)}，有效至 {until}）",
               data={"scope": scope, "days": days, "prefix": token.prefix})
    return token, raw


def revoke_token(user: Any, token_id: Any, *, request: HttpRequest | None = None) -> bool:
    """The owner revokes one of their tokens; False when it is not theirs or no longer active."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(pk=token_id, user=user, revoked_at__isnull=True).first()
        if token is None:
            return False
        token.revoked_at = timezone.now()
        token.revoked_because = ApiToken.RevokedBecause.OWNER
        token.save(update_fields=["revoked_at", "revoked_because"])
        record(Action.TOKEN, actor=user, request=request, target=token,
               summary=f"{user.in_words} 吊销了自己的 API 令牌「{token.name}」", data={"prefix": token.prefix})
    return True


def revoke_all_tokens(user: User, *, because: str, acting_user: Any = None, actor_name: str = "",
                      request: HttpRequest | None = None) -> int:
    """Revoke every token of ``user`` that still works or could again (expired ones stay as they
    are), with one audit entry naming them; the number revoked."""
    with transaction.atomic():
        tokens = list(ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True,
                                                                  expires_at__gt=timezone.now()).order_by("pk"))
        if not tokens:
            return 0
        ApiToken.objects.filter(pk__in=[token.pk for token in tokens]).update(
            revoked_at=timezone.now(), revoked_because=because)
        names = "".join(f"「{token.name}」" for token in tokens)
        record(Action.TOKEN, actor=acting_user, actor_name=actor_name, request=request, target=user,
               summary=f"{_BECAUSE_WORDS.get(because, '')}，吊销 {user.in_words} 的 {len(tokens)} 个 API 令牌：{names}",
               data={"because": because, "tokens": [token.pk for token in tokens]})
    return len(tokens)


def token_lifetime_choices() -> list[tuple[int, str]]:
    """Lifetimes offered on the tokens page (days), up to the longest allowed."""
    longest = token_max_days()
    return [(days, _("%(days)d days") % {"days": days}) for days in (7, 30, 90, 180, 365) if days < longest] \
        + [(longest, _("%(days)d days") % {"days": longest})]

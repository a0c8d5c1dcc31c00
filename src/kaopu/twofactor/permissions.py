"""Who may manage second factors: named predicates the pages and the actions share."""

from __future__ import annotations

from typing import Any

from kaopu.accounts.roles import ADMIN_ROLES, Role


def can_manage_policy(user: Any) -> bool:
    """The two-factor policy and resets are the security administrator's duty (三员: 安全管理员)."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.role == Role.SECURITY_ADMIN)


def can_reset_from_web(actor: Any, target: Any) -> bool:
    """The security administrator may reset a user's second factor, except an administrator's (their
    own included): an administrator's is reset only on the server's command line."""
    return can_manage_policy(actor) and target.role not in ADMIN_ROLES

"""Who sees which notification: its recipient, and nobody else (not even administrators)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from kaopu.core.access import grant
from kaopu.notifications.models import Notification


@grant(Notification, "view")
@grant(Notification, "change")
def recipients_see_their_own(user: Any) -> Q | None:
    return Q(user_id=user.pk)

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend


class UserBackend(ModelBackend):
    """Loads the user with the organisation every access rule reads, in one query per request."""

    def get_user(self, user_id: Any):  # type: ignore[no-untyped-def]
        from kaopu.accounts.models import User

        try:
            user = User.objects.select_related("organisation").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

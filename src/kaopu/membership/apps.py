from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembershipConfig(AppConfig):
    name = "kaopu.membership"
    label = "membership"
    verbose_name = _("FIC membership and dues")

    def ready(self) -> None:
        from kaopu.membership import permissions  # noqa: F401  (registers the access rules)

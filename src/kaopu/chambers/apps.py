from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChambersConfig(AppConfig):
    name = "kaopu.chambers"
    label = "chambers"
    verbose_name = _("Chambers of commerce")

    def ready(self) -> None:
        from kaopu.chambers import (
            permissions,  # noqa: F401  (registers the access rules)
            permissions_fourgood,  # noqa: F401  (the Four-Good evaluation's rules)
        )

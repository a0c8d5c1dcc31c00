from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "kaopu.publicity"
    label = "publicity"
    verbose_name = _("Publicity")

    def ready(self) -> None:
        from kaopu.publicity import (
            permissions,  # noqa: F401  (registers the access rules)
            site_signals,
        )

        site_signals.connect()

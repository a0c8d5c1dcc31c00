from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kaopu.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        # Connects the signals that forget a cached calendar year when staff change it.
        from kaopu.core import workdays  # noqa: F401
        from kaopu.core.registry import autodiscover

        autodiscover()

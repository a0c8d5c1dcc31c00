from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TwoFactorConfig(AppConfig):
    name = "kaopu.twofactor"
    label = "twofactor"
    verbose_name = _("Login security")

    def ready(self) -> None:
        from kaopu.twofactor import signals  # noqa: F401

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvestmentConfig(AppConfig):
    name = "kaopu.investment"
    label = "investment"
    verbose_name = _("Investment attraction")

    def ready(self) -> None:
        from kaopu.investment import permissions  # noqa: F401  (registers the access rules)

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "kaopu.reports"
    label = "reports"
    verbose_name = _("Work reports")

    def ready(self) -> None:
        from kaopu.reports import permissions  # noqa: F401  (the access rules)

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GivingConfig(AppConfig):
    name = "kaopu.giving"
    label = "giving"
    verbose_name = _("Social responsibility and honours")

    def ready(self) -> None:
        # The access rules, and the honours' and donations' section of a chamber's page.
        from kaopu.giving import permissions, sections  # noqa: F401

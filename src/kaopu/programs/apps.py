from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "kaopu.programs"
    label = "programs"
    verbose_name = _("Activities and training")

    def ready(self) -> None:
        # The access rules, and the activities' section of a chamber's page.
        from kaopu.programs import permissions, sections  # noqa: F401

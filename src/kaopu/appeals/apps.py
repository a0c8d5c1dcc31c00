from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "kaopu.appeals"
    label = "appeals"
    verbose_name = _("Enterprise appeals")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from kaopu.appeals import (
            permissions,  # noqa: F401  (registers the access rules)
            tasks,  # noqa: F401  (recounts deadlines when a calendar year is entered)
        )
        from kaopu.appeals.models import ensure_categories

        # Also after `flush` (transactional tests), which empties every table.
        post_migrate.connect(ensure_categories, sender=self, dispatch_uid="appeals_ensure_categories")

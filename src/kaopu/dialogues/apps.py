from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialoguesConfig(AppConfig):
    name = "kaopu.dialogues"
    label = "dialogues"
    verbose_name = _("Government–enterprise dialogues")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from kaopu.dialogues import permissions  # noqa: F401  (registers the access rules)
        from kaopu.dialogues.models import ensure_kinds

        # Also after `flush` (transactional tests), which empties every table.
        post_migrate.connect(ensure_kinds, sender=self, dispatch_uid="dialogues_ensure_kinds")

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "kaopu.legal"
    label = "legal"
    verbose_name = _("Legal services")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from kaopu.legal import permissions  # noqa: F401  (registers the access rules)
        from kaopu.legal.models import ensure_catalogue

        # Also after `flush` (transactional tests), which empties every table.
        post_migrate.connect(ensure_catalogue, sender=self, dispatch_uid="legal_ensure_catalogue")

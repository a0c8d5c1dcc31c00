from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "kaopu.finance"
    label = "finance"
    verbose_name = _("Financing (bank alliance)")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from kaopu.finance import (
            permissions,  # noqa: F401  (registers the access rules)
            tasks,  # noqa: F401  (recounts the days to a grant when a calendar year is entered)
        )
        from kaopu.finance.models import ensure_policy_schemes

        # Also after `flush` (transactional tests), which empties every table.
        post_migrate.connect(ensure_policy_schemes, sender=self, dispatch_uid="finance_ensure_policy_schemes")

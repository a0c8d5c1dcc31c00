from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "kaopu.exports"
    label = "exports"
    verbose_name = _("Exports")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from kaopu.accounts import account_page
        from kaopu.exports import permissions  # noqa: F401  (registers the access rules)

        # The way to one's own exports from the account page (/accounts/).
        account_page.register_section("exports/account_section.html")

        # Each app declares its exports in its own exports.py (kaopu.core.exporting.register).
        autodiscover_modules("exports")

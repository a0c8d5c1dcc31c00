from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "kaopu.publicity"
    label = "publicity"
    verbose_name = _("Publicity")

    def ready(self) -> None:
        from kaopu.publicity import actions, permissions, site_signals, tamper  # noqa: F401  (permissions: rules)

        # Fingerprint each page as it is published, forget it as it is withdrawn (kaopu.publicity.tamper).
        if tamper.after_publish not in actions.AFTER_PUBLISH:
            actions.AFTER_PUBLISH.append(tamper.after_publish)
        if tamper.after_unpublish not in actions.AFTER_UNPUBLISH:
            actions.AFTER_UNPUBLISH.append(tamper.after_unpublish)
        site_signals.connect()  # the public site's cached frame and lists follow publishing

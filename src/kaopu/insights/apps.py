from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    """数据看板: the leaders' cockpit, which reads the registry (kaopu.core.registry) that every module fills
    with its figures and charts, and so sits above the feature apps; and the private-economy indicators
    (民营经济指标) that staff enter from published statistics (kaopu.insights.models)."""

    name = "kaopu.insights"
    label = "insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from kaopu.insights import permissions  # noqa: F401  (registers the access rules)

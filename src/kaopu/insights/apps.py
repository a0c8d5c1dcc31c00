from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    """数据看板: the leaders' cockpit. It owns no table: it reads the registry (kaopu.core.registry) that
    every module fills with its figures and charts, and so sits above the feature apps."""

    name = "kaopu.insights"
    label = "insights"
    verbose_name = _("Insights")

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "kaopu.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate, post_save

        from kaopu.directory import permissions  # noqa: F401  (registers the access rules)
        from kaopu.directory.models import IndustryDivision, IndustrySection, Subdistrict
        from kaopu.directory.reference_data import ensure_industries
        from kaopu.directory.selectors import forget_reference

        # Also after `flush` (transactional tests), which empties every table.
        post_migrate.connect(ensure_industries, sender=self, dispatch_uid="directory_ensure_industries")

        for model in (Subdistrict, IndustrySection, IndustryDivision):
            post_save.connect(forget_reference, sender=model, dispatch_uid=f"forget_reference_{model.__name__}")
            post_delete.connect(forget_reference, sender=model, dispatch_uid=f"forget_reference_del_{model.__name__}")

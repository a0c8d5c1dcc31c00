"""What makes the public site's cached frame and home lists stale (kaopu.publicity.site.forget): an article
published or taken off the site (actions.AFTER_PUBLISH / AFTER_UNPUBLISH), a column, the site settings or a
district changed. Forgotten at once and again when the transaction commits, so no request keeps the
state from before it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from kaopu.publicity import actions, site


def forget_on_commit(*_args: Any, **_kwargs: Any) -> None:
    """Now (this process sees its own change at once) and again after the commit (a request of another
    process may have cached the old state in between)."""
    site.forget()
    transaction.on_commit(site.forget)


def connect() -> None:
    from kaopu.directory.models import District
    from kaopu.publicity.models import Column, SiteSettings

    for hooks in (actions.AFTER_PUBLISH, actions.AFTER_UNPUBLISH):
        if forget_on_commit not in hooks:
            hooks.append(forget_on_commit)
    for model in (Column, SiteSettings, District):
        post_save.connect(forget_on_commit, sender=model, dispatch_uid=f"publicity-site-{model.__name__}-save")
        post_delete.connect(forget_on_commit, sender=model, dispatch_uid=f"publicity-site-{model.__name__}-delete")

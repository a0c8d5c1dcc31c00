"""Notifications (站内消息): a line in a user's in-app inbox, optionally also sent by e-mail.

Other apps create them only through kaopu.notifications.actions.notify, after their own change has
committed; a notification is a copy of a fact recorded elsewhere (an appeal's timeline), never the
record itself, so losing one is an inconvenience and not a loss of data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications",
                             verbose_name=_("recipient"))
    # What happened, as a stable code ("appeal.dispatch", "appeal.remind"): for filters and statistics.
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    # A path inside Kaopu (never an outside address): where the notification leads.
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-id"]
        indexes = [
            # The bell's unread count and the "unread only" list (user, read_at IS NULL, newest first).
            models.Index(fields=["user", "read_at", "-id"], name="notification_user_unread"),
            # The inbox page: one user's notifications, newest first (keyset on id).
            models.Index(fields=["user", "-id"], name="notification_user_id"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

"""Creating and reading notifications.

``notify`` is what other apps call, from ``transaction.on_commit`` (an appeal action) or inside the
transaction that records why the notification is sent (the deadline sweep writes its marker and the
notifications together). The e-mails go out only after that transaction commits, so a rolled-back
change never sends mail; a failing mail server is logged and never undoes the change.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.utils import timezone

from kaopu.core import access
from kaopu.notifications.models import Notification

logger = logging.getLogger(__name__)

TITLE_MAX = Notification._meta.get_field("title").max_length or 200


def notify(users: Iterable[Any], *, kind: str, title: str, body: str = "", url: str = "",
           email: bool = True) -> list[Notification]:
    """One notification per distinct active user (bulk insert); e-mail to those with an address."""
    recipients = {user.pk: user for user in users if user.is_active}
    title = str(title)[:TITLE_MAX]
    rows = Notification.objects.bulk_create([
        Notification(user_id=pk, kind=kind, title=title, body=str(body), url=url) for pk in recipients])
    addresses = sorted({user.email for user in recipients.values() if user.email})
    if email and addresses:
        transaction.on_commit(lambda: _send_mail(addresses, title, _mail_text(body, url)))
    return rows


def _mail_text(body: str, url: str) -> str:
    link = f"{getattr(settings, 'KAOPU_SITE_URL', '').rstrip('/')}{url}" if url else ""
    return "\n\n".join(part for part in (str(body), link) if part)


def _send_mail(addresses: list[str], subject: str, text: str) -> None:
    """One message per address, so recipients do not see each other's addresses."""
    try:
        with get_connection() as connection:
            for address in addresses:
                send_mail(subject, text, None, [address], connection=connection)
    except Exception:  # a mail server down must not break the action that already committed
        logger.exception("could not send the notification e-mail %r", subject)


def mark_read(user: Any, notification_id: Any) -> Notification:
    """Mark one of ``user``'s notifications read (Http404 for anyone else's); reading twice is harmless."""
    notification = access.get_object_for_user(user, Notification, notification_id, "change")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_read_for(user: Any, url: str) -> int:
    """Mark read ``user``'s unread notifications that lead to ``url``: opening the page a notification
    points at is reading it, so the bell falls (one UPDATE; how many were marked)."""
    unread = access.scope(user, Notification, "change").filter(url=url, read_at__isnull=True)
    return unread.update(read_at=timezone.now())


def mark_all_read(user: Any) -> int:
    return access.scope(user, Notification, "change").filter(read_at__isnull=True).update(read_at=timezone.now())


# The bell shows at most this many; beyond it, "99+" (counting stops early: no full COUNT(*)).
BELL_LIMIT = 100


def unread_count(user: Any) -> int:
    """How many unread notifications ``user`` has, up to BELL_LIMIT (one query on the unread index)."""
    unread = access.scope(user, Notification).filter(read_at__isnull=True)
    return len(unread.values_list("id", flat=True)[:BELL_LIMIT])

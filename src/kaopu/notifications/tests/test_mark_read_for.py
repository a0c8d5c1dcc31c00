"""mark_read_for: opening the page a notification leads to reads it, for that user and that page only."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from kaopu.notifications.actions import mark_read_for, notify, unread_count
from kaopu.notifications.models import Notification

PAGE = "/appeals/my/7/"


def unread(user, url: str = PAGE) -> int:  # type: ignore[no-untyped-def]
    return Notification.objects.filter(user=user, url=url, read_at__isnull=True).count()


def test_it_reads_the_users_notifications_of_that_page_and_no_other(world, ent_user, other_ent_user):  # type: ignore[no-untyped-def]
    for _ in range(2):
        notify([ent_user, other_ent_user], kind="test", title="已答复", url=PAGE, email=False)
    notify([ent_user], kind="test", title="另一件", url="/appeals/my/70/", email=False)  # a prefix is not a match
    notify([ent_user], kind="test", title="另一件", url="/appeals/my/8/", email=False)
    assert unread_count(ent_user) == 4

    assert mark_read_for(ent_user, PAGE) == 2
    assert unread(ent_user) == 0
    assert unread_count(ent_user) == 2  # the bell falls by the notifications of this page only
    assert unread(other_ent_user) == 2  # another user's notifications of the same page stay unread


def test_a_notification_read_before_keeps_the_time_it_was_read(world, handler):  # type: ignore[no-untyped-def]
    [note] = notify([handler], kind="test", title="新诉求", url=PAGE, email=False)
    earlier = timezone.now() - timedelta(days=3)
    Notification.objects.filter(pk=note.pk).update(read_at=earlier)
    assert mark_read_for(handler, PAGE) == 0
    note.refresh_from_db()
    assert note.read_at == earlier


def test_it_is_one_update_whatever_the_number_of_notifications(world, handler, django_assert_num_queries):  # type: ignore[no-untyped-def]
    for _ in range(5):
        notify([handler], kind="test", title="新诉求", url=PAGE, email=False)
    with django_assert_num_queries(1) as captured:
        assert mark_read_for(handler, PAGE) == 5
    assert captured.captured_queries[0]["sql"].lstrip().upper().startswith("UPDATE")

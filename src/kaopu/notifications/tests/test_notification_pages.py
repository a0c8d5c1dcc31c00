"""The inbox page, the bell and marking read: everyone sees and changes only their own notifications."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from kaopu.notifications.actions import notify
from kaopu.notifications.models import Notification


def make(user, n: int = 1, **fields):  # type: ignore[no-untyped-def]
    values = {"kind": "test", "title": "新诉求", "url": "/appeals/1/"} | fields
    for _ in range(n):
        notify([user], email=False, **values)
    return Notification.objects.filter(user=user).first()


def test_the_bell_counts_only_ones_own_unread_notifications(world, handler, staff, login):  # type: ignore[no-untyped-def]
    make(handler, 3)
    make(staff, 2)
    Notification.objects.filter(pk=make(handler).pk).update(read_at="2026-09-28T08:00:00+08:00")
    response = login(handler).get(reverse("notifications:bell"))
    assert response.status_code == 200
    assert response.context["unread"] == 3
    assert b">3</span>" in response.content


def test_the_bell_shows_no_count_when_everything_is_read(world, handler, login):  # type: ignore[no-untyped-def]
    assert b"bell-count" not in login(handler).get(reverse("notifications:bell")).content


def test_the_bell_stops_counting_at_99_plus(world, handler, login):  # type: ignore[no-untyped-def]
    notify([handler] * 1, kind="test", title="x", email=False)
    Notification.objects.bulk_create([Notification(user=handler, kind="test", title="x") for _ in range(120)])
    assert b">99+</span>" in login(handler).get(reverse("notifications:bell")).content


def test_every_page_links_to_the_bell(world, handler, login):  # type: ignore[no-untyped-def]
    content = login(handler).get(reverse("notifications:list")).content.decode()
    assert reverse("notifications:bell") in content


def test_the_list_shows_ones_own_notifications_only(world, handler, staff, login):  # type: ignore[no-untyped-def]
    make(handler, title="给部门的通知")
    make(staff, title="给工作人员的通知")
    content = login(handler).get(reverse("notifications:list")).content.decode()
    assert "给部门的通知" in content and "给工作人员的通知" not in content


@pytest.mark.parametrize("rows", [3, 70])
def test_the_list_takes_the_same_queries_for_few_or_many_rows(world, handler, login, rows,  # type: ignore[no-untyped-def]
                                                               django_assert_num_queries):
    Notification.objects.bulk_create([Notification(user=handler, kind="test", title=f"n{i}") for i in range(rows)])
    client = login(handler)
    with django_assert_num_queries(5):  # the same at both sizes: no query per row
        response = client.get(reverse("notifications:list"))
    assert len(response.context["page"].items) == min(rows, 50)


def test_the_list_pages_by_keyset(world, handler, login):  # type: ignore[no-untyped-def]
    Notification.objects.bulk_create([Notification(user=handler, kind="test", title=f"n{i}") for i in range(60)])
    client = login(handler)
    first = client.get(reverse("notifications:list")).context["page"]
    second = client.get(reverse("notifications:list"), {"after": first.next_cursor}).context["page"]
    assert len(second.items) == 10 and not second.has_next
    assert {n.pk for n in first.items}.isdisjoint(n.pk for n in second.items)


def test_marking_one_read_and_opening_its_link(world, handler, login):  # type: ignore[no-untyped-def]
    note = make(handler, url="/appeals/inbox/7/")
    response = login(handler).post(reverse("notifications:mark_read", args=[note.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/appeals/inbox/7/"
    assert Notification.objects.get(pk=note.pk).read_at is not None


def test_an_outside_link_is_never_followed(world, handler, login):  # type: ignore[no-untyped-def]
    note = make(handler, url="https://evil.example/")
    response = login(handler).post(reverse("notifications:mark_read", args=[note.pk]), {"open": "1"})
    assert response["Location"] == reverse("notifications:list")


def test_another_users_notification_is_404_and_stays_unread(world, handler, staff, login):  # type: ignore[no-untyped-def]
    note = make(staff)
    response = login(handler).post(reverse("notifications:mark_read", args=[note.pk]))
    assert response.status_code == 404
    assert Notification.objects.get(pk=note.pk).read_at is None


def test_marking_all_read_touches_only_ones_own(world, handler, staff, login):  # type: ignore[no-untyped-def]
    make(handler, 2)
    make(staff)
    login(handler).post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(user=handler, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=staff, read_at__isnull=True).count() == 1


def test_marking_read_needs_a_post(world, handler, login):  # type: ignore[no-untyped-def]
    note = make(handler)
    assert login(handler).get(reverse("notifications:mark_read", args=[note.pk])).status_code == 405


def test_anonymous_visitors_are_sent_to_log_in(client):  # type: ignore[no-untyped-def]
    assert client.get(reverse("notifications:bell")).status_code == 302


def test_notify_mails_only_users_with_an_address_and_skips_inactive_ones(  # type: ignore[no-untyped-def]
        world, handler, staff, leader, django_capture_on_commit_callbacks):
    handler.email = "dept@example.cn"
    handler.save()
    leader.email = "leader@example.cn"
    leader.is_active = False
    leader.save()
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify([handler, staff, leader, handler], kind="test", title="标题", body="正文", url="/x/")
    assert sorted(r.user_id for r in rows) == sorted([handler.pk, staff.pk])
    assert [m.to for m in mail.outbox] == [["dept@example.cn"]]
    assert mail.outbox[0].subject == "标题" and "正文" in mail.outbox[0].body


def test_a_failing_mail_server_does_not_break_the_caller(world, handler, monkeypatch,  # type: ignore[no-untyped-def]
                                                        django_capture_on_commit_callbacks):
    handler.email = "dept@example.cn"
    handler.save()

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("connection refused")

    monkeypatch.setattr("kaopu.notifications.actions.send_mail", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        notify([handler], kind="test", title="标题")
    assert Notification.objects.filter(user=handler).count() == 1

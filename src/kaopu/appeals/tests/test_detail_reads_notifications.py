"""Opening an appeal's page reads the viewer's notifications about it (their links lead to that page),
on each side's detail page: the enterprise's, the department's and the staff's (also a leader's)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaopu.appeals import actions
from kaopu.appeals.models import Appeal
from kaopu.notifications.models import Notification

pytestmark = pytest.mark.django_db


def unread(user) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(Notification.objects.filter(user=user, read_at__isnull=True).values_list("kind", flat=True))


def bell(client) -> int:  # type: ignore[no-untyped-def]
    return client.get(reverse("notifications:bell")).context["unread"]


def test_the_enterprise_reads_the_answer_by_opening_its_appeal(world, login, ent_user, in_progress, submit,  # type: ignore[no-untyped-def]
                                                               other_ent_user, django_capture_on_commit_callbacks):
    other = submit(title="另一件诉求")
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(in_progress.pk, acting_user=world.users["handler"], text="已答复。")
        actions.decline(other.pk, acting_user=world.users["staff"], reason="不属于受理范围")
    client = login(ent_user)
    assert bell(client) == 2
    assert client.get(reverse("appeals:my_detail", args=[in_progress.pk])).status_code == 200
    assert unread(ent_user) == ["appeal.decline"]  # the other appeal's notification stays unread
    assert bell(client) == 1
    assert login(other_ent_user).get(reverse("appeals:my_detail", args=[in_progress.pk])).status_code == 404


def test_the_department_reads_the_dispatch_by_opening_the_appeal(world, login, handler, submit,  # type: ignore[no-untyped-def]
                                                                 django_capture_on_commit_callbacks):
    appeal = submit()
    actions.accept(appeal.pk, acting_user=world.users["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        actions.dispatch(appeal.pk, acting_user=world.users["staff"], lead=world.department)
        actions.instruct(appeal.pk, acting_user=world.users["leader"], instruction="请尽快办理")
    assert unread(handler) == ["appeal.dispatch", "appeal.instruct"]
    client = login(handler)
    client.get(reverse("appeals:inbox"))  # the inbox is not the appeal's page: nothing is read
    assert len(unread(handler)) == 2
    assert client.get(reverse("appeals:inbox_detail", args=[appeal.pk])).status_code == 200
    assert unread(handler) == []
    assert unread(world.users["staff"]) == ["appeal.instruct"]  # staff read theirs on their own page


def test_staff_read_a_new_appeal_by_opening_it_and_nobody_elses_notification_changes(  # type: ignore[no-untyped-def]
        world, login, staff, handler, submit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appeal = submit()
    assert unread(staff) == ["appeal.submit"]
    Notification.objects.create(user=handler, kind="test", title="同一页面", url=reverse("appeals:staff_detail",
                                                                                        args=[appeal.pk]))
    assert login(staff).get(reverse("appeals:staff_detail", args=[appeal.pk])).status_code == 200
    assert unread(staff) == []
    assert unread(handler) == ["test"]


def test_a_leader_reads_on_the_staff_page_the_notifications_that_lead_there(world, login, leader, in_progress):  # type: ignore[no-untyped-def]
    url = reverse("appeals:staff_detail", args=[in_progress.pk])
    Notification.objects.create(user=leader, kind="appeal.escalate", title="已超期", url=url)
    assert login(leader).get(url).status_code == 200
    assert unread(leader) == []


def _detail_queries(client, url: str) -> list[str]:  # type: ignore[no-untyped-def]
    client.get(url)  # the first request after logging in also saves the session
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in context.captured_queries]


# The detail pages' queries, pinned. Each includes one UPDATE of the viewer's notifications that lead to
# the page (marking them read, so the bell falls), run whether or not any is unread: reading first
# whether there is anything to mark would cost the same query on every visit.
@pytest.mark.parametrize(("persona", "name", "expected"), [
    # the user, the appeal, its public events, their attachments, the UPDATE
    ("ent_user", "appeals:my_detail", 5),
    # the user, the appeal, events, attachments, the UPDATE, co-handlers, whether the department co-handles it
    ("handler", "appeals:inbox_detail", 7),
    # the user, the appeal, co-handlers, events, attachments, the UPDATE
    ("staff", "appeals:staff_detail", 6),
])
def test_each_detail_page_runs_a_pinned_number_of_queries_with_one_update(  # type: ignore[no-untyped-def]
        world, login, in_progress, persona, name, expected):
    actions.reply(in_progress.pk, acting_user=world.users["handler"], text="已答复。")
    actions.rate(in_progress.pk, acting_user=world.users["ent_user"], rating=Appeal.Rating.DISSATISFIED,
                  comment="仍未解决")
    queries = _detail_queries(login(world.users[persona]), reverse(name, args=[in_progress.pk]))
    updates = [sql for sql in queries if sql.lstrip().upper().startswith("UPDATE")]
    assert len(updates) == 1 and "notification" in updates[0], updates
    assert len(queries) == expected, "\n".join(q[:90] for q in queries)

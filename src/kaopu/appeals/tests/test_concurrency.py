"""Two people acting on one appeal at once: exactly one succeeds, the other gets a clear message."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from kaopu.accounts.roles import Role
from kaopu.appeals import actions
from kaopu.appeals.models import Appeal, Category
from kaopu.appeals.workflow import TransitionError
from kaopu.core.testing import build_world, make_user

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_two_staff_accepting_at_once_one_wins() -> None:  # the clock is pinned by the appeals' conftest
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL; SQLite serialises writers")
    world = build_world()
    second_staff = make_user("staff2", Role.FIC_STAFF, world.users["staff"].organisation)
    appeal = actions.submit_appeal(enterprise=world.enterprise_a, acting_user=world.users["ent_user"],
                                   kind=Appeal.Kind.HELP, category=Category.objects.get(name="用工"),
                                   title="招工难", content="请求协助招聘。")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def accept(user) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            actions.accept(appeal.pk, acting_user=user)
            outcomes.append("accepted")
        except TransitionError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(u,)) for u in (world.users["staff"], second_staff)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["accepted", "refused"]
    assert Appeal.objects.get(pk=appeal.pk).events.filter(action="accept").count() == 1


def test_two_staff_reviewing_one_summary_at_once_leave_one_consistent_result() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL; SQLite serialises writers")
    from kaopu.audit.models import AuditEntry

    world = build_world()
    users = world.users
    second_staff = make_user("staff2", Role.FIC_STAFF, users["staff"].organisation)
    appeal = actions.submit_appeal(enterprise=world.enterprise_a, acting_user=users["ent_user"],
                                   kind=Appeal.Kind.HELP, category=Category.objects.get(name="用工"),
                                   title="招工难", content="请求协助招聘。", publish_consent=True)
    actions.accept(appeal.pk, acting_user=users["staff"])
    actions.dispatch(appeal.pk, acting_user=users["staff"], lead=world.department)
    actions.sign_for(appeal.pk, acting_user=users["handler"])
    actions.reply(appeal.pk, acting_user=users["handler"], text="已对接招聘会。")
    actions.rate(appeal.pk, acting_user=users["ent_user"], rating="5")
    barrier = threading.Barrier(2)

    def review(user, publish: bool) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            actions.review_public_summary(appeal.pk, acting_user=user, publish=publish, text="已对接招聘会。",
                                          reason="" if publish else "不宜公开")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=review, args=args) for args in ((users["staff"], True), (second_staff, False))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored = Appeal.objects.get(pk=appeal.pk)
    events = list(stored.events.filter(action="review_summary").order_by("id"))
    assert len(events) == 2 and events[1].data["old_decision"] == events[0].data["decision"]  # serialised
    last = events[-1]
    assert (stored.summary_review, stored.summary_reviewed_by_id) == (last.data["decision"], last.actor_id)
    assert stored.public_summary == ("已对接招聘会。" if last.data["decision"] == "approved" else "")
    assert AuditEntry.objects.filter(object_type="appeals.appeal", object_id=str(appeal.pk),
                                     summary__startswith="审核公开答复摘要").count() == 2

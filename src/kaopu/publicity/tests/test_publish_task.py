"""The scheduled-publishing task (publicity.tasks): publishes what is due, and tells the author."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kaopu.notifications.models import Notification
from kaopu.publicity import actions, tasks
from kaopu.publicity.models import Article
from kaopu.publicity.testing import approved_article, editorial

pytestmark = pytest.mark.django_db


def test_the_task_publishes_due_articles_only(world, time_machine, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    team = editorial(world)
    soon = approved_article(world, title="十点发布")
    later = approved_article(world, title="明天发布")
    now = timezone.now()
    actions.publish(team.author, soon.pk, at=now + timedelta(minutes=30))
    actions.publish(team.author, later.pk, at=now + timedelta(days=1))
    assert tasks.publish_scheduled.call_local() == 0

    time_machine.move_to(now + timedelta(minutes=31))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.publish_scheduled.call_local() == 1

    assert Article.objects.get(pk=soon.pk).state == Article.State.PUBLISHED
    assert Article.objects.get(pk=later.pk).state == Article.State.APPROVED
    assert Notification.objects.filter(user=team.author, kind="publicity.published").count() == 1
    assert tasks.publish_scheduled.call_local() == 0  # nothing twice


def test_the_task_runs_every_minute() -> None:
    validate = tasks.publish_scheduled.task_class().validate_datetime
    start = timezone.now().replace(second=0, microsecond=0)
    assert all(validate(start + timedelta(minutes=m)) for m in range(120))

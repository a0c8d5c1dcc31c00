"""Training data for tests (this app's, the audit walk's, the navigation's and the browser test): cohorts,
sessions, trainees and attendance made through the real actions."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count
from typing import Any

from kaopu.core.testing import local_moment
from kaopu.core.workdays import local_today
from kaopu.programs import actions_training as actions
from kaopu.programs.models import Cohort, Trainee, TrainingSession

_mobiles = count(13900000000)


def next_mobile() -> str:
    return str(next(_mobiles))


def make_cohort(staff: Any, *, name: str = "第十期普陀区青年企业家培训班", sessions: int = 10, capacity: int = 50,
                first_day: date | None = None, state: str = Cohort.State.OPEN, **values: Any) -> Cohort:
    """A cohort with ``sessions`` weekly sessions from ``first_day`` (default: 70 days ago), its window
    around today, moved on to ``state``."""
    today = local_today()
    first_day = first_day or today - timedelta(days=70)
    fields = {"year": first_day.year, "name": name, "capacity": capacity, "completion_threshold": 80,
              "applications_open_on": today - timedelta(days=5), "applications_close_on": today + timedelta(days=5),
              **values}
    cohort = actions.create_cohort(acting_user=staff, **fields)
    for index in range(sessions):
        starts = local_moment(first_day + timedelta(days=7 * index), 14)
        actions.add_session(cohort, acting_user=staff, starts_at=starts, ends_at=starts + timedelta(hours=3),
                            topic=f"第{index + 1}讲 民营经济发展专题", speaker="张教授", place="区工商联三楼报告厅")
    order = [Cohort.State.DRAFT, Cohort.State.OPEN, Cohort.State.IN_PROGRESS, Cohort.State.FINISHED]
    for move, target in zip(("open", "start", "finish"), order[1:], strict=True):
        if order.index(target) > order.index(state):
            break
        cohort = actions.move_cohort(cohort, move, acting_user=staff)
    return cohort


def apply(enterprise_user: Any, cohort: Cohort, name: str = "张三", **values: Any) -> Trainee:
    fields = {"position": "总经理", "mobile": next_mobile(), **values}
    return actions.apply_to_cohort(cohort, acting_user=enterprise_user, name=name, **fields)


def approved(staff: Any, enterprise_user: Any, cohort: Cohort, name: str = "张三", **values: Any) -> Trainee:
    return actions.approve_trainee(apply(enterprise_user, cohort, name, **values), acting_user=staff)


def attend(staff: Any, trainee: Trainee, sessions: int) -> None:
    """Tick ``trainee`` present at the first ``sessions`` sessions held (keeps others' ticks)."""
    held = TrainingSession.objects.filter(cohort=trainee.cohort_id, is_cancelled=False).order_by("starts_at")
    for session in list(held)[:sessions]:
        present = {*session.attendances.values_list("trainee_id", flat=True), trainee.pk}
        actions.set_attendance(session, acting_user=staff, present=present)

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


def audit_scenarios() -> dict[str, Any]:
    """The audit walk's scenarios for kaopu.programs.actions_training (core/tests/audit_scenarios.py)."""
    from django.utils import timezone

    from kaopu.core.tests.audit_scenarios import Act, Stage

    name = "第十期普陀区青年企业家培训班"

    def staff(s: Stage) -> Any:
        return s.user("staff")

    def running(s: Stage) -> tuple[Cohort, Trainee]:
        """An open cohort with 张三 approved, then started; its second session runs now."""
        cohort = make_cohort(staff(s), sessions=1)
        trainee = approved(staff(s), s.user("ent_user"), cohort)
        now = timezone.now()
        actions.add_session(cohort, acting_user=staff(s), starts_at=now - timedelta(minutes=10),
                            ends_at=now + timedelta(hours=2), topic="数字化转型", place="区工商联")
        return actions.move_cohort(cohort, "start", acting_user=staff(s)), trainee

    def finished(s: Stage) -> Cohort:
        cohort, trainee = running(s)
        attend(staff(s), trainee, 2)
        return actions.move_cohort(cohort, "finish", acting_user=staff(s))

    def certificate(s: Stage) -> Any:
        return actions.graduate_cohort(finished(s), acting_user=staff(s))[0]

    session = lambda s: running(s)[0].sessions.order_by("-starts_at").first()  # noqa: E731
    return {
        "create_cohort": lambda s: Act(lambda: actions.create_cohort(
            acting_user=staff(s), year=2026, name=name, capacity=50), name),
        "update_cohort": lambda s: (lambda c: Act(lambda: actions.update_cohort(
            c, acting_user=staff(s), year=2026, name=name, capacity=40), name))(make_cohort(staff(s), sessions=1)),
        "move_cohort": lambda s: (lambda c: Act(lambda: actions.move_cohort(c, "start", acting_user=staff(s)), name))(
            make_cohort(staff(s), sessions=1)),
        "add_session": lambda s: (lambda c: Act(lambda: actions.add_session(
            c, acting_user=staff(s), starts_at=timezone.now(), ends_at=timezone.now() + timedelta(hours=2),
            topic="企业合规经营"), "企业合规经营"))(make_cohort(staff(s), sessions=1)),
        "cancel_session": lambda s: (lambda x: Act(lambda: actions.cancel_session(x, acting_user=staff(s)), name))(
            session(s)),
        "apply_to_cohort": lambda s: (lambda c: Act(lambda: apply(s.user("ent_user"), c, "李四"), "李四"))(
            make_cohort(staff(s), sessions=1)),
        "enrol_trainee": lambda s: (lambda c: Act(lambda: actions.enrol_trainee(
            c, acting_user=staff(s), enterprise=s.world.enterprise_b, name="王五", mobile="13912345678"), "王五"))(
            make_cohort(staff(s), sessions=1)),
        "approve_trainee": lambda s: (lambda t: Act(lambda: actions.approve_trainee(t, acting_user=staff(s)), "李四"))(
            apply(s.user("ent_user"), make_cohort(staff(s), sessions=1), "李四")),
        "refuse_trainee": lambda s: (lambda t: Act(lambda: actions.refuse_trainee(
            t, acting_user=staff(s), reason="名额已满"), "李四"))(
            apply(s.user("ent_user"), make_cohort(staff(s), sessions=1), "李四")),
        "withdraw_application": lambda s: (lambda t: Act(lambda: actions.withdraw_application(
            t, acting_user=s.user("ent_user")), "李四"))(apply(s.user("ent_user"), make_cohort(staff(s), sessions=1),
                                                          "李四")),
        "check_in": lambda s: (lambda ct: Act(lambda: actions.check_in(
            ct[0].sessions.order_by("-starts_at").first(), acting_user=staff(s), code=ct[1].check_in_code), "张三"))(
            running(s)),
        "set_attendance": lambda s: (lambda ct: Act(lambda: actions.set_attendance(
            ct[0].sessions.order_by("-starts_at").first(), acting_user=staff(s), present=[ct[1].pk]), "张三"))(
            running(s)),
        "graduate_cohort": lambda s: (lambda c: Act(lambda: actions.graduate_cohort(c, acting_user=staff(s)), name))(
            finished(s)),
        "retry_certificate_pdf": lambda s: (lambda c: Act(lambda: actions.retry_certificate_pdf(
            c, acting_user=staff(s)), "张三"))(certificate(s)),
    }

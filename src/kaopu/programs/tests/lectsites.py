"""Education sites, lecturers and bookings for tests (of this app and of the audit walk), made through
the real actions. Tests about bookings pin the clock to DAY: an event is booked before it begins."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from kaopu.core.testing import local_moment
from kaopu.programs import actions_lecturers, actions_sites
from kaopu.programs.models import Activity, Cohort, EducationSite, Lecturer, TrainingSession
from kaopu.programs.testing import make_activity

DAY = date(2026, 9, 15)


def make_site(staff: Any, **values: Any) -> EducationSite:
    fields: dict[str, Any] = {"name": "上海甲科技有限公司理想信念教育指导点", "kind": EducationSite.Kind.GUIDANCE,
                              "designated_year": 2021, "capacity": 60, "address": "长寿路 100 号"}
    fields.update(values)
    return actions_sites.create_site(acting_user=staff, **fields)


def make_lecturer(staff: Any, **values: Any) -> Lecturer:
    fields: dict[str, Any] = {"name": "王建国", "kind": Lecturer.Kind.EXPERT, "affiliation": "区委党校教授",
                              "topics": "民营经济促进法解读\n企业家精神"}
    fields.update(values)
    return actions_lecturers.create_lecturer(acting_user=staff, **fields)


def coming_activity(user: Any, days: int = 10, hour: int = 14, **values: Any) -> Activity:
    """An activity ``days`` after DAY (the pinned day), recorded by ``user``."""
    return make_activity(user, starts_at=local_moment(DAY + timedelta(days=days), hour), **values)


def coming_session(district: Any, days: int = 12) -> TrainingSession:
    cohort, _made = Cohort.objects.get_or_create(district=district, name="第十期青年企业家培训班",
                                                 defaults={"year": DAY.year})
    start = local_moment(DAY + timedelta(days=days), 9)
    return TrainingSession.objects.create(cohort=cohort, starts_at=start, ends_at=start + timedelta(hours=3),
                                          topic="企业战略管理")

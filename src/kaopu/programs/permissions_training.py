"""Who sees and changes which cohort, trainee and certificate (the rules of kaopu.core.access for the
training; imported by kaopu.programs.permissions).

FIC staff see and change their district's cohorts, sessions, trainees and certificates; district leaders
read them. An enterprise user sees the cohorts of their enterprise's district once they are no longer drafts,
and only their own enterprise's trainees, attendance and certificates (withdrawing their own applications is
their only change); another enterprise's answers 404, even by guessing ids.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from kaopu.accounts.roles import Role
from kaopu.core.access import district_filter, grant
from kaopu.programs.models import Attendance, Certificate, Cohort, Trainee, TrainingSession


def _staff(user: Any, field: str, *, change: bool) -> Q | None:
    if user.role == Role.FIC_STAFF or (user.role == Role.DISTRICT_LEADER and not change):
        return district_filter(user, field)
    return None


@grant(Cohort, "view")
def cohorts_seen(user: Any) -> Q | None:
    if user.role == Role.ENTERPRISE_USER and user.enterprise_id and user.district_id:
        return Q(district_id=user.district_id) & ~Q(state=Cohort.State.DRAFT)
    return _staff(user, "district_id", change=False)


@grant(Cohort, "change")
def cohorts_changed(user: Any) -> Q | None:
    return _staff(user, "district_id", change=True)


@grant(TrainingSession, "view")
def sessions_seen(user: Any) -> Q | None:
    if user.role == Role.ENTERPRISE_USER and user.enterprise_id and user.district_id:
        return Q(cohort__district_id=user.district_id) & ~Q(cohort__state=Cohort.State.DRAFT)
    return _staff(user, "cohort__district_id", change=False)


@grant(TrainingSession, "change")
def sessions_changed(user: Any) -> Q | None:
    return _staff(user, "cohort__district_id", change=True)


def _own(user: Any, field: str) -> Q | None:
    if user.role == Role.ENTERPRISE_USER and user.enterprise_id:
        return Q(**{field: user.enterprise_id})
    return None


for _model, _district, _enterprise in ((Trainee, "cohort__district_id", "enterprise_id"),
                                       (Attendance, "trainee__cohort__district_id", "trainee__enterprise_id"),
                                       (Certificate, "district_id", "trainee__enterprise_id")):

    def _view(user: Any, district: str = _district, enterprise: str = _enterprise) -> Q | None:
        return _own(user, enterprise) if user.role == Role.ENTERPRISE_USER else _staff(user, district, change=False)

    def _change(user: Any, district: str = _district, enterprise: str = _enterprise) -> Q | None:
        return _own(user, enterprise) if user.role == Role.ENTERPRISE_USER else _staff(user, district, change=True)

    grant(_model, "view")(_view)
    grant(_model, "change")(_change)

"""Reads of the youth-entrepreneur training shared by its pages, the start page, the cockpit and the export,
all through the access rule (kaopu.programs.permissions_training), and the completion rule.

The completion rule: a trainee graduates when the sessions attended, of the sessions held (every session of
the curriculum that was not cancelled), reach the cohort's threshold (percent, 80 by default):
attended × 100 ≥ threshold × held, computed in whole numbers and Decimal (8 of 10 at 80 % passes, 7 of 10
fails). A cohort with no session held graduates nobody (0 of 0 is no evidence of attendance), and
graduate_cohort refuses to run on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from kaopu.core import access
from kaopu.core.workdays import local_today
from kaopu.programs.models import Attendance, Certificate, Cohort, Trainee, TrainingSession


def meets_rule(attended: int, held: int, threshold: Decimal | int) -> bool:
    """Whether ``attended`` of ``held`` sessions reach ``threshold`` percent (see the module's docstring)."""
    if held <= 0:
        return False
    return Decimal(min(attended, held)) * 100 >= Decimal(threshold) * held


def cohorts(user: Any) -> QuerySet[Cohort]:
    return access.scope(user, Cohort).order_by("-year", "-id")


def open_cohorts(user: Any) -> QuerySet[Cohort]:
    """The cohorts an enterprise user may apply to today (open, in their window)."""
    today = local_today()
    return cohorts(user).filter(state=Cohort.State.OPEN, applications_open_on__lte=today,
                                applications_close_on__gte=today)


def sessions(cohort: Cohort) -> list[TrainingSession]:
    """The cohort's curriculum, each session with ``lecturers``: the lecturers' group members who accepted a
    booking for it (kaopu.programs.models.lecturers; two queries whatever the length)."""
    from kaopu.programs.models import Booking

    accepted = Booking.objects.filter(state=Booking.State.ACCEPTED).select_related("lecturer").order_by("id")
    return list(cohort.sessions.order_by("starts_at", "id").prefetch_related(
        Prefetch("lecturer_bookings", queryset=accepted, to_attr="accepted_bookings")))


def trainees(user: Any, cohort: Cohort) -> QuerySet[Trainee]:
    return access.scope(user, Trainee).filter(cohort=cohort).select_related("enterprise").order_by("id")


@dataclass
class RollRow:
    trainee: Trainee
    attended: int
    meets: bool
    certificate: Certificate | None


def roll(user: Any, cohort: Cohort, held: int) -> list[RollRow]:
    """The approved trainees with their attendance of held sessions and certificate: two queries."""
    rows = (access.scope(user, Trainee).filter(cohort=cohort, state=Trainee.State.APPROVED)
            .select_related("enterprise")
            .annotate(attended=Count("attendances", filter=Q(attendances__session__is_cancelled=False)))
            .order_by("id"))
    certificates = {c.trainee_id: c for c in Certificate.objects.filter(cohort=cohort)}
    return [RollRow(t, t.attended, meets_rule(t.attended, held, cohort.completion_threshold),
                    certificates.get(t.pk)) for t in rows]


def present_ids(session: TrainingSession) -> set[int]:
    return set(Attendance.objects.filter(session=session).values_list("trainee_id", flat=True))


def waiting_applications(user: Any) -> QuerySet[Trainee]:
    """Applications waiting for staff, oldest first (index trainee_cohort_state)."""
    return (access.scope(user, Trainee).filter(state=Trainee.State.APPLIED)
            .select_related("cohort", "enterprise").order_by("id"))


def enterprise_trainees(user: Any) -> QuerySet[Trainee]:
    return (access.scope(user, Trainee).select_related("cohort").order_by("-id")
            .annotate(has_certificate=Exists(Certificate.objects.filter(trainee=OuterRef("pk")))))


# --- alumni ----------------------------------------------------------------------------------------------

def alumni(user: Any, *, year: int | None = None, cohort_id: int | None = None,
           name: str = "") -> QuerySet[Certificate]:
    """Every graduate the user may see (certificates), newest first by id: filters on year (index
    certificate_district_year), cohort (certificate_cohort) and the beginning of the name."""
    rows = access.scope(user, Certificate)
    if year:
        rows = rows.filter(year=year)
    if cohort_id:
        rows = rows.filter(cohort_id=cohort_id)
    if name:
        rows = rows.filter(name__startswith=name)
    return rows


@dataclass(frozen=True)
class Headline:
    graduates: int
    cohorts: int
    years: int

    def __str__(self) -> str:
        return _("%(graduates)d trainees · %(cohorts)d cohorts · %(years)d years") % {
            "graduates": self.graduates, "cohorts": self.cohorts, "years": self.years}


def headline(user: Any) -> Headline:
    """N名学员 · M期 · Y年 over every graduate the user may see: one aggregate query (on the certificates'
    district index; a few thousand rows per district over decades)."""
    row = access.scope(user, Certificate).aggregate(graduates=Count("id"), cohorts=Count("cohort_id", distinct=True),
                                                    years=Count("year", distinct=True))
    return Headline(row["graduates"], row["cohorts"], row["years"])


def verify(number: str) -> Certificate | None:
    """The certificate of a verification number typed loosely (spaces, lower case, full-width), or None."""
    import re
    import unicodedata

    text = unicodedata.normalize("NFKC", number or "").upper()
    text = re.sub(r"[\s\u3000]+", "", text)
    text = re.sub(r"[\u2010-\u2015\uff0d_]", "-", text)
    if not re.fullmatch(r"[A-Z0-9]{1,8}-\d{4}-QN-[A-Z0-9]{8}", text):
        return None
    return Certificate.objects.filter(number=text).first()

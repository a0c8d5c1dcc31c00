"""Who sees which rows of the Four-Good evaluation (kaopu.core.access rules).

- Cycles, their dimensions and indicators: FIC staff of the district see and change them; district leaders
  read them; a chamber officer reads the cycles of their district once they are open (never a draft).
- Applications, self-assessments and evidence belong to a chamber: the chambers rule (by_chamber) — staff
  of the district, leaders read, a chamber officer only their own chamber's.
- Reviews and scores: a reviewer always sees their own; everyone else who may (staff and leaders of the
  district) sees a review only once ALL assigned reviewers have submitted theirs for that application
  (``Application.reviewed_at`` is set). A chamber officer never sees reviews or individual scores. This is
  the only place deciding it: pages, the ranking and the export read reviews through ``access.scope``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from kaopu.accounts.roles import Role
from kaopu.chambers.models import Application, Cycle, Dimension, Evidence, Indicator, Review, Score, SelfAssessment
from kaopu.chambers.permissions import by_chamber
from kaopu.core.access import district_filter, grant


def _cycle_rows(path: str, *, change: bool) -> Any:
    prefix = f"{path}__" if path else ""

    def rule(user: Any) -> Q | None:
        if user.role == Role.FIC_STAFF or (user.role == Role.DISTRICT_LEADER and not change):
            return district_filter(user, f"{prefix}district_id")
        if user.role == Role.CHAMBER_OFFICER and not change and user.district_id is not None:
            return Q(**{f"{prefix}district_id": user.district_id}) & ~Q(**{f"{prefix}state": Cycle.State.DRAFT})
        return None

    return rule


def _review_rows(path: str, *, change: bool) -> Any:
    prefix = f"{path}__" if path else ""

    def rule(user: Any) -> Q | None:
        own = Q(**{f"{prefix}reviewer_id": user.pk})
        if user.role == Role.FIC_STAFF and change:
            return own
        if user.role == Role.FIC_STAFF or (user.role == Role.DISTRICT_LEADER and not change):
            complete = (district_filter(user, f"{prefix}application__cycle__district_id")
                        & Q(**{f"{prefix}application__reviewed_at__isnull": False}))
            return own | complete if user.role == Role.FIC_STAFF else complete
        return None

    return rule


for model, path in ((Cycle, ""), (Dimension, "cycle"), (Indicator, "cycle")):
    grant(model, "view")(_cycle_rows(path, change=False))
    grant(model, "change")(_cycle_rows(path, change=True))
for model, path in ((Review, ""), (Score, "review")):
    grant(model, "view")(_review_rows(path, change=False))
    grant(model, "change")(_review_rows(path, change=True))
by_chamber(Application, "chamber")
by_chamber(SelfAssessment, "application__chamber")
by_chamber(Evidence, "application__chamber")

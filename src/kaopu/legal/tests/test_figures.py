"""The figures on a hand-computed case, and the export."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from kaopu.legal import actions, selectors
from kaopu.legal.models import LegalRequest, RequestEvent
from kaopu.legal.testing import advance, area, submit

S = LegalRequest.State


def _at(request: LegalRequest, created: datetime, assigned: datetime | None = None,
        completed: datetime | None = None) -> None:
    """Move a request's history to fixed days (2025: a known calendar)."""
    LegalRequest.objects.filter(pk=request.pk).update(created_at=created, completed_at=completed)
    if assigned is not None:
        RequestEvent.objects.filter(request=request, kind="assigned").update(created_at=assigned)


def test_figures_on_a_hand_computed_year(world, team, staff, ent_user, other_ent_user):  # type: ignore[no-untyped-def]
    tz = timezone.get_current_timezone()
    # Monday 2025-03-03 → assigned Wednesday 03-05 (2 working days) → completed Monday 03-10 (5 working days).
    one = advance(submit(ent_user, practice_area=area("劳动用工")), staff, team.lawyer, to=S.RATED)  # rated 5
    _at(one, datetime(2025, 3, 3, 10, tzinfo=tz), datetime(2025, 3, 5, 10, tzinfo=tz),
        datetime(2025, 3, 10, 16, tzinfo=tz))
    # Wednesday 2025-04-30 → assigned Wednesday 05-07 (May Day holiday 05-01…05-05: 05-06, 05-07 → 2 working
    # days) → completed 05-08 (3 working days).
    two = advance(submit(other_ent_user), staff, team.lawyer2, to=S.COMPLETED)
    _at(two, datetime(2025, 4, 30, 9, tzinfo=tz), datetime(2025, 5, 7, 9, tzinfo=tz),
        datetime(2025, 5, 8, 9, tzinfo=tz))
    three = advance(submit(ent_user, service_name="合同审查", practice_area=area("劳动用工")), staff, team.lawyer,
                    to=S.RATED)
    LegalRequest.objects.filter(pk=three.pk).update(rating=2)
    # Tuesday 2025-06-03 → assigned the same day (0) → completed 06-04 (1); rated 2.
    _at(three, datetime(2025, 6, 3, 9, tzinfo=tz), datetime(2025, 6, 3, 15, tzinfo=tz),
        datetime(2025, 6, 4, 9, tzinfo=tz))
    cancelled = submit(ent_user)
    actions.cancel_request(cancelled.pk, acting_user=ent_user)
    _at(cancelled, datetime(2025, 7, 1, 9, tzinfo=tz))
    _at(submit(ent_user), datetime(2024, 12, 31, 9, tzinfo=tz))  # another year: not counted
    far = submit(world.users["far_staff"], enterprise=world.far_enterprise)
    _at(far, datetime(2025, 3, 3, 9, tzinfo=tz))  # another district: not counted

    figures = selectors.figures(staff, 2025)
    assert figures.total == 4
    assert figures.by_service == [("法律咨询", 3, 2, Decimal("5.0")), ("合同审查", 1, 1, Decimal("2.0"))]
    assert {state: n for state, _label, n in figures.by_state} == {"completed": 1, "rated": 2, "cancelled": 1}
    assert dict(figures.by_area) == {"劳动用工": 2, "未填写": 2}
    # Assignment: (2 + 2 + 0) / 3 = 1.3; completion: (5 + 3 + 1) / 3 = 3.0; ratings (5 + 2) / 2 = 3.5.
    assert figures.days_to_assignment == Decimal("1.3")
    assert figures.days_to_completion == Decimal("3.0")
    assert figures.mean_rating == Decimal("3.5")
    by_lawyer = {f.name: f for f in figures.lawyers}
    assert (by_lawyer["lawyer"].handled, by_lawyer["lawyer"].completed, by_lawyer["lawyer"].mean_rating) == (
        2, 2, Decimal("3.5"))
    assert (by_lawyer["李律师"].handled, by_lawyer["李律师"].mean_rating) == (1, None)
    assert "远律师" not in by_lawyer
    assert selectors.figures(world.users["far_staff"], 2025).total == 1

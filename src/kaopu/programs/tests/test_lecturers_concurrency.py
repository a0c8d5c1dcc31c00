"""An answer and a cancellation of the same booking at the same moment, with real threads on
PostgreSQL. The booking row's lock orders them: either the cancellation comes first and the answer is
refused, or the answer comes first and the cancellation then calls off the accepted talk. Never is a
cancellation lost under an acceptance written over it (the booking ends cancelled every time)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kaopu.core.testing import at_once, build_world
from kaopu.programs import actions_lecturers as lec
from kaopu.programs.actions_lecturers import LecturerError
from kaopu.programs.models import Booking
from kaopu.programs.testing import make_activity, make_types
from kaopu.programs.tests.lectsites import make_lecturer

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("rounds", [3])
def test_accept_and_cancel_at_once_leave_one_outcome(rounds: int) -> None:
    world = build_world()
    staff, speaker_user = world.users["staff"], world.users["ent_user"]
    make_types()
    speaker = make_lecturer(staff, account=speaker_user.username)
    for n in range(rounds):
        activity = make_activity(staff, title=f"论坛{n}", starts_at=timezone.now() + timedelta(days=5 + n))
        booking = lec.request_booking(acting_user=staff, lecturer=speaker, topic="专题", activity=activity.pk)
        pk = booking.pk
        outcomes = at_once([lambda: lec.accept_booking(pk, acting_user=speaker_user),  # noqa: B023 (run at once)
                            lambda: lec.cancel_booking(pk, acting_user=staff)])  # noqa: B023
        errors = [o for o in outcomes if isinstance(o, Exception)]
        booking.refresh_from_db()
        assert booking.state == Booking.State.CANCELLED, outcomes
        if errors:  # cancelled first: the answer found it cancelled
            assert len(errors) == 1 and isinstance(errors[0], LecturerError) and "已取消" in errors[0].message
            assert booking.answered_at is None
        else:  # accepted first, then the accepted talk was called off
            assert booking.answered_by == speaker_user and booking.cancelled_at >= booking.answered_at

"""Two people acting at once, with real threads on PostgreSQL: two staff assigning one request make
one assignment, a lawyer's last free place goes to one request only, and a rating is given once."""

from __future__ import annotations

import pytest

from kaopu.accounts.roles import Role
from kaopu.core.testing import at_once, build_world, make_user
from kaopu.legal import actions
from kaopu.legal.actions import LegalError
from kaopu.legal.models import LegalRequest, RequestEvent
from kaopu.legal.testing import advance, make_team, submit

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]
S = LegalRequest.State


def test_two_staff_assigning_one_request_make_one_assignment() -> None:
    world = build_world()
    team = make_team(world)
    staff = world.users["staff"]
    second = make_user("staff2", Role.FIC_STAFF, staff.organisation)
    request = submit(world.users["ent_user"])
    outcomes = at_once([
        lambda: actions.assign_lawyer(request.pk, acting_user=staff, lawyer=team.lawyer, expected_lawyer=None),
        lambda: actions.assign_lawyer(request.pk, acting_user=second, lawyer=team.lawyer2, expected_lawyer=None),
    ])
    done = [o for o in outcomes if isinstance(o, LegalRequest)]
    refused = [o for o in outcomes if isinstance(o, LegalError)]
    assert len(done) == 1 and len(refused) == 1, outcomes
    request.refresh_from_db()
    assert request.state == S.ASSIGNED and request.lawyer_id == done[0].lawyer_id
    kinds = list(RequestEvent.objects.filter(request=request).order_by("id").values_list("kind", flat=True))
    assert kinds == ["submitted", "assigned"]


def test_a_lawyers_last_place_goes_to_one_request() -> None:
    world = build_world()
    team = make_team(world)
    team.lawyer.max_open_requests = 1
    team.lawyer.save()
    staff = world.users["staff"]
    second = make_user("staff2", Role.FIC_STAFF, staff.organisation)
    first, other = submit(world.users["ent_user"]), submit(world.users["other_ent_user"])
    outcomes = at_once([
        lambda: actions.assign_lawyer(first.pk, acting_user=staff, lawyer=team.lawyer),
        lambda: actions.assign_lawyer(other.pk, acting_user=second, lawyer=team.lawyer),
    ])
    assert sum(isinstance(o, LegalRequest) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, LegalError) and o.field == "lawyer" for o in outcomes) == 1
    assert LegalRequest.objects.filter(lawyer=team.lawyer, state=S.ASSIGNED).count() == 1


def test_rating_twice_at_once_gives_one_rating() -> None:
    world = build_world()
    team = make_team(world)
    ent_user = world.users["ent_user"]
    colleague = make_user("ent_user2", Role.ENTERPRISE_USER, ent_user.organisation)
    request = advance(submit(ent_user), world.users["staff"], team.lawyer, to=S.COMPLETED)
    outcomes = at_once([
        lambda: actions.rate_request(request.pk, acting_user=ent_user, rating=5),
        lambda: actions.rate_request(request.pk, acting_user=colleague, rating=1),
    ])
    assert sum(isinstance(o, LegalRequest) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, LegalError) for o in outcomes) == 1
    assert RequestEvent.objects.filter(request=request, kind="rated").count() == 1

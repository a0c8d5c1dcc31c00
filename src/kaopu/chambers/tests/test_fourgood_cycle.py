"""Staff set up a cycle: the four dimensions come with it, indicators are edited while it is a draft (or copied
from the last cycle), opening checks the weights with a message naming the rule, reviewers are the district's
FIC staff, and the cycle moves draft → open → reviewing → closed only along its table."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from kaopu.audit.models import AuditEntry
from kaopu.chambers import actions_fourgood as actions
from kaopu.chambers.actions_fourgood import FourGoodError
from kaopu.chambers.models import Cycle, Indicator
from kaopu.chambers.testing_fourgood import apply, make_cycle, score, to_reviewing
from kaopu.chambers.tests.fourgood_fixtures import TODAY, cycle, reviewer  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(TODAY)


def test_staff_create_a_cycle_through_the_page_with_the_four_dimensions(staff, login):  # type: ignore[no-untyped-def]
    response = login(staff).post(reverse("fourgood:cycle_new"), {
        "name": "2025—2026年度四好商会评价", "first_year": 2025, "last_year": 2026,
        "application_deadline": "2026-10-31", "review_deadline": "2026-11-30", "spread": "2"})
    cycle = Cycle.objects.get()  # noqa: F811
    assert response.url == reverse("fourgood:cycle", args=[cycle.pk]) and cycle.state == "draft"
    assert [d.name for d in cycle.dimensions.all()] == ["政治引领好", "队伍建设好", "服务发展好", "自律规范好"]
    assert AuditEntry.objects.filter(object_type="chambers.cycle", summary__contains=cycle.name).exists()


def test_opening_refuses_weights_that_do_not_add_up_to_100_and_says_so_in_chinese(staff, reviewer):  # type: ignore[no-untyped-def]  # noqa: F811
    draft = make_cycle(staff, [reviewer], open_it=False)
    first = draft.indicators.order_by("id").first()
    actions.save_indicator(draft.pk, acting_user=staff, indicator_id=first.pk, dimension_id=first.dimension_id,
                           name=first.name, max_score="10", weight="35")
    with translation.override("zh-hans"), pytest.raises(FourGoodError) as refused:
        actions.move_cycle(draft.pk, acting_user=staff, move="open")
    assert "100" in refused.value.message and "95" in refused.value.message and "权重" in refused.value.message
    assert Cycle.objects.get(pk=draft.pk).state == "draft"


def test_opening_needs_an_indicator_in_every_dimension_and_a_reviewer(staff):  # type: ignore[no-untyped-def]
    draft = actions.create_cycle(acting_user=staff, name="空周期", first_year=2025, last_year=2026,
                                 application_deadline=date(2026, 10, 31), review_deadline=date(2026, 11, 30),
                                 spread="2")
    with pytest.raises(FourGoodError) as refused:
        actions.move_cycle(draft.pk, acting_user=staff, move="open")
    assert "政治引领好" in refused.value.message and refused.value.field == "state"


def test_indicators_change_only_while_the_cycle_is_a_draft(cycle, staff):  # type: ignore[no-untyped-def]  # noqa: F811
    first = cycle.indicators.first()
    with pytest.raises(FourGoodError, match="草稿"):
        actions.remove_indicator(cycle.pk, first.pk, acting_user=staff)
    assert Indicator.objects.filter(pk=first.pk).exists()


def test_the_last_cycles_indicators_are_copied_as_a_start(cycle, staff, reviewer):  # type: ignore[no-untyped-def]  # noqa: F811
    nxt = actions.create_cycle(acting_user=staff, name="2027—2028年度四好商会评价", first_year=2027, last_year=2028,
                               application_deadline=date(2028, 10, 31), review_deadline=date(2028, 11, 30), spread="2")
    assert actions.copy_indicators(nxt.pk, acting_user=staff) == 4
    def described(of):  # type: ignore[no-untyped-def]
        return [(i.dimension.name, i.name, i.max_score, i.weight) for i in of.indicators.order_by("dimension__order")]

    assert described(nxt) == described(cycle)
    assert all(i.dimension.cycle_id == nxt.pk for i in nxt.indicators.all())
    with pytest.raises(FourGoodError):
        actions.copy_indicators(nxt.pk, acting_user=staff)  # only into an empty cycle


def test_reviewers_are_fic_staff_of_the_district(staff, far_staff, chamber_officer):  # type: ignore[no-untyped-def]
    draft = make_cycle(staff, [staff], open_it=False)
    for wrong in (far_staff, chamber_officer):
        with pytest.raises(FourGoodError) as refused:
            actions.set_reviewers(draft.pk, acting_user=staff, reviewers=[wrong])
        assert refused.value.field == "reviewers"


def test_the_cycle_closes_only_when_every_submitted_application_is_scored(  # type: ignore[no-untyped-def]
        cycle, staff, reviewer, chamber, chamber_officer):  # noqa: F811
    application = apply(cycle, chamber, chamber_officer)
    with pytest.raises(FourGoodError):
        actions.move_cycle(cycle.pk, acting_user=staff, move="close")  # not from "open"
    to_reviewing(cycle, staff)
    with pytest.raises(FourGoodError, match="1"):
        actions.move_cycle(cycle.pk, acting_user=staff, move="close")
    score(application, staff, ["8", "8", "4", "16"])
    score(application, reviewer, ["8", "8", "4", "16"])
    assert actions.move_cycle(cycle.pk, acting_user=staff, move="close").state == "closed"


def test_leaders_read_the_cycle_and_may_not_change_it(cycle, leader, login):  # type: ignore[no-untyped-def]  # noqa: F811
    client = login(leader)
    assert client.get(reverse("fourgood:cycle", args=[cycle.pk])).status_code == 200
    assert client.post(reverse("fourgood:cycle_move", args=[cycle.pk, "review"])).status_code == 404
    assert Cycle.objects.get(pk=cycle.pk).state == "open"


def test_far_staff_do_not_see_the_cycle(cycle, far_staff, login):  # type: ignore[no-untyped-def]  # noqa: F811
    assert login(far_staff).get(reverse("fourgood:cycle", args=[cycle.pk])).status_code == 404

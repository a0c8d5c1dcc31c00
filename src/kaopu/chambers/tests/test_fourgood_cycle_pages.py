"""The cycle page in use: staff add and remove indicators, choose reviewers, try to open with wrong weights (the
message names the rule), edit the cycle; a score outside 0..max is refused naming the indicator, whatever it is."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from kaopu.chambers import actions_fourgood as actions
from kaopu.chambers.actions_fourgood import FourGoodError
from kaopu.chambers.models import Cycle
from kaopu.chambers.testing_fourgood import make_cycle
from kaopu.chambers.tests.fourgood_fixtures import TODAY, reviewer  # noqa: F401


@pytest.fixture
def draft(staff, reviewer, pin_clock):  # type: ignore[no-untyped-def]  # noqa: F811
    pin_clock(TODAY)
    return make_cycle(staff, [staff], open_it=False)


def _messages(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(str(m) for m in response.context["messages"])


def test_staff_edit_indicators_and_reviewers_on_the_page(draft, staff, reviewer, login):  # type: ignore[no-untyped-def]  # noqa: F811
    client = login(staff)
    url = reverse("fourgood:cycle", args=[draft.pk])
    dimension = draft.dimensions.get(name="自律规范好")
    client.post(reverse("fourgood:indicator_add", args=[draft.pk]), {
        "dimension": dimension.pk, "name": "诚信经营承诺", "max_score": "5", "weight": "5", "guidance": "签署承诺书"})
    assert draft.indicators.filter(name="诚信经营承诺", dimension=dimension).exists()
    response = client.post(reverse("fourgood:cycle_move", args=[draft.pk, "open"]), follow=True)
    assert "权重" in _messages(response) and "105" in _messages(response)
    added = draft.indicators.get(name="诚信经营承诺")
    client.post(reverse("fourgood:indicator_remove", args=[draft.pk, added.pk]))
    client.post(reverse("fourgood:reviewers", args=[draft.pk]), {"reviewers": [staff.pk, reviewer.pk]})
    assert set(draft.reviewers.all()) == {staff, reviewer}
    response = client.post(reverse("fourgood:cycle_move", args=[draft.pk, "open"]), follow=True)
    assert Cycle.objects.get(pk=draft.pk).state == "open"
    assert "开放申报" in client.get(url).content.decode()


def test_staff_edit_the_cycle(draft, staff, login):  # type: ignore[no-untyped-def]
    client = login(staff)
    form = client.get(reverse("fourgood:cycle_edit", args=[draft.pk])).content.decode()
    assert 'value="2026-10-28"' in form  # the date field shows its value
    client.post(reverse("fourgood:cycle_edit", args=[draft.pk]), {
        "name": "2025—2026年度四好商会评价（第二批）", "first_year": 2025, "last_year": 2026,
        "application_deadline": "2026-11-15", "review_deadline": "2026-12-15", "spread": "1.5"})
    draft.refresh_from_db()
    assert draft.name.endswith("（第二批）") and draft.spread == Decimal("1.5")


@settings(deadline=None, max_examples=30)
@given(value=st.one_of(st.decimals(min_value=Decimal(-1000), max_value=Decimal("-0.01"), places=2),
                       st.decimals(min_value=Decimal("10.01"), max_value=Decimal(1000), places=2),
                       st.decimals(min_value=Decimal(0), max_value=Decimal(10), places=3)
                       .filter(lambda d: d != d.quantize(Decimal("0.01")))))
def test_a_score_outside_the_rule_is_refused_naming_the_indicator(value: Decimal) -> None:
    with pytest.raises(FourGoodError) as refused:
        actions._score(str(value), "score_1", "党建工作开展情况", maximum=Decimal(10))
    assert refused.value.field == "score_1" and "党建工作开展情况" in refused.value.message

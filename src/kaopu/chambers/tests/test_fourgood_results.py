"""Staff record the recommended level and the final result of a fully reviewed application; the chamber's
officer then sees it (theirs only), and the chamber's page section lists the chamber's evaluations."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from kaopu.audit.models import AuditEntry
from kaopu.chambers import actions_fourgood as actions
from kaopu.chambers.actions_fourgood import FourGoodError
from kaopu.chambers.sections import sections
from kaopu.chambers.testing_fourgood import apply, score, to_reviewing
from kaopu.chambers.tests.fourgood_fixtures import cycle, reviewer  # noqa: F401
from kaopu.notifications.models import Notification


@pytest.fixture
def scored(cycle, staff, reviewer, chamber, chamber_officer):  # type: ignore[no-untyped-def]  # noqa: F811
    application = apply(cycle, chamber, chamber_officer)
    to_reviewing(cycle, staff)
    score(application, staff, ["9", "9", "5", "18"])
    score(application, reviewer, ["9", "8", "5", "19"])
    return application


def test_staff_record_the_result_and_the_officer_sees_it(scored, staff, chamber_officer, login):  # type: ignore[no-untyped-def]
    response = login(staff).post(reverse("fourgood:result", args=[scored.pk]), {
        "recommended_level": "city", "result": "recognised", "result_level": "city", "result_on": "2026-12-01"})
    assert response.status_code == 302
    scored.refresh_from_db()
    assert (scored.result, scored.result_level, scored.result_on) == ("recognised", "city", date(2026, 12, 1))
    entry = AuditEntry.objects.filter(object_type="chambers.application").latest("sequence")
    assert "普陀区青年商会" in entry.summary and "评价结果" in entry.summary
    assert Notification.objects.filter(user=chamber_officer, kind="chambers.fourgood_result").exists()
    page = login(chamber_officer).get(reverse("fourgood:application", args=[scored.pk])).content.decode()
    assert "市级" in page
    mine = login(chamber_officer).get(reverse("fourgood:mine")).content.decode()
    assert "市级" in mine and "2026-12-01" in mine


def test_a_result_needs_every_review_first(cycle, staff, reviewer, chamber, chamber_officer):  # type: ignore[no-untyped-def]  # noqa: F811
    application = apply(cycle, chamber, chamber_officer)
    to_reviewing(cycle, staff)
    score(application, staff, ["9", "9", "5", "18"])
    with pytest.raises(FourGoodError):
        actions.record_result(application.pk, acting_user=staff, result="not_recognised", result_on=date(2026, 12, 1))


def test_a_recognition_names_its_level_and_a_result_its_date(scored, staff):  # type: ignore[no-untyped-def]
    with pytest.raises(FourGoodError) as refused:
        actions.record_result(scored.pk, acting_user=staff, result="recognised", result_on=date(2026, 12, 1))
    assert refused.value.field == "result_level"
    with pytest.raises(FourGoodError) as refused:
        actions.record_result(scored.pk, acting_user=staff, result="not_recognised")
    assert refused.value.field == "result_on"


def test_the_chamber_page_section_lists_the_history_for_its_officer_only(  # type: ignore[no-untyped-def]
        scored, staff, chamber, other_chamber_officer, chamber_officer):
    actions.record_result(scored.pk, acting_user=staff, result="recognised", result_level="national",
                          result_on=date(2026, 12, 1))
    (section,) = [s for s in sections() if s.key == "chambers.fourgood"]
    rows = section.rows(chamber_officer, chamber, 5)
    assert [r.text for r in rows] == [scored.cycle.name] and "全国" in rows[0].detail
    assert section.rows(other_chamber_officer, chamber, 5) == []

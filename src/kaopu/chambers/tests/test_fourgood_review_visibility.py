"""A reviewer never sees another reviewer's scores — on any page, in the ranking, in the export — until every
assigned reviewer has submitted for that application; nobody else sees them before then either (staff who
are not reviewers, district leaders, the chamber's officer). Then staff and leaders see them all."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kaopu.accounts.roles import Role
from kaopu.chambers import selectors_fourgood as selectors
from kaopu.chambers.actions_fourgood import FourGoodError
from kaopu.chambers.models import Score
from kaopu.chambers.testing_fourgood import apply, score, to_reviewing
from kaopu.chambers.tests.fourgood_fixtures import cycle, reviewer  # noqa: F401
from kaopu.core import access
from kaopu.core.testing import make_user

SECRET = ["6.37", "7.41", "3.29", "13.53"]  # the staff reviewer's scores, distinctive on a page


def _pages(client, application, cycle) -> str:  # type: ignore[no-untyped-def]  # noqa: F811
    texts = []
    for name, args in (("fourgood:application", [application.pk]), ("fourgood:review", [application.pk]),
                       ("fourgood:ranking", [cycle.pk]), ("fourgood:cycle", [cycle.pk])):
        response = client.get(reverse(name, args=args))
        texts.append(response.content.decode() if response.status_code == 200 else "")
    export = client.get(reverse("fourgood:export", args=[cycle.pk]))
    if export.status_code == 200:
        book = load_workbook(io.BytesIO(export.content))
        texts += [str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row]
    return "\n".join(texts)


@pytest.fixture
def half_scored(cycle, chamber, chamber_officer, staff):  # type: ignore[no-untyped-def]  # noqa: F811
    application = apply(cycle, chamber, chamber_officer)
    to_reviewing(cycle, staff)
    score(application, staff, SECRET)  # submitted; the other reviewer has not
    return application


def test_the_other_reviewer_sees_no_score_of_the_first_before_submitting(  # type: ignore[no-untyped-def]
        half_scored, cycle, reviewer, login):  # noqa: F811
    score(half_scored, reviewer, ["5", "5", "2", "10"], submit=False)  # even with a draft of their own
    text = _pages(login(reviewer), half_scored, cycle)
    assert not any(secret in text for secret in SECRET) and "staff的意见" not in text
    assert not access.scope(reviewer, Score).exclude(review__reviewer=reviewer).exists()


@pytest.mark.parametrize("persona", ["other_staff", "leader", "chamber_officer"])
def test_nobody_else_sees_individual_scores_before_all_reviewers_submitted(  # type: ignore[no-untyped-def]
        half_scored, cycle, world, login, persona):  # noqa: F811
    user = (make_user("other_staff", Role.FIC_STAFF, world.users["staff"].organisation)
            if persona == "other_staff" else world.users[persona])
    text = _pages(login(user), half_scored, cycle)
    assert not any(secret in text for secret in SECRET)
    assert not access.scope(user, Score).exists()
    assert selectors.ranking(user, cycle).standings == []


def test_the_reviewer_who_submitted_sees_only_their_own(half_scored, staff, cycle, login):  # type: ignore[no-untyped-def]  # noqa: F811
    assert set(access.scope(staff, Score).values_list("review__reviewer", flat=True)) == {staff.pk}
    assert selectors.ranking(staff, cycle).standings == []  # the combination waits for every reviewer


def test_once_everyone_submitted_staff_and_leaders_see_every_score_and_the_officer_none(  # type: ignore[no-untyped-def]
        half_scored, cycle, reviewer, leader, chamber_officer, login):  # noqa: F811
    score(half_scored, reviewer, ["5", "5", "2", "10"])
    for user in (reviewer, leader):
        text = _pages(login(user), half_scored, cycle)
        assert all(secret in text for secret in SECRET), user
    officer_text = _pages(login(chamber_officer), half_scored, cycle)
    assert not any(secret in officer_text for secret in SECRET)


def test_a_submitted_review_cannot_change_and_a_non_reviewer_cannot_score(  # type: ignore[no-untyped-def]
        half_scored, staff, world):
    with pytest.raises(FourGoodError, match="已经提交"):
        score(half_scored, staff, ["1", "1", "1", "1"])
    outsider = make_user("other_staff", Role.FIC_STAFF, staff.organisation)
    with pytest.raises(FourGoodError):
        score(half_scored, outsider, ["1", "1", "1", "1"])

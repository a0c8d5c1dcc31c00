"""Turning the issues of a meeting's minutes into appeals: a refusal names the issue by the number the
page shows it under (its place in the meeting's list, not its database id nor its place among the
issues still open), with its enterprise, and is shown once on the page."""

from __future__ import annotations

from datetime import date

import pytest

from kaopu.appeals.models import Appeal, Category
from kaopu.dialogues import actions
from kaopu.dialogues.actions import DialogueError
from kaopu.dialogues.models import RaisedIssue
from kaopu.dialogues.testing import make_meeting


@pytest.fixture(autouse=True)
def _fixed_today(pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 9, 28))


@pytest.fixture
def meeting(world, staff, ent_user):  # type: ignore[no-untyped-def]
    # Issues of another meeting first, so that database ids and the page's numbers differ.
    other = make_meeting(world.district, staff, theme="另一场")
    for summary in ("另一场的问题一", "另一场的问题二"):
        actions.add_issue(other.pk, acting_user=staff, enterprise=world.enterprise_a, summary=summary)
    meeting = make_meeting(world.district, staff, requires_approval=False)
    actions.register(meeting.pk, acting_user=ent_user)
    return meeting


@pytest.fixture
def issues(world, staff, meeting):  # type: ignore[no-untyped-def]
    """Three issues; the first already became an appeal, so the page lists it first (1) without a form row."""
    made = [actions.add_issue(meeting.pk, acting_user=staff, enterprise=world.enterprise_a, summary=summary)
            for summary in ("用电增容审批慢。", "希望协调银行续贷。", "高新技术企业认定咨询。")]
    actions.issues_to_appeals(meeting.pk, acting_user=staff, items=[(made[0].pk, "help", _category())])
    return made


def _category() -> Category:
    return Category.objects.get(name="融资")


def _messages(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(m) for m in response.context["messages"]]


def test_a_missing_category_names_the_issue_by_its_number_on_the_page_once(world, login, staff, meeting,
                                                                            issues) -> None:  # type: ignore[no-untyped-def]
    third = issues[2]
    assert third.pk != 3  # the id is not the number
    response = login(staff).post(f"/dialogues/{meeting.pk}/minutes/appeals/", {
        f"pick_{third.pk}": "on", f"kind_{third.pk}": "help", f"category_{third.pk}": ""})
    assert response.status_code == 200
    expected = f"问题 3（{world.enterprise_a.name}）：请选择诉求类别。"
    assert _messages(response) == [expected]
    page = response.content.decode()
    assert page.count("请选择诉求类别") == 1  # not once as a message and again inside the form
    assert "问题 2（" not in page  # its place among the open issues is not its number
    assert Appeal.objects.filter(source_meeting=meeting).count() == 1  # only the first issue's, from before


def test_a_category_that_is_no_longer_offered_is_named_too(world, login, staff, meeting, issues) -> None:  # type: ignore[no-untyped-def]
    second = issues[1]
    response = login(staff).post(f"/dialogues/{meeting.pk}/minutes/appeals/", {
        f"pick_{second.pk}": "on", f"kind_{second.pk}": "help", f"category_{second.pk}": "999999"})
    (message,) = _messages(response)
    assert message.startswith(f"问题 2（{world.enterprise_a.name}）：诉求类别：")
    assert response.content.decode().count(message.split("：", 1)[1]) == 1


def test_every_wrong_issue_is_named_once(world, login, staff, meeting, issues) -> None:  # type: ignore[no-untyped-def]
    second, third = issues[1:]
    response = login(staff).post(f"/dialogues/{meeting.pk}/minutes/appeals/", {
        f"pick_{second.pk}": "on", f"kind_{second.pk}": "", f"category_{second.pk}": _category().pk,
        f"pick_{third.pk}": "on", f"kind_{third.pk}": "help", f"category_{third.pk}": ""})
    name = world.enterprise_a.name
    assert _messages(response) == [f"问题 2（{name}）：请选择诉求类型。", f"问题 3（{name}）：请选择诉求类别。"]
    assert RaisedIssue.objects.get(pk=second.pk).appeal_id is None


def test_the_action_names_the_issue_by_its_number_in_the_meeting(world, staff, meeting, issues) -> None:  # type: ignore[no-untyped-def]
    second, third = issues[1:]
    with pytest.raises(DialogueError) as caught:
        actions.issues_to_appeals(meeting.pk, acting_user=staff,
                                  items=[(second.pk, "help", _category()), (third.pk, "nonsense", _category())])
    assert str(caught.value) == f"问题 3（{world.enterprise_a.name}）：请选择诉求类型。"
    assert RaisedIssue.objects.get(pk=second.pk).appeal_id is None  # all or none
    with pytest.raises(DialogueError) as caught:
        actions.issues_to_appeals(meeting.pk, acting_user=staff, items=[(issues[0].pk, "help", _category())])
    assert str(caught.value).startswith(f"问题 1（{world.enterprise_a.name}）：已转为诉求")

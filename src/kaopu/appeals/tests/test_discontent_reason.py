"""不满意 and 非常不满意 send the appeal back to the department, and need a written reason, which the
department reads when the appeal comes back (the reopening's notification and timeline)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kaopu.appeals import actions
from kaopu.appeals.models import Appeal, Event
from kaopu.appeals.workflow import TransitionError
from kaopu.core.api_testing import API, bearer_client
from kaopu.notifications.models import Notification


@pytest.fixture
def replied(world, in_progress) -> Appeal:  # type: ignore[no-untyped-def]
    return actions.reply(in_progress.pk, acting_user=world.users["handler"], text="已协调银行办理续贷。")


@pytest.mark.parametrize("rating", [Appeal.Rating.DISSATISFIED, Appeal.Rating.VERY_DISSATISFIED])
@pytest.mark.parametrize("comment", ["", "   \n "])
def test_a_low_rating_without_a_reason_is_refused_and_changes_nothing(world, replied, rating, comment):  # type: ignore[no-untyped-def]
    with pytest.raises(TransitionError, match="请写明不满意的原因"):
        actions.rate(replied.pk, acting_user=world.users["ent_user"], rating=rating, comment=comment)

    replied.refresh_from_db()
    assert (replied.state, replied.rating, replied.reopen_count) == (Appeal.State.REPLIED, "", 0)
    assert not Event.objects.filter(appeal=replied, action="rate").exists()


@pytest.mark.parametrize("rating", ["5", "4", "3"])
def test_a_good_rating_needs_no_comment(world, replied, rating):  # type: ignore[no-untyped-def]
    assert actions.rate(replied.pk, acting_user=world.users["ent_user"], rating=rating).state == Appeal.State.CLOSED


def test_the_department_is_told_the_reason_when_the_appeal_comes_back(  # type: ignore[no-untyped-def]
        world, replied, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appeal = actions.rate(replied.pk, acting_user=world.users["ent_user"], rating=Appeal.Rating.DISSATISFIED,
                              comment="银行仍未放款")

    assert appeal.state == Appeal.State.IN_PROGRESS
    told = Notification.objects.get(kind="appeal.reopen", user=world.users["handler"])
    assert told.body == "银行仍未放款"
    assert Event.objects.get(appeal=appeal, action="rate").text == "银行仍未放款"


def test_the_page_names_the_field_and_keeps_the_appeal_replied(world, replied, login):  # type: ignore[no-untyped-def]
    client = login(world.users["ent_user"])
    page = client.get(reverse("appeals:my_detail", args=[replied.pk])).content.decode()
    assert "选择“不满意”或“非常不满意”时必填" in page

    response = client.post(reverse("appeals:my_rate", args=[replied.pk]), {"rating": "1", "comment": ""}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "意见：请写明不满意的原因；诉求退回部门重新办理时，部门会看到。"]
    assert Appeal.objects.get(pk=replied.pk).state == Appeal.State.REPLIED


def test_the_api_refuses_with_the_reason_named(world, replied):  # type: ignore[no-untyped-def]
    response = bearer_client(world.users["ent_user"]).post(
        f"{API}/appeals/{replied.pk}/transitions", {"action": "rate", "rating": "2"}, content_type="application/json")

    assert response.status_code in (400, 409, 422), response.content
    assert response.json()["detail"] == "意见：请写明不满意的原因；诉求退回部门重新办理时，部门会看到。"
    assert Appeal.objects.get(pk=replied.pk).state == Appeal.State.REPLIED

"""The district leader's pages: the overview of the district's appeals and instructions on an appeal."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaopu.appeals import actions
from kaopu.appeals.models import Appeal, Category, Event
from kaopu.appeals.testing import number_fields

ENGLISH = {"accept-language": "en"}


def detail(pk: int) -> str:
    return reverse("appeals:staff_detail", args=[pk])


@pytest.mark.parametrize("persona", ["staff", "handler", "ent_user", "sysadmin"])
def test_other_roles_get_404_on_the_overview(world, login, persona) -> None:  # type: ignore[no-untyped-def]
    assert login(world.users[persona]).get(reverse("appeals:overview")).status_code == 404


def test_the_overview_counts_the_districts_appeals_by_state(world, login, leader, staff, submit) -> None:  # type: ignore[no-untyped-def]
    first = submit()
    accepted = submit()
    actions.accept(accepted.pk, acting_user=staff)
    hidden = submit(is_confidential=True)
    actions.accept(hidden.pk, acting_user=staff)
    response = login(leader).get(reverse("appeals:overview"))
    counts = dict(response.context["counts"])
    assert counts[Appeal.State.SUBMITTED] == 1
    assert counts[Appeal.State.ACCEPTED] == 1  # the confidential one is not the leader's
    assert response.context["open_total"] == 2
    assert [a.pk for a in response.context["appeals"]] == [accepted.pk, first.pk]


def test_the_overview_runs_the_same_queries_for_few_or_many_appeals(world, login, leader,
                                                                    django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    category = Category.objects.get(name="融资")

    def bulk(n: int) -> None:
        Appeal.objects.bulk_create([
            Appeal(district=world.district, enterprise=world.enterprise_a, created_by=world.users["staff"],
                   kind=Appeal.Kind.HELP, category=category, title=f"诉求{i}", content="内容",
                   state=Appeal.State.values[i % 5], lead_department=world.department, due_on=date(2026, 10, 9),
                   **number_fields(world.district))
            for i in range(n)])
    client = login(leader)
    bulk(2)
    client.get(reverse("appeals:overview"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("appeals:overview"))
    bulk(40)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("appeals:overview"))


def test_a_leader_sees_only_the_instruction_form_on_the_detail(world, login, leader, submit) -> None:  # type: ignore[no-untyped-def]
    appeal = submit()
    response = login(leader).get(detail(appeal.pk))
    assert response.status_code == 200
    assert response.context["allowed"] == {"instruct"}
    assert response.context["instruct_form"] is not None
    html = response.content.decode()
    assert reverse("appeals:leader_instruct", args=[appeal.pk]) in html
    assert reverse("appeals:staff_accept", args=[appeal.pk]) not in html


def test_a_confidential_appeal_is_404_for_the_leader(world, login, leader, submit) -> None:  # type: ignore[no-untyped-def]
    appeal = submit(is_confidential=True)
    assert login(leader).get(detail(appeal.pk)).status_code == 404


def test_an_instruction_goes_into_the_timeline_without_changing_the_state(world, login, leader, in_progress) -> None:  # type: ignore[no-untyped-def]
    login(leader).post(reverse("appeals:leader_instruct", args=[in_progress.pk]), {"instruction": "请尽快办结"})
    event = Event.objects.get(appeal=in_progress, action="instruct")
    assert (event.text, event.actor_id, event.is_public) == ("请尽快办结", leader.pk, False)
    assert Appeal.objects.get(pk=in_progress.pk).state == "in_progress"


def test_an_instruction_on_a_finished_appeal_shows_the_refusal(world, login, leader, staff, submit) -> None:  # type: ignore[no-untyped-def]
    appeal = submit()
    actions.decline(appeal.pk, acting_user=staff, reason="不属受理范围")
    response = login(leader).post(reverse("appeals:leader_instruct", args=[appeal.pk]), {"instruction": "请复核"},
                                  follow=True, headers=ENGLISH)
    assert any("cannot be given the action" in str(m) for m in response.context["messages"])
    assert not Event.objects.filter(appeal=appeal, action="instruct").exists()


def test_staff_cannot_post_an_instruction(world, login, staff, submit) -> None:  # type: ignore[no-untyped-def]
    appeal = submit()
    response = login(staff).post(reverse("appeals:leader_instruct", args=[appeal.pk]), {"instruction": "x"})
    assert response.status_code == 404


def test_a_leader_cannot_post_a_staff_action(world, login, leader, submit) -> None:  # type: ignore[no-untyped-def]
    appeal = submit()
    assert login(leader).post(reverse("appeals:staff_accept", args=[appeal.pk])).status_code == 404
    assert Appeal.objects.get(pk=appeal.pk).state == "submitted"


def test_a_leader_reads_the_appeal_and_its_timeline_with_personal_data_masked(  # type: ignore[no-untyped-def]
        world, login, leader, staff, submit) -> None:
    appeal = submit(content="请联系王小明先生，手机13812345678，邮箱 wxm@example.com。")
    actions.accept(appeal.pk, acting_user=staff)
    actions.dispatch(appeal.pk, acting_user=staff, lead=world.department)
    actions.sign_for(appeal.pk, acting_user=world.users["handler"])
    actions.reply(appeal.pk, acting_user=world.users["handler"], text="已联系，退款至卡号6222021234567890123。")
    url = reverse("appeals:staff_detail", args=[appeal.pk])
    leader_page = login(leader).get(url).content.decode()
    for secret in ("王小明", "13812345678", "wxm@example.com", "6222021234567890123"):
        assert secret not in leader_page, secret
    assert "请联系王某先生，手机***，邮箱 ***。" in leader_page and "已联系，退款至卡号***。" in leader_page
    staff_page = login(staff).get(url).content.decode()
    assert "13812345678" in staff_page and "6222021234567890123" in staff_page

"""The staff's appeal pages after the browser walk-through: the state badge's colour, the dispatch
picker refusing the lead department as a co-handler, and staff recording the enterprise's consent
to the public board."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kaopu.appeals import actions
from kaopu.appeals.forms_staff import DispatchForm
from kaopu.appeals.models import Appeal, Category, Event

pytestmark = pytest.mark.django_db
ENGLISH = {"accept-language": "en"}


def detail(pk: int) -> str:
    return reverse("appeals:staff_detail", args=[pk])


def closed_appeal(world, submit) -> Appeal:  # type: ignore[no-untyped-def]
    users = world.users
    appeal = submit()
    actions.accept(appeal.pk, acting_user=users["staff"])
    actions.dispatch(appeal.pk, acting_user=users["staff"], lead=world.department)
    actions.sign_for(appeal.pk, acting_user=users["handler"])
    actions.reply(appeal.pk, acting_user=users["handler"], text="已协调。")
    return actions.rate(appeal.pk, acting_user=users["ent_user"], rating="5")


# The state badge -----------------------------------------------------------------------------------

def test_a_closed_appeal_has_the_green_badge_not_a_red_one(world, login, staff, submit) -> None:  # type: ignore[no-untyped-def]
    appeal = closed_appeal(world, submit)
    page = login(staff).get(detail(appeal.pk)).content.decode()
    assert '<span class="badge ok">已办结</span>' in page
    assert '<span class="badge danger">已办结</span>' not in page


def test_a_declined_appeal_has_the_danger_badge_and_a_new_one_the_waiting_badge(world, login, staff, submit):  # type: ignore[no-untyped-def]
    waiting, declined = submit(), submit()
    actions.decline(declined.pk, acting_user=staff, reason="不属于受理范围")
    client = login(staff)
    assert '<span class="badge info">待受理</span>' in client.get(detail(waiting.pk)).content.decode()
    assert '<span class="badge danger">不予受理</span>' in client.get(detail(declined.pk)).content.decode()


def test_the_leader_sees_the_same_badge(world, login, leader, submit) -> None:  # type: ignore[no-untyped-def]
    appeal = closed_appeal(world, submit)
    assert '<span class="badge ok">已办结</span>' in login(leader).get(detail(appeal.pk)).content.decode()


# The dispatch picker -------------------------------------------------------------------------------

def test_the_lead_department_ticked_as_co_handler_is_refused_in_chinese_naming_the_field(  # type: ignore[no-untyped-def]
        world, login, staff, submit, other_department):
    appeal = submit()
    actions.accept(appeal.pk, acting_user=staff)
    response = login(staff).post(reverse("appeals:staff_dispatch", args=[appeal.pk]), {
        "lead": world.department.pk, "co_handlers": [world.department.pk, other_department.pk]}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any(m.startswith("协办部门不能包含主办部门") and world.department.name in m for m in messages), messages
    appeal.refresh_from_db()
    assert appeal.state == "accepted" and appeal.lead_department_id is None
    assert not Event.objects.filter(appeal=appeal, action="dispatch").exists()


def test_the_form_names_the_field_in_english_too(world, other_department) -> None:  # type: ignore[no-untyped-def]
    from django.utils import translation
    with translation.override("en"):
        form = DispatchForm({"lead": world.department.pk, "co_handlers": [world.department.pk]},
                            district_id=world.district.pk)
        assert not form.is_valid()
        assert form.errors["co_handlers"] == [
            f"Co-handling departments must not include the lead department “{world.department.name}”."]
    form = DispatchForm({"lead": world.department.pk, "co_handlers": [other_department.pk]},
                        district_id=world.district.pk)
    assert form.is_valid(), form.errors


def test_other_form_errors_are_prefixed_with_the_field_and_a_full_width_colon(world, login, staff, submit):  # type: ignore[no-untyped-def]
    appeal = submit()
    response = login(staff).post(reverse("appeals:staff_decline", args=[appeal.pk]), {"reason": ""}, follow=True)
    assert "不予受理理由：这个字段是必填项。" in [str(m) for m in response.context["messages"]]


def test_the_action_keeps_its_own_guard_for_the_api(world, staff, submit) -> None:  # type: ignore[no-untyped-def]
    appeal = submit()
    actions.accept(appeal.pk, acting_user=staff)
    actions.dispatch(appeal.pk, acting_user=staff, lead=world.department, co_handlers=[world.department])
    assert not appeal.co_handlers.exists()


# Staff record the enterprise's consent -------------------------------------------------------------

def _record(client, **fields):  # type: ignore[no-untyped-def]
    data = {"enterprise": "甲", "source": "hotline", "kind": "help", "category": Category.objects.get(name="用工").pk,
            "title": "招工难", "content": "一线工人招聘困难", "contact_name": "赵六", "contact_phone": "13900004444"}
    data.update(fields)
    return client.post(reverse("appeals:staff_new"), data, headers=ENGLISH)


def test_staff_record_the_consent_and_the_closed_appeal_reaches_the_board(world, login, staff, client):  # type: ignore[no-untyped-def]
    page = login(staff).get(reverse("appeals:staff_new")).content.decode()
    assert 'name="publish_consent"' in page
    _record(login(staff), enterprise=world.enterprise_a.credit_code, publish_consent="on")
    appeal = Appeal.objects.get(title="招工难")
    assert appeal.publish_consent is True
    users = world.users
    actions.accept(appeal.pk, acting_user=staff)
    actions.dispatch(appeal.pk, acting_user=staff, lead=world.department)
    actions.sign_for(appeal.pk, acting_user=users["handler"])
    actions.reply(appeal.pk, acting_user=users["handler"], text="已对接人社部门招聘会。")
    actions.rate(appeal.pk, acting_user=users["ent_user"], rating="4")
    client.logout()
    assert "已对接人社部门招聘会。" not in client.get("/board/").content.decode()  # not reviewed yet
    actions.review_public_summary(appeal.pk, acting_user=staff, publish=True, text="已对接人社部门招聘会。")
    assert "已对接人社部门招聘会。" in client.get("/board/").content.decode()


def test_without_the_tick_there_is_no_consent(world, login, staff) -> None:  # type: ignore[no-untyped-def]
    _record(login(staff), enterprise=world.enterprise_a.credit_code)
    assert Appeal.objects.get(title="招工难").publish_consent is False


def test_a_confidential_appeal_with_consent_is_refused_and_nothing_is_written(world, login, staff) -> None:  # type: ignore[no-untyped-def]
    response = _record(login(staff), enterprise=world.enterprise_a.credit_code, is_confidential="on",
                       publish_consent="on")
    assert response.status_code == 200
    assert "A confidential appeal cannot be shown on the public board." in response.content.decode()
    assert not Appeal.objects.exists()

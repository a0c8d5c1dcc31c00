"""The dispatch instruction (交办意见): optional, internal; the departments read it on the appeal and on the
dispatch slip, the enterprise never does (page, API)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kaopu.appeals import actions
from kaopu.appeals.models import Appeal, Event
from kaopu.appeals.workflow import TransitionError
from kaopu.core.api_testing import API, bearer_client

INSTRUCTION = "请于两个工作日内联系企业，会同区人社局现场核实。"


@pytest.fixture
def accepted(world, submit) -> Appeal:  # type: ignore[no-untyped-def]
    appeal = submit()
    return actions.accept(appeal.pk, acting_user=world.users["staff"])


def test_staff_write_it_on_the_dispatch_form_and_the_department_reads_it(world, accepted, login):  # type: ignore[no-untyped-def]
    staff = login(world.users["staff"])
    staff.post(reverse("appeals:staff_dispatch", args=[accepted.pk]),
               {"lead": world.department.pk, "instruction": f"  {INSTRUCTION} "})
    event = Event.objects.get(appeal=accepted, action="dispatch")
    assert event.data["instruction"] == INSTRUCTION and event.text == ""

    department = login(world.users["handler"]).get(reverse("appeals:inbox_detail", args=[accepted.pk]))
    assert 'id="dispatch-instruction"' in department.content.decode() and INSTRUCTION in department.content.decode()
    slip = login(world.users["staff"]).get(reverse("appeals:dispatch_slip", args=[accepted.pk])).content.decode()
    assert INSTRUCTION in slip


def test_the_enterprise_never_reads_it(world, accepted, login):  # type: ignore[no-untyped-def]
    actions.dispatch(accepted.pk, acting_user=world.users["staff"], lead=world.department, instruction=INSTRUCTION)
    page = login(world.users["ent_user"]).get(reverse("appeals:my_detail", args=[accepted.pk])).content.decode()
    assert INSTRUCTION not in page
    body = bearer_client(world.users["ent_user"]).get(f"{API}/appeals/{accepted.pk}").content.decode()
    assert INSTRUCTION not in body


def test_it_is_optional_and_bounded(world, accepted):  # type: ignore[no-untyped-def]
    with pytest.raises(TransitionError, match="交办意见"):
        actions.dispatch(accepted.pk, acting_user=world.users["staff"], lead=world.department, instruction="字" * 501)
    assert Appeal.objects.get(pk=accepted.pk).state == Appeal.State.ACCEPTED
    appeal = actions.dispatch(accepted.pk, acting_user=world.users["staff"], lead=world.department)
    assert "instruction" not in Event.objects.get(appeal=appeal, action="dispatch").data


def test_the_api_takes_it(world, accepted):  # type: ignore[no-untyped-def]
    response = bearer_client(world.users["staff"]).post(
        f"{API}/appeals/{accepted.pk}/transitions",
        {"action": "dispatch", "lead_department": world.department.pk, "instruction": INSTRUCTION},
        content_type="application/json")
    assert response.status_code == 200, response.content
    assert Event.objects.get(appeal=accepted, action="dispatch").data["instruction"] == INSTRUCTION

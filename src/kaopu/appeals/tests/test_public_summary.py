"""actions.set_public_summary: staff only, closed appeals only, at most 500 characters, audited, and an
internal "edit_summary" event in the staff's timeline that the enterprise never sees."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.urls import reverse

from kaopu.appeals import actions
from kaopu.appeals.models import Appeal, Event
from kaopu.appeals.workflow import TransitionError
from kaopu.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(world, in_progress) -> Appeal:  # type: ignore[no-untyped-def]
    actions.reply(in_progress.pk, acting_user=world.users["handler"], text="已协调银行续贷。")
    return actions.rate(in_progress.pk, acting_user=world.users["ent_user"], rating="5")


def test_staff_write_the_summary_audited_and_in_the_internal_timeline(world, staff, closed) -> None:  # type: ignore[no-untyped-def]
    actions.set_public_summary(closed.pk, acting_user=staff, text="  经协调，银行已续贷。 ")
    assert Appeal.objects.get(pk=closed.pk).public_summary == "经协调，银行已续贷。"
    event = Event.objects.get(appeal=closed, action="edit_summary")
    assert (event.actor_id, event.text, event.is_public, event.from_state, event.to_state, event.data) == (
        staff.pk, "经协调，银行已续贷。", False, "closed", "closed", {"old": ""})
    entry = AuditEntry.objects.get(object_type="appeals.appeal", object_id=str(closed.pk),
                                  data__has_key="public_summary")
    assert entry.data == {"public_summary": {"old": "", "new": "经协调，银行已续贷。"}}


def test_clearing_it_is_recorded_and_the_same_text_again_changes_nothing(world, staff, closed) -> None:  # type: ignore[no-untyped-def]
    actions.set_public_summary(closed.pk, acting_user=staff, text="摘要")
    actions.set_public_summary(closed.pk, acting_user=staff, text="摘要")
    actions.set_public_summary(closed.pk, acting_user=staff, text="")
    assert [e.data for e in Event.objects.filter(appeal=closed, action="edit_summary").order_by("id")] == [
        {"old": ""}, {"old": "摘要"}]
    assert AuditEntry.objects.filter(object_type="appeals.appeal", object_id=str(closed.pk),
                                     data__has_key="public_summary").count() == 2
    assert Appeal.objects.get(pk=closed.pk).public_summary == ""


def test_500_characters_are_allowed_and_501_refused_with_the_field(world, staff, closed) -> None:  # type: ignore[no-untyped-def]
    actions.set_public_summary(closed.pk, acting_user=staff, text="答" * 500)
    with pytest.raises(TransitionError, match=r"答复公开摘要：.*500"):
        actions.set_public_summary(closed.pk, acting_user=staff, text="复" * 501)
    assert Appeal.objects.get(pk=closed.pk).public_summary == "答" * 500
    assert Event.objects.filter(appeal=closed, action="edit_summary").count() == 1


def test_an_open_appeal_is_refused_and_nothing_is_written(world, staff, in_progress) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TransitionError):
        actions.set_public_summary(in_progress.pk, acting_user=staff, text="摘要")
    assert not Event.objects.filter(action="edit_summary").exists()
    assert not AuditEntry.objects.filter(object_type="appeals.appeal", data__has_key="public_summary").exists()


@pytest.mark.parametrize("persona", ["leader", "handler", "ent_user"])
def test_other_roles_are_refused(world, closed, persona) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TransitionError):
        actions.set_public_summary(closed.pk, acting_user=world.users[persona], text="摘要")
    assert Appeal.objects.get(pk=closed.pk).public_summary == ""


def test_staff_of_another_district_get_404(world, closed) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Http404):
        actions.set_public_summary(closed.pk, acting_user=world.users["far_staff"], text="摘要")


def test_the_staff_timeline_shows_the_edit_and_the_enterprise_page_does_not(world, login, staff, closed):  # type: ignore[no-untyped-def]
    login(staff).post(reverse("appeals:staff_public_summary", args=[closed.pk]), {"public_summary": "银行已续贷。"})
    event = Event.objects.get(appeal=closed, action="edit_summary")
    staff_page = login(staff).get(reverse("appeals:staff_detail", args=[closed.pk])).content.decode()
    assert f'id="event-{event.pk}"' in staff_page and "编辑公开摘要" in staff_page
    enterprise_page = login(world.users["ent_user"]).get(reverse("appeals:my_detail", args=[closed.pk]))
    assert f'id="event-{event.pk}"' not in enterprise_page.content.decode()


def test_the_page_refuses_a_long_summary_naming_the_field(world, login, staff, closed) -> None:  # type: ignore[no-untyped-def]
    response = login(staff).post(reverse("appeals:staff_public_summary", args=[closed.pk]),
                                 {"public_summary": "长" * 501}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any(m.startswith("答复公开摘要：") for m in messages), messages
    assert Appeal.objects.get(pk=closed.pk).public_summary == ""

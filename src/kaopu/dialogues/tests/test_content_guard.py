"""The content guard on meetings (kaopu.publicity.screening.check_public_texts): a draft's theme, venue and
description are scanned when registration opens (it becomes public), and changed texts of a public
meeting when it is edited. A high-severity term refuses, naming the field, the text, the term and its
category; a medium one needs acknowledging (the confirmation page's checkbox), recorded in the audit
entry of the action."""

from __future__ import annotations

from datetime import date

import pytest

from kaopu.audit.models import AuditEntry
from kaopu.dialogues import actions
from kaopu.dialogues.actions import ContentRefused
from kaopu.dialogues.models import Meeting, MeetingKind
from kaopu.dialogues.testing import make_meeting

pytestmark = pytest.mark.django_db
HIGH = "区政府第一会议室（足球投注网站合作方提供）"
MEDIUM = "会上将讨论企业下注的问题。"


@pytest.fixture(autouse=True)
def _fixed_today(pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 9, 28))


@pytest.fixture
def draft(world, staff):  # type: ignore[no-untyped-def]
    return make_meeting(world.district, staff, state=Meeting.State.DRAFT)


def _opened(meeting: Meeting):  # type: ignore[no-untyped-def]
    return AuditEntry.objects.filter(object_type="dialogues.meeting", object_id=str(meeting.pk),
                                     summary__startswith="开放报名")


def test_a_high_finding_refuses_to_open_naming_field_text_term_and_category(staff, draft):  # type: ignore[no-untyped-def]
    Meeting.objects.filter(pk=draft.pk).update(venue=HIGH)
    with pytest.raises(ContentRefused) as refused:
        actions.open_registration(draft.pk, acting_user=staff)
    message = str(refused.value)
    assert "地点" in message and "“足球投注网站”" in message and "赌博" in message and "高风险" in message
    assert not refused.value.refused.needs_acknowledgement
    draft.refresh_from_db()
    assert draft.state == Meeting.State.DRAFT and not _opened(draft).exists()


def test_a_medium_finding_opens_once_acknowledged_and_is_audited(staff, draft):  # type: ignore[no-untyped-def]
    Meeting.objects.filter(pk=draft.pk).update(description=MEDIUM)
    with pytest.raises(ContentRefused) as refused:
        actions.open_registration(draft.pk, acting_user=staff, acknowledged=["说明:0:2:下注"])
    assert refused.value.refused.needs_acknowledgement
    [finding] = refused.value.refused.findings
    assert (finding.label, finding.finding.text, finding.finding.term) == ("说明", "下注", "下注")
    assert "说明" in str(refused.value) and Meeting.objects.get(pk=draft.pk).state == Meeting.State.DRAFT
    opened = actions.open_registration(draft.pk, acting_user=staff, acknowledged=[finding.key])
    assert opened.state == Meeting.State.OPEN
    [entry] = _opened(draft)
    assert [(item["where"], item["text"], item["term"], item["severity"]) for item in entry.data["acknowledged"]] == [
        ("说明", "下注", "下注", "medium")]


def test_a_clean_meeting_opens_and_reopening_is_not_screened_again(staff, draft):  # type: ignore[no-untyped-def]
    assert actions.open_registration(draft.pk, acting_user=staff).state == Meeting.State.OPEN
    assert "acknowledged" not in _opened(draft).get().data
    actions.close_registration(draft.pk, acting_user=staff)
    Meeting.objects.filter(pk=draft.pk).update(description=MEDIUM)  # behind the platform's back
    assert actions.open_registration(draft.pk, acting_user=staff).state == Meeting.State.OPEN


def test_editing_a_public_meeting_screens_the_texts_that_change(world, staff):  # type: ignore[no-untyped-def]
    meeting = make_meeting(world.district, staff)  # open: public
    with pytest.raises(ContentRefused, match="主题"):
        actions.update_meeting(meeting.pk, acting_user=staff, theme="足球投注交流会")
    assert Meeting.objects.get(pk=meeting.pk).theme == "数字经济企业发展"
    with pytest.raises(ContentRefused) as refused:
        actions.update_meeting(meeting.pk, acting_user=staff, description=MEDIUM)
    actions.update_meeting(meeting.pk, acting_user=staff, description=MEDIUM,
                           acknowledged=[item.key for item in refused.value.refused.findings])
    entry = AuditEntry.objects.filter(object_id=str(meeting.pk), summary__startswith="修改会议").latest("sequence")
    assert entry.data["acknowledged"][0]["term"] == "下注" and entry.data["description"] == MEDIUM
    # An edit that leaves the description alone does not ask again.
    assert actions.update_meeting(meeting.pk, acting_user=staff, capacity=12).capacity == 12


def test_a_draft_is_edited_freely_and_screened_when_it_opens(staff, draft):  # type: ignore[no-untyped-def]
    actions.update_meeting(draft.pk, acting_user=staff, theme="足球投注交流会")
    with pytest.raises(ContentRefused, match="主题"):
        actions.open_registration(draft.pk, acting_user=staff)


# --- The pages -------------------------------------------------------------------------------------

def test_the_open_button_asks_to_acknowledge_then_opens(login, staff, draft):  # type: ignore[no-untyped-def]
    Meeting.objects.filter(pk=draft.pk).update(description=MEDIUM)
    client = login(staff)
    page = client.post(f"/dialogues/{draft.pk}/state/open/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "内容安全检查" in text and "下注" in text and 'name="acknowledge"' in text
    [key] = [item["key"] for item in page.context["findings"]]
    assert client.post(f"/dialogues/{draft.pk}/state/open/").status_code == 200  # nothing ticked: asked again
    response = client.post(f"/dialogues/{draft.pk}/state/open/", {"acknowledge": key})
    assert response.status_code == 302 and Meeting.objects.get(pk=draft.pk).state == Meeting.State.OPEN


def test_the_open_button_refuses_a_high_finding_with_a_message(login, staff, draft):  # type: ignore[no-untyped-def]
    Meeting.objects.filter(pk=draft.pk).update(theme="足球投注交流会")
    response = login(staff).post(f"/dialogues/{draft.pk}/state/open/", follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("主题" in m and "足球投注" in m for m in messages)
    assert Meeting.objects.get(pk=draft.pk).state == Meeting.State.DRAFT


def test_the_edit_form_resends_everything_with_the_acknowledgement(world, login, staff):  # type: ignore[no-untyped-def]
    meeting = make_meeting(world.district, staff)
    kind = MeetingKind.objects.get(name="政企早餐会")
    data = {"kind": kind.pk, "theme": "生物医药企业早餐会", "starts_at": "2026-10-20T07:30",
            "ends_at": "2026-10-20T09:00", "venue": "区政府第二会议室", "capacity": "20",
            "seats_per_enterprise": "2", "requires_approval": "on", "registration_closes_at": "2026-10-18T17:00",
            "description": MEDIUM, "industries": ["C", "M"]}
    client = login(staff)
    page = client.post(f"/dialogues/{meeting.pk}/edit/", data)
    assert page.status_code == 200 and page.context["findings"]
    assert [value for name, value in page.context["hidden"] if name == "industries"] == ["C", "M"]
    resent = {name: [v for n, v in page.context["hidden"] if n == name] for name, _v in page.context["hidden"]}
    resent["acknowledge"] = [page.context["findings"][0]["key"]]
    response = client.post(f"/dialogues/{meeting.pk}/edit/", resent)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.description == MEDIUM and meeting.capacity == 20
    assert sorted(meeting.industries.values_list("pk", flat=True)) == ["C", "M"]


def test_cancelling_a_draft_makes_it_public_so_it_is_screened(world, login, staff, draft):  # type: ignore[no-untyped-def]
    Meeting.objects.filter(pk=draft.pk).update(theme="足球投注交流会")
    with pytest.raises(ContentRefused, match="主题"):
        actions.cancel_meeting(draft.pk, acting_user=staff, reason="改期")
    assert Meeting.objects.get(pk=draft.pk).state == Meeting.State.DRAFT
    Meeting.objects.filter(pk=draft.pk).update(theme="民营企业座谈会", description=MEDIUM)
    client = login(staff)
    page = client.post(f"/dialogues/{draft.pk}/cancel/", {"reason": "改期"})
    assert page.status_code == 200 and ("reason", "改期") in page.context["hidden"]
    response = client.post(f"/dialogues/{draft.pk}/cancel/",
                           {"reason": "改期", "acknowledge": page.context["findings"][0]["key"]})
    assert response.status_code == 302 and Meeting.objects.get(pk=draft.pk).state == Meeting.State.CANCELLED
    # An open meeting's texts were screened when it opened: cancelling it is not screened again.
    meeting = make_meeting(world.district, staff)
    Meeting.objects.filter(pk=meeting.pk).update(description=MEDIUM)
    assert actions.cancel_meeting(meeting.pk, acting_user=staff, reason="改期").state == Meeting.State.CANCELLED

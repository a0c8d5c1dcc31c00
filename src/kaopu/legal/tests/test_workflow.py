"""Every step of a legal service request, and every refused one, through kaopu.legal.actions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from kaopu.appeals.models import Appeal, Category
from kaopu.audit.models import AuditEntry
from kaopu.legal import actions
from kaopu.legal.actions import LegalError
from kaopu.legal.models import CheckResult, HealthCheckItem, LegalRequest, RequestAttachment, RequestEvent
from kaopu.legal.testing import advance, area, submit
from kaopu.notifications.models import Notification

S = LegalRequest.State
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"


def kinds(request: LegalRequest) -> list[str]:
    return list(RequestEvent.objects.filter(request=request).order_by("id").values_list("kind", flat=True))


def test_enterprise_submits_and_district_staff_are_told(world, team, ent_user, staff,
                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = submit(ent_user, practice_area=area("劳动用工"))
    assert request.state == S.SUBMITTED and request.enterprise == world.enterprise_a
    assert request.district == world.district and request.submitted_by == ent_user
    assert kinds(request) == ["submitted"]
    assert Notification.objects.filter(user=staff, kind="legal.submitted").exists()
    assert not Notification.objects.filter(user=world.users["far_staff"]).exists()


def test_staff_submit_on_behalf_of_an_enterprise_of_their_district(world, team, staff):
    request = submit(staff, enterprise=world.enterprise_b)
    assert request.enterprise == world.enterprise_b and request.submitted_by == staff
    with pytest.raises(Http404):
        submit(staff, enterprise=world.far_enterprise)
    with pytest.raises(LegalError) as error:
        submit(staff)
    assert error.value.field == "enterprise"


def test_enterprise_cannot_submit_for_another_enterprise(world, team, ent_user):
    with pytest.raises(LegalError) as error:
        submit(ent_user, enterprise=world.enterprise_b)
    assert error.value.field == "enterprise"


@pytest.mark.parametrize("role", ["leader", "handler", "lawyer", "bank_officer", "sysadmin"])
def test_other_roles_cannot_submit(world, team, role):
    with pytest.raises(LegalError):
        submit(world.users[role], enterprise=world.enterprise_a)
    assert not LegalRequest.objects.exists()


@pytest.mark.parametrize(("fields", "field", "words"), [
    ({"topic": "  "}, "topic", "主题"),
    ({"topic": "长" * 101}, "topic", "100"),
    ({"description": ""}, "description", "说明"),
    ({"contact_name": ""}, "contact_name", "联系人"),
    ({"contact_phone": "abc"}, "contact_phone", "联系电话"),
    ({"preferred_date": "yesterday"}, "preferred_date", "过去"),  # computed under the pinned clock, below
    ({"preferred_slot": "midnight"}, "preferred_slot", "时段"),
])
def test_bad_input_is_refused_naming_the_field(world, team, ent_user, fields, field, words):
    if fields.get("preferred_date") == "yesterday":  # not at collection time, which is not the test's day
        fields = {"preferred_date": timezone.localdate() - timedelta(days=1)}
    with pytest.raises(LegalError) as error:
        submit(ent_user, **fields)
    assert error.value.field == field
    assert words in error.value.message
    assert not LegalRequest.objects.exists()


def test_a_retired_service_cannot_be_requested(world, team, ent_user):
    from kaopu.legal.models import ServiceKind

    ServiceKind.objects.filter(name="纠纷调解").update(is_active=False)
    with pytest.raises(LegalError) as error:
        submit(ent_user, service_name="纠纷调解")
    assert error.value.field == "service"


def test_attachments_are_saved_and_bad_ones_refused(world, team, ent_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    request = submit(ent_user, attachments=[SimpleUploadedFile("合同.pdf", PDF)])
    assert list(request.attachments.values_list("original_name", flat=True)) == ["合同.pdf"]
    six = [SimpleUploadedFile(f"{i}.pdf", PDF) for i in range(6)]
    with pytest.raises(LegalError) as error:
        submit(ent_user, attachments=six)
    assert error.value.field == "attachments" and "5" in error.value.message
    with pytest.raises(LegalError) as error:
        submit(ent_user, attachments=[SimpleUploadedFile("virus.pdf", b"MZ\x90\x00")])
    assert "virus.pdf" in error.value.message
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024))
    with pytest.raises(LegalError) as error:
        submit(ent_user, attachments=[big])
    assert "10.0 MB" in error.value.message
    assert RequestAttachment.objects.count() == 1 and LegalRequest.objects.count() == 1


def test_assignment_moves_to_assigned_is_audited_and_told(world, team, ent_user, staff,
                                                          django_capture_on_commit_callbacks):
    request = submit(ent_user)
    with django_capture_on_commit_callbacks(execute=True):
        actions.assign_lawyer(request.pk, acting_user=staff, lawyer=team.lawyer)
    request.refresh_from_db()
    assert request.state == S.ASSIGNED and request.lawyer == team.lawyer and request.assigned_at
    assert kinds(request) == ["submitted", "assigned"]
    assert AuditEntry.objects.filter(object_type="legal.legalrequest", object_id=str(request.pk)).exists()
    assert Notification.objects.filter(user=team.lawyer.user, kind="legal.assigned").exists()
    assert Notification.objects.filter(user=ent_user, kind="legal.assigned").exists()
    assert not Notification.objects.filter(user=team.lawyer2.user).exists()


def test_reassignment_keeps_the_state_and_tells_both_lawyers(world, team, ent_user, staff,
                                                             django_capture_on_commit_callbacks):
    request = advance(submit(ent_user), staff, team.lawyer, to=S.IN_PROGRESS)
    with django_capture_on_commit_callbacks(execute=True):
        actions.assign_lawyer(request.pk, acting_user=staff, lawyer=team.lawyer2)
    request.refresh_from_db()
    assert request.state == S.IN_PROGRESS and request.lawyer == team.lawyer2
    assert kinds(request)[-1] == "reassigned"
    for lawyer in (team.lawyer, team.lawyer2):
        assert Notification.objects.filter(user=lawyer.user, kind="legal.assigned").exists()
    with pytest.raises(LegalError) as error:
        actions.assign_lawyer(request.pk, acting_user=staff, lawyer=team.lawyer2)
    assert error.value.field == "lawyer"


def test_assignment_refusals(world, team, ent_user, staff):
    request = submit(ent_user)
    with pytest.raises(LegalError):  # wrong role
        actions.assign_lawyer(request.pk, acting_user=world.users["leader"], lawyer=team.lawyer)
    with pytest.raises(Http404):  # another district's staff
        actions.assign_lawyer(request.pk, acting_user=world.users["far_staff"], lawyer=team.far_lawyer)
    with pytest.raises(LegalError) as error:  # a lawyer of another district
        actions.assign_lawyer(request.pk, acting_user=staff, lawyer=team.far_lawyer)
    assert error.value.field == "lawyer"
    team.lawyer.is_available = False
    team.lawyer.save()
    with pytest.raises(LegalError, match="暂不接单"):
        actions.assign_lawyer(request.pk, acting_user=staff, lawyer=team.lawyer)
    team.firm.is_active = False
    team.firm.save()
    with pytest.raises(LegalError):
        actions.assign_lawyer(request.pk, acting_user=staff, lawyer=team.lawyer2)
    request.refresh_from_db()
    assert request.state == S.SUBMITTED and kinds(request) == ["submitted"]


def test_a_full_lawyer_needs_the_override(world, team, ent_user, staff):
    team.lawyer.max_open_requests = 2
    team.lawyer.save()
    for _ in range(2):
        actions.assign_lawyer(submit(ent_user).pk, acting_user=staff, lawyer=team.lawyer)
    third = submit(ent_user)
    with pytest.raises(LegalError) as error:
        actions.assign_lawyer(third.pk, acting_user=staff, lawyer=team.lawyer)
    assert error.value.field == "lawyer" and "2" in error.value.message
    actions.assign_lawyer(third.pk, acting_user=staff, lawyer=team.lawyer, override_load=True)
    entry = AuditEntry.objects.filter(object_type="legal.legalrequest", object_id=str(third.pk), action="share").get()
    assert entry.data["override_load"] is True and entry.data["load"] == 2
    assert "上海甲科技有限公司" in entry.summary and team.lawyer.user.name in entry.summary


def test_decline_with_reason_before_any_session(world, team, ent_user, staff):
    request = submit(ent_user)
    with pytest.raises(LegalError) as error:
        actions.decline_request(request.pk, acting_user=staff, reason=" ")
    assert error.value.field == "reason"
    actions.decline_request(request.pk, acting_user=staff, reason="属于刑事案件，请直接报警。")
    request.refresh_from_db()
    assert request.state == S.DECLINED and kinds(request)[-1] == "declined"
    busy = advance(submit(ent_user), staff, team.lawyer, to=S.IN_PROGRESS)
    with pytest.raises(LegalError):
        actions.decline_request(busy.pk, acting_user=staff, reason="不受理")
    with pytest.raises(LegalError):
        actions.decline_request(submit(ent_user).pk, acting_user=ent_user, reason="x")


def test_enterprise_cancels_before_completion_only(world, team, ent_user, other_ent_user, staff):
    request = advance(submit(ent_user), staff, team.lawyer, to=S.ASSIGNED)
    with pytest.raises(Http404):
        actions.cancel_request(request.pk, acting_user=other_ent_user)
    actions.cancel_request(request.pk, acting_user=ent_user, reason="问题已自行解决")
    request.refresh_from_db()
    assert request.state == S.CANCELLED
    done = advance(submit(ent_user), staff, team.lawyer, to=S.COMPLETED)
    with pytest.raises(LegalError):
        actions.cancel_request(done.pk, acting_user=ent_user)
    with pytest.raises(LegalError):
        actions.cancel_request(request.pk, acting_user=ent_user)  # twice


def test_first_session_starts_the_work_and_only_the_assigned_lawyer_records(world, team, ent_user, staff):
    request = advance(submit(ent_user), staff, team.lawyer, to=S.ASSIGNED)
    when = timezone.now() - timedelta(minutes=30)
    with pytest.raises(Http404):  # a colleague of the same firm
        actions.record_session(request.pk, acting_user=team.lawyer2.user, held_at=when, mode="phone", minutes=20,
                               summary="x")
    session = actions.record_session(request.pk, acting_user=team.lawyer.user, held_at=when, mode="in_person",
                                     minutes=45, summary="当面了解合同履行情况")
    request.refresh_from_db()
    assert request.state == S.IN_PROGRESS and session.lawyer == team.lawyer
    assert kinds(request)[-1] == "session"
    actions.record_session(request.pk, acting_user=team.lawyer.user, held_at=when, mode="phone", minutes=10,
                           summary="补充材料")
    request.refresh_from_db()
    assert request.state == S.IN_PROGRESS and request.sessions.count() == 2


@pytest.mark.parametrize(("fields", "field"), [
    ({"held_at": timedelta(days=2)}, "held_at"),  # from now (the pinned clock's, not collection time's)
    ({"held_at": -timedelta(days=30)}, "held_at"),  # before the request was submitted
    ({"held_at": "yesterday"}, "held_at"),
    ({"minutes": 0}, "minutes"),
    ({"minutes": 1441}, "minutes"),
    ({"minutes": "abc"}, "minutes"),
    ({"mode": "telepathy"}, "mode"),
    ({"summary": ""}, "summary"),
])
def test_bad_sessions_are_refused(world, team, ent_user, staff, fields, field):
    request = advance(submit(ent_user), staff, team.lawyer, to=S.ASSIGNED)
    values = {"held_at": timezone.now() - timedelta(minutes=5), "mode": "phone", "minutes": 30, "summary": "沟通"}
    values.update(fields)
    if isinstance(values["held_at"], timedelta):
        values["held_at"] = timezone.now() + values["held_at"]
    with pytest.raises(LegalError) as error:
        actions.record_session(request.pk, acting_user=team.lawyer.user, **values)
    assert error.value.field == field
    assert not request.sessions.exists()


def test_sessions_are_refused_on_a_closed_request(world, team, ent_user, staff):
    request = advance(submit(ent_user), staff, team.lawyer, to=S.COMPLETED)
    with pytest.raises(LegalError):
        actions.record_session(request.pk, acting_user=team.lawyer.user, held_at=timezone.now(), mode="phone",
                               minutes=5, summary="x")


def test_health_check_needs_every_item_before_completion(world, team, ent_user, staff):
    request = advance(submit(ent_user, service_name="法律体检"), staff, team.lawyer, to=S.ASSIGNED)
    items = list(HealthCheckItem.objects.filter(is_active=True))
    actions.save_checklist(request.pk, acting_user=team.lawyer.user, results={
        items[0].pk: {"status": "risk", "finding": "未签劳动合同 3 人", "advice": "一个月内补签"}})
    request.refresh_from_db()
    assert request.state == S.IN_PROGRESS and kinds(request)[-1] == "checklist"
    with pytest.raises(LegalError) as error:
        actions.complete_request(request.pk, acting_user=team.lawyer.user, outcome="report", outcome_text="报告")
    assert error.value.field == "results" and str(len(items) - 1) in error.value.message
    actions.save_checklist(request.pk, acting_user=team.lawyer.user,
                           results={item.pk: {"status": "ok"} for item in items[1:]})
    assert CheckResult.objects.filter(request=request).count() == len(items)
    assert CheckResult.objects.get(request=request, item=items[0]).status == "risk"  # kept
    actions.complete_request(request.pk, acting_user=team.lawyer.user, outcome="report", outcome_text="体检报告已交付")
    request.refresh_from_db()
    assert request.state == S.COMPLETED


def test_checklist_refusals(world, team, ent_user, staff):
    plain = advance(submit(ent_user), staff, team.lawyer, to=S.ASSIGNED)
    item = HealthCheckItem.objects.filter(is_active=True).first()
    with pytest.raises(LegalError, match="清单"):
        actions.save_checklist(plain.pk, acting_user=team.lawyer.user, results={item.pk: {"status": "ok"}})
    check = advance(submit(ent_user, service_name="法律体检"), staff, team.lawyer, to=S.ASSIGNED)
    for results in ({item.pk: {"status": "bad"}}, {999999: {"status": "ok"}}, {},
                    {item.pk: {"status": "high_risk", "finding": ""}}):
        with pytest.raises(LegalError) as error:
            actions.save_checklist(check.pk, acting_user=team.lawyer.user, results=results)
        assert error.value.field == "results"
    assert not CheckResult.objects.exists()


def test_complete_refusals(world, team, ent_user, staff):
    request = advance(submit(ent_user), staff, team.lawyer, to=S.ASSIGNED)
    with pytest.raises(LegalError, match="会谈"):
        actions.complete_request(request.pk, acting_user=team.lawyer.user, outcome="advice", outcome_text="x")
    actions.record_session(request.pk, acting_user=team.lawyer.user, held_at=timezone.now(), mode="phone",
                           minutes=5, summary="x")
    with pytest.raises(LegalError) as error:
        actions.complete_request(request.pk, acting_user=team.lawyer.user, outcome="magic", outcome_text="x")
    assert error.value.field == "outcome"
    with pytest.raises(LegalError) as error:
        actions.complete_request(request.pk, acting_user=team.lawyer.user, outcome="advice", outcome_text="")
    assert error.value.field == "outcome_text"
    with pytest.raises(LegalError):
        actions.complete_request(request.pk, acting_user=staff, outcome="advice", outcome_text="x")


def test_rating_once_between_one_and_five(world, team, ent_user, other_ent_user, staff,
                                          django_capture_on_commit_callbacks):
    request = advance(submit(ent_user), staff, team.lawyer, to=S.IN_PROGRESS)
    with pytest.raises(LegalError):  # not completed yet
        actions.rate_request(request.pk, acting_user=ent_user, rating=5)
    request = advance(submit(ent_user), staff, team.lawyer, to=S.COMPLETED)
    for bad in (0, 6, "five", 4.5, True):
        with pytest.raises(LegalError) as error:
            actions.rate_request(request.pk, acting_user=ent_user, rating=bad)
        assert error.value.field == "rating"
    with pytest.raises(Http404):
        actions.rate_request(request.pk, acting_user=other_ent_user, rating=1)
    with django_capture_on_commit_callbacks(execute=True):
        actions.rate_request(request.pk, acting_user=ent_user, rating=4, comment="答复及时")
    request.refresh_from_db()
    assert (request.state, request.rating, request.rating_comment) == (S.RATED, 4, "答复及时")
    assert Notification.objects.filter(user=team.lawyer.user, kind="legal.rated").exists()
    with pytest.raises(LegalError, match="已经评价"):
        actions.rate_request(request.pk, acting_user=ent_user, rating=5)


def test_turn_into_an_appeal(world, team, ent_user, staff):
    request = advance(submit(ent_user), staff, team.lawyer, to=S.IN_PROGRESS)
    category = Category.objects.get(name="法律")
    with pytest.raises(LegalError):
        actions.turn_into_appeal(request.pk, acting_user=team.lawyer.user, category=category)
    appeal = actions.turn_into_appeal(request.pk, acting_user=staff, category=category)
    request.refresh_from_db()
    assert request.appeal == appeal and appeal.enterprise == world.enterprise_a
    assert appeal.title == request.topic and appeal.state == Appeal.State.SUBMITTED
    assert appeal.source == Appeal.Source.LEGAL
    assert kinds(request)[-1] == "to_appeal"
    with pytest.raises(LegalError, match="已转为诉求"):
        actions.turn_into_appeal(request.pk, acting_user=staff, category=category)
    with pytest.raises(LegalError) as error:
        actions.turn_into_appeal(submit(ent_user).pk, acting_user=staff, category=999999)
    assert error.value.field == "category"
    assert Appeal.objects.count() == 1


def test_availability_by_the_lawyer_and_staff(world, team, staff):
    actions.set_availability(team.lawyer.pk, acting_user=team.lawyer.user, available=False)
    team.lawyer.refresh_from_db()
    assert team.lawyer.is_available is False
    with pytest.raises(Http404):
        actions.set_availability(team.lawyer.pk, acting_user=team.lawyer2.user, available=True)
    with pytest.raises(Http404):
        actions.set_availability(team.lawyer.pk, acting_user=world.users["far_staff"], available=True)
    actions.set_availability(team.lawyer.pk, acting_user=staff, available=True)
    team.lawyer.refresh_from_db()
    assert team.lawyer.is_available is True


def test_assignment_checks_the_lawyer_the_page_showed(world, team, ent_user, staff):
    request = submit(ent_user)
    actions.assign_lawyer(request.pk, acting_user=staff, lawyer=team.lawyer, expected_lawyer=None)
    with pytest.raises(LegalError, match="其他人"):  # a second staff member still looking at "no lawyer"
        actions.assign_lawyer(request.pk, acting_user=staff, lawyer=team.lawyer2, expected_lawyer=None)
    actions.assign_lawyer(request.pk, acting_user=staff, lawyer=team.lawyer2, expected_lawyer=team.lawyer)
    request.refresh_from_db()
    assert request.lawyer == team.lawyer2 and kinds(request) == ["submitted", "assigned", "reassigned"]

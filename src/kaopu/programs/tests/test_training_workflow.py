"""The training's workflow through its actions: a cohort opened, applications, approvals under the capacity,
refusals and withdrawals, attendance by code and by staff, graduation and the certificates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from kaopu.audit.models import AuditEntry
from kaopu.notifications.models import Notification
from kaopu.programs import actions_training as actions
from kaopu.programs.actions_training import TrainingError
from kaopu.programs.models import Attendance, Certificate, Cohort, Trainee
from kaopu.programs.tasks import write_pdf
from kaopu.programs.testing_training import apply, approved, attend, make_cohort


@pytest.fixture(autouse=True)
def _day(pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 9, 28))


@pytest.fixture
def staff(world):  # type: ignore[no-untyped-def]
    return world.users["staff"]


@pytest.fixture
def ent(world):  # type: ignore[no-untyped-def]
    return world.users["ent_user"]


def test_a_draft_cannot_open_without_a_window_or_a_session(staff):
    cohort = actions.create_cohort(acting_user=staff, year=2026, name="第一期", capacity=10)
    with pytest.raises(TrainingError) as refused:
        actions.move_cohort(cohort, "open", acting_user=staff)
    assert refused.value.field == "applications_close_on"
    assert "开放" in refused.value.message or "window" in refused.value.message.lower()


def test_the_enterprise_applies_only_while_open_and_within_the_window(staff, ent):
    cohort = make_cohort(staff, state=Cohort.State.DRAFT)
    with pytest.raises(Http404):  # a draft is invisible to enterprises
        apply(ent, cohort)
    cohort = actions.move_cohort(cohort, "open", acting_user=staff)
    trainee = apply(ent, cohort, "李四", position="副总经理")
    assert trainee.state == Trainee.State.APPLIED and trainee.enterprise_id == ent.enterprise_id
    Cohort.objects.filter(pk=cohort.pk).update(applications_close_on=timezone.localdate() - timedelta(days=1))
    with pytest.raises(TrainingError):
        apply(ent, cohort, "王五")


def test_the_same_person_cannot_apply_twice_and_bad_mobiles_are_named(staff, ent):
    cohort = make_cohort(staff)
    apply(ent, cohort, mobile="13811112222")
    with pytest.raises(TrainingError) as twice:
        apply(ent, cohort, mobile="138 1111 2222")
    assert twice.value.field == "mobile"
    with pytest.raises(TrainingError) as bad:
        apply(ent, cohort, mobile="021-62345678")
    assert bad.value.field == "mobile" and "手机" in bad.value.message


def test_approval_gives_a_code_and_tells_the_enterprise(staff, ent, django_capture_on_commit_callbacks):
    cohort = make_cohort(staff)
    with django_capture_on_commit_callbacks(execute=True):
        trainee = approved(staff, ent, cohort)
    assert trainee.state == Trainee.State.APPROVED and len(trainee.check_in_code) == 8
    assert Notification.objects.filter(user=ent, title__contains="已录取").exists()
    assert AuditEntry.objects.filter(summary__contains="录取学员：张三").exists()


def test_the_capacity_is_enforced(staff, ent, world):
    cohort = make_cohort(staff, capacity=1)
    approved(staff, ent, cohort, "张三")
    second = apply(world.users["other_ent_user"], cohort, "赵六")
    with pytest.raises(TrainingError) as full:
        actions.approve_trainee(second, acting_user=staff)
    assert full.value.field == "capacity"
    assert Trainee.objects.get(pk=second.pk).state == Trainee.State.APPLIED


def test_refusal_needs_a_reason_and_withdrawal_only_before_a_decision(staff, ent):
    cohort = make_cohort(staff)
    first, second = apply(ent, cohort, "张三"), apply(ent, cohort, "李四")
    with pytest.raises(TrainingError):
        actions.refuse_trainee(first, acting_user=staff, reason=" ")
    refused = actions.refuse_trainee(first, acting_user=staff, reason="年龄超过四十五周岁")
    assert refused.state == Trainee.State.REFUSED and refused.refusal_reason == "年龄超过四十五周岁"
    with pytest.raises(TrainingError):
        actions.withdraw_application(first, acting_user=ent)
    assert actions.withdraw_application(second, acting_user=ent).state == Trainee.State.WITHDRAWN


def test_another_enterprise_cannot_withdraw_nor_another_district_approve(staff, ent, world):
    cohort = make_cohort(staff)
    trainee = apply(ent, cohort)
    with pytest.raises(Http404):
        actions.withdraw_application(trainee, acting_user=world.users["other_ent_user"])
    with pytest.raises(Http404):
        actions.approve_trainee(trainee, acting_user=world.users["far_staff"])


def test_check_in_by_code_within_the_session_window(staff, ent, time_machine):
    cohort = make_cohort(staff, sessions=2, first_day=timezone.localdate() + timedelta(days=1))
    trainee = approved(staff, ent, cohort)
    cohort = actions.move_cohort(cohort, "start", acting_user=staff)
    session = cohort.sessions.order_by("starts_at").first()
    with pytest.raises(TrainingError):  # the day before
        actions.check_in(session, acting_user=staff, code=trainee.check_in_code)
    time_machine.move_to(session.starts_at - timedelta(minutes=10))
    typed = f" {trainee.check_in_code[:4].lower()}－{trainee.check_in_code[4:]} "  # loosely, full-width dash
    attendance = actions.check_in(session, acting_user=staff, code=typed)
    assert attendance.source == Attendance.Source.CODE
    with pytest.raises(TrainingError):
        actions.check_in(session, acting_user=staff, code=trainee.check_in_code)
    with pytest.raises(TrainingError):
        actions.check_in(session, acting_user=staff, code="ZZZZZZZZ")


def test_staff_correction_of_attendance_is_audited(staff, ent):
    cohort = make_cohort(staff, sessions=1)
    trainee = approved(staff, ent, cohort)
    actions.move_cohort(cohort, "start", acting_user=staff)
    session = cohort.sessions.get()
    assert actions.set_attendance(session, acting_user=staff, present=[trainee.pk]) == {"added": [trainee.pk],
                                                                                         "removed": []}
    assert actions.set_attendance(session, acting_user=staff, present=[]) == {"added": [], "removed": [trainee.pk]}
    assert AuditEntry.objects.filter(summary__contains="取消张三").exists()


def test_graduation_certifies_those_who_meet_the_rule(staff, ent, world, django_capture_on_commit_callbacks,
                                                      tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    cohort = make_cohort(staff, sessions=10)
    eight, seven = approved(staff, ent, cohort, "张三"), approved(staff, ent, cohort, "李四")
    actions.move_cohort(cohort, "start", acting_user=staff)
    attend(staff, eight, 8)
    attend(staff, seven, 7)
    with pytest.raises(TrainingError):  # not finished yet
        actions.graduate_cohort(cohort, acting_user=staff)
    actions.move_cohort(cohort, "finish", acting_user=staff)
    with django_capture_on_commit_callbacks(execute=True):
        made = actions.graduate_cohort(cohort, acting_user=staff)
    assert [c.name for c in made] == ["张三"]
    certificate = Certificate.objects.get()
    assert certificate.number.startswith(f"{world.district.abbreviation}-{cohort.year}-QN-")
    assert certificate.pdf_state == Certificate.PdfState.DONE  # the task ran (huey immediate in tests)
    assert certificate.pdf.read()[:5] == b"%PDF-"
    assert write_pdf(certificate.pk) is False  # idempotent: a ready PDF is not written again
    with pytest.raises(TrainingError):
        actions.graduate_cohort(cohort, acting_user=staff)


def test_a_cancelled_session_counts_for_nobody(staff, ent, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cohort = make_cohort(staff, sessions=5)
    trainee = approved(staff, ent, cohort)
    actions.move_cohort(cohort, "start", acting_user=staff)
    attend(staff, trainee, 4)  # 4 of 5 = 80 %
    last = cohort.sessions.order_by("-starts_at").first()
    actions.cancel_session(last, acting_user=staff)  # now 4 of 4
    actions.move_cohort(cohort, "finish", acting_user=staff)
    assert len(actions.graduate_cohort(cohort, acting_user=staff)) == 1


def test_a_cohort_without_a_session_held_graduates_nobody(staff, ent):
    cohort = make_cohort(staff, sessions=1)
    actions.move_cohort(cohort, "start", acting_user=staff)
    actions.cancel_session(cohort.sessions.get(), acting_user=staff)
    actions.move_cohort(cohort, "finish", acting_user=staff)
    with pytest.raises(TrainingError) as refused:
        actions.graduate_cohort(cohort, acting_user=staff)
    assert refused.value.field == "sessions"

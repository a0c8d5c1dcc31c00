"""Every legal page for every persona: who gets the page, who gets 404 (as for a row that does not
exist), and what the pages show; the steps through the pages land in the actions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kaopu.audit.models import AuditEntry
from kaopu.legal import actions
from kaopu.legal.models import HealthCheckItem, LegalRequest, RequestEvent
from kaopu.legal.testing import advance, area, submit

ROLES = ["staff", "far_staff", "leader", "handler", "ent_user", "other_ent_user", "chamber_officer",
         "bank_officer", "lawyer", "lawyer2", "sysadmin", "secadmin", "auditadmin"]
S = LegalRequest.State
PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture
def scene(world, team, staff, ent_user, other_ent_user, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    mine = advance(submit(ent_user, practice_area=area("劳动用工"),
                          attachments=[SimpleUploadedFile("劳动合同.pdf", PDF)]), staff, team.lawyer, to=S.IN_PROGRESS)
    check = advance(submit(ent_user, service_name="法律体检", topic="年度法律体检"), staff, team.lawyer, to=S.ASSIGNED)
    waiting = submit(other_ent_user, topic="商标被抢注")
    world.users["lawyer2"] = team.lawyer2.user
    return {"mine": mine, "check": check, "waiting": waiting, "file": mine.attachments.get()}


def _pages(scene, team):  # type: ignore[no-untyped-def]
    mine, firm = scene["mine"].pk, team.firm.pk
    return {
        "request_list": (reverse("legal:request_list"), {"staff", "leader", "far_staff"}),
        "request_detail": (reverse("legal:request_detail", args=[mine]), {"staff", "leader"}),
        "team": (reverse("legal:team"), {"staff", "leader", "far_staff"}),
        # A district leader reads the settings only when granted them (kaopu.accounts.roles.Permission).
        "settings": (reverse("legal:settings"), {"staff", "far_staff"}),
        "figures": (reverse("legal:figures"), {"staff", "leader", "far_staff"}),
        "figures_export": (reverse("legal:figures_export"), {"staff", "leader", "far_staff"}),
        "firm_new": (reverse("legal:firm_new"), {"staff", "far_staff"}),
        "request_new": (reverse("legal:request_new"), {"staff", "far_staff"}),
        "firm_edit": (reverse("legal:firm_edit", args=[firm]), {"staff"}),
        "lawyer_new": (reverse("legal:lawyer_new", args=[firm]), {"staff"}),
        "lawyer_edit": (reverse("legal:lawyer_edit", args=[firm, team.lawyer.pk]), {"staff"}),
        "my_list": (reverse("legal:my_list"), {"ent_user", "other_ent_user"}),
        "my_new": (reverse("legal:my_new"), {"ent_user", "other_ent_user"}),
        "my_detail": (reverse("legal:my_detail", args=[mine]), {"ent_user"}),
        "lawyer_home": (reverse("legal:lawyer_home"), {"lawyer", "lawyer2"}),
        "lawyer_detail": (reverse("legal:lawyer_detail", args=[mine]), {"lawyer"}),
        "attachment": (reverse("legal:attachment", args=[scene["file"].pk]), {"staff", "leader", "ent_user", "lawyer"}),
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_page_for_every_role(world, team, scene, login, role):  # type: ignore[no-untyped-def]
    client = login(world.users[role])
    for name, (url, allowed) in _pages(scene, team).items():
        response = client.get(url)
        expected = 200 if role in allowed else 404
        assert response.status_code == expected, (name, role, response.status_code)


def test_anonymous_is_sent_to_login(client, world, team, scene):  # type: ignore[no-untyped-def]
    for url, _allowed in _pages(scene, team).values():
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_staff_list_filters_and_shows_rows(world, team, scene, login, staff):  # type: ignore[no-untyped-def]
    client = login(staff)
    body = client.get(reverse("legal:request_list")).content.decode()
    assert "商标被抢注" in body and "年度法律体检" in body
    body = client.get(reverse("legal:request_list"), {"state": "submitted"}).content.decode()
    assert "商标被抢注" in body and "年度法律体检" not in body
    body = client.get(reverse("legal:request_list"), {"lawyer": team.lawyer.pk}).content.decode()
    assert "商标被抢注" not in body and "年度法律体检" in body
    body = client.get(reverse("legal:request_list"), {"area": area("劳动用工").pk}).content.decode()
    assert "劳动合同到期" in body and "年度法律体检" not in body
    assert client.get(reverse("legal:request_list"), {"lawyer": "x", "after": "junk"}).status_code == 200


def test_far_staff_lists_nothing_of_this_district(world, team, scene, login):  # type: ignore[no-untyped-def]
    body = login(world.users["far_staff"]).get(reverse("legal:request_list")).content.decode()
    assert "商标被抢注" not in body and "年度法律体检" not in body


def test_detail_shows_suggestions_and_assign_through_the_page(world, team, scene, login, staff):  # type: ignore[no-untyped-def]
    client = login(staff)
    waiting = scene["waiting"]
    body = client.get(reverse("legal:request_detail", args=[waiting.pk])).content.decode()
    assert "擅长" in body and team.lawyer2.user.name in body and team.far_lawyer.user.name not in body
    response = client.post(reverse("legal:assign", args=[waiting.pk]), {"lawyer": team.lawyer2.pk}, follow=True)
    assert "已指派" in response.content.decode() or "指派" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.lawyer == team.lawyer2 and waiting.state == S.ASSIGNED


def test_a_refused_assignment_is_a_message_not_an_error(world, team, scene, login, staff):  # type: ignore[no-untyped-def]
    team.lawyer2.max_open_requests = 1
    team.lawyer2.save()
    actions.assign_lawyer(submit(world.users["ent_user"]).pk, acting_user=staff, lawyer=team.lawyer2)
    response = login(staff).post(reverse("legal:assign", args=[scene["waiting"].pk]), {"lawyer": team.lawyer2.pk},
                                 follow=True)
    assert response.status_code == 200 and "上限" in response.content.decode()
    response = login(staff).post(reverse("legal:assign", args=[scene["waiting"].pk]), {"lawyer": "abc"}, follow=True)
    assert response.status_code == 200
    scene["waiting"].refresh_from_db()
    assert scene["waiting"].state == S.SUBMITTED


def test_leader_reads_without_forms(world, team, scene, login, leader):  # type: ignore[no-untyped-def]
    client = login(leader)
    body = client.get(reverse("legal:request_detail", args=[scene["waiting"].pk])).content.decode()
    assert 'action="/legal/' not in body
    assert "1380****" in body or "138****" in body  # the contact phone is masked for leaders
    url = reverse("legal:assign", args=[scene["waiting"].pk])
    assert client.post(url, {"lawyer": team.lawyer.pk}).status_code == 404


def test_enterprise_submits_through_the_page(world, team, login, ent_user, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    client = login(ent_user)
    service = actions.ServiceKind.objects.get(name="合同审查")
    response = client.post(reverse("legal:my_new"), {
        "service": service.pk, "topic": "采购合同审查", "description": "请审查一份设备采购合同。",
        "preferred_slot": "morning", "contact_name": "王经理", "contact_phone": "021-62345678",
        "attachments": [SimpleUploadedFile("采购合同.pdf", PDF)]})
    created = LegalRequest.objects.get(topic="采购合同审查")
    assert response.status_code == 302 and response["Location"] == reverse("legal:my_detail", args=[created.pk])
    assert created.attachments.count() == 1 and created.enterprise == world.enterprise_a


def test_enterprise_form_errors_name_the_field(world, team, login, ent_user):  # type: ignore[no-untyped-def]
    service = actions.ServiceKind.objects.get(name="法律咨询")
    response = login(ent_user).post(reverse("legal:my_new"), {
        "service": service.pk, "topic": "", "description": "x", "contact_name": "王",
        "contact_phone": "12", "preferred_slot": "any",
        "preferred_date": (timezone.localdate() - timedelta(days=2)).isoformat()})
    body = response.content.decode()
    assert response.status_code == 200
    assert "主题" in body and "希望日期" in body and "联系电话" in body
    assert not LegalRequest.objects.filter(enterprise=world.enterprise_a).exists()


def test_enterprise_timeline_hides_internal_events(world, team, scene, login, ent_user):  # type: ignore[no-untyped-def]
    RequestEvent.objects.create(request=scene["mine"], kind="note", actor=world.users["staff"],
                                text="内部备注：律师反馈企业材料不全", internal=True)
    body = login(ent_user).get(reverse("legal:my_detail", args=[scene["mine"].pk])).content.decode()
    assert "内部备注" not in body and "电话沟通了基本情况" in body
    body = login(world.users["staff"]).get(reverse("legal:request_detail", args=[scene["mine"].pk])).content.decode()
    assert "内部备注" in body


def test_enterprise_cancels_and_rates_through_the_pages(world, team, scene, login, ent_user, staff):  # type: ignore[no-untyped-def]
    client = login(ent_user)
    client.post(reverse("legal:my_cancel", args=[scene["check"].pk]), {"reason": "已自行解决"})
    scene["check"].refresh_from_db()
    assert scene["check"].state == S.CANCELLED
    done = advance(submit(ent_user), staff, team.lawyer, to=S.COMPLETED)
    body = client.get(reverse("legal:my_detail", args=[done.pk])).content.decode()
    assert 'id="rate"' in body
    client.post(reverse("legal:my_rate", args=[done.pk]), {"rating": "4", "comment": "很好"})
    done.refresh_from_db()
    assert done.rating == 4 and done.state == S.RATED
    response = client.post(reverse("legal:my_rate", args=[done.pk]), {"rating": "1"}, follow=True)
    assert "已经评价" in response.content.decode()
    assert login(world.users["other_ent_user"]).post(reverse("legal:my_rate", args=[done.pk]),
                                                     {"rating": "1"}).status_code == 404


def test_lawyer_works_through_the_pages(world, team, scene, login):  # type: ignore[no-untyped-def]
    client = login(team.lawyer.user)
    body = client.get(reverse("legal:lawyer_home")).content.decode()
    assert "年度法律体检" in body and "商标被抢注" not in body
    check = scene["check"]
    when = timezone.localtime() - timedelta(hours=1)
    client.post(reverse("legal:lawyer_session", args=[check.pk]), {
        "held_at": when.strftime("%Y-%m-%dT%H:%M"), "mode": "in_person", "minutes": "90", "summary": "现场查阅资料"})
    check.refresh_from_db()
    assert check.state == S.IN_PROGRESS
    items = list(HealthCheckItem.objects.filter(is_active=True))
    data = {f"status_{item.pk}": "ok" for item in items}
    data[f"status_{items[0].pk}"] = "risk"
    data[f"finding_{items[0].pk}"] = "章程未更新"
    client.post(reverse("legal:lawyer_checklist", args=[check.pk]), data)
    assert check.check_results.count() == len(items)
    client.post(reverse("legal:lawyer_complete", args=[check.pk]), {"outcome": "report", "outcome_text": "报告已交付"})
    check.refresh_from_db()
    assert check.state == S.COMPLETED
    assert login(team.lawyer2.user).post(reverse("legal:lawyer_complete", args=[scene["mine"].pk]),
                                         {"outcome": "advice", "outcome_text": "x"}).status_code == 404


def test_lawyer_pauses_themselves(world, team, login):  # type: ignore[no-untyped-def]
    login(team.lawyer.user).post(reverse("legal:lawyer_self_availability"), {"available": "0"})
    team.lawyer.refresh_from_db()
    assert team.lawyer.is_available is False


def test_staff_edit_the_team(world, team, login, staff):  # type: ignore[no-untyped-def]
    from kaopu.accounts.models import Organisation
    from kaopu.accounts.roles import OrganisationKind, Role
    from kaopu.core.testing import make_user

    client = login(staff)
    org = Organisation.objects.create(kind=OrganisationKind.LAW_FIRM, name="上海长风律师事务所",
                                      district=world.district)
    response = client.post(reverse("legal:firm_new"), {"organisation": org.pk, "name": "长风所", "is_active": "on"})
    assert response.status_code == 302
    firm = org.law_firm
    newcomer = make_user("newlawyer", Role.LAWYER, org, name="新律师")
    response = client.post(reverse("legal:lawyer_new", args=[firm.pk]), {
        "user": newcomer.pk, "years_of_practice": "3", "languages": "普通话", "max_open_requests": "4",
        "practice_areas": [area("知识产权").pk], "is_available": "on"})
    assert response.status_code == 302
    assert newcomer.lawyer_profile.max_open_requests == 4
    assert AuditEntry.objects.filter(object_type="legal.lawyer").exists()
    response = client.post(reverse("legal:lawyer_new", args=[firm.pk]), {"user": team.lawyer2.user.pk,
                                                                           "years_of_practice": "1",
                                                                           "languages": "x", "max_open_requests": "1"})
    assert response.status_code == 200  # another firm's lawyer is not offered



def test_staff_edit_the_catalogue(world, team, login, staff):  # type: ignore[no-untyped-def]
    client = login(staff)
    client.post(reverse("legal:catalogue_add", args=["area"]),
                {"new-area-name": "破产重整", "new-area-sort_order": "20", "new-area-is_active": "on"})
    new = actions.PracticeArea.objects.get(name="破产重整")
    client.post(reverse("legal:catalogue_save", args=["area", new.pk]), {"name": "破产与重整", "sort_order": "1"})
    new.refresh_from_db()
    assert new.name == "破产与重整" and new.is_active is False and new.sort_order == 1
    response = client.post(reverse("legal:catalogue_save", args=["area", new.pk]),
                           {"name": "劳动用工", "sort_order": "1"}, follow=True)
    assert "已在列表中" in response.content.decode()
    assert login(world.users["leader"]).post(reverse("legal:catalogue_save", args=["area", new.pk]),
                                             {"name": "x", "sort_order": "1"}).status_code == 404


def test_figures_export_is_audited(world, team, scene, login, staff):  # type: ignore[no-untyped-def]
    response = login(staff).get(reverse("legal:figures_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEntry.objects.filter(action="export", object_type="legal.figures").exists()


def test_staff_record_a_request_for_an_enterprise_by_its_credit_code(  # type: ignore[no-untyped-def]
        world, team, login, staff):
    client = login(staff)
    values = {"service": actions.ServiceKind.objects.get(name="法律咨询").pk, "topic": "热线：拖欠工资",
              "description": "企业来电咨询", "preferred_slot": "any", "contact_name": "赵先生",
              "contact_phone": "13700001111"}
    code = world.enterprise_b.credit_code.lower()  # normalised like every credit code input
    response = client.post(reverse("legal:request_new"), dict(values, credit_code=code))
    created = LegalRequest.objects.get(topic="热线：拖欠工资")
    assert response.status_code == 302 and created.enterprise == world.enterprise_b and created.submitted_by == staff
    response = client.post(reverse("legal:request_new"), dict(values, credit_code=world.far_enterprise.credit_code))
    assert response.status_code == 200 and "本区" in response.content.decode()
    response = client.post(reverse("legal:request_new"), dict(values, credit_code="91310000"))
    assert response.status_code == 200 and "18" in response.content.decode()
    assert LegalRequest.objects.count() == 1

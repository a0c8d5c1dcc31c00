"""Exporting the people of the listed enterprises (a background job): one row per person and role,
with the enterprise, the political titles, and the phone masked by the same rule as the enterprises'."""

from __future__ import annotations

import pytest

from kaopu.audit.models import Action, AuditEntry
from kaopu.directory.models import EnterprisePerson, Person, PersonTitle
from kaopu.exports.testing import ask_for_export, export_rows

KEY = "directory.people"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def people(world):  # type: ignore[no-untyped-def]
    wang = Person.objects.create(district=world.district, name="王建国", gender="M", phone="13900001111")
    li = Person.objects.create(district=world.district, name="李=红", gender="F", phone="")
    zhao = Person.objects.create(district=world.far_district, name="赵静安", gender="M", phone="13700002222")
    PersonTitle.objects.create(person=wang, kind="npc", level="district")
    PersonTitle.objects.create(person=wang, kind="cppcc", level="national")
    EnterprisePerson.objects.create(enterprise=world.enterprise_a, person=wang, role="legal_rep", position="董事长")
    EnterprisePerson.objects.create(enterprise=world.enterprise_a, person=li, role="contact", position="办公室主任")
    EnterprisePerson.objects.create(enterprise=world.enterprise_b, person=wang, role="controller")
    EnterprisePerson.objects.create(enterprise=world.far_enterprise, person=zhao, role="legal_rep")
    return wang, li, zhao


def test_the_people_of_the_filtered_enterprises_with_their_titles(login, staff, world, people):
    rows = export_rows(login(staff), KEY, {"industry": "65"})

    assert rows[0] == ("姓名", "性别", "身份", "职务", "企业名称", "统一社会信用代码", "手机号码", "政治身份")
    assert sorted(rows[1:]) == sorted([
        ("王建国", "男", "法定代表人", "董事长", "上海甲科技有限公司", world.enterprise_a.credit_code, "13900001111",
         "全国政协委员、区人大代表"),
        ("李=红", "女", "联系人", "办公室主任", "上海甲科技有限公司", world.enterprise_a.credit_code, None, None),
    ])


def test_a_person_in_two_enterprises_has_a_row_for_each(login, staff, world, people):
    rows = export_rows(login(staff), KEY)
    assert [row[4] for row in rows[1:] if row[0] == "王建国"].count("上海乙餐饮管理有限公司") == 1
    assert len(rows) == 1 + 3  # not the other district's person


def test_phones_are_masked_for_the_leader(login, leader, world, people):
    rows = export_rows(login(leader), KEY, {"industry": "65"})
    assert {row[6] for row in rows[1:]} == {"139****1111", None}


def test_the_export_is_audited_as_people(login, staff, world, people):
    export_rows(login(staff), KEY, {"industry": "65"})
    made = AuditEntry.objects.filter(action=Action.EXPORT).order_by("sequence").first()
    assert made.summary == "导出企业人员 2 条" and made.object_type == "directory.person"
    assert made.data["filters"] == {"industry": "65"} and made.data["phones_masked"] is False


@pytest.mark.parametrize("persona", ["ent_user", "handler", "auditadmin"])
def test_roles_without_the_right_are_refused(login, world, persona):
    assert ask_for_export(login(world.users[persona]), KEY).status_code == 404

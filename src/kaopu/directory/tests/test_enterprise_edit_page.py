"""The enterprise edit page: staff edit every field, an enterprise user only its contact details."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kaopu.audit.models import Action, AuditEntry
from kaopu.directory.models import Enterprise

NOT_ALLOWED = ["leader", "handler", "chamber_officer", "bank_officer", "lawyer", "sysadmin", "secadmin",
               "auditadmin"]


def directory_writes() -> int:
    """Audit entries of directory writes (logging in writes an entry of its own)."""
    return AuditEntry.objects.filter(object_type="directory.enterprise").count()


def edit_url(enterprise_or_pk) -> str:  # type: ignore[no-untyped-def]
    return reverse("directory:enterprise_edit", args=[getattr(enterprise_or_pk, "pk", enterprise_or_pk)])


def staff_form_data(enterprise: Enterprise, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": enterprise.name, "credit_code": enterprise.credit_code, "legal_representative": "",
        "established_on": "", "registered_capital": "", "subdistrict": enterprise.subdistrict_id or "",
        "industry": enterprise.industry_id or "", "size": enterprise.size, "employees": "",
        "address": enterprise.address, "phone": enterprise.phone, "status": enterprise.status,
        "member_since": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not False}


def snapshot(enterprise: Enterprise) -> dict[str, object]:
    fresh = Enterprise.objects.get(pk=enterprise.pk)
    return {field.attname: getattr(fresh, field.attname) for field in Enterprise._meta.concrete_fields
            if field.attname != "updated_at"}


def test_staff_open_the_full_form(world, login, staff):
    response = login(staff).get(edit_url(world.enterprise_a))
    assert response.status_code == 200
    assert 'name="credit_code"' in response.text
    assert 'name="name"' in response.text


def test_staff_save_a_change_and_the_audit_entry_holds_the_diff(world, login, staff):
    enterprise = world.enterprise_a
    response = login(staff).post(edit_url(enterprise), staff_form_data(
        enterprise, name="上海甲新材料科技有限公司", size="small", employees="42"))
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.name == "上海甲新材料科技有限公司"
    assert enterprise.size == "small"
    assert enterprise.employees == 42
    entry = AuditEntry.objects.get(action=Action.UPDATE, object_id=str(enterprise.pk))
    assert entry.object_type == "directory.enterprise"
    assert entry.actor_id == staff.pk
    assert entry.data["name"] == {"old": "上海甲科技有限公司", "new": "上海甲新材料科技有限公司"}
    assert entry.data["employees"] == {"old": None, "new": 42}
    assert set(entry.data) == {"name", "size", "employees"}


def test_saving_an_unchanged_form_writes_no_audit_entry(world, login, staff):
    before = directory_writes()
    response = login(staff).post(edit_url(world.enterprise_a), staff_form_data(world.enterprise_a))
    assert response.status_code == 302
    assert directory_writes() == before


def test_an_invalid_credit_code_names_the_field_and_changes_nothing(world, login, staff):
    enterprise = world.enterprise_a
    before, audit_before = snapshot(enterprise), directory_writes()
    wrong = enterprise.credit_code[:17] + ("0" if enterprise.credit_code[17] != "0" else "1")
    data = staff_form_data(enterprise, name="改名了", credit_code=wrong)
    response = login(staff).post(edit_url(enterprise), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert [error.code for error in form.errors.as_data()["credit_code"]] == ["checksum"]
    assert f"{form['credit_code'].label}：" in response.text
    assert snapshot(enterprise) == before
    assert directory_writes() == audit_before


def test_enterprise_user_gets_the_contact_form_only(world, login, ent_user):
    response = login(ent_user).get(edit_url(world.enterprise_a))
    assert response.status_code == 200
    assert set(response.context["form"].fields) == {"address", "phone", "employees"}
    assert 'name="credit_code"' not in response.text
    assert 'name="name"' not in response.text


def test_enterprise_user_changes_contact_fields_and_nothing_else(world, login, ent_user):
    enterprise = world.enterprise_a
    before = snapshot(enterprise)
    response = login(ent_user).post(edit_url(enterprise), {
        "address": "上海市普陀区长寿路1号", "phone": "021-62540000", "employees": "12",
        # Fields outside the contact form are ignored, whatever the user sends.
        "name": "被篡改的名称", "credit_code": "91350100M000100Y43", "is_member": "on", "size": "large",
        "status": "deregistered", "district": world.far_district.pk, "subdistrict": "",
    })
    assert response.status_code == 302
    after = snapshot(enterprise)
    assert after["address"] == "上海市普陀区长寿路1号"
    assert after["phone"] == "021-62540000"
    assert after["employees"] == 12
    for unchanged in ("name", "credit_code", "is_member", "size", "status", "district_id", "subdistrict_id"):
        assert after[unchanged] == before[unchanged], unchanged
    entry = AuditEntry.objects.get(action=Action.UPDATE, object_id=str(enterprise.pk))
    assert set(entry.data) == {"address", "phone", "employees"}
    assert entry.actor_id == ent_user.pk


@pytest.mark.parametrize("method", ["get", "post"])
def test_enterprise_user_gets_404_for_another_enterprises_edit_page(world, login, ent_user, method):
    before = snapshot(world.enterprise_b)
    response = getattr(login(ent_user), method)(edit_url(world.enterprise_b), {"address": "x", "phone": "1"})
    assert response.status_code == 404
    assert snapshot(world.enterprise_b) == before


@pytest.mark.parametrize("persona", NOT_ALLOWED)
@pytest.mark.parametrize("method", ["get", "post"])
def test_read_only_and_unrelated_roles_get_404_and_change_nothing(world, login, persona, method):
    enterprise = world.enterprise_a
    before, audit_before = snapshot(enterprise), directory_writes()
    client = login(world.users[persona])
    response = getattr(client, method)(edit_url(enterprise), staff_form_data(enterprise, name="领导改的名称"))
    assert response.status_code == 404
    assert snapshot(enterprise) == before
    assert directory_writes() == audit_before


@pytest.mark.parametrize("method", ["get", "post"])
def test_far_staff_get_404_for_another_districts_enterprise(world, login, far_staff, method):
    before = snapshot(world.enterprise_a)
    response = getattr(login(far_staff), method)(edit_url(world.enterprise_a),
                                                 staff_form_data(world.enterprise_a, name="静安改的名称"))
    assert response.status_code == 404
    assert snapshot(world.enterprise_a) == before


def test_an_id_that_does_not_exist_is_404(login, staff):
    assert login(staff).get(edit_url(99_999_999)).status_code == 404


def test_staff_cannot_move_an_enterprise_to_another_districts_subdistrict(world, login, staff):
    from kaopu.directory.models import Subdistrict

    far_subdistrict = Subdistrict.objects.create(district=world.far_district, name="南京西路街道")
    response = login(staff).post(edit_url(world.enterprise_a),
                                 staff_form_data(world.enterprise_a, subdistrict=far_subdistrict.pk))
    assert response.status_code == 200
    assert "subdistrict" in response.context["form"].errors
    assert snapshot(world.enterprise_a)["subdistrict_id"] == world.subdistrict.pk

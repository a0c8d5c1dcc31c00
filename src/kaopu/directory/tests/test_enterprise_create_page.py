"""Adding an enterprise: staff only, clear errors naming the field, nothing half-written on error."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from kaopu.audit.models import Action, AuditEntry
from kaopu.core.testing import make_credit_code
from kaopu.directory.models import Enterprise

URL = reverse("directory:enterprise_create")


def directory_writes() -> int:
    """Audit entries of directory writes (logging in writes an entry of its own)."""
    return AuditEntry.objects.filter(object_type="directory.enterprise").count()


def form_data(world, **changes: object) -> dict[str, object]:  # type: ignore[no-untyped-def]
    data: dict[str, object] = {
        "name": "上海新开张信息技术有限公司", "credit_code": make_credit_code(777),
        "legal_representative": "赵六",
        "established_on": "2020-05-01", "registered_capital": "500", "subdistrict": world.subdistrict.pk,
        "industry": "65", "size": "micro", "employees": "8", "is_high_tech": "on", "address": "",
        "phone": "", "status": "active", "member_since": "",
    }
    data.update(changes)
    return data


def test_staff_add_an_enterprise_in_their_district_with_an_audit_entry(world, login, staff):
    response = login(staff).post(URL, form_data(world, credit_code=make_credit_code(777).lower()))
    assert response.status_code == 302
    enterprise = Enterprise.objects.get(name="上海新开张信息技术有限公司")
    assert response.url == reverse("directory:enterprise_detail", args=[enterprise.pk])
    assert enterprise.district == world.district
    assert enterprise.credit_code == make_credit_code(777)  # normalised to upper case
    assert enterprise.is_high_tech
    entry = AuditEntry.objects.get(action=Action.CREATE, object_type="directory.enterprise")
    assert entry.object_id == str(enterprise.pk)
    assert entry.actor_id == staff.pk
    assert entry.data["name"] == "上海新开张信息技术有限公司"
    assert entry.data["registered_capital"] == "500"


@pytest.mark.parametrize("persona", ["leader", "ent_user", "handler", "sysadmin", "auditadmin"])
def test_only_staff_may_add_enterprises(world, login, persona):
    client = login(world.users[persona])
    assert client.get(URL).status_code == 403
    assert client.post(URL, form_data(world)).status_code == 403
    assert not Enterprise.objects.filter(name="上海新开张信息技术有限公司").exists()


@pytest.mark.parametrize(("changes", "field", "code"), [
    ({"credit_code": "91310100000000001"}, "credit_code", "length"),
    ({"credit_code": "9131010000000000IO"}, "credit_code", "charset"),
    ({"credit_code": make_credit_code(777)[:17] + "Y"}, "credit_code", "checksum"),
    ({"credit_code": ""}, "credit_code", "required"),
    ({"name": "甲"}, "name", "short"),
    ({"name": ""}, "name", "required"),
    ({"registered_capital": "abc"}, "registered_capital", "invalid"),
    ({"established_on": "2020-13-01"}, "established_on", "invalid"),
    ({"size": "giant"}, "size", "invalid_choice"),
    ({"industry": "00"}, "industry", "invalid_choice"),
])
def test_bad_input_names_the_field_and_writes_nothing(world, login, staff, changes, field, code):
    enterprises, entries = Enterprise.objects.count(), directory_writes()
    with translation.override("zh-hans"):
        response = login(staff).post(URL, form_data(world, **changes), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    if code is not None:
        assert code in [error.code for error in form.errors.as_data()[field]]
    # The page shows each error after the field's label, so the reader knows which field to fix.
    assert f"{form[field].label}：" in response.text
    assert 'class="field has-error' in response.text
    assert Enterprise.objects.count() == enterprises
    assert directory_writes() == entries


def test_a_duplicate_credit_code_is_refused_on_the_field(world, login, staff):
    with translation.override("en"):
        response = login(staff).post(URL, form_data(world, credit_code=world.enterprise_b.credit_code),
                                     HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "credit_code" in response.context["form"].errors
    assert Enterprise.objects.filter(credit_code=world.enterprise_b.credit_code).count() == 1


def test_the_checksum_message_in_english_says_which_character_is_expected(world, login, staff):
    good = make_credit_code(777)
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    client = login(staff)
    client.post(reverse("set_language"), {"language": "en"})
    response = client.post(URL, form_data(world, credit_code=wrong))
    assert f"call for “{good[17]}”" in response.text

"""The enterprise chooses the contact of its appeal when it submits — itself by default, one of its people
in the directory, or anyone it names — and staff record who raised one; a wrong phone is refused naming
the field and the rule (hypothesis: whatever is typed), and a refused submission takes no number."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaopu.appeals import contact
from kaopu.appeals.forms_enterprise import AppealForm
from kaopu.appeals.models import Appeal, Category, NumberCounter
from kaopu.core.api_testing import API, bearer_client
from kaopu.core.phones import CANONICAL
from kaopu.directory.models import EnterprisePerson, Person


def _form_data(**fields: str) -> dict[str, str]:
    data = {"kind": "help", "category": str(Category.objects.get(name="融资").pk), "title": "贷款续贷困难",
            "content": "企业流动资金贷款到期，续贷审批缓慢，请求协调。"}
    data.update(fields)
    return data


@pytest.fixture
def with_phone(ent_user):  # type: ignore[no-untyped-def]
    ent_user.name, ent_user.phone = "张三", "138-1234-5678"
    ent_user.save(update_fields=["name", "phone"])
    return ent_user


@pytest.fixture
def colleague(world) -> Person:  # type: ignore[no-untyped-def]
    """李四, the contact (联系人) of enterprise A in the directory."""
    person = Person.objects.create(district=world.district, name="李四", phone="13900001111")
    EnterprisePerson.objects.create(enterprise=world.enterprise_a, person=person, role=EnterprisePerson.Role.CONTACT)
    return person


def test_the_form_offers_me_first_then_the_directorys_people(world, login, with_phone, colleague) -> None:  # type: ignore[no-untyped-def]
    stranger = Person.objects.create(district=world.district, name="外人", phone="13700002222")
    EnterprisePerson.objects.create(enterprise=world.enterprise_b, person=stranger, role=EnterprisePerson.Role.CONTACT)
    form = login(with_phone).get(reverse("appeals:my_new")).context["form"]
    choices = [str(label) for _value, label in form.fields["contact"].choices]
    assert choices == ["我本人：张三，13812345678", "李四（联系人）13900001111", "其他联系人（在下方填写姓名和电话）"]
    assert form.fields["contact"].initial == "self"


def test_by_default_the_submitting_user_is_the_contact(world, login, with_phone) -> None:  # type: ignore[no-untyped-def]
    response = login(with_phone).post(reverse("appeals:my_new"), _form_data(contact="self"))
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and (appeal.contact_name, appeal.contact_phone) == ("张三", "13812345678")


def test_the_enterprise_may_pick_one_of_its_people(world, login, with_phone, colleague) -> None:  # type: ignore[no-untyped-def]
    login(with_phone).post(reverse("appeals:my_new"), _form_data(contact=f"person-{colleague.pk}"))
    assert Appeal.objects.values_list("contact_name", "contact_phone").get() == ("李四", "13900001111")


def test_another_enterprises_person_is_not_a_choice(world, login, with_phone) -> None:  # type: ignore[no-untyped-def]
    stranger = Person.objects.create(district=world.district, name="外人", phone="13700002222")
    EnterprisePerson.objects.create(enterprise=world.enterprise_b, person=stranger, role=EnterprisePerson.Role.CONTACT)
    response = login(with_phone).post(reverse("appeals:my_new"), _form_data(contact=f"person-{stranger.pk}"))
    assert response.status_code == 200 and "contact" in response.context["form"].errors
    assert not Appeal.objects.exists()


def test_someone_else_with_a_landline_is_stored_in_one_form(world, login, with_phone) -> None:  # type: ignore[no-untyped-def]
    login(with_phone).post(reverse("appeals:my_new"), _form_data(
        contact="other", contact_name=" 王  经理 ", contact_phone="（021）6234 5678 转 12"))
    assert Appeal.objects.values_list("contact_name", "contact_phone").get() == ("王 经理", "021-62345678转12")


def test_a_wrong_phone_is_refused_naming_the_field_and_takes_no_number(world, login, with_phone) -> None:  # type: ignore[no-untyped-def]
    response = login(with_phone).post(reverse("appeals:my_new"), _form_data(
        contact="other", contact_name="王经理", contact_phone="6234567"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "联系电话：请在座机号码前加上区号（如 021-62345678）。" in page
    assert "联系电话：联系电话" not in page  # the page names the field once
    assert not Appeal.objects.exists() and not NumberCounter.objects.exists()


def test_someone_else_needs_a_name_and_a_phone(world, login, with_phone) -> None:  # type: ignore[no-untyped-def]
    response = login(with_phone).post(reverse("appeals:my_new"), _form_data(contact="other"))
    assert set(response.context["form"].errors) == {"contact_name", "contact_phone"}
    assert "联系人：请填写联系人的姓名。" in response.content.decode()


def test_a_user_without_a_phone_is_offered_someone_else_with_its_name(world, login, ent_user) -> None:  # type: ignore[no-untyped-def]
    form = login(ent_user).get(reverse("appeals:my_new")).context["form"]
    assert [value for value, _label in form.fields["contact"].choices] == ["other"]
    assert (form.fields["contact"].initial, form.fields["contact_name"].initial) == ("other", "ent_user")


def test_staff_record_who_raised_the_appeal(world, login, staff) -> None:  # type: ignore[no-untyped-def]
    data = _form_data(enterprise=world.enterprise_a.name, source="hotline", contact_name="赵六",
                      contact_phone="+86 139 0000 4444")
    assert login(staff).post(reverse("appeals:staff_new"), data).status_code == 302
    assert Appeal.objects.values_list("contact_name", "contact_phone").get() == ("赵六", "13900004444")


def test_staff_leaving_it_empty_get_the_directorys_contact_or_are_asked(world, login, staff, colleague) -> None:  # type: ignore[no-untyped-def]
    client = login(staff)
    assert client.post(reverse("appeals:staff_new"), _form_data(
        enterprise=world.enterprise_a.name, source="hotline")).status_code == 302
    assert Appeal.objects.values_list("contact_name", "contact_phone").get() == ("李四", "13900001111")
    refused = client.post(reverse("appeals:staff_new"), _form_data(enterprise=world.enterprise_b.name,
                                                                   source="hotline"))
    assert refused.status_code == 200 and "contact_name" in refused.context["form"].errors
    assert "联系人：目录中没有该企业有电话的联系人" in refused.content.decode()
    assert Appeal.objects.count() == 1


def test_staff_typing_a_bad_phone_are_told_which_field(world, login, staff) -> None:  # type: ignore[no-untyped-def]
    refused = login(staff).post(reverse("appeals:staff_new"), _form_data(
        enterprise=world.enterprise_a.name, source="hotline", contact_name="赵六", contact_phone="12345"))
    assert list(refused.context["form"].errors) == ["contact_phone"]
    assert refused.context["form"].errors["contact_phone"][0].startswith("联系电话：")


def _post(user, **fields):  # type: ignore[no-untyped-def]
    body = {"kind": "help", "category": Category.objects.get(name="融资").pk, "title": "贷款续贷困难",
            "content": "请求协调。", **fields}
    return bearer_client(user).post(f"{API}/appeals", body, content_type="application/json")


def test_the_api_takes_the_contact_or_the_users_own(world, with_phone) -> None:  # type: ignore[no-untyped-def]
    mine = _post(with_phone)
    assert mine.status_code == 201
    assert (mine.json()["contact_name"], mine.json()["contact_phone"]) == ("张三", "13812345678")
    named = _post(with_phone, contact_name="王经理", contact_phone="0571-88123456")
    assert (named.json()["contact_name"], named.json()["contact_phone"]) == ("王经理", "0571-88123456")
    assert named.json()["number"] == "PT-2026-000002"


def test_the_api_refuses_a_wrong_phone_naming_the_field(world, with_phone) -> None:  # type: ignore[no-untyped-def]
    response = _post(with_phone, contact_name="王经理", contact_phone="010-1234")
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["field"] == "contact_phone" and error["message"].startswith("联系电话：")
    assert _post(with_phone, contact_phone="13900001111").json()["errors"][0]["field"] == "contact_name"
    assert not Appeal.objects.exists() and not NumberCounter.objects.exists()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=12), st.one_of(st.text(max_size=30), st.from_regex(r"\+?(86)?1[3-9]\d{9}", fullmatch=True)))
def test_a_contact_is_stored_checked_or_refused_naming_its_fields(name: str, phone: str) -> None:
    with translation.override("zh-hans"):
        try:
            person = contact.clean(name, phone)
        except ValidationError as refused:
            for field, messages in refused.message_dict.items():
                label = {"contact_name": "联系人", "contact_phone": "联系电话"}[field]
                assert messages[0].startswith(f"{label}：")
            return
    assert person.name == " ".join(name.split()) and 0 < len(person.name) <= 50
    assert CANONICAL.match(person.phone)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(phone=st.one_of(st.text(max_size=20), st.from_regex(r"0(21|10|571)-?[2-9]\d{6,7}", fullmatch=True)))
def test_the_enterprise_form_never_fails_on_a_typed_phone(world, with_phone, phone: str) -> None:  # type: ignore[no-untyped-def]
    form = AppealForm(_form_data(contact="other", contact_name="王经理", contact_phone=phone), user=with_phone)
    if form.is_valid():
        assert CANONICAL.match(form.cleaned_data["contact_phone"]) and "contact" not in form.cleaned_data
    else:
        assert set(form.errors) == {"contact_phone"}

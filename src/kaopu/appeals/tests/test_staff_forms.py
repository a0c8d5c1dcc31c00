"""The staff's appeal forms with pickers: departments in pinyin order grouped by kind with a real
placeholder, the pickers' markup (and the plain fields they are without JavaScript), and errors that
name their field in Chinese."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from kaopu.appeals import actions
from kaopu.appeals.forms_staff import DispatchForm, MergeForm, StaffAppealForm
from kaopu.appeals.models import Appeal, Category
from kaopu.dialogues.models import Meeting
from kaopu.dialogues.testing import make_meeting
from kaopu.directory.models import Department


@pytest.fixture
def departments(world) -> None:  # type: ignore[no-untyped-def]
    """The world's 区市场监管局 and seven more, made in an order that is neither code-point nor pinyin order
    (by code point 万 < 区 < 长; by pinyin 长 chang < 区 qu < 万 wan)."""
    kinds = {"万里街道": Department.Kind.STREET_OFFICE, "长征镇": Department.Kind.STREET_OFFICE,
             "区银行业协会": Department.Kind.OTHER}
    for name in ("区税务局", "万里街道", "区公安分局", "区财政局", "长征镇", "区银行业协会", "区人社局"):
        Department.objects.create(district=world.district, name=name, kind=kinds.get(name, Department.Kind.DEPARTMENT))
    Department.objects.create(district=world.far_district, name="区财务局")  # another district's: never listed
    Department.objects.create(district=world.district, name="区旧部门", is_active=False)  # retired: never listed


def groups(choices) -> list[tuple[str, list[str]]]:  # type: ignore[no-untyped-def]
    """The <optgroup>s of a field's choices as (label, [option labels])."""
    return [(value, [name for _value, name in label]) for value, label in choices if isinstance(label, list)]


def test_departments_are_in_pinyin_order_grouped_by_kind(world, departments) -> None:  # type: ignore[no-untyped-def]
    form = DispatchForm(district_id=world.district.pk)
    assert groups(form.fields["lead"].choices) == [
        ("政府部门", ["区财政局", "区公安分局", "区人社局", "区市场监管局", "区税务局"]),
        ("街道办事处", ["长征镇", "万里街道"]),  # 长征 reads chang zheng, not zhang
        ("其他机构", ["区银行业协会"]),
    ]
    assert groups(form.fields["co_handlers"].choices) == groups(form.fields["lead"].choices)
    assert next(iter(form.fields["lead"].choices)) == ("", "请选择牵头部门")


def test_the_lead_department_has_a_real_placeholder(world, departments) -> None:  # type: ignore[no-untyped-def]
    form = DispatchForm(district_id=world.district.pk)
    html = str(form["lead"])
    assert '<option value="" selected>请选择牵头部门</option>' in html
    assert "---------" not in html
    assert 'data-picker="select"' in html and 'data-placeholder="请选择牵头部门"' in html
    co_handlers = str(form["co_handlers"])
    assert 'data-picker="multiple"' in co_handlers and "multiple" in co_handlers
    assert 'type="checkbox"' not in co_handlers  # a searchable multiple select, not 32 boxes


def test_a_department_is_also_found_by_its_pinyin(world, departments) -> None:  # type: ignore[no-untyped-def]
    html = str(DispatchForm(district_id=world.district.pk)["lead"])
    assert re.search(r'<option value="\d+" data-search="qucaizhengju qczj">区财政局</option>', html), html


def test_one_kind_only_is_a_flat_list(world) -> None:  # type: ignore[no-untyped-def]
    Department.objects.create(district=world.district, name="区财政局")
    choices = list(DispatchForm(district_id=world.district.pk).fields["lead"].choices)
    assert [label for _value, label in choices] == ["请选择牵头部门", "区财政局", "区市场监管局"]


def test_the_dispatch_form_reads_the_departments_in_one_query_per_picker(world, departments,
                                                                          django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(2):
        form = DispatchForm(district_id=world.district.pk)
        str(form["lead"]), str(form["co_handlers"])
    Department.objects.bulk_create([Department(district=world.district, name=f"区第{n}办") for n in range(20)])
    with django_assert_num_queries(2):
        form = DispatchForm(district_id=world.district.pk)
        str(form["lead"]), str(form["co_handlers"])


def test_the_dispatch_form_still_posts_from_a_plain_select(world, login, staff, submit, departments) -> None:  # type: ignore[no-untyped-def]
    appeal = submit()
    actions.accept(appeal.pk, acting_user=staff)
    finance, police = (Department.objects.get(name=name) for name in ("区财政局", "区公安分局"))
    login(staff).post(reverse("appeals:staff_dispatch", args=[appeal.pk]),
                      {"lead": finance.pk, "co_handlers": [police.pk]})
    appeal.refresh_from_db()
    assert (appeal.state, appeal.lead_department_id) == ("dispatched", finance.pk)
    assert list(appeal.co_handlers.values_list("department_id", flat=True)) == [police.pk]


# --- errors name their field -------------------------------------------------------------------------

def test_dispatch_errors_name_their_field(world, departments) -> None:  # type: ignore[no-untyped-def]
    far = Department.objects.get(name="区财务局")
    form = DispatchForm({"co_handlers": [far.pk]}, district_id=world.district.pk)
    assert not form.is_valid()
    assert form.errors["lead"] == ["主办部门：请选择牵头处理的部门。"]
    assert form.errors["co_handlers"] == ["协办部门：请选择本区在用的部门。"]
    form = DispatchForm({"lead": world.department.pk, "co_handlers": [world.department.pk]},
                        district_id=world.district.pk)
    assert not form.is_valid()
    assert form.errors["co_handlers"] == ["协办部门不能包含主办部门“区市场监管局”。"]  # named already: kept


def _new(staff, **fields):  # type: ignore[no-untyped-def]
    data = {"enterprise": "", "source": "hotline", "kind": "help", "category": "", "title": "", "content": ""}
    data.update(fields)
    return StaffAppealForm(data, user=staff)


def test_every_error_of_the_new_appeal_form_names_its_field(world, staff) -> None:  # type: ignore[no-untyped-def]
    form = _new(staff)
    assert not form.is_valid()
    assert {name: [str(e) for e in errors] for name, errors in form.errors.items()} == {
        "enterprise": ["企业：请选择诉求所属的企业。"],
        "category": ["诉求类别：这个字段是必填项。"],
        "title": ["标题：这个字段是必填项。"],
        "content": ["诉求内容：这个字段是必填项。"],
    }


def test_an_enterprise_of_another_district_is_refused_naming_the_enterprise_field(world, staff) -> None:  # type: ignore[no-untyped-def]
    form = _new(staff, enterprise=world.far_enterprise.credit_code)  # as if picked from a forged answer
    assert not form.is_valid()
    assert form.errors["enterprise"] == [f"企业：本区没有与“{world.far_enterprise.credit_code}”匹配的企业。"]


def test_a_meeting_of_another_district_a_draft_or_a_wrong_source_is_refused_naming_the_meeting(world, staff) -> None:  # type: ignore[no-untyped-def]
    far = make_meeting(world.far_district, world.users["far_staff"], state=Meeting.State.HELD)
    draft = make_meeting(world.district, staff, state=Meeting.State.DRAFT)
    held = make_meeting(world.district, staff, state=Meeting.State.HELD)
    category = Category.objects.get(name="用工").pk
    base = {"enterprise": world.enterprise_a.credit_code, "category": category, "title": "招工难", "content": "内容",
            "contact_name": "周晓东", "contact_phone": "13812345678"}
    for meeting in (far, draft):
        form = _new(staff, source="breakfast", source_meeting_id=meeting.pk, **base)
        assert not form.is_valid()
        assert form.errors["source_meeting_id"][0].startswith("会议：")
    form = _new(staff, source="hotline", source_meeting_id=held.pk, **base)
    assert not form.is_valid()
    assert form.errors["source_meeting_id"][0].startswith("会议：")
    form = _new(staff, source="breakfast", source_meeting_id=held.pk, **base)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["enterprise"] == world.enterprise_a


def test_a_re_rendered_form_shows_the_picked_rows_by_name(world, staff) -> None:  # type: ignore[no-untyped-def]
    meeting = make_meeting(world.district, staff, state=Meeting.State.HELD, theme="稳岗政策宣讲")
    form = _new(staff, enterprise=world.enterprise_a.credit_code, source="breakfast", source_meeting_id=meeting.pk)
    assert not form.is_valid()  # no title yet
    assert 'data-picker-label="上海甲科技有限公司"' in str(form["enterprise"])
    assert f'data-picker-label="政企早餐会 第{meeting.number}期 稳岗政策宣讲"' in str(form["source_meeting_id"])


def test_the_new_appeal_page_has_the_pickers_and_their_script(world, login, staff) -> None:  # type: ignore[no-untyped-def]
    html = login(staff).get(reverse("appeals:staff_new")).content.decode()
    assert f'data-picker-url="{reverse("appeals:lookup_enterprises")}"' in html
    assert f'data-picker-url="{reverse("appeals:lookup_meetings")}"' in html
    assert re.search(r'<script src="/static/kaopu/vendor/tom-select-2.6.2/tom-select.popular.min.js" defer>', html)
    assert re.search(r'<script src="/static/kaopu/picker.js" defer>', html)
    assert html.count("tom-select.min.css") == 1


def test_merge_errors_name_the_field(world, staff, submit) -> None:  # type: ignore[no-untyped-def]
    appeal, other = submit(), submit()
    actions.withdraw(other.pk, acting_user=world.users["ent_user"])
    for value in ("", "abc", other.pk, appeal.pk, 999999):
        form = MergeForm({"into": value}, appeal=appeal, user=staff)
        assert not form.is_valid()
        assert form.errors["into"][0].startswith("并入的诉求："), (value, form.errors)


def test_merge_picks_among_the_targets_and_posts_without_javascript(world, login, staff, submit) -> None:  # type: ignore[no-untyped-def]
    duplicate, original = submit(title="重复"), submit(title="原诉求")
    client = login(staff)
    html = client.get(reverse("appeals:staff_detail", args=[duplicate.pk])).content.decode()
    assert f'data-picker-url="{reverse("appeals:lookup_merge_targets", args=[duplicate.pk])}"' in html
    client.post(reverse("appeals:staff_merge", args=[duplicate.pk]), {"into": original.pk})
    assert Appeal.objects.get(pk=duplicate.pk).merged_into_id == original.pk

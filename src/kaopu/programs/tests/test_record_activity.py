"""Recording and editing an activity (kaopu.programs.actions): who organises it, which enterprises it may
name, the input rules, and the audit entry that names it in words."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.http import Http404

from kaopu.audit.models import AuditEntry
from kaopu.core.testing import local_moment
from kaopu.programs import actions
from kaopu.programs.actions import ActivityError
from kaopu.programs.models import Activity
from kaopu.programs.testing import make_activity

pytestmark = pytest.mark.django_db
START = local_moment(date(2026, 9, 15), 14)


def _values(types, **changes):  # type: ignore[no-untyped-def]
    values = {"type": types["党建"], "title": "主题党日活动", "starts_at": START, "place": "区工商联三楼会议室"}
    values.update(changes)
    return values


def test_a_chamber_officer_records_an_activity_of_their_own_chamber(chamber, chamber_officer, world, types):  # type: ignore[no-untyped-def]
    activity = actions.create_activity(acting_user=chamber_officer, enterprises=["上海甲科技有限公司"],
                                       headcount="３０", **_values(types))
    assert (activity.chamber, activity.district, activity.headcount) == (chamber, world.district, 30)
    assert list(activity.enterprises.all()) == [world.enterprise_a]
    entry = AuditEntry.objects.filter(object_type="programs.activity", object_id=str(activity.pk)).get()
    assert "主题党日活动" in entry.summary and chamber.name in entry.summary and "2026-09-15" in entry.summary


def test_an_officer_cannot_make_another_chamber_the_organiser(chamber, chamber_officer, other_chamber, types):  # type: ignore[no-untyped-def]
    activity = actions.create_activity(acting_user=chamber_officer, chamber=other_chamber, **_values(types))
    assert activity.chamber == chamber


def test_staff_record_the_fics_activity_and_one_for_a_chamber_of_their_district(staff, chamber, world, types):  # type: ignore[no-untyped-def]
    fic = actions.create_activity(acting_user=staff, enterprises=[world.enterprise_b.credit_code.lower()],
                                  **_values(types))
    assert fic.chamber is None and fic.organiser == "区工商联"
    assert list(fic.enterprises.all()) == [world.enterprise_b]
    for_chamber = actions.create_activity(acting_user=staff, chamber=str(chamber.pk), **_values(types))
    assert for_chamber.chamber == chamber


def test_staff_cannot_organise_for_a_chamber_of_another_district(staff, far_chamber, types):  # type: ignore[no-untyped-def]
    with pytest.raises(ActivityError) as refused:
        actions.create_activity(acting_user=staff, chamber=far_chamber.pk, **_values(types))
    assert refused.value.field == "chamber" and "组织方" in refused.value.message
    assert not Activity.objects.exists()


@pytest.mark.parametrize("persona", ["leader", "ent_user", "handler", "bank_officer"])
def test_other_roles_record_no_activity(persona, request, types):  # type: ignore[no-untyped-def]
    with pytest.raises(ActivityError):
        actions.create_activity(acting_user=request.getfixturevalue(persona), **_values(types))


def test_an_officer_without_a_recorded_chamber_is_told_so(chamber_officer, types):  # type: ignore[no-untyped-def]
    with pytest.raises(ActivityError) as refused:
        actions.create_activity(acting_user=chamber_officer, **_values(types))
    assert refused.value.field == "chamber" and "尚未登记" in refused.value.message


def test_a_chambers_activity_names_only_its_current_members(chamber, chamber_officer, world, types):  # type: ignore[no-untyped-def]
    for outsider in (world.enterprise_b.name, world.far_enterprise.name):  # left the chamber; another district
        with pytest.raises(ActivityError) as refused:
            actions.create_activity(acting_user=chamber_officer, enterprises=[outsider], **_values(types))
        assert refused.value.field == "enterprises" and outsider in refused.value.message
    assert not Activity.objects.exists()


def test_an_fic_activity_names_only_enterprises_of_the_district(staff, world, types):  # type: ignore[no-untyped-def]
    with pytest.raises(ActivityError) as refused:
        actions.create_activity(acting_user=staff, enterprises=[world.far_enterprise.pk], **_values(types))
    assert "参与企业" in refused.value.message


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"title": "  "}, "title", "标题"),
    ({"title": "长" * 101}, "title", "101"),
    ({"starts_at": ""}, "starts_at", "开始时间"),
    ({"starts_at": "明天下午"}, "starts_at", "YYYY-MM-DD"),
    ({"ends_at": local_moment(date(2026, 9, 15), 13)}, "ends_at", "早于开始"),
    ({"ends_at": local_moment(date(2026, 11, 1), 13)}, "ends_at", "31"),
    ({"headcount": "-3"}, "headcount", "人数"),
    ({"headcount": "三十"}, "headcount", "整数"),
    ({"type": 99999}, "type", "活动类型"),
    ({"starts_at": local_moment(date(1999, 5, 1))}, "starts_at", "2000"),
])
def test_bad_input_is_refused_with_a_message_naming_the_field(staff, types, changes, field, words):  # type: ignore[no-untyped-def]
    with pytest.raises(ActivityError) as refused:
        actions.create_activity(acting_user=staff, **_values(types, **changes))
    assert refused.value.field == field and words in refused.value.message, refused.value.message
    assert not Activity.objects.exists() and not AuditEntry.objects.filter(object_type="programs.activity").exists()


def test_a_naive_or_textual_start_is_read_as_shanghai_time(staff, types):  # type: ignore[no-untyped-def]
    activity = actions.create_activity(acting_user=staff, **_values(types, starts_at="2026-09-15 14:00"))
    assert activity.starts_at == START
    activity = actions.create_activity(acting_user=staff, **_values(types, starts_at=datetime(2026, 9, 15, 14)))  # noqa: DTZ001
    assert activity.starts_at == START


def test_a_retired_type_takes_no_new_activity_but_stays_on_its_activities(staff, types):  # type: ignore[no-untyped-def]
    activity = make_activity(staff, type_name="文体")
    actions.save_activity_type(types["文体"], acting_user=staff, name="文体", sort_order=60, is_active=False)
    with pytest.raises(ActivityError):
        actions.create_activity(acting_user=staff, **_values(types, type=types["文体"]))
    updated = actions.update_activity(activity, acting_user=staff, **_values(types, type=types["文体"], title="健步走"))
    assert updated.type == types["文体"] and updated.title == "健步走"


def test_editing_replaces_the_fields_and_audits_what_changed(staff, types):  # type: ignore[no-untyped-def]
    activity = make_activity(staff)
    actions.update_activity(activity, acting_user=staff, **_values(types, title="民营经济促进法学习座谈会",
                                                                   report="交流热烈。"))
    activity.refresh_from_db()
    assert (activity.title, activity.report, activity.type) == ("民营经济促进法学习座谈会", "交流热烈。", types["党建"])
    entry = AuditEntry.objects.filter(object_id=str(activity.pk), summary__startswith="修改活动").get()
    assert "民营经济促进法学习座谈会" in entry.summary
    assert entry.data["changed"]["title"] == ["学习贯彻全会精神专题学习会", "民营经济促进法学习座谈会"]


def test_an_officer_edits_only_their_chambers_activities(chamber, chamber_officer, other_chamber_officer, staff,
                                                         types):  # type: ignore[no-untyped-def]
    theirs = make_activity(chamber_officer)
    fic = make_activity(staff)
    for activity in (theirs, fic):
        with pytest.raises(Http404):
            actions.update_activity(activity.pk, acting_user=other_chamber_officer, **_values(types))
    with pytest.raises(Http404):
        actions.update_activity(fic.pk, acting_user=chamber_officer, **_values(types))
    assert Activity.objects.get(pk=fic.pk).title == "学习贯彻全会精神专题学习会"


def test_staff_moving_an_activity_to_a_chamber_keep_only_its_members(staff, chamber, world, types):  # type: ignore[no-untyped-def]
    activity = make_activity(staff, enterprises=[world.enterprise_a.pk, world.enterprise_b.pk])
    actions.update_activity(activity, acting_user=staff, chamber=chamber.pk, **_values(types))
    assert list(Activity.objects.get(pk=activity.pk).enterprises.all()) == [world.enterprise_a]


def test_far_staff_and_leaders_change_nothing(staff, far_staff, leader, types):  # type: ignore[no-untyped-def]
    activity = make_activity(staff)
    with pytest.raises(Http404):
        actions.update_activity(activity.pk, acting_user=far_staff, **_values(types))
    with pytest.raises(Http404):
        actions.update_activity(activity.pk, acting_user=leader, **_values(types))


def test_an_update_that_leaves_the_organiser_out_keeps_it(staff, chamber, chamber_officer, types):  # type: ignore[no-untyped-def]
    activity = make_activity(chamber_officer)
    actions.update_activity(activity, acting_user=staff, **_values(types, title="商会走访"))
    assert Activity.objects.get(pk=activity.pk).chamber == chamber
    actions.update_activity(activity, acting_user=staff, chamber="", **_values(types))
    assert Activity.objects.get(pk=activity.pk).chamber is None

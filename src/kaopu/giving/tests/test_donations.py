"""Recording, reporting, confirming, returning and correcting donations (kaopu.giving.actions)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.http import Http404

from kaopu.audit.models import AuditEntry
from kaopu.giving import actions
from kaopu.giving.models import Donation
from kaopu.giving.testing import categories, make_donation, receipt
from kaopu.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _last_audit() -> AuditEntry:
    return AuditEntry.objects.order_by("-sequence").first()


def test_staff_record_an_enterprise_donation_confirmed_at_once(world, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    donation = make_donation(staff, enterprise=world.enterprise_a, money="1,200,000.5", goods_value="３００",
                             goods="口罩 5 万只", category="抗疫", uploads=[receipt()])
    assert donation.state == Donation.State.CONFIRMED and donation.decided_by == staff
    assert donation.money == Decimal("1200000.50") and donation.goods_value == Decimal("300.00")
    assert donation.district_id == world.district.pk and donation.donor == "上海甲科技有限公司"
    assert [e.name for e in donation.evidence.all()] == ["捐赠收据.pdf"]
    entry = _last_audit()
    assert "录入捐赠「上海甲科技有限公司」向「普陀区慈善基金会」" in entry.summary
    assert entry.object_id == str(donation.pk)


def test_an_enterprise_user_reports_for_their_own_enterprise_only(world, ent_user):
    # Whatever enterprise the form names, the donor is the user's own.
    donation = make_donation(ent_user, enterprise=world.enterprise_b.pk)
    assert donation.state == Donation.State.REPORTED and donation.enterprise == world.enterprise_a
    person = make_donation(ent_user, kind="person", person_name="周晓东")
    assert person.kind == "person" and person.enterprise == world.enterprise_a
    assert person.donor == "周晓东（上海甲科技有限公司）"


def test_a_chamber_officer_reports_for_their_chamber(world, chamber, chamber_officer):
    donation = make_donation(chamber_officer, kind="enterprise", enterprise=world.enterprise_a.pk)
    assert donation.kind == "chamber" and donation.chamber == chamber and donation.enterprise is None
    assert donation.state == Donation.State.REPORTED


@pytest.mark.parametrize(("values", "field", "words"), [
    ({"money": "0", "goods_value": ""}, "money", "至少"),
    ({"money": "-5"}, "money", "不能为负"),
    ({"money": "1.234"}, "money", "两位小数"),
    ({"money": "1e5"}, "money", "不是数字"),
    ({"money": "", "goods_value": "500"}, "goods", "物资"),
    ({"recipient": ""}, "recipient", "必填"),
    ({"donated_on": date(2026, 9, 29)}, "donated_on", "今天"),
    ({"kind": "robot"}, "kind", "捐赠方类型"),
    ({"kind": "person", "person_name": " "}, "person_name", "必填"),
])
def test_bad_input_is_refused_naming_the_field(world, staff, values, field, words):
    with pytest.raises(actions.GivingError) as refused:
        make_donation(staff, enterprise=world.enterprise_a, **values)
    assert refused.value.field == field and words in refused.value.message, refused.value.message
    assert not Donation.objects.exists()


def test_staff_may_not_name_an_enterprise_of_another_district(world, staff):
    with pytest.raises(actions.GivingError) as refused:
        make_donation(staff, enterprise=world.far_enterprise.pk)
    assert refused.value.field == "enterprise"


def test_a_refused_evidence_file_leaves_nothing(world, ent_user, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("收据.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(actions.GivingError) as refused:
        make_donation(ent_user, uploads=[fake])
    assert refused.value.field == "evidence" and not Donation.objects.exists()
    assert not list(tmp_path.rglob("*.pdf"))


def test_the_database_holds_exactly_one_donor_and_some_amount(world, staff):
    base = {"district": world.district, "donated_on": date(2026, 1, 1), "category": categories()["公益"],
            "recipient": "某小学", "created_by": staff}
    for wrong in ({"kind": "enterprise"},  # no enterprise
                  {"kind": "chamber", "enterprise": world.enterprise_a},  # no chamber, an enterprise
                  {"kind": "enterprise", "enterprise": world.enterprise_a, "person_name": "张三"},
                  {"kind": "enterprise", "enterprise": world.enterprise_a, "money": 0, "goods_value": 0},
                  {"kind": "enterprise", "enterprise": world.enterprise_a, "money": -1}):
        values = {"money": 10, **base, **wrong}
        with pytest.raises(IntegrityError), transaction.atomic():
            Donation.objects.create(**values)


def test_staff_confirm_a_report_and_the_reporter_is_told(world, ent_user, staff):
    donation = make_donation(ent_user)
    confirmed = actions.confirm_donation(donation.pk, acting_user=staff)
    assert confirmed.state == Donation.State.CONFIRMED and confirmed.decided_by == staff
    assert "确认捐赠" in _last_audit().summary
    (note,) = Notification.objects.filter(user=ent_user)
    assert note.kind == "giving.confirm" and str(donation.pk) in note.url
    with pytest.raises(actions.GivingError) as refused:
        actions.confirm_donation(donation.pk, acting_user=staff)
    assert refused.value.field == "state"


def test_a_returned_report_shows_its_reason_and_goes_back_once_edited(world, ent_user, staff):
    donation = make_donation(ent_user, money="5000")
    with pytest.raises(actions.GivingError):
        actions.return_donation(donation.pk, acting_user=staff, reason="  ")
    returned = actions.return_donation(donation.pk, acting_user=staff, reason="请补充捐赠收据。")
    assert returned.state == Donation.State.RETURNED and returned.return_reason == "请补充捐赠收据。"
    assert Notification.objects.get(user=ent_user).kind == "giving.return"
    with pytest.raises(actions.GivingError):
        actions.confirm_donation(donation.pk, acting_user=staff)  # a returned one waits for the reporter
    edited = actions.update_donation(donation.pk, acting_user=ent_user, category=categories()["公益"],
                                     donated_on="2026-05-20", money="6000", recipient="普陀区慈善基金会")
    assert edited.state == Donation.State.REPORTED and edited.return_reason == ""
    assert "修改并重新报送捐赠" in _last_audit().summary and "5000.00" in _last_audit().summary


def test_the_reporter_may_not_change_a_confirmed_donation(world, ent_user, staff):
    donation = make_donation(ent_user)
    actions.confirm_donation(donation.pk, acting_user=staff)
    with pytest.raises(Http404):
        actions.update_donation(donation.pk, acting_user=ent_user, category=categories()["公益"],
                                donated_on="2026-05-20", money="1", recipient="x")


def test_staff_correct_a_confirmed_donation_with_before_and_after_words(world, staff):
    donation = make_donation(staff, enterprise=world.enterprise_a, money="10000")
    actions.update_donation(donation.pk, acting_user=staff, kind="enterprise", enterprise=world.enterprise_a,
                            category=categories()["助学"], donated_on="2026-05-20", money="12000",
                            recipient="普陀区慈善基金会")
    entry = _last_audit()
    assert entry.summary.startswith("更正已确认的捐赠")
    assert "资金由“10000.00”改为“12000.00”" in entry.summary and "类别由“公益”改为“助学”" in entry.summary
    assert Donation.objects.get().state == Donation.State.CONFIRMED


def test_only_staff_decide(world, ent_user, other_ent_user, leader):
    donation = make_donation(ent_user)
    with pytest.raises(actions.GivingError):
        actions.confirm_donation(donation.pk, acting_user=leader)
    with pytest.raises(actions.GivingError):
        actions.confirm_donation(donation.pk, acting_user=ent_user)


def test_another_enterprise_cannot_touch_the_donation_or_its_evidence(world, ent_user, other_ent_user, settings,
                                                                      tmp_path):
    settings.MEDIA_ROOT = tmp_path
    donation = make_donation(ent_user, uploads=[receipt()])
    with pytest.raises(Http404):
        actions.add_evidence(donation.pk, [receipt()], acting_user=other_ent_user)
    with pytest.raises(Http404):
        actions.remove_evidence(donation.evidence.get().pk, acting_user=other_ent_user)
    actions.remove_evidence(donation.evidence.get().pk, acting_user=ent_user)
    assert not donation.evidence.exists()


def test_a_retired_category_takes_no_new_donation(world, staff):
    retired = actions.save_category(categories()["其他"], acting_user=staff, name="其他", sort_order=70,
                                    is_active=False)
    assert not retired.is_active
    with pytest.raises(actions.GivingError) as refused:
        make_donation(staff, enterprise=world.enterprise_a, category="其他")
    assert refused.value.field == "category"
    with pytest.raises(actions.GivingError):
        actions.save_category(acting_user=staff, name="抗疫")  # taken

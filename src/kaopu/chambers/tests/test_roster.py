"""Adding members from a real Excel roster (actions_roster): all rows or none, problems listed by row."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse

from kaopu.audit.models import AuditEntry
from kaopu.chambers import actions
from kaopu.chambers.actions import ChamberError
from kaopu.chambers.actions_roster import add_members_from_roster
from kaopu.chambers.models import Membership
from kaopu.chambers.tests.uploads import roster_upload as roster

DAY = date(2026, 5, 20)


@pytest.fixture(autouse=True)
def _clock(pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(DAY)


def test_a_clean_roster_adds_every_member_with_one_audit_entry(world, chamber):
    a, b = world.enterprise_a, world.enterprise_b
    rows = [[a.name, a.credit_code.lower(), "副会长", date(2024, 3, 1), "王强"],
            [b.name, b.credit_code, "", "2025/1/5", ""]]
    result = add_members_from_roster(chamber, acting_user=world.users["chamber_officer"], name="会员名册.xlsx",
                                     source=roster(rows))
    assert result.problems == []
    added = {(m.enterprise, m.role, m.joined_on, m.representative) for m in Membership.objects.filter(chamber=chamber)}
    assert added == {(a, "vice", date(2024, 3, 1), "王强"), (b, "member", date(2025, 1, 5), "")}
    entry = AuditEntry.objects.latest("sequence")
    assert chamber.name in entry.summary and "2 家" in entry.summary and entry.action == "import"


def test_a_roster_with_problems_adds_nothing_and_names_each_row(world, chamber, far_chamber):
    actions.add_member(chamber, acting_user=world.users["staff"], enterprise=world.enterprise_b)
    a = world.enterprise_a
    result = add_members_from_roster(chamber, acting_user=world.users["staff"], source=roster([
        [a.name, a.credit_code, "会长", "2024-01-01", ""],
        ["", world.far_enterprise.credit_code, "", "", ""],  # another district
        ["", world.enterprise_b.credit_code, "", "", ""],  # already a member
        ["", a.credit_code, "理事", "", ""],  # twice
        ["", a.credit_code, "主席", "", ""],
        ["", "91310000XXXXXXXXXX", "会员", "2027-01-01", ""],
    ]))
    assert [p[:5] for p in result.problems] == ["第 3 行", "第 4 行", "第 5 行", "第 6 行", "第 7 行"]
    assert "已是会员" in result.problems[1] and "出现两次" in result.problems[2]
    assert Membership.objects.filter(chamber=chamber).count() == 1


def test_a_file_that_is_not_a_workbook_or_lacks_the_code_column_is_refused(world, chamber):
    with pytest.raises(ChamberError) as refused:
        add_members_from_roster(chamber, acting_user=world.users["staff"],
                                source=SimpleUploadedFile("x.xlsx", b"not a workbook"))
    assert refused.value.field == "roster"
    with pytest.raises(ChamberError) as refused:
        add_members_from_roster(chamber, acting_user=world.users["staff"],
                                source=roster([["甲"]], header=("企业名称",)))
    assert "统一社会信用代码" in refused.value.message


def test_another_chambers_officer_cannot_upload_to_it(world, chamber, other_chamber_officer):
    with pytest.raises(Http404):
        add_members_from_roster(chamber, acting_user=other_chamber_officer,
                                source=roster([["", world.enterprise_a.credit_code, "", "", ""]]))


def test_the_page_uploads_and_reports(world, login, chamber):
    client = login(world.users["chamber_officer"])
    url = reverse("chambers:member_roster", args=[chamber.pk])
    bad = client.post(url, {"roster": roster([["", "91310000XXXXXXXXXX", "", "", ""]])}, follow=True)
    assert "第 2 行" in bad.content.decode() and "未添加任何会员" in bad.content.decode()
    good = client.post(url, {"roster": roster([["", world.enterprise_a.credit_code, "", "", ""]])}, follow=True)
    assert "已从名册添加 1 家会员" in good.content.decode()

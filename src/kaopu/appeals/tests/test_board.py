"""The public board: only closed, consented, non-confidential appeals whose summary staff approved,
anonymised; filters, districts, keyset pages at a fixed number of queries. (The review itself:
test_summary_review.py.)"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from kaopu.appeals import actions
from kaopu.appeals.models import Appeal, Category
from kaopu.appeals.publication import enterprise_names, mask_for_public
from kaopu.appeals.testing import number_fields
from kaopu.core.testing import make_enterprise
from kaopu.directory.models import Subdistrict

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
BOARD = "/board/"
ENGLISH = {"accept-language": "en"}


def closed(world, *, enterprise=None, reply: str = "已协调银行办理续贷。", rating: str = "5",  # type: ignore[no-untyped-def]
           consent: bool = True, approve: bool = True, **fields) -> Appeal:
    """An appeal taken through the real actions to closed (rated), with the enterprise's consent, and
    (``approve``) its reply approved by staff as the public summary."""
    users = world.users
    enterprise = enterprise or world.enterprise_a
    submitter = users["ent_user"] if enterprise == world.enterprise_a else users["other_ent_user"]
    values = {"kind": Appeal.Kind.HELP, "category": Category.objects.get(name="融资"), "title": "甲科技贷款续贷困难",
              "content": "内容"}
    values.update(fields)
    appeal = actions.submit_appeal(enterprise=enterprise, acting_user=submitter, publish_consent=consent, **values)
    actions.accept(appeal.pk, acting_user=users["staff"])
    actions.dispatch(appeal.pk, acting_user=users["staff"], lead=world.department)
    actions.sign_for(appeal.pk, acting_user=users["handler"])
    actions.reply(appeal.pk, acting_user=users["handler"], text=reply)
    appeal = actions.rate(appeal.pk, acting_user=submitter, rating=rating)
    if approve and appeal.state == Appeal.State.CLOSED and consent and not fields.get("is_confidential"):
        appeal = actions.review_public_summary(appeal.pk, acting_user=users["staff"], publish=True, text=reply)
    return appeal


def quick_closed(world, n: int, *, days_ago: int = 0, **fields) -> Appeal:  # type: ignore[no-untyped-def]
    """Many closed appeals fast: made directly (the board only reads them)."""
    values = {"district": world.district, "enterprise": world.enterprise_a, "created_by": world.users["ent_user"],
              "kind": Appeal.Kind.CONSULTATION, "category": Category.objects.get(name="法律"), "title": f"诉求{n}",
              "content": "内容", "state": Appeal.State.CLOSED, "publish_consent": True,
              "closed_at": timezone.now() - timedelta(days=days_ago), "public_summary": f"摘要{n}号",
              "summary_review": Appeal.SummaryReview.APPROVED}
    values.update(fields)
    return Appeal.objects.create(**values, **number_fields(values["district"]))


def test_anonymous_visitors_see_the_board_with_only_closed_consented_open_appeals(world, client) -> None:  # type: ignore[no-untyped-def]
    shown = closed(world, reply="答复甲：已办结。")
    closed(world, reply="答复乙：不同意公开。", consent=False)
    # The form refuses a confidential appeal with consent; the board must not trust that it never happens.
    closed(world, reply="答复丙：保密诉求。", is_confidential=True)
    open_appeal = actions.submit_appeal(enterprise=world.enterprise_a, acting_user=world.users["ent_user"],
                                        kind=Appeal.Kind.HELP, category=Category.objects.first(), title="t",
                                        content="c", publish_consent=True)
    response = client.get(BOARD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "答复甲：已办结。" in html
    assert "不同意公开" not in html and "保密诉求" not in html
    assert len(response.context["rows"]) == 1
    assert shown.state == Appeal.State.CLOSED and open_appeal.state == Appeal.State.SUBMITTED


def test_every_non_public_kind_of_appeal_stays_off_the_board(world, client) -> None:  # type: ignore[no-untyped-def]
    quick_closed(world, 1, public_summary="可以公开")
    quick_closed(world, 2, public_summary="未同意", publish_consent=False)
    quick_closed(world, 3, public_summary="保密", is_confidential=True)
    for n, state in enumerate([s for s in Appeal.State.values if s != Appeal.State.CLOSED]):
        quick_closed(world, 10 + n, public_summary=f"未办结{state}", state=state, closed_at=None)
    html = client.get(BOARD).content.decode()
    assert "可以公开" in html
    assert "未同意" not in html and "保密" not in html and "未办结" not in html


def test_no_enterprise_name_credit_code_title_or_person_appears(world, client) -> None:  # type: ignore[no-untyped-def]
    enterprise = world.enterprise_a
    enterprise.legal_representative = "张三丰"
    enterprise.save()
    closed(world, reply=f"经协调，上海甲科技有限公司（信用代码 {enterprise.credit_code}）的续贷已获批；"
                        "甲科技负责人张三丰已确认，联系电话 13812345678。handler 经办。")
    html = client.get(BOARD).content.decode()
    for secret in ("上海甲科技有限公司", "甲科技", enterprise.credit_code, "张三丰", "13812345678", "贷款续贷困难",
                   world.users["handler"].name, world.users["ent_user"].name):
        assert secret not in html, secret
    assert "经协调，该企业（信用代码 ***）的续贷已获批；该企业负责人某某已确认，联系电话 ***。某某 经办。" in html


def test_a_row_shows_industry_subdistrict_dates_working_days_rating_and_a_generic_label(world, client):  # type: ignore[no-untyped-def]
    closed(world, rating="4")
    response = client.get(BOARD, headers=ENGLISH)
    (row,) = response.context["rows"]
    assert row["industry"] == "信息传输、软件和信息技术服务业"  # section I of division 65
    assert row["subdistrict"] == "长寿路街道"
    assert row["working_days"] == 0  # submitted and closed on the same (pinned) day
    assert row["rating"] == "satisfied"
    assert row["label"] == "request for help about 融资"
    html = response.content.decode()
    assert "长寿路街道" in html and "request for help about 融资" in html


def test_working_days_in_a_year_without_a_calendar_show_a_dash(world, client) -> None:  # type: ignore[no-untyped-def]
    appeal = quick_closed(world, 1, closed_at=datetime(2031, 3, 2, 10, tzinfo=SHANGHAI))
    Appeal.objects.filter(pk=appeal.pk).update(created_at=datetime(2031, 2, 1, 10, tzinfo=SHANGHAI))
    response = client.get(BOARD)
    assert response.status_code == 200 and response.context["rows"][0]["working_days"] is None


def test_nothing_unreviewed_or_withheld_is_on_the_board(world, client) -> None:  # type: ignore[no-untyped-def]
    closed(world, reply="未审核的答复不应出现。", approve=False)
    withheld = closed(world, reply="不公开的答复。", approve=False)
    actions.review_public_summary(withheld.pk, acting_user=world.users["staff"], publish=False, reason="涉及个人隐私")
    approved = closed(world, reply="原始答复，含邮箱 li.si@example.com 与银行卡 6222021234567890123。", approve=False)
    actions.review_public_summary(approved.pk, acting_user=world.users["staff"], publish=True,
                                  text="经协调，银行已续贷。退款至卡号 6222021234567890123。")
    quick_closed(world, 1, public_summary="旧数据未审核", summary_review=Appeal.SummaryReview.PENDING)
    quick_closed(world, 2, public_summary="旧数据不公开", summary_review=Appeal.SummaryReview.WITHHELD)
    response = client.get(BOARD)
    assert [row["summary"] for row in response.context["rows"]] == ["经协调，银行已续贷。退款至卡号 ***。"]
    html = response.content.decode()
    for secret in ("未审核的答复", "不公开的答复", "原始答复", "li.si@example.com", "6222021234567890123", "旧数据"):
        assert secret not in html, secret


def test_the_board_masks_an_approved_summary_again_on_the_way_out(world, client) -> None:  # type: ignore[no-untyped-def]
    # A summary approved before masking existed (the migration approved staff-written summaries).
    quick_closed(world, 1, public_summary="上海甲科技有限公司已续贷，联系 13812345678，家住长寿路123弄4号502室。")
    (row,) = client.get(BOARD).context["rows"]
    assert row["summary"] == "该企业已续贷，联系 ***，家住长寿路***。"


def test_filters_by_category_industry_section_and_year(world, client) -> None:  # type: ignore[no-untyped-def]
    law = Category.objects.get(name="法律")
    a = quick_closed(world, 1, category=law)
    b = quick_closed(world, 2, enterprise=world.enterprise_b, category=Category.objects.get(name="融资"))
    c = quick_closed(world, 3, closed_at=datetime(2025, 6, 1, 12, tzinfo=SHANGHAI))

    def shown(**params) -> set[str]:  # type: ignore[no-untyped-def]
        return {row["summary"] for row in client.get(BOARD, params).context["rows"]}
    assert shown() == {a.public_summary, b.public_summary, c.public_summary}
    assert shown(category=law.pk) == {a.public_summary, c.public_summary}
    assert shown(section="H") == {b.public_summary}  # enterprise B: division 62, catering (section H)
    assert shown(section="I", year=2025) == {c.public_summary}
    assert shown(year=2026) == {a.public_summary, b.public_summary}
    assert shown(year="abc", category="999999") == {a.public_summary, b.public_summary, c.public_summary}


def test_a_city_deployment_picks_a_district_by_code_the_first_by_default(world, client) -> None:  # type: ignore[no-untyped-def]
    world.district.code, world.far_district.code = "310107", "310106"
    world.district.save(), world.far_district.save()
    quick_closed(world, 1, public_summary="普陀的")
    far_subdistrict = Subdistrict.objects.create(district=world.far_district, name="静安寺街道")
    far = make_enterprise(world.far_district, subdistrict=far_subdistrict, industry_id="51")
    quick_closed(world, 2, district=world.far_district, enterprise=far, public_summary="静安的")
    default = client.get(BOARD)
    assert [r["summary"] for r in default.context["rows"]] == ["普陀的"]
    assert default.context["district"] == world.district
    far_page = client.get(BOARD, {"district": "310106"})
    assert [r["summary"] for r in far_page.context["rows"]] == ["静安的"]
    assert "静安区" in far_page.content.decode()
    assert [r["summary"] for r in client.get(BOARD, {"district": "nonsense"}).context["rows"]] == ["普陀的"]


def test_keyset_pages_newest_closed_first(world, client) -> None:  # type: ignore[no-untyped-def]
    # Made in the opposite order of closing, so that id order and closing order differ.
    appeals = [quick_closed(world, n, days_ago=n) for n in range(25)]
    first = client.get(BOARD).context
    assert [r["summary"] for r in first["rows"]] == [a.public_summary for a in appeals[:20]]
    assert first["page"].has_next and not first["page"].has_previous
    second = client.get(BOARD, {"after": first["page"].next_cursor}).context
    assert [r["summary"] for r in second["rows"]] == [a.public_summary for a in appeals[20:]]
    assert not second["page"].has_next and second["page"].has_previous
    back = client.get(BOARD, {"before": second["page"].previous_cursor}).context
    assert [r["summary"] for r in back["rows"]] == [a.public_summary for a in appeals[:20]]
    assert client.get(BOARD, {"after": "1_2_3"}).status_code == 200  # a broken cursor is the first page
    assert client.get(BOARD, {"after": "99999999999999999_1"}).status_code == 200


def test_a_page_takes_the_same_queries_for_2_or_20_appeals(world, client, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    for n in range(2):
        quick_closed(world, n)
    client.get(BOARD)  # loads the cached reference data (sections, subdistricts)
    with django_assert_num_queries(3):  # districts, categories for the filter, the rows
        client.get(BOARD)
    for n in range(2, 22):
        quick_closed(world, n, enterprise=world.enterprise_b if n % 2 else world.enterprise_a)
    law = Category.objects.get(name="法律").pk
    with django_assert_num_queries(3):
        response = client.get(BOARD, {"category": law})
    assert len(response.context["rows"]) == 20


def test_the_login_page_links_to_the_board(client) -> None:  # type: ignore[no-untyped-def]
    assert BOARD in client.get(reverse("accounts:login")).content.decode()


def test_short_names_of_an_enterprise() -> None:
    assert enterprise_names("上海甲科技有限公司") == ["上海甲科技有限公司", "上海甲科技", "甲科技"]
    assert "该企业" in mask_for_public("感谢乙餐饮管理配合。", type("E", (), {"name": "上海乙餐饮管理有限公司",
                                                                       "legal_representative": ""})())

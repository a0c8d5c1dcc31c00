"""The routing rules' pages (诉求设置 › 分派规则) and the suggestion on the staff's dispatch form.

Only FIC staff of the district see and change its rules (every other role, and another district's
staff for a rule id of this one, get 404); form errors name the field; the test page tries a saved or
a draft rule on the district's recent appeals without saving anything; the list and the test page
run a fixed number of queries; the dispatch form pre-selects the suggestion and names the rule.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaopu.appeals import actions
from kaopu.appeals.actions_routing import RuleInput, create_rule
from kaopu.appeals.models import Appeal, Category, Event, RoutingRule
from kaopu.appeals.testing import number_fields
from kaopu.core.api_testing import API, bearer_client
from kaopu.directory.models import Department

LIST = reverse("appeals:settings_routing")


def make(world, name: str, **fields) -> RoutingRule:  # type: ignore[no-untyped-def]
    fields.setdefault("lead", world.department)
    if not {"category", "subdistrict", "keywords"} & set(fields):
        fields["keywords"] = "贷款"
    return create_rule(acting_user=world.users["staff"], data=RuleInput(name=name, **fields))


def form_data(world, **fields) -> dict[str, object]:  # type: ignore[no-untyped-def]
    data: dict[str, object] = {"name": "融资诉求交市场监管局", "keywords": "贷款 续贷", "lead": world.department.pk,
                               "is_active": "on"}
    data.update(fields)
    return data


def messages_of(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(m) for m in response.context["messages"]]


def pages(rule: RoutingRule) -> list[str]:
    return [reverse("appeals:settings_routing_edit", args=[rule.pk]),
            reverse("appeals:settings_routing_test", args=[rule.pk])]


def posts(rule: RoutingRule) -> list[tuple[str, dict[str, str]]]:
    return [(reverse("appeals:settings_routing_move", args=[rule.pk]), {"direction": "down"}),
            (reverse("appeals:settings_routing_delete", args=[rule.pk]), {}),
            (reverse("appeals:settings_routing_edit", args=[rule.pk]), {"name": "改名", "keywords": "x"})]


# --- Who may see and change the rules -----------------------------------------------------------------

@pytest.mark.parametrize("persona", ["leader", "handler", "ent_user", "bank_officer", "lawyer", "sysadmin",
                                     "auditadmin"])
def test_every_role_but_fic_staff_gets_404(world, login, persona) -> None:  # type: ignore[no-untyped-def]
    rule = make(world, "甲")
    client = login(world.users[persona])
    for url in [LIST, *pages(rule)]:
        assert client.get(url).status_code == 404, url
    for url, data in [*posts(rule), (reverse("appeals:settings_routing_add"), form_data(world))]:
        assert client.post(url, data).status_code == 404, url
    assert list(RoutingRule.objects.values_list("name", "position")) == [("甲", 1)]


def test_staff_of_another_district_get_404_for_this_districts_rule(world, login, far_staff) -> None:  # type: ignore[no-untyped-def]
    rule = make(world, "甲")
    client = login(far_staff)
    assert client.get(LIST).context["rules"] == []
    for url in pages(rule):
        assert client.get(url).status_code == 404, url
    for url, data in posts(rule):
        assert client.post(url, data).status_code == 404, url
    assert list(RoutingRule.objects.values_list("name", "position")) == [("甲", 1)]


def test_the_settings_tabs_show_routing_rules_to_staff_only(world, login, staff, leader) -> None:  # type: ignore[no-untyped-def]
    tab = f'href="{LIST}"'
    assert tab in login(staff).get(reverse("appeals:settings_deadlines")).content.decode()
    assert tab not in login(leader).get(reverse("appeals:settings_deadlines")).content.decode()


# --- Adding, editing, moving, deleting ----------------------------------------------------------------

def test_staff_add_a_rule_on_the_page(world, login, staff, other_department) -> None:  # type: ignore[no-untyped-def]
    response = login(staff).post(reverse("appeals:settings_routing_add"),
                                 form_data(world, co_handlers=[other_department.pk]), follow=True)
    assert messages_of(response) == ["分派规则“融资诉求交市场监管局”已添加，位于第 1 条。"]
    rule = RoutingRule.objects.get()
    assert (rule.keywords, rule.lead_department, rule.district) == ("贷款 续贷", world.department, world.district)
    assert list(rule.co_departments.all()) == [other_department]
    page = response.content.decode()
    assert "融资诉求交市场监管局" in page and "贷款、续贷" in page and "区人社局" in page


@pytest.mark.parametrize(("fields", "message"), [
    ({"name": ""}, "名称：请填写规则名称。"),
    ({"keywords": ""}, "条件：诉求类别、企业所属街道、关键词至少填写一项"),
    ({"lead": ""}, "建议主办部门：请选择本区在用的部门。"),
    ({"position": "0"}, "顺序：请输入从 1 起的整数。"),
    ({"position": "abc"}, "顺序：请输入从 1 起的整数。"),
    ({"keywords": "很" * 21}, "关键词：“" + "很" * 21 + "”超过 20 个字。"),
])
def test_form_errors_name_the_field_and_save_nothing(world, login, staff, fields, message) -> None:  # type: ignore[no-untyped-def]
    response = login(staff).post(reverse("appeals:settings_routing_add"), form_data(world, **fields))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RoutingRule.objects.exists()


def test_a_forged_department_of_another_district_is_a_form_error(world, login, staff) -> None:  # type: ignore[no-untyped-def]
    far = Department.objects.create(district=world.far_district, name="静安区市场监管局")
    response = login(staff).post(reverse("appeals:settings_routing_add"),
                                 form_data(world, lead=far.pk, co_handlers=[far.pk]))
    page = response.content.decode()
    assert "建议主办部门：请选择本区在用的部门。" in page and "建议协办部门：请选择本区在用的部门。" in page
    assert "静安区市场监管局" not in page  # not even offered
    assert not RoutingRule.objects.exists()


def test_staff_edit_move_and_delete_rules_on_the_page(world, login, staff) -> None:  # type: ignore[no-untyped-def]
    first, second = make(world, "甲"), make(world, "乙")
    client = login(staff)
    edit = client.get(reverse("appeals:settings_routing_edit", args=[second.pk]))
    assert edit.context["form"].initial["keywords"] == "贷款"
    saved = client.post(reverse("appeals:settings_routing_edit", args=[second.pk]),
                        form_data(world, name="乙（改）", keywords="担保"), follow=True)
    assert messages_of(saved) == ["分派规则“乙（改）”已保存。"]
    response = client.post(reverse("appeals:settings_routing_move", args=[second.pk]), {"direction": "up"},
                           follow=True)
    assert messages_of(response) == ["“乙（改）”现在位于第 1 条。"]
    assert [r.name for r in response.context["rules"]] == ["乙（改）", "甲"]
    response = client.post(reverse("appeals:settings_routing_delete", args=[first.pk]), follow=True)
    assert messages_of(response) == ["分派规则“甲”已删除，其后的规则已依次上移。"]
    assert list(RoutingRule.objects.values_list("name", "position", "keywords")) == [("乙（改）", 1, "担保")]


# --- The test page ------------------------------------------------------------------------------------

@pytest.fixture
def recent(world, submit):  # type: ignore[no-untyped-def]
    """Three appeals: a loan one, a labour one mentioning 贷款, a legal one."""
    return {
        "loan": submit(title="续贷困难", content="流动资金贷款到期"),
        "labour": submit(title="招工难", content="想申请创业担保贷款", category=Category.objects.get(name="用工")),
        "legal": submit(title="合同纠纷", content="对方拖欠货款", category=Category.objects.get(name="法律")),
    }


def rows_by_title(response) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {row.appeal.title: row for row in response.context["trial"].rows}


def test_a_saved_rule_is_tried_on_recent_appeals(world, login, staff, recent, other_department) -> None:  # type: ignore[no-untyped-def]
    make(world, "融资类", category=Category.objects.get(name="融资"), lead=other_department)
    keywords = make(world, "提到贷款", keywords="贷款")
    response = login(staff).get(reverse("appeals:settings_routing_test", args=[keywords.pk]))
    trial, rows = response.context["trial"], rows_by_title(response)
    assert (trial.matched, trial.won, trial.changed, trial.position) == (2, 1, 0, 2)
    assert rows["续贷困难"].matches and not rows["续贷困难"].wins
    assert rows["续贷困难"].today.name == "融资类"
    assert rows["招工难"].wins and rows["招工难"].today.name == "提到贷款"
    assert not rows["合同纠纷"].matches and rows["合同纠纷"].today is None
    page = response.content.decode()
    assert "匹配，但前面的规则优先" in page and "区人社局" in page


def test_a_draft_is_tried_without_being_saved(world, login, staff, recent, other_department) -> None:  # type: ignore[no-untyped-def]
    make(world, "融资类", category=Category.objects.get(name="融资"))
    response = login(staff).post(reverse("appeals:settings_routing_test_draft"),
                                 form_data(world, name="草稿", keywords="贷款 纠纷", lead=other_department.pk,
                                           position="1"))
    trial, rows = response.context["trial"], rows_by_title(response)
    assert (trial.matched, trial.won, trial.changed, trial.position) == (3, 3, 3, 1)
    assert rows["续贷困难"].with_rule.name == "草稿" and rows["续贷困难"].today.name == "融资类"
    assert "草稿“草稿”在近期诉求上的试算（未保存）" in response.content.decode()
    assert list(RoutingRule.objects.values_list("name", flat=True)) == ["融资类"]
    assert response.context["form"]["name"].value() == "草稿"  # the form comes back to save or change


def test_an_edited_draft_shows_the_suggestions_it_would_take_away(world, login, staff, recent) -> None:  # type: ignore[no-untyped-def]
    rule = make(world, "提到贷款", keywords="贷款")
    response = login(staff).post(reverse("appeals:settings_routing_test", args=[rule.pk]),
                                 form_data(world, name="提到贷款", keywords="纠纷"))
    rows = rows_by_title(response)
    assert rows["续贷困难"].changes and not rows["续贷困难"].matches and rows["续贷困难"].with_rule is None
    assert rows["合同纠纷"].wins
    assert RoutingRule.objects.get().keywords == "贷款"


def test_an_invalid_draft_shows_the_errors_and_no_trial(world, login, staff) -> None:  # type: ignore[no-untyped-def]
    response = login(staff).post(reverse("appeals:settings_routing_test_draft"), form_data(world, keywords=""))
    assert response.context["trial"] is None
    assert "条件：诉求类别、企业所属街道、关键词至少填写一项" in response.content.decode()


def test_a_confidential_appeal_the_staff_member_may_not_see_is_not_tried(world, login, staff, submit) -> None:  # type: ignore[no-untyped-def]
    from kaopu.accounts.roles import Role
    from kaopu.core.testing import make_user

    secret = submit(title="保密的贷款诉求", is_confidential=True)
    actions.accept(secret.pk, acting_user=staff)
    colleague = make_user("staff_b", Role.FIC_STAFF, staff.organisation)
    rule = make(world, "提到贷款")
    assert rows_by_title(login(colleague).get(reverse("appeals:settings_routing_test", args=[rule.pk]))) == {}
    assert "保密的贷款诉求" in rows_by_title(login(staff).get(reverse("appeals:settings_routing_test",
                                                                       args=[rule.pk])))


# --- A fixed number of queries -------------------------------------------------------------------------

def _many(world, start: int, rules: int, appeals: int) -> None:  # type: ignore[no-untyped-def]
    other = Department.objects.get_or_create(district=world.district, name="区人社局")[0]
    for i in range(start, start + rules):
        make(world, f"规则{i}", keywords=f"词{i} 贷款", co_handlers=[other] if i % 2 else [])
    category = Category.objects.get(name="融资")
    Appeal.objects.bulk_create([
        Appeal(district=world.district, enterprise=world.enterprise_a if i % 2 else world.enterprise_b,
               created_by=world.users["staff"], kind=Appeal.Kind.HELP, category=category, title=f"诉求{i}贷款",
               content="内容", lead_department=world.department if i % 3 else None, **number_fields(world.district))
        for i in range(appeals)])


@pytest.mark.parametrize("page", ["list", "test"])
def test_the_rules_list_and_the_test_page_run_the_same_queries_for_few_or_many(world, login, staff, page,
                                                                              django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    _many(world, 0, rules=3, appeals=5)
    first = RoutingRule.objects.order_by("position").first()
    url = LIST if page == "list" else reverse("appeals:settings_routing_test", args=[first.pk])
    client = login(staff)
    client.get(url)  # warm the session and the reference data
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _many(world, 3, rules=27, appeals=60)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    if page == "list":
        assert len(response.context["rules"]) == 30
    else:
        assert response.context["trial"].matched == 65


# --- The dispatch form ---------------------------------------------------------------------------------

@pytest.fixture
def accepted(world, submit, staff):  # type: ignore[no-untyped-def]
    appeal = submit()
    actions.accept(appeal.pk, acting_user=staff)
    return appeal


def detail(appeal: Appeal) -> str:
    return reverse("appeals:staff_detail", args=[appeal.pk])


def test_the_dispatch_form_preselects_the_suggestion_and_names_the_rule(world, login, staff, accepted,
                                                                       other_department) -> None:  # type: ignore[no-untyped-def]
    make(world, "法律类", category=Category.objects.get(name="法律"))
    make(world, "融资交人社局", category=Category.objects.get(name="融资"), lead=other_department,
         co_handlers=[world.department])
    response = login(staff).get(detail(accepted))
    form = response.context["dispatch_form"]
    assert form.initial == {"lead": other_department.pk, "co_handlers": [world.department.pk]}
    page = response.content.decode()
    assert "按规则“融资交人社局”建议" in page
    assert re.search(rf'<option value="{other_department.pk}"[^>]* selected[^>]*>区人社局</option>', page)


def test_without_a_matching_rule_the_dispatch_form_suggests_nothing(world, login, staff, accepted) -> None:  # type: ignore[no-untyped-def]
    make(world, "法律类", category=Category.objects.get(name="法律"))
    response = login(staff).get(detail(accepted))
    assert response.context["dispatch_form"].initial == {}
    assert "按规则" not in response.content.decode()


def test_staff_dispatch_elsewhere_and_the_timeline_says_the_suggestion_was_not_followed(
        world, login, staff, accepted, other_department) -> None:  # type: ignore[no-untyped-def]
    make(world, "融资交人社局", category=Category.objects.get(name="融资"), lead=other_department)
    client = login(staff)
    response = client.post(reverse("appeals:staff_dispatch", args=[accepted.pk]), {"lead": world.department.pk},
                           follow=True)
    assert Appeal.objects.get(pk=accepted.pk).lead_department == world.department
    assert "规则“融资交人社局”建议的是其他部门，未采纳" in response.content.decode()
    assert Event.objects.get(appeal=accepted, action="dispatch").data["routing"]["followed"] is False


def test_the_enterprise_never_reads_the_routing_note(world, accepted, staff, ent_user, other_department) -> None:  # type: ignore[no-untyped-def]
    make(world, "融资交人社局", category=Category.objects.get(name="融资"), lead=other_department)
    actions.dispatch(accepted.pk, acting_user=staff, lead=other_department)

    def dispatch_data(user) -> dict[str, object]:  # type: ignore[no-untyped-def]
        timeline = bearer_client(user).get(f"{API}/appeals/{accepted.pk}").json()["timeline"]
        return next(event["data"] for event in timeline if event["action"] == "dispatch")

    assert dispatch_data(staff)["routing"]["name"] == "融资交人社局"
    assert dispatch_data(ent_user) == {"lead": other_department.pk, "co_handlers": []}

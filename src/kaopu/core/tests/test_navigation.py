"""The menu: one table (core.context_processors.MENU) says which roles or permission see each entry.

Every entry leads to a page that exists; each role's menu is exactly what the role uses (pinned below,
in Chinese, as people read it); a district leader sees no settings page nor API tokens unless the
security administrator grants them; every entry a role does not see is also refused by its page.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from kaopu.accounts.roles import Permission
from kaopu.core.context_processors import MENU

pytestmark = pytest.mark.django_db

MORE = ("更多", ["诉求公开栏", "我的账号", "API 令牌", "双因素认证"])

# Each role's whole menu: (group, [entries]) in order. A group of one entry shows as a plain link.
MENUS = {
    "staff": [
        ("诉求", ["诉求分办", "全部诉求", "待审核公开摘要", "诉求考核指标", "诉求设置"]),
        ("领导驾驶舱", ["领导驾驶舱", "民营经济指标", "工作报告"]),
        ("政企沟通", ["政企沟通"]),
        ("法律服务", ["法律服务申请", "律师服务团", "法律服务统计", "法律服务设置"]),
        ("融资服务", ["融资需求", "联盟银行", "贷款产品", "融资统计", "政策方案"]),
        ("招商引资", ["招商线索", "合作机构", "考察活动", "招商统计"]),
        ("商会", ["商会列表", "一会一品", "四好商会评价"]),
        ("活动", ["活动", "活动统计", "培训班", "学员校友", "讲师团", "教育基地"]),
        ("社会责任", ["捐赠", "捐赠统计", "荣誉"]),
        ("会员", ["会员名录", "入会申请", "会费", "执委会"]),
        ("宣传", ["文章", "栏目", "网站设置", "栏目更新", "失效链接", "防篡改事件"]),
        ("名录", ["企业名录", "导入", "工作日历"]),
        MORE,
    ],
    # Overviews to read; no settings page, no API tokens (not granted).
    "leader": [
        ("诉求", ["诉求概览", "诉求考核指标"]),
        ("领导驾驶舱", ["领导驾驶舱", "民营经济指标", "工作报告"]),
        ("政企沟通", ["政企沟通"]),
        ("法律服务", ["法律服务申请", "律师服务团", "法律服务统计"]),
        ("融资服务", ["融资需求", "联盟银行", "贷款产品", "融资统计"]),
        ("招商引资", ["招商线索", "合作机构", "考察活动", "招商统计"]),
        ("商会", ["商会列表", "一会一品", "四好商会评价"]),
        ("活动", ["活动", "活动统计", "培训班", "学员校友", "讲师团", "教育基地"]),
        ("社会责任", ["捐赠", "捐赠统计", "荣誉"]),
        ("会员", ["会员名录", "入会申请", "会费", "执委会"]),
        ("宣传", ["文章", "栏目更新", "失效链接"]),
        ("名录", ["企业名录"]),
        ("更多", ["诉求公开栏", "我的账号", "双因素认证"]),
    ],
    "handler": [("诉求", ["诉求待办"]), MORE],
    "ent_user": [
        ("诉求", ["我的诉求"]),
        ("政企沟通", ["政企沟通"]),
        ("法律服务", ["法律服务"]),
        ("融资服务", ["融资服务"]),
        ("活动", ["培训报名"]),
        ("社会责任", ["我的捐赠", "荣誉"]),
        ("会员", ["会员与会费"]),
        ("名录", ["我的企业"]),
        MORE,
    ],
    "chamber_officer": [("本会", ["本会概况", "会员", "一会一品", "本会活动", "讲师预约", "四好商会申报", "本会捐赠"]),
                        ("社会责任", ["荣誉"]), MORE],
    "bank_officer": [("融资服务", ["贷款产品", "本行融资需求"]), MORE],
    "lawyer": [("法律服务", ["我的法律服务"]), MORE],
    "sysadmin": [("管理", ["管理", "管理员角色"]), MORE],
    "secadmin": [("宣传", ["防篡改事件"]), ("管理", ["管理", "管理员角色", "双因素认证策略"]), MORE],
    "auditadmin": [("管理", ["审计日志", "管理员角色"]), MORE],
}


def menu_of(login, user, path=None):  # type: ignore[no-untyped-def]
    response = login(user).get(path or reverse("core:home"), follow=True)
    return response.context["nav_groups"], response.context["nav_items"]


def labels(groups):  # type: ignore[no-untyped-def]
    return [(group, [label for label, _url, _active in links]) for group, links, _active in groups]


def test_every_menu_entry_names_a_page_that_exists():
    # The menu leaves out entries whose page is missing (so that a half-installed app breaks no page);
    # this test is what catches a misspelt url name.
    for entry in MENU:
        assert reverse(entry.url_name)


def test_every_entry_is_seen_by_some_role_or_a_permission():
    for entry in MENU:
        assert entry.roles or entry.permission, entry.url_name


@pytest.mark.parametrize("persona", list(MENUS))
def test_each_role_sees_exactly_its_own_entries(world, login, persona):  # type: ignore[no-untyped-def]
    groups, _items = menu_of(login, world.users[persona])
    assert labels(groups) == MENUS[persona]


def test_a_leader_granted_the_settings_and_tokens_sees_them_and_may_open_them(world, login):  # type: ignore[no-untyped-def]
    leader = world.users["leader"]
    client = login(leader)
    for name in ("appeals:settings_deadlines", "legal:settings", "accounts:tokens"):
        assert client.get(reverse(name)).status_code == 404, name
    leader.granted_permissions = [Permission.SETTINGS, Permission.API_TOKENS]
    leader.save(update_fields=["granted_permissions"])
    groups, _items = menu_of(login, leader)
    menu = dict(labels(groups))
    assert menu["诉求"] == ["诉求概览", "诉求考核指标", "诉求设置"]
    assert menu["法律服务"] == ["法律服务申请", "律师服务团", "法律服务统计", "法律服务设置"]
    assert menu["更多"] == ["诉求公开栏", "我的账号", "API 令牌", "双因素认证"]
    for name in ("appeals:settings_deadlines", "legal:settings", "accounts:tokens"):
        assert client.get(reverse(name)).status_code == 200, name


def _refused(response) -> bool:  # type: ignore[no-untyped-def]
    """404 or 403, or sent to log in / to the second factor (which then answers 404 or 403 itself)."""
    if response.status_code in (403, 404):
        return True
    location = response.headers.get("Location", "")
    return response.status_code == 302 and ("/login/" in location or "/twofactor/" in location)


# Pages a role reaches although its menu does not show them, each with the reason. Keep it short.
REACHABLE_THOUGH_HIDDEN = {
    ("auditadmin", "admin:index"): "the admin site opens to the three administrators; the audit administrator's "
                                   "only admin page is the audit entries (read-only), which the menu offers as "
                                   "the dedicated “审计日志” page instead",
}


@pytest.mark.parametrize("persona", list(MENUS))
def test_a_page_whose_entry_a_role_does_not_see_refuses_that_role(world, login, persona):  # type: ignore[no-untyped-def]
    user = world.users[persona]
    client = login(user)
    hidden = [entry for entry in MENU if not entry.shown_to(user)
              and (persona, entry.url_name) not in REACHABLE_THOUGH_HIDDEN]
    unguarded = [entry.url_name for entry in hidden if not _refused(client.get(reverse(entry.url_name)))]
    assert unguarded == [], f"{persona} reaches pages its menu hides: {unguarded}"


def test_exactly_one_entry_is_active_the_longest_prefix(world, login, staff):  # type: ignore[no-untyped-def]
    groups, items = menu_of(login, staff, reverse("finance:bank_list"))
    assert [url for _label, url, active in items if active] == [reverse("finance:bank_list")]
    assert [label for label, _links, active in groups if active] == ["融资服务"]

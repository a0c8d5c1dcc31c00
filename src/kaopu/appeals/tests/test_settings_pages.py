"""The appeal settings pages (诉求设置): deadline rules, categories and department heads.

FIC staff change them, each change audited; a district leader granted the settings pages only looks;
every other role gets 404.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaopu.accounts.models import Organisation
from kaopu.accounts.roles import OrganisationKind, Role
from kaopu.appeals.forms_settings import DeadlineRuleForm
from kaopu.appeals.models import Appeal, Category, DeadlineRule
from kaopu.audit.models import AuditEntry
from kaopu.core.testing import make_user
from kaopu.directory.models import Department

ENGLISH = {"accept-language": "en"}
CHINESE = {"accept-language": "zh-hans"}
PAGES = ["appeals:settings_deadlines", "appeals:settings_categories", "appeals:settings_departments"]


def messages_of(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(m) for m in response.context["messages"]]


def audited(object_type: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(object_type=object_type).order_by("sequence"))


# --- Who may see and change the settings ------------------------------------------------------------

@pytest.mark.parametrize("persona", ["handler", "ent_user", "bank_officer", "lawyer", "sysadmin", "auditadmin"])
@pytest.mark.parametrize("page", [*PAGES, "appeals:settings"])
def test_other_roles_get_404(world, login, persona, page) -> None:  # type: ignore[no-untyped-def]
    assert login(world.users[persona]).get(reverse(page)).status_code == 404


@pytest.mark.parametrize("page", [*PAGES, "appeals:settings"])
def test_a_leader_not_granted_the_settings_pages_gets_404(world, login, leader, page) -> None:  # type: ignore[no-untyped-def]
    assert login(leader).get(reverse(page)).status_code == 404


def _grant_settings(leader) -> None:  # type: ignore[no-untyped-def]
    from kaopu.accounts.roles import Permission

    leader.granted_permissions = [Permission.SETTINGS]
    leader.save(update_fields=["granted_permissions"])


@pytest.mark.parametrize("page", PAGES)
def test_a_leader_granted_the_settings_sees_them_without_forms(world, login, leader, page) -> None:  # type: ignore[no-untyped-def]
    _grant_settings(leader)
    DeadlineRule.objects.create(step="reply", kind=Appeal.Kind.COMPLAINT, working_days=12)
    response = login(leader).get(reverse(page))
    assert response.status_code == 200
    assert response.context["form"] is None if "form" in response.context else True
    assert 'action="/appeals/settings/' not in response.content.decode()


@pytest.mark.parametrize(("name", "args", "data"), [
    ("appeals:settings_deadline_add", [], {"step": "reply", "working_days": "3"}),
    ("appeals:settings_category_add", [], {"name": "新类别", "sort_order": "3"}),
])
def test_leaders_cannot_write(world, login, leader, name, args, data) -> None:  # type: ignore[no-untyped-def]
    assert login(leader).post(reverse(name, args=args), data).status_code == 404
    assert not DeadlineRule.objects.exists()
    assert not Category.objects.filter(name="新类别").exists()


def test_leaders_cannot_set_a_department_head(world, login, leader, handler) -> None:  # type: ignore[no-untyped-def]
    url = reverse("appeals:settings_department_head", args=[world.department.pk])
    assert login(leader).post(url, {f"d{world.department.pk}-head": handler.pk}).status_code == 404
    assert Department.objects.get(pk=world.department.pk).head_id is None


def test_the_menu_has_one_settings_entry_for_staff_and_granted_leaders(world, login, staff, leader, handler) -> None:  # type: ignore[no-untyped-def]
    url = reverse("appeals:settings")

    def entries(user):  # type: ignore[no-untyped-def]
        items = login(user).get(reverse("core:home"), follow=True).context["nav_items"]
        return [label for label, href, _ in items if href == url]

    assert entries(staff) == ["诉求设置"] and entries(leader) == [] and entries(handler) == []
    _grant_settings(leader)
    assert entries(leader) == ["诉求设置"]


# --- Deadline rules ---------------------------------------------------------------------------------

def deadlines_page(client):  # type: ignore[no-untyped-def]
    return client.get(reverse("appeals:settings_deadlines"), headers=ENGLISH)


def add_rule(client, **data):  # type: ignore[no-untyped-def]
    return client.post(reverse("appeals:settings_deadline_add"), data, follow=True, headers=ENGLISH)


def test_the_table_shows_defaults_and_overrides(world, login, staff) -> None:  # type: ignore[no-untyped-def]
    DeadlineRule.objects.create(step="reply", kind=Appeal.Kind.COMPLAINT, working_days=12)
    DeadlineRule.objects.create(step="rate", working_days=7)
    table = dict(deadlines_page(login(staff)).context["table"])
    reply = [(c.days, c.source) for c in table["reply"]]
    assert reply == [(2, "default"), (10, "default"), (10, "default"), (12, "type")]
    assert {(c.days, c.source) for c in table["rate"]} == {(7, "all")}


def test_staff_add_a_rule_and_it_is_audited(world, login, staff) -> None:  # type: ignore[no-untyped-def]
    tax = Category.objects.get(name="税费")
    response = add_rule(login(staff), step="reply", kind="complaint", category=tax.pk, working_days="8")
    assert "deadlines already set do not change" in messages_of(response)[0]
    rule = DeadlineRule.objects.get()
    assert (rule.step, rule.kind, rule.category, rule.working_days) == ("reply", "complaint", tax, 8)
    entry = audited("appeals.deadlinerule")[0]
    assert entry.action == "create" and entry.actor == staff
    assert entry.data["after"] == {"step": "reply", "kind": "complaint", "category": tax.pk, "working_days": 8}


@pytest.mark.parametrize("days", ["0", "61", "abc", "", "2.5"])
def test_working_days_outside_1_to_60_name_the_field(world, login, staff, days) -> None:  # type: ignore[no-untyped-def]
    response = login(staff).post(reverse("appeals:settings_deadline_add"),
                                 {"step": "reply", "working_days": days}, headers=CHINESE)
    assert response.status_code == 200
    assert "工作日数：请输入 1 到 60 之间的整数。" in response.content.decode()
    assert not DeadlineRule.objects.exists()


def test_a_second_rule_for_the_same_step_type_and_category_is_refused(world, login, staff) -> None:  # type: ignore[no-untyped-def]
    client = login(staff)
    add_rule(client, step="rate", working_days="7")  # blank type, blank category
    response = add_rule(client, step="rate", working_days="9")
    assert response.status_code == 200
    assert "exists already" in response.content.decode()
    assert DeadlineRule.objects.get().working_days == 7
    assert len(audited("appeals.deadlinerule")) == 1


def test_a_duplicate_saved_in_the_meantime_is_a_form_error_not_a_500(world, staff) -> None:  # type: ignore[no-untyped-def]
    form = DeadlineRuleForm({"step": "reply", "kind": "help", "working_days": "4"})
    assert form.is_valid()
    DeadlineRule.objects.create(step="reply", kind="help", working_days=6)  # another staff member, meanwhile
    assert form.save(acting_user=staff) is None
    assert form.non_field_errors()
    assert DeadlineRule.objects.get().working_days == 6


def test_staff_edit_a_rule_but_not_into_a_duplicate(world, login, staff) -> None:  # type: ignore[no-untyped-def]
    rule = DeadlineRule.objects.create(step="reply", kind="help", working_days=6)
    DeadlineRule.objects.create(step="reply", kind="suggestion", working_days=6)
    client = login(staff)
    url = reverse("appeals:settings_deadline_edit", args=[rule.pk])
    refused = client.post(url, {"step": "reply", "kind": "suggestion", "working_days": "4"}, headers=ENGLISH)
    assert "exists already" in refused.content.decode()
    client.post(url, {"step": "reply", "kind": "help", "working_days": "4"})
    rule.refresh_from_db()
    assert rule.working_days == 4
    entry = audited("appeals.deadlinerule")[-1]
    assert entry.action == "update" and entry.data["before"]["working_days"] == 6


def test_staff_delete_a_rule_and_it_is_audited(world, login, staff) -> None:  # type: ignore[no-untyped-def]
    rule = DeadlineRule.objects.create(step="reply", kind="help", working_days=6)
    login(staff).post(reverse("appeals:settings_deadline_delete", args=[rule.pk]))
    assert not DeadlineRule.objects.exists()
    entry = audited("appeals.deadlinerule")[-1]
    assert entry.action == "delete" and entry.data["before"]["working_days"] == 6


def test_a_new_rule_changes_only_deadlines_computed_afterwards(world, login, staff, submit) -> None:  # type: ignore[no-untyped-def]
    before = submit()
    assert before.due_on == date(2026, 9, 29)  # accept in 1 working day
    add_rule(login(staff), step="accept", working_days="3")
    assert Appeal.objects.get(pk=before.pk).due_on == date(2026, 9, 29)
    assert submit().due_on == date(2026, 10, 8)  # Sep 29, Sep 30, then National Day (Oct 1-7), Oct 8


def test_the_deadlines_page_runs_the_same_queries_for_few_or_many_rules(world, login, staff,
                                                                       django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = login(staff)
    categories = list(Category.objects.all())
    DeadlineRule.objects.create(step="reply", category=categories[0], working_days=3)
    deadlines_page(client)
    with CaptureQueriesContext(connection) as few:
        deadlines_page(client)
    DeadlineRule.objects.bulk_create([DeadlineRule(step=step, category=category, working_days=4)
                                      for step in ("accept", "rate") for category in categories])
    with django_assert_num_queries(len(few.captured_queries)):
        assert deadlines_page(client).status_code == 200


# --- Categories -------------------------------------------------------------------------------------

def add_category(client, name: str, sort_order: str = "20"):  # type: ignore[no-untyped-def]
    return client.post(reverse("appeals:settings_category_add"), {"name": name, "sort_order": sort_order},
                       follow=True, headers=ENGLISH)


def test_staff_add_a_category_offered_on_the_submit_forms_in_order(world, login, staff, ent_user) -> None:  # type: ignore[no-untyped-def]
    add_category(login(staff), "  数据  合规 ", "0")
    category = Category.objects.get(name="数据 合规")
    assert audited("appeals.category")[0].action == "create"
    choices = list(login(ent_user).get(reverse("appeals:my_new")).context["form"].fields["category"].queryset)
    assert choices[0] == category or choices.index(category) < choices.index(Category.objects.get(name="法律"))


@pytest.mark.parametrize(("name", "message"), [
    ("融资", "exists already"), (" 融资 ", "exists already"), ("", "please enter a name"),
    ("长" * 31, "at most 30 characters"),
])
def test_a_bad_category_name_is_refused_with_the_field(world, login, staff, name, message) -> None:  # type: ignore[no-untyped-def]
    count = Category.objects.count()
    response = add_category(login(staff), name)
    assert message in response.content.decode()
    assert "Name:" in response.content.decode()
    assert Category.objects.count() == count


def test_staff_rename_and_reorder_a_category(world, login, staff) -> None:  # type: ignore[no-untyped-def]
    category = Category.objects.get(name="其他")
    client = login(staff)
    url = reverse("appeals:settings_category_edit", args=[category.pk])
    refused = client.post(url, {"name": "法律", "sort_order": "0"}, headers=ENGLISH)
    assert "exists already" in refused.content.decode()
    client.post(url, {"name": "其他事项", "sort_order": "0"})
    category.refresh_from_db()
    assert (category.name, category.sort_order) == ("其他事项", 0)
    assert audited("appeals.category")[-1].data["before"] == {"name": "其他", "sort_order": 9,
                                                              "reply_review_required": False}
    ordered = list(Category.objects.filter(is_active=True).values_list("name", flat=True))
    assert ordered[:2] == ["融资", "其他事项"]  # same sort order: the older first


def test_a_retired_category_is_not_offered_but_old_appeals_keep_it(world, login, staff, ent_user, submit) -> None:  # type: ignore[no-untyped-def]
    tax = Category.objects.get(name="税费")
    old = submit(category=tax)
    client = login(staff)
    response = client.post(reverse("appeals:settings_category_active", args=[tax.pk]), {"active": "0"},
                           follow=True, headers=ENGLISH)
    assert "retired" in messages_of(response)[0]
    assert tax not in login(ent_user).get(reverse("appeals:my_new")).context["form"].fields["category"].queryset
    assert tax not in login(staff).get(reverse("appeals:staff_new")).context["form"].fields["category"].queryset
    assert Appeal.objects.get(pk=old.pk).category == tax
    assert "税费" in client.get(reverse("appeals:staff_detail", args=[old.pk])).content.decode()
    refused = login(ent_user).post(reverse("appeals:my_new"), {
        "kind": "help", "category": tax.pk, "title": "税费问题", "content": "内容"})
    assert refused.status_code == 200 and Appeal.objects.count() == 1
    login(staff).post(reverse("appeals:settings_category_active", args=[tax.pk]), {"active": "1"})
    assert Category.objects.get(pk=tax.pk).is_active
    assert [e.data for e in audited("appeals.category")] == [
        {"is_active": {"old": True, "new": False}}, {"is_active": {"old": False, "new": True}}]


def test_the_categories_page_runs_the_same_queries_for_few_or_many(world, login, staff,
                                                                   django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = login(staff)
    client.get(reverse("appeals:settings_categories"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("appeals:settings_categories"))
    Category.objects.bulk_create([Category(name=f"类别{n}", sort_order=20 + n) for n in range(30)])
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(reverse("appeals:settings_categories")).status_code == 200


# --- Department heads -------------------------------------------------------------------------------

def set_head(client, department: Department, value: object):  # type: ignore[no-untyped-def]
    return client.post(reverse("appeals:settings_department_head", args=[department.pk]),
                       {f"d{department.pk}-head": value}, follow=True, headers=ENGLISH)


def test_the_page_lists_the_districts_departments_with_their_handlers(world, login, staff, handler,
                                                                      other_handler) -> None:  # type: ignore[no-untyped-def]
    Department.objects.create(district=world.far_district, name="静安区税务局")
    response = login(staff).get(reverse("appeals:settings_departments"))
    rows = {department.name: [u.username for u in handlers] for department, handlers, _ in response.context["rows"]}
    assert rows == {"区市场监管局": ["handler"], "区人社局": ["other_handler"]}


def test_staff_set_and_clear_the_head_and_it_is_audited(world, login, staff, handler) -> None:  # type: ignore[no-untyped-def]
    client = login(staff)
    response = set_head(client, world.department, handler.pk)
    assert "was saved" in messages_of(response)[0]
    assert Department.objects.get(pk=world.department.pk).head == handler
    set_head(client, world.department, "")
    assert Department.objects.get(pk=world.department.pk).head is None
    assert [e.data for e in audited("directory.department")] == [
        {"head": {"old": None, "new": handler.pk}}, {"head": {"old": handler.pk, "new": None}}]


@pytest.mark.parametrize("who", ["other_handler", "ent_user", "staff", "inactive_handler", "nobody", "text"])
def test_the_head_must_be_an_active_handler_of_that_department(world, login, staff, other_handler, who) -> None:  # type: ignore[no-untyped-def]
    organisation = Organisation.objects.get(department=world.department)
    inactive = make_user("inactive_handler", Role.DEPARTMENT_HANDLER, organisation, is_active=False)
    value = {"other_handler": other_handler.pk, "ent_user": world.users["ent_user"].pk, "staff": staff.pk,
             "inactive_handler": inactive.pk, "nobody": 999999, "text": "abc"}[who]
    response = set_head(login(staff), world.department, value)
    assert messages_of(response) == ["Head account: choose an active handler account of 区市场监管局."]
    assert Department.objects.get(pk=world.department.pk).head_id is None
    assert not audited("directory.department")


def test_the_error_is_in_chinese_by_default(world, login, staff, other_handler) -> None:  # type: ignore[no-untyped-def]
    response = login(staff).post(reverse("appeals:settings_department_head", args=[world.department.pk]),
                                 {f"d{world.department.pk}-head": other_handler.pk}, follow=True)
    assert messages_of(response) == ["负责人账号：请选择区市场监管局的在用办理人账号。"]


def test_staff_of_another_district_cannot_set_a_head_here(world, login, handler) -> None:  # type: ignore[no-untyped-def]
    response = login(world.users["far_staff"]).post(
        reverse("appeals:settings_department_head", args=[world.department.pk]),
        {f"d{world.department.pk}-head": handler.pk})
    assert response.status_code == 404
    assert Department.objects.get(pk=world.department.pk).head_id is None


def test_the_departments_page_runs_the_same_queries_for_few_or_many(world, login, staff, handler,
                                                                    django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    Department.objects.filter(pk=world.department.pk).update(head=handler)
    client = login(staff)
    client.get(reverse("appeals:settings_departments"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("appeals:settings_departments"))
    for n in range(10):
        department = Department.objects.create(district=world.district, name=f"部门{n}")
        organisation = Organisation.objects.create(kind=OrganisationKind.DEPARTMENT, name=department.name,
                                                   district=world.district, department=department)
        head = make_user(f"head{n}", Role.DEPARTMENT_HANDLER, organisation)
        make_user(f"clerk{n}", Role.DEPARTMENT_HANDLER, organisation)
        Department.objects.filter(pk=department.pk).update(head=head)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(reverse("appeals:settings_departments")).status_code == 200


def test_a_head_that_left_the_department_is_flagged(world, login, staff, handler, other_department) -> None:  # type: ignore[no-untyped-def]
    Department.objects.filter(pk=world.department.pk).update(head=handler)
    handler.organisation = Organisation.objects.create(kind=OrganisationKind.DEPARTMENT, name=other_department.name,
                                                       district=world.district, department=other_department)
    handler.save(update_fields=["organisation"])
    Department.objects.create(district=world.district, name="区统计局")
    html = login(staff).get(reverse("appeals:settings_departments"), headers=ENGLISH).content.decode()
    assert "no longer an active handler of this department" in html
    assert html.count("no handler account yet") == 1  # 区统计局: nobody to choose

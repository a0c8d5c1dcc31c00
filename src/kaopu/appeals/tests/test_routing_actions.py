"""The writes of the routing rules (kaopu.appeals.actions_routing): the district's staff create, edit,
reorder and delete rules, each audited; the positions stay 1..n; bad input is refused naming the
field; another district's rule is 404; the dispatch notes whether it followed the suggestion."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import Http404

from kaopu.accounts.roles import Role
from kaopu.appeals import actions
from kaopu.appeals.actions_routing import (
    RoutingRuleError,
    RuleInput,
    create_rule,
    delete_rule,
    move_rule,
    update_rule,
)
from kaopu.appeals.models import Category, Event, RoutingRule
from kaopu.audit.models import AuditEntry
from kaopu.core.testing import at_once, build_world, make_user
from kaopu.directory.models import Department, Subdistrict


@pytest.fixture
def loan(db) -> Category:  # type: ignore[no-untyped-def]
    return Category.objects.get(name="融资")


def make(world, name: str, **fields) -> RoutingRule:  # type: ignore[no-untyped-def]
    fields.setdefault("lead", world.department)
    if not {"category", "subdistrict", "keywords"} & set(fields):
        fields["keywords"] = "贷款"
    return create_rule(acting_user=world.users["staff"], data=RuleInput(name=name, **fields))


def order(world) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    return list(RoutingRule.objects.filter(district=world.district).order_by("position")
                .values_list("position", "name"))


def audited() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(object_type="appeals.routingrule").order_by("sequence"))


def refusal(call) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    with pytest.raises(RoutingRuleError) as caught:
        call()
    return caught.value.message_dict


# --- Create -----------------------------------------------------------------------------------------

def test_staff_add_rules_last_and_each_is_audited(world, loan, other_department) -> None:  # type: ignore[no-untyped-def]
    first = make(world, "融资诉求交市场监管局", category=loan, keywords="续贷， 担保", co_handlers=[other_department])
    make(world, "长寿路街道", subdistrict=world.subdistrict)
    assert order(world) == [(1, "融资诉求交市场监管局"), (2, "长寿路街道")]
    assert first.keywords == "续贷 担保" and list(first.co_departments.all()) == [other_department]
    entry = audited()[0]
    assert entry.action == "create" and entry.actor == world.users["staff"]
    assert "新增诉求分派规则「融资诉求交市场监管局」" in entry.summary and "区市场监管局" in entry.summary
    assert entry.data["after"]["keywords"] == ["续贷", "担保"]
    assert entry.data["after"]["co_handler_names"] == ["区人社局"]


def test_a_rule_added_at_a_position_moves_the_others_down(world) -> None:  # type: ignore[no-untyped-def]
    make(world, "甲")
    make(world, "乙")
    make(world, "丙", position=1)
    make(world, "丁", position=99)  # past the end: last
    assert order(world) == [(1, "丙"), (2, "甲"), (3, "乙"), (4, "丁")]


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"name": "  "}, "name", "名称：请填写规则名称。"),
    ({"name": "长" * 51}, "name", "名称：最多 50 个字。"),
    ({"keywords": "", "category": None}, "__all__", "条件：诉求类别、企业所属街道、关键词至少填写一项"),
    ({"keywords": " ".join(f"词{i}" for i in range(11))}, "keywords", "关键词：最多 10 个词，本规则有 11 个。"),
    ({"keywords": "很" * 21}, "keywords", "超过 20 个字"),
    ({"lead": None}, "lead", "建议主办部门：请选择本区在用的部门。"),
    ({"position": 0}, "position", "顺序：请输入从 1 起的整数。"),
])
def test_bad_input_is_refused_naming_the_field(world, fields, field, message) -> None:  # type: ignore[no-untyped-def]
    values = {"name": "规则", "lead": world.department, "keywords": "贷款", **fields}
    errors = refusal(lambda: create_rule(acting_user=world.users["staff"], data=RuleInput(**values)))
    assert any(message in error for error in errors[field]), errors
    assert not RoutingRule.objects.exists() and not audited()


def test_departments_and_subdistricts_of_another_district_are_refused(world) -> None:  # type: ignore[no-untyped-def]
    far_department = Department.objects.create(district=world.far_district, name="静安区市场监管局")
    far_co_handler = Department.objects.create(district=world.far_district, name="静安区人社局")
    far_subdistrict = Subdistrict.objects.create(district=world.far_district, name="南京西路街道")
    errors = refusal(lambda: make(world, "越界", lead=far_department, subdistrict=far_subdistrict,
                                  co_handlers=[far_co_handler]))
    assert errors["lead"] == ["建议主办部门：请选择本区在用的部门。"]
    assert errors["subdistrict"] == ["企业所属街道：请选择本区的街道（镇）。"]
    assert errors["co_handlers"] == ["建议协办部门：“静安区人社局”不是本区在用的部门。"]


def test_the_lead_is_not_also_a_co_handler_and_a_retired_department_is_refused(world, other_department) -> None:  # type: ignore[no-untyped-def]
    Department.objects.filter(pk=other_department.pk).update(is_active=False)
    other_department.refresh_from_db()
    errors = refusal(lambda: make(world, "规则", co_handlers=[world.department, other_department]))
    assert errors["co_handlers"] == ["建议协办部门：不能包含主办部门“区市场监管局”。",
                                     "建议协办部门：“区人社局”不是本区在用的部门。"]


def test_two_rules_of_a_district_cannot_share_a_name_but_districts_can(world) -> None:  # type: ignore[no-untyped-def]
    make(world, "融资")
    errors = refusal(lambda: make(world, " 融资 "))
    assert errors["name"] == ["名称：本区已有名为“融资”的规则。"]
    far_department = Department.objects.create(district=world.far_district, name="静安区金融办")
    create_rule(acting_user=world.users["far_staff"], data=RuleInput(name="融资", lead=far_department,
                                                                     keywords="贷款"))
    assert RoutingRule.objects.filter(name="融资").count() == 2


@pytest.mark.parametrize("persona", ["leader", "handler", "ent_user", "sysadmin"])
def test_only_fic_staff_keep_rules(world, persona) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RoutingRuleError):
        create_rule(acting_user=world.users[persona], data=RuleInput(name="规则", lead=world.department,
                                                                    keywords="贷款"))
    assert not RoutingRule.objects.exists()


# --- Edit, move, delete -----------------------------------------------------------------------------

def test_an_edit_is_audited_with_before_and_after_and_can_move_the_rule(world, loan) -> None:  # type: ignore[no-untyped-def]
    make(world, "甲")
    rule = make(world, "乙")
    update_rule(rule.pk, acting_user=world.users["staff"],
                data=RuleInput(name="乙（融资）", lead=world.department, category=loan, is_active=False, position=1))
    assert order(world) == [(1, "乙（融资）"), (2, "甲")]
    entry = audited()[-1]
    assert entry.action == "update" and entry.summary == "修改诉求分派规则「乙（融资）」"
    assert entry.data["before"]["keywords"] == ["贷款"] and entry.data["after"]["category"] == loan.pk
    assert entry.data["before"]["position"] == 2 and entry.data["after"]["position"] == 1


def test_an_edit_that_changes_nothing_writes_no_audit_entry(world) -> None:  # type: ignore[no-untyped-def]
    rule = make(world, "甲")
    before = len(audited())
    update_rule(rule.pk, acting_user=world.users["staff"], data=RuleInput(name="甲", lead=world.department,
                                                                         keywords="贷款"))
    assert len(audited()) == before


def test_moving_up_and_down_swaps_with_the_neighbour_and_stops_at_the_ends(world) -> None:  # type: ignore[no-untyped-def]
    first, second, third = make(world, "甲"), make(world, "乙"), make(world, "丙")
    move_rule(third.pk, acting_user=world.users["staff"], direction="up")
    assert order(world) == [(1, "甲"), (2, "丙"), (3, "乙")]
    assert audited()[-1].summary == "调整诉求分派规则「丙」的顺序：第3条 → 第2条"
    count = len(audited())
    move_rule(first.pk, acting_user=world.users["staff"], direction="up")  # already first
    move_rule(second.pk, acting_user=world.users["staff"], direction="down")  # already last
    assert order(world) == [(1, "甲"), (2, "丙"), (3, "乙")] and len(audited()) == count


def test_deleting_a_rule_closes_the_gap_and_is_audited(world) -> None:  # type: ignore[no-untyped-def]
    make(world, "甲")
    middle = make(world, "乙")
    make(world, "丙")
    deleted = delete_rule(middle.pk, acting_user=world.users["staff"])
    assert deleted.name == "乙" and order(world) == [(1, "甲"), (2, "丙")]
    entry = audited()[-1]
    assert entry.action == "delete" and "删除诉求分派规则「乙」" in entry.summary
    assert entry.data["before"]["name"] == "乙"


def test_another_districts_rule_is_404_to_every_action(world) -> None:  # type: ignore[no-untyped-def]
    rule = make(world, "甲")
    far_staff = world.users["far_staff"]
    data = RuleInput(name="改名", lead=world.department, keywords="贷款")
    for call in (lambda: update_rule(rule.pk, acting_user=far_staff, data=data),
                 lambda: move_rule(rule.pk, acting_user=far_staff, direction="down"),
                 lambda: delete_rule(rule.pk, acting_user=far_staff)):
        with pytest.raises(Http404):
            call()
    assert order(world) == [(1, "甲")]


# --- The dispatch and the suggestion ------------------------------------------------------------------

def test_a_dispatch_that_follows_the_suggestion_says_so(world, submit, other_department, loan) -> None:  # type: ignore[no-untyped-def]
    make(world, "法律诉求", category=Category.objects.get(name="法律"))
    rule = make(world, "融资诉求", category=loan, lead=other_department, co_handlers=[world.department])
    appeal = submit()
    actions.accept(appeal.pk, acting_user=world.users["staff"])
    actions.dispatch(appeal.pk, acting_user=world.users["staff"], lead=other_department,
                     co_handlers=[world.department])
    event = Event.objects.get(appeal=appeal, action="dispatch")
    assert event.data["routing"] == {"rule": rule.pk, "name": "融资诉求", "lead": other_department.pk,
                                     "co_handlers": [world.department.pk], "followed": True}
    entry = AuditEntry.objects.filter(object_type="appeals.appeal").order_by("-sequence").first()
    assert entry.data["routing"]["followed"] is True


def test_a_dispatch_elsewhere_notes_the_suggestion_it_did_not_follow(world, submit, other_department, loan) -> None:  # type: ignore[no-untyped-def]
    make(world, "融资诉求", category=loan, lead=other_department)
    appeal = submit()
    actions.accept(appeal.pk, acting_user=world.users["staff"])
    actions.dispatch(appeal.pk, acting_user=world.users["staff"], lead=world.department)
    routing_note = Event.objects.get(appeal=appeal, action="dispatch").data["routing"]
    assert routing_note["followed"] is False and routing_note["lead"] == other_department.pk


def test_a_dispatch_without_a_matching_rule_notes_nothing(world, submit) -> None:  # type: ignore[no-untyped-def]
    make(world, "法律诉求", category=Category.objects.get(name="法律"))
    appeal = submit()
    actions.accept(appeal.pk, acting_user=world.users["staff"])
    actions.dispatch(appeal.pk, acting_user=world.users["staff"], lead=world.department)
    assert "routing" not in Event.objects.get(appeal=appeal, action="dispatch").data


# --- Two staff members at once (PostgreSQL) ------------------------------------------------------------

@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_staff_reordering_and_adding_at_once_keep_positions_one_to_n() -> None:
    """Without the district's lock both would read the same order and write clashing positions (the
    unique constraint would refuse one with an IntegrityError, a 500)."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL; SQLite serialises writers")
    world = build_world()
    staff, colleague = world.users["staff"], make_user("staff2", Role.FIC_STAFF, world.users["staff"].organisation)
    rules = [make(world, name) for name in ("甲", "乙", "丙", "丁")]
    for _round in range(3):
        outcomes = at_once([
            lambda: move_rule(rules[3].pk, acting_user=staff, direction="up"),
            lambda: move_rule(rules[0].pk, acting_user=colleague, direction="down"),
            lambda: move_rule(rules[1].pk, acting_user=colleague, direction="up"),
        ])
        assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    outcomes = at_once([
        lambda: create_rule(acting_user=staff, data=RuleInput(name="新甲", lead=world.department, keywords="甲",
                                                              position=1)),
        lambda: create_rule(acting_user=colleague, data=RuleInput(name="新乙", lead=world.department,
                                                                  keywords="乙")),
        lambda: delete_rule(rules[2].pk, acting_user=colleague),
    ])
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    positions = [position for position, _name in order(world)]
    assert positions == [1, 2, 3, 4, 5]
    assert {name for _p, name in order(world)} == {"甲", "乙", "丁", "新甲", "新乙"}
    entries = audited()
    assert [e.action for e in entries].count("create") == 6 and [e.action for e in entries].count("delete") == 1
    moves = [e.data["position"] for e in entries if e.action == "update"]
    assert moves and all(abs(move["old"] - move["new"]) == 1 for move in moves)  # each a step from where it was


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_staff_adding_the_same_name_at_once_one_is_told() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL; SQLite serialises writers")
    world = build_world()
    colleague = make_user("staff2", Role.FIC_STAFF, world.users["staff"].organisation)
    outcomes = at_once([lambda user=user: create_rule(acting_user=user, data=RuleInput(
        name="融资", lead=world.department, keywords="贷款")) for user in (world.users["staff"], colleague)])
    refused = [o for o in outcomes if isinstance(o, RoutingRuleError)]
    assert len(refused) == 1 and refused[0].message_dict["name"] == ["名称：本区已有名为“融资”的规则。"]
    assert order(world) == [(1, "融资")]

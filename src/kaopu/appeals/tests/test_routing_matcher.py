"""The routing rules' matcher (kaopu.appeals.routing): every given condition must hold, the first active
rule in order wins, and only a department of the appeal's own district is ever suggested."""

from __future__ import annotations

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaopu.appeals import routing
from kaopu.appeals.models import Appeal, Category, RoutingRule
from kaopu.appeals.routing import Facts, Rule, first_match, matches, split_keywords, with_draft
from kaopu.core.testing import make_enterprise
from kaopu.directory.models import Department, Subdistrict

LOAN, LAW = 1, 2


def facts(text: str = "企业流动资金贷款到期，续贷审批缓慢", category: int | None = LOAN,
          subdistrict: int | None = 7) -> Facts:
    return Facts(category, subdistrict, routing.normalise(text))


def rule(position: int = 1, **fields) -> Rule:  # type: ignore[no-untyped-def]
    fields.setdefault("lead_id", 100 + position)
    return Rule(id=position, name=f"规则{position}", position=position, **fields)


# --- Conditions -------------------------------------------------------------------------------------

def test_a_rule_matches_when_every_given_condition_holds() -> None:
    both = rule(category_id=LOAN, keywords=("续贷",))
    assert matches(both, facts())
    assert not matches(both, facts(category=LAW))
    assert not matches(both, facts("合同纠纷"))


def test_a_blank_condition_is_met_by_any_appeal() -> None:
    assert matches(rule(subdistrict_id=7), facts(category=LAW))
    assert matches(rule(category_id=LOAN), facts(subdistrict=None))


def test_the_enterprise_subdistrict_must_equal_the_rules() -> None:
    assert not matches(rule(subdistrict_id=7), facts(subdistrict=8))
    assert not matches(rule(subdistrict_id=7), facts(subdistrict=None))


def test_any_one_keyword_in_the_title_or_content_is_enough() -> None:
    assert matches(rule(keywords=("担保", "续贷")), facts())
    assert not matches(rule(keywords=("担保", "租金")), facts())


def test_keywords_ignore_case_and_full_width_letters() -> None:
    words = split_keywords("ＩＳＯ  Iso，iso、认证")
    assert words == ["iso", "认证"]
    assert matches(rule(keywords=tuple(words)), facts("申请ISO9001体系审核"))


def test_a_keyword_does_not_match_across_title_and_content() -> None:
    appeal = Appeal(title="关于续", content="贷的问题", category_id=LOAN)
    assert not matches(rule(keywords=("续贷",)), Facts.of(appeal, None))
    assert matches(rule(keywords=("关于续",)), Facts.of(appeal, None))


def test_a_rule_without_any_condition_matches_nothing() -> None:
    # The actions refuse such a rule; the matcher does not turn bad data into "match everything".
    assert not matches(rule(), facts())


# --- Order ------------------------------------------------------------------------------------------

def test_the_first_matching_rule_wins_and_inactive_rules_are_skipped() -> None:
    rules = [rule(1, category_id=LAW), rule(2, keywords=("续贷",), is_active=False), rule(3, category_id=LOAN),
             rule(4, keywords=("续贷",))]
    assert first_match(rules, facts()).id == 3  # type: ignore[union-attr]
    assert first_match(rules[:2], facts()) is None


def test_a_draft_takes_its_position_and_replaces_its_saved_self() -> None:
    rules = [rule(1), rule(2), rule(3)]
    assert [r.id for r in with_draft(rules, Rule(None, "草稿", position=2))] == [1, None, 2, 3]
    assert [r.id for r in with_draft(rules, Rule(None, "草稿", position=99))] == [1, 2, 3, None]
    moved = with_draft(rules, Rule(3, "改过的规则3", position=1, is_active=False))
    assert [r.id for r in moved] == [3, 1, 2] and moved[0].is_active  # tried as if active


def test_suggestion_drops_the_lead_from_the_co_handlers_and_says_whether_it_was_followed() -> None:
    suggestion = routing.Suggestion.from_rule(rule(1, category_id=LOAN, lead_id=5, co_handler_ids=(5, 6)))
    assert suggestion.co_handler_ids == (6,)
    assert suggestion.record(5, [6])["followed"] is True
    assert suggestion.record(5, [])["followed"] is False
    assert suggestion.record(6, [6])["followed"] is False


# --- Properties -------------------------------------------------------------------------------------

WORDS = ["贷款", "续贷", "担保", "合同", "招聘", "租金", "iso"]
rules_strategy = st.lists(st.builds(
    lambda category, subdistrict, words, active, lead: (category, subdistrict, tuple(words), active, lead),
    st.sampled_from([None, LOAN, LAW]), st.sampled_from([None, 7, 8]),
    st.lists(st.sampled_from(WORDS), max_size=3, unique=True), st.booleans(), st.integers(1, 5)), max_size=8)
facts_strategy = st.builds(lambda words, category, subdistrict: facts("".join(words), category, subdistrict),
                           st.lists(st.sampled_from([*WORDS, "其他", "ISO"]), max_size=4),
                           st.sampled_from([LOAN, LAW, 3]), st.sampled_from([None, 7, 8]))


def obviously_matches(candidate: Rule, appeal: Facts) -> bool:
    """The rule of the issue, spelt out: some condition is given, and each given one holds."""
    given_conditions = [
        *([candidate.category_id == appeal.category_id] if candidate.category_id else []),
        *([candidate.subdistrict_id == appeal.subdistrict_id] if candidate.subdistrict_id else []),
        *([any(w in appeal.text for w in candidate.keywords)] if candidate.keywords else []),
    ]
    return bool(given_conditions) and all(given_conditions)


@settings(max_examples=300, deadline=None)
@given(rules_strategy, facts_strategy)
def test_the_suggestion_is_always_the_first_active_rule_that_matches(specs, appeal) -> None:  # type: ignore[no-untyped-def]
    rules = [Rule(i, f"规则{i}", i, category, subdistrict, words, lead, (), active)
             for i, (category, subdistrict, words, active, lead) in enumerate(specs, 1)]
    winner = first_match(rules, appeal)
    expected = next((r for r in rules if r.is_active and obviously_matches(r, appeal)), None)
    assert winner == expected
    assert first_match(rules, appeal) == winner  # deterministic
    if winner is not None:  # nothing before it would have matched
        assert not any(r.is_active and obviously_matches(r, appeal) for r in rules[:rules.index(winner)])


ALPHABET = "贷款担保续Aa１"  # overlapping words (贷, 贷款, 款担 …), case and full width


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(ALPHABET, min_size=1, max_size=3), max_size=8), st.text(ALPHABET, max_size=40),
       st.lists(st.text(ALPHABET, min_size=1, max_size=3), max_size=3))
def test_the_keyword_index_finds_exactly_the_words_the_text_holds(words, text, unindexed) -> None:  # type: ignore[no-untyped-def]
    """The automaton is only faster: with it, without it, or for a word it was not given, the answer is
    plain containment in the normalised text."""
    normalised_words = [w for w in (routing.normalise(word) for word in words) if w]
    index = routing.KeywordIndex(normalised_words)
    indexed, plain = Facts.of_text(LOAN, None, text, index), Facts.of_text(LOAN, None, text)
    assert index.found_in(plain.text) == {w for w in normalised_words if w in plain.text}
    for candidate in [*normalised_words, *(routing.normalise(w) for w in unindexed)]:
        one = rule(keywords=(candidate,) if candidate else ("x",))
        assert matches(one, indexed) == matches(one, plain) == (one.keywords[0] in plain.text)


# --- Against the database: only the appeal's own district ------------------------------------------

@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 5), st.sampled_from([None, "融资", "法律"]), st.booleans(),
                          st.lists(st.integers(0, 5), max_size=3), st.booleans()), min_size=1, max_size=7),
       st.sampled_from(["融资", "法律", "用工"]))
def test_the_suggestion_never_names_a_department_of_another_district(world, specs, category_name) -> None:  # type: ignore[no-untyped-def]
    """Rules are stored through raw rows here, including bad ones no action would write (a lead of
    another district, a retired lead, a co-handler of another district): the suggestion is still the
    first rule, in position order, whose lead is an active department of the appeal's district."""
    with transaction.atomic():
        home = [world.department, *(Department.objects.create(district=world.district, name=f"区局{i}")
                                    for i in range(2))]
        home[2].is_active = False
        home[2].save(update_fields=["is_active"])
        far = [Department.objects.create(district=world.far_district, name=f"外区局{i}") for i in range(3)]
        departments = [*home, *far]  # 0-1 usable, 2 retired, 3-5 another district
        categories = {c.name: c for c in Category.objects.all()}
        for position, (lead, category, active, co, in_far_district) in enumerate(specs, 1):
            saved = RoutingRule.objects.create(
                district=world.far_district if in_far_district else world.district, name=f"规则{position}",
                position=position, is_active=active, category=categories.get(category or ""),
                keywords="" if category else "贷款", lead_department=departments[lead], created_by=world.users["staff"])
            saved.co_departments.set([departments[i] for i in co])
        enterprise = make_enterprise(world.district, subdistrict=world.subdistrict)
        appeal = Appeal(district=world.district, enterprise=enterprise, category=categories[category_name],
                        title="贷款续贷", content="请求协调")

        suggestion = routing.suggest(appeal)

        usable = {d.pk for d in home if d.is_active}
        expected = next((rule for rule in RoutingRule.objects.filter(district=world.district).order_by("position")
                         if rule.is_active and rule.lead_department_id in usable
                         and (rule.category is None or rule.category.name == category_name)), None)
        if expected is None:
            assert suggestion is None
        else:
            assert suggestion is not None and suggestion.rule_id == expected.pk
            assert suggestion.lead_id in usable
            assert set(suggestion.co_handler_ids) <= usable - {suggestion.lead_id}
        transaction.set_rollback(True)


def test_district_rules_reads_every_rule_in_two_queries(world, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    other = Department.objects.create(district=world.district, name="区人社局")
    for position in range(1, 6):
        saved = RoutingRule.objects.create(district=world.district, name=f"规则{position}", position=position,
                                           keywords="贷款", lead_department=world.department,
                                           created_by=world.users["staff"])
        saved.co_departments.set([other])
    with django_assert_num_queries(2):
        rules = routing.district_rules(world.district.pk)
    assert [r.position for r in rules] == [1, 2, 3, 4, 5]
    assert rules[0].co_handler_ids == (other.pk,) and rules[0].lead_name == world.department.name


def test_subdistrict_conditions_use_the_enterprises_subdistrict(world) -> None:  # type: ignore[no-untyped-def]
    elsewhere = Subdistrict.objects.create(district=world.district, name="桃浦镇")
    RoutingRule.objects.create(district=world.district, name="长寿路街道的诉求", position=1,
                               subdistrict=world.subdistrict, lead_department=world.department,
                               created_by=world.users["staff"])
    category = Category.objects.get(name="融资")
    here = Appeal(district=world.district, enterprise=world.enterprise_a, category=category, title="t", content="c")
    there = Appeal(district=world.district, enterprise=make_enterprise(world.district, subdistrict=elsewhere),
                   category=category, title="t", content="c")
    assert routing.suggest(here).rule_name == "长寿路街道的诉求"  # type: ignore[union-attr]
    assert routing.suggest(there) is None

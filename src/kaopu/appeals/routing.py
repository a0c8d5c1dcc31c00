"""Routing rules (分派规则): which department an accepted appeal is suggested to.

A district's FIC staff keep an ordered list of rules (models.RoutingRule). A rule names conditions —
a category, the enterprise's subdistrict, keywords — and a suggestion: a lead department and
co-handlers. A rule matches an appeal when every condition it gives is met (a blank one is met by
any appeal; a keyword condition is met when any one of its words occurs in the title or the
content). The district's active rules are tried in order and the first that matches wins, like the
routing tables of municipal hotline systems. Nothing is dispatched automatically: the dispatch form
pre-selects the suggestion and says which rule made it, and staff may change it.

The matching works on plain values (:class:`Rule`, :class:`Facts`) so that the settings' test page
can try a draft rule that is not saved, and so that it is easy to test. A district has tens of rules
with a few words each: a loop over them with ``str`` containment is enough (bench/routing.py measured
200 appeals of 5,000 characters against 60 rules of 10 keywords in about 30 ms, the test page's
worst case; a dispatch form matches one appeal), so no multi-pattern automaton is used.

Only a department of the appeal's own district is ever suggested: the rules are read for that
district, and a rule whose lead department is not an active department of it (retired since, or
wrong data) is skipped; co-handlers that are not are left out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Prefetch

from kaopu.appeals.models import Appeal, RoutingRule
from kaopu.core import access
from kaopu.directory.models import Department

MAX_KEYWORDS = 10
MAX_KEYWORD_LENGTH = 20
# Staff type keywords separated by spaces, commas or enumeration commas, in either width.
_KEYWORD_SEPARATORS = re.compile(r"[\s,，、;；]+")


def normalise(text: str) -> str:
    """The form both keywords and appeal texts are compared in: full-width letters and digits folded
    to ASCII (NFKC), upper and lower case alike."""
    return unicodedata.normalize("NFKC", text or "").casefold()


def split_keywords(text: str) -> list[str]:
    """The distinct keywords of what staff typed, normalised, in the order typed."""
    words: list[str] = []
    for word in _KEYWORD_SEPARATORS.split(normalise(text)):
        if word and word not in words:
            words.append(word)
    return words


@dataclass(frozen=True)
class Rule:
    """A rule as the matcher sees it (a saved rule, or the draft of the settings' test page)."""

    id: int | None  # None: a draft not saved yet
    name: str
    position: int
    category_id: int | None = None
    subdistrict_id: int | None = None
    keywords: tuple[str, ...] = ()
    lead_id: int = 0
    co_handler_ids: tuple[int, ...] = ()
    is_active: bool = True
    lead_name: str = ""  # for the pages: what the rule suggests, in words


@dataclass(frozen=True)
class Facts:
    """What the rules look at in an appeal."""

    category_id: int | None
    subdistrict_id: int | None
    text: str  # the title and the content, normalised

    @classmethod
    def of(cls, appeal: Appeal, subdistrict_id: int | None) -> Facts:
        # A newline joins title and content: no keyword holds one, so none can match across the join.
        return cls(appeal.category_id, subdistrict_id, normalise(f"{appeal.title}\n{appeal.content}"))


def matches(rule: Rule, facts: Facts) -> bool:
    """Every condition the rule gives is met by the appeal (the rule's active flag is not looked at)."""
    if rule.category_id is not None and rule.category_id != facts.category_id:
        return False
    if rule.subdistrict_id is not None and rule.subdistrict_id != facts.subdistrict_id:
        return False
    if rule.keywords and not any(word in facts.text for word in rule.keywords):
        return False
    return bool(rule.category_id is not None or rule.subdistrict_id is not None or rule.keywords)


def first_match(rules: Iterable[Rule], facts: Facts) -> Rule | None:
    """The first active rule, in the order given, that matches; None when none does."""
    return next((rule for rule in rules if rule.is_active and matches(rule, facts)), None)


def rule_of(rule: RoutingRule, district_id: int) -> Rule:
    """The matcher's view of a saved rule, with ``lead_department`` and ``co_departments`` loaded. It
    can suggest only while its lead is an active department of ``district_id``: otherwise it is
    inactive to the matcher; co-handlers are those loaded (district_rules loads the usable ones)."""
    lead = rule.lead_department
    usable = lead.district_id == district_id and lead.is_active
    return Rule(id=rule.pk, name=rule.name, position=rule.position, category_id=rule.category_id,
                subdistrict_id=rule.subdistrict_id, keywords=tuple(rule.keyword_list), lead_id=lead.pk,
                co_handler_ids=tuple(d.pk for d in rule.co_departments.all() if d.pk != lead.pk),
                is_active=rule.is_active and usable, lead_name=lead.name)


def district_rules(district_id: int) -> list[Rule]:
    """Every rule of the district in order, inactive ones included (the matcher skips them), in two
    queries. Co-handlers are the rule's active departments of the district."""
    own = Department.objects.filter(district_id=district_id, is_active=True).only("pk")
    rules = (RoutingRule.objects.filter(district_id=district_id)
             .select_related("lead_department").only(*RULE_FIELDS)
             .order_by("position", "id")
             .prefetch_related(Prefetch("co_departments", queryset=own)))
    return [rule_of(rule, district_id) for rule in rules]


RULE_FIELDS = ("id", "name", "position", "is_active", "category_id", "subdistrict_id", "keywords",
               "lead_department__id", "lead_department__name", "lead_department__district_id",
               "lead_department__is_active")


@dataclass(frozen=True)
class Suggestion:
    """What the dispatch form pre-selects, and the rule that made it."""

    rule_id: int
    rule_name: str
    lead_id: int
    co_handler_ids: tuple[int, ...]

    @classmethod
    def from_rule(cls, rule: Rule) -> Suggestion:
        co_handlers = tuple(pk for pk in rule.co_handler_ids if pk != rule.lead_id)
        return cls(rule_id=rule.id or 0, rule_name=rule.name, lead_id=rule.lead_id, co_handler_ids=co_handlers)

    def record(self, lead_id: int, co_handler_ids: Iterable[int]) -> dict[str, Any]:
        """The dispatch event's note (staff side): which rule suggested what, and whether it was followed."""
        followed = lead_id == self.lead_id and set(co_handler_ids) == set(self.co_handler_ids)
        return {"rule": self.rule_id, "name": self.rule_name, "lead": self.lead_id,
                "co_handlers": list(self.co_handler_ids), "followed": followed}


def suggest(appeal: Appeal, rules: Sequence[Rule] | None = None) -> Suggestion | None:
    """The suggestion of the appeal's district's rules for ``appeal``, or None when no rule matches.
    Reads the enterprise's subdistrict from ``appeal.enterprise`` (load it with the appeal)."""
    if rules is None:
        rules = district_rules(appeal.district_id)
    if not rules:
        return None
    rule = first_match(rules, Facts.of(appeal, appeal.enterprise.subdistrict_id))
    return Suggestion.from_rule(rule) if rule is not None else None


def with_draft(rules: Sequence[Rule], draft: Rule) -> list[Rule]:
    """The district's rules as they would be with ``draft`` saved at its position (an edited rule
    replaces its saved self; positions count from 1, past the end means last). The draft is tried
    as if active, so that an inactive rule can be tested before it is switched on."""
    others = [rule for rule in rules if draft.id is None or rule.id != draft.id]
    index = min(max(draft.position, 1), len(others) + 1) - 1
    return [*others[:index], replace(draft, is_active=True), *others[index:]]


# --- The settings' test page: a rule tried on the district's recent appeals ----------------------------

TRIAL_APPEALS = 200  # the newest appeals of the district a rule is tried on


@dataclass
class TrialRow:
    """One recent appeal: whether the tried rule matches it, and which rule wins today and with it."""

    appeal: Appeal
    matches: bool
    wins: bool  # the tried rule is the first that matches, once in place
    today: Rule | None
    with_rule: Rule | None

    @property
    def changes(self) -> bool:
        """The suggestion this appeal would get changes (other departments, or none any more)."""
        def key(rule: Rule | None) -> tuple[Any, ...] | None:
            return None if rule is None else (rule.lead_id, frozenset(rule.co_handler_ids))
        return key(self.today) != key(self.with_rule)


@dataclass
class Trial:
    rule: Rule
    position: int  # where the tried rule stands among the district's rules (1: tried first)
    rows: list[TrialRow]

    @property
    def matched(self) -> int:
        return sum(row.matches for row in self.rows)

    @property
    def won(self) -> int:
        return sum(row.wins for row in self.rows)

    @property
    def changed(self) -> int:
        return sum(row.changes for row in self.rows)


def recent_appeals(user: Any, district_id: int, limit: int = TRIAL_APPEALS) -> list[tuple[Appeal, Facts]]:
    """The district's newest appeals the user may see, with what the rules look at (one query)."""
    appeals = (access.scope(user, Appeal).filter(district_id=district_id)
               .select_related("category", "enterprise__subdistrict", "lead_department")
               .only("id", "title", "content", "state", "category__name", "enterprise__subdistrict__name",
                     "lead_department__name")
               .order_by("-id")[:limit])
    return [(appeal, Facts.of(appeal, appeal.enterprise.subdistrict_id)) for appeal in appeals]


def trial(rules: Sequence[Rule], tried: Rule, appeals: list[tuple[Appeal, Facts]]) -> Trial:
    """``tried`` (a saved rule or a draft) on ``appeals``: whether it matches each, the rule that wins
    today among ``rules`` (the district's, in order) and the one that would win with ``tried`` in place."""
    in_place = with_draft(rules, tried)
    index = next(i for i, rule in enumerate(in_place) if rule.id == tried.id)  # with_draft left one of that id
    placed = in_place[index]
    rows = []
    for appeal, facts in appeals:
        winner = first_match(in_place, facts)
        rows.append(TrialRow(appeal, matches=matches(placed, facts), wins=winner is placed,
                             today=first_match(rules, facts), with_rule=winner))
    return Trial(placed, index + 1, rows)

"""Routing rules (分派规则): which department an accepted appeal is suggested to.

A district's FIC staff keep an ordered list of rules (models.RoutingRule). A rule names conditions —
a category, the enterprise's subdistrict, keywords — and a suggestion: a lead department and
co-handlers. A rule matches an appeal when every condition it gives is met (a blank one is met by
any appeal; a keyword condition is met when any one of its words occurs in the title or the
content). The district's active rules are tried in order and the first that matches wins, like the
routing tables of municipal hotline systems. Nothing is dispatched automatically: the dispatch form
pre-selects the suggestion and says which rule made it, and staff may change it.

The matching works on plain values (:class:`Rule`, :class:`Facts`) so that the settings' test page
can try a draft rule that is not saved, and so that it is easy to test.

Keywords are found with an Aho–Corasick automaton (pyahocorasick, :class:`KeywordIndex`): one pass
over an appeal's text finds every keyword of every rule at once, where a loop of ``str`` containment
searches the whole text once per keyword. bench/routing.py measured the test page's work (every rule
on the district's newest 200 appeals, no rule matching, so every word is looked for): 20 rules of 3
words on 500-character appeals took 43 ms with the loop and 17 ms with the automaton; 60 rules of 10
words on 5,000-character appeals (the content's limit) 1.5 s and 60 ms; 200 such rules 4.5 s and 0.18 s.
(ahocorasick-rs was measured too: 2-4 times slower than pyahocorasick here, converting the text to
UTF-8 for each call.) A keyword missing from the index (a caller that built none) is still looked for
with ``in``: the index only makes it faster, never changes an answer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import ahocorasick
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
    word_set: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "word_set", frozenset(self.keywords))  # set operations in Facts.holds_any


class KeywordIndex:
    """The keywords of a list of rules in one automaton: ``found_in(text)`` is the set of them that
    occur in ``text`` (overlapping ones included), in one pass over the text."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(word for word in words if word)
        self._automaton: Any = None
        if self.words:
            self._automaton = ahocorasick.Automaton()
            for word in self.words:
                self._automaton.add_word(word, word)
            self._automaton.make_automaton()

    @classmethod
    def of(cls, rules: Iterable[Rule]) -> KeywordIndex:
        return cls(word for rule in rules for word in rule.keywords)

    def found_in(self, text: str) -> frozenset[str]:
        if self._automaton is None:
            return frozenset()
        return frozenset(word for _end, word in self._automaton.iter(text))


@dataclass(frozen=True)
class Facts:
    """What the rules look at in an appeal: its category, its enterprise's subdistrict, its text, and
    which of an index's keywords the text holds."""

    category_id: int | None
    subdistrict_id: int | None
    text: str  # the title and the content, normalised
    indexed: frozenset[str] = frozenset()  # the keywords looked for at once …
    found: frozenset[str] = frozenset()  # … and those of them the text holds

    @classmethod
    def of(cls, appeal: Appeal, subdistrict_id: int | None, index: KeywordIndex | None = None) -> Facts:
        # A newline joins title and content: no keyword holds one, so none can match across the join.
        return cls.of_text(appeal.category_id, subdistrict_id, f"{appeal.title}\n{appeal.content}", index)

    @classmethod
    def of_text(cls, category_id: int | None, subdistrict_id: int | None, text: str,
                index: KeywordIndex | None = None) -> Facts:
        text = normalise(text)
        if index is None:
            return cls(category_id, subdistrict_id, text)
        return cls(category_id, subdistrict_id, text, index.words, index.found_in(text))

    def holds_any(self, words: frozenset[str]) -> bool:
        """Whether the text holds one of ``words`` (set operations for the indexed ones: a page tries
        every rule on hundreds of appeals; the others are looked for in the text)."""
        if not self.found.isdisjoint(words):
            return True
        if words <= self.indexed:
            return False
        return any(word in self.text for word in words - self.indexed)


def matches(rule: Rule, facts: Facts) -> bool:
    """Every condition the rule gives is met by the appeal (the rule's active flag is not looked at)."""
    if rule.category_id is not None and rule.category_id != facts.category_id:
        return False
    if rule.subdistrict_id is not None and rule.subdistrict_id != facts.subdistrict_id:
        return False
    if rule.keywords and not facts.holds_any(rule.word_set):
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


# What the matcher reads of a rule and its lead department.
RULE_FIELDS = ("id", "name", "position", "is_active", "category_id", "subdistrict_id", "keywords",
               "lead_department__id", "lead_department__name", "lead_department__district_id",
               "lead_department__is_active")


def district_rules(district_id: int) -> list[Rule]:
    """Every rule of the district in order, inactive ones included (the matcher skips them), in two
    queries. Co-handlers are the rule's active departments of the district."""
    own = Department.objects.filter(district_id=district_id, is_active=True).only("pk")
    rules = (RoutingRule.objects.filter(district_id=district_id)
             .select_related("lead_department").only(*RULE_FIELDS)
             .order_by("position", "id")
             .prefetch_related(Prefetch("co_departments", queryset=own)))
    return [rule_of(rule, district_id) for rule in rules]


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
    rule = first_match(rules, Facts.of(appeal, appeal.enterprise.subdistrict_id, KeywordIndex.of(rules)))
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


def recent_appeals(user: Any, district_id: int, limit: int = TRIAL_APPEALS) -> list[Appeal]:
    """The district's newest appeals the user may see, with what the rules look at (one query)."""
    return list(access.scope(user, Appeal).filter(district_id=district_id)
                .select_related("category", "enterprise__subdistrict", "lead_department")
                .only("id", "title", "content", "state", "category__name", "enterprise__subdistrict__name",
                      "lead_department__name")
                .order_by("-id")[:limit])


def trial(rules: Sequence[Rule], tried: Rule, appeals: Iterable[Appeal]) -> Trial:
    """``tried`` (a saved rule or a draft) on ``appeals``: whether it matches each, the rule that wins
    today among ``rules`` (the district's, in order) and the one that would win with ``tried`` in place.
    Each appeal's text is read once, for the keywords of every rule and of the tried one."""
    in_place = with_draft(rules, tried)
    index = next(i for i, rule in enumerate(in_place) if rule.id == tried.id)  # with_draft left one of that id
    placed = in_place[index]
    keywords = KeywordIndex.of([*rules, tried])
    rows = []
    for appeal in appeals:
        facts = Facts.of(appeal, appeal.enterprise.subdistrict_id, keywords)
        winner = first_match(in_place, facts)
        rows.append(TrialRow(appeal, matches=matches(placed, facts), wins=winner is placed,
                             today=first_match(rules, facts), with_rule=winner))
    return Trial(placed, index + 1, rows)

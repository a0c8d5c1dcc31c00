"""The guard's lexicon: terms with a category and a severity, the allow-list and the context rules.

Everything is data (``publicity/data/*.tsv``) folded with the same normalisation as the texts, and compiled
into two Aho–Corasick automata (pyahocorasick, as appeals/routing.py): one for terms that hold Latin letters
or digits (read on the word stream), one for Chinese-only terms (read on the han stream). One pass over each
stream finds every term at once, whatever the lexicon's size.

- ``lexicon.tsv``: term, category, severity, variants (``|``-separated pinyin or Latin spellings; ``@pinyin``
  adds the term's toneless pinyin, for brand names spam spells out in Latin letters).
- ``allow.tsv``: phrases that hold a term but are legitimate ("办证大厅"): a term found inside one of them is
  no finding.
- ``context.tsv``: term, mode, side, window, words. ``requires``: the term is a finding only when one of the
  words is within ``window`` characters on that side (菠菜 is a vegetable unless 网/平台/担保… is near);
  ``unless``: the term is no finding when one of the words is near (博彩 after 打击/严禁/禁止…).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import ahocorasick

from kaopu.publicity.guard.normalise import DATA_DIR, fold


@dataclass(frozen=True)
class Term:
    term: str  # as the lexicon writes it, shown in findings
    category: str
    severity: str
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class ContextRule:
    mode: str  # "requires" | "unless"
    side: str  # "before" | "after" | "around"
    window: int
    words: tuple[str, ...]  # folded

    def holds(self, text: str, start: int, end: int) -> bool:
        """Whether one of the words is within the window of text[start:end] (a folded stream)."""
        before = text[max(0, start - self.window - max(map(len, self.words), default=0)) : start]
        after = text[end : end + self.window + max(map(len, self.words), default=0)]
        near = {"before": before, "after": after, "around": before + "\x00" + after}[self.side]
        return any(word in near for word in self.words)


@dataclass(frozen=True)
class Pattern:
    """What the automata hold for each pattern: its length and term, and whether it begins or ends with a
    Latin letter or digit (then it must not continue a Latin word: "bet" is no finding in "alphabet")."""

    length: int
    term: Term
    latin_start: bool
    latin_end: bool


def is_latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


@dataclass
class Lexicon:
    terms: list[Term]
    allowed: list[str] = field(default_factory=list)
    rules: dict[str, list[ContextRule]] = field(default_factory=dict)  # by folded term

    def __post_init__(self) -> None:
        # pattern (folded) -> the terms it stands for; a pattern held by two entries keeps the first.
        self.word_automaton = ahocorasick.Automaton()
        self.han_automaton = ahocorasick.Automaton()
        self.allow_automaton = ahocorasick.Automaton()
        for term in self.terms:
            for pattern in {fold(term.term), *(fold(variant) for variant in term.variants)}:
                pattern = "".join(char for char in pattern if char.isalnum())
                if not pattern:
                    continue
                automaton = self.han_automaton if _is_all_han(pattern) else self.word_automaton
                if not automaton.exists(pattern):
                    found = Pattern(len(pattern), term, is_latin(pattern[0]), is_latin(pattern[-1]))
                    automaton.add_word(pattern, found)
        for phrase in self.allowed:
            pattern = "".join(char for char in fold(phrase) if char.isalnum())
            if pattern:
                self.allow_automaton.add_word(pattern, len(pattern))
        for automaton in (self.word_automaton, self.han_automaton, self.allow_automaton):
            if len(automaton):
                automaton.make_automaton()

    def rules_for(self, term: Term) -> list[ContextRule]:
        return self.rules.get(fold(term.term), [])


def _is_all_han(pattern: str) -> bool:
    from kaopu.publicity.guard.normalise import _is_han

    return all(_is_han(char) for char in pattern)


def _rows(name: str) -> Iterable[list[str]]:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if row and row[0].strip() and not row[0].startswith("#"):
                yield [cell.strip() for cell in row]


def _pinyin(term: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(term))


def parse_variants(term: str, variants: str) -> tuple[str, ...]:
    out = []
    for variant in (variants or "").split("|"):
        variant = variant.strip()
        if variant == "@pinyin":
            out.append(_pinyin(term))
        elif variant:
            out.append(variant)
    return tuple(out)


def shipped_terms() -> list[Term]:
    terms = []
    for row in _rows("lexicon.tsv"):
        term, category, severity = row[0], row[1], row[2]
        terms.append(Term(term, category, severity, parse_variants(term, row[3] if len(row) > 3 else "")))
    return terms


def shipped_allowed() -> list[str]:
    return [row[0] for row in _rows("allow.tsv")]


def shipped_rules() -> dict[str, list[ContextRule]]:
    rules: dict[str, list[ContextRule]] = {}
    for term, mode, side, window, words in _rows("context.tsv"):
        rule = ContextRule(mode, side, int(window), tuple(fold(word) for word in words.split("|") if word))
        rules.setdefault(fold(term), []).append(rule)
    return rules


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicon, compiled once per process."""
    return Lexicon(shipped_terms(), shipped_allowed(), shipped_rules())


_CURRENT: dict[str, object] = {}


def merged_terms(rows: Iterable[tuple[str, str, str, str, bool]]) -> list[Term]:
    """The shipped terms with the administrator's rows (term, category, severity, variants, active) laid
    over them: a row replaces the shipped term that folds the same, an inactive row removes it."""
    by_key = {fold(term.term): term for term in shipped_terms()}
    for term, category, severity, variants, active in rows:
        key = fold(term)
        if active:
            by_key[key] = Term(term, category, severity, parse_variants(term, variants))
        else:
            by_key.pop(key, None)
    return list(by_key.values())


def current_lexicon() -> Lexicon:
    """The lexicon in force: the shipped file merged with the LexiconTerm rows. Each call reads the rows
    (one query; an administrator keeps tens or hundreds) and recompiles only when they differ from the
    ones this process compiled, so an edit applies to the next scan in every process without a restart.
    (A version such as count + latest change was not enough: a rolled-back row's id and time come again.)"""
    from kaopu.publicity.models import LexiconTerm

    rows = tuple(LexiconTerm.objects.order_by("pk").values_list("term", "category", "severity", "variants", "active"))
    if _CURRENT.get("rows") != rows:
        _CURRENT["lexicon"] = Lexicon(merged_terms(rows), shipped_allowed(), shipped_rules())
        _CURRENT["rows"] = rows
    return _CURRENT["lexicon"]  # type: ignore[return-value]

"""Scanning a text for lexicon terms: normalise, one automaton pass per stream, allow-list, context rules."""

from __future__ import annotations

import ahocorasick
from django.utils.translation import gettext as _

from kaopu.publicity.guard.findings import Category, Finding
from kaopu.publicity.guard.lexicon import Lexicon, Pattern, Term, default_lexicon, is_latin
from kaopu.publicity.guard.normalise import Offsets, Stream, streams


def _allowed_spans(lexicon: Lexicon, stream: Stream) -> list[tuple[int, int]]:
    if not len(lexicon.allow_automaton):
        return []
    return [(end - length + 1, end + 1) for end, length in lexicon.allow_automaton.iter(stream.text)]


def _passes_rules(lexicon: Lexicon, term: Term, stream: Stream, start: int, end: int) -> bool:
    for rule in lexicon.rules_for(term):
        holds = rule.holds(stream.text, start, end)
        if (rule.mode == "requires" and not holds) or (rule.mode == "unless" and holds):
            return False
    return True


def _at_word_boundary(original: str, start: int, end: int, pattern: Pattern) -> bool:
    """A Latin pattern ("bbin", "bet365") is a finding only as a word of its own in the original, not inside
    "alphabet365": the original characters around its Latin ends must not be ASCII letters or digits."""
    if pattern.latin_start and start > 0 and is_latin(original[start - 1]):
        return False
    return not (pattern.latin_end and end < len(original) and is_latin(original[end]))


def _reason(term: Term, found: str) -> str:
    label = Category(term.category).label if term.category in Category.values else term.category
    if found == term.term:
        return _("The text holds “%(term)s”, a term of the content guard’s lexicon (%(category)s).") % {
            "term": term.term, "category": label}
    return _(
        "“%(found)s” reads as “%(term)s”, a term of the content guard’s lexicon (%(category)s), once "
        "disguising characters are removed or folded."
    ) % {"found": found, "term": term.term, "category": label}


def _scan_stream(lexicon: Lexicon, automaton: ahocorasick.Automaton, stream: Stream, original: str) -> list[Finding]:
    if not len(automaton):
        return []
    allowed = _allowed_spans(lexicon, stream)
    findings = []
    for last, pattern in automaton.iter(stream.text):
        term = pattern.term
        first = last - pattern.length + 1
        if any(a_start <= first and last < a_end for a_start, a_end in allowed):
            continue
        if not _passes_rules(lexicon, term, stream, first, last + 1):
            continue
        start, end = stream.span(first, last)
        if not _at_word_boundary(original, start, end, pattern):
            continue
        found = original[start:end]
        findings.append(Finding(start, end, found, term.term, term.category, term.severity, _reason(term, found)))
    return findings


def scan_mapped(
    text: str, original: str, starts: Offsets | None, ends: Offsets | None, lexicon: Lexicon | None = None
) -> list[Finding]:
    """The lexicon's findings in ``text``, whose characters come from ``original`` at starts/ends (the
    text extracted from an HTML page); offsets and found text are the original's."""
    lexicon = lexicon or default_lexicon()
    word, han = streams(text, starts, ends)
    findings = _scan_stream(lexicon, lexicon.word_automaton, word, original)
    findings += _scan_stream(lexicon, lexicon.han_automaton, han, original)
    return _without_overlaps(findings)


def _without_overlaps(findings: list[Finding]) -> list[Finding]:
    """One finding per place: where two terms overlap ("博彩" inside "澳门博彩"), the longer span is kept,
    so a reviewer reads each piece of spam once."""
    findings.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Finding] = []
    for finding in findings:
        if kept and finding.start < kept[-1].end and finding.end <= kept[-1].end:
            continue
        kept.append(finding)
    return kept


def scan_text(text: str, lexicon: Lexicon | None = None) -> list[Finding]:
    """Every lexicon term in ``text``, however disguised, with its span in ``text``."""
    return scan_mapped(text, text, None, None, lexicon)

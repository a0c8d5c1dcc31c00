"""Scanning a text for lexicon terms: normalise, one automaton pass per stream, allow-list, context rules."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kaopu.publicity.guard.findings import Category, Finding
from kaopu.publicity.guard.lexicon import Lexicon, Term, default_lexicon
from kaopu.publicity.guard.normalise import Stream, streams


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


def _at_word_boundary(original: str, start: int, end: int) -> bool:
    """A Latin term ("ag", "bet") is a finding only as a word of its own in the original, not inside
    "bag" or "alphabet": the characters around it must not be ASCII letters or digits."""
    before = original[start - 1] if start > 0 else " "
    after = original[end] if end < len(original) else " "
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


def _reason(term: Term, found: str) -> str:
    label = Category(term.category).label if term.category in Category.values else term.category
    if found == term.term:
        return _("The text holds “%(term)s”, a term of the content guard’s lexicon (%(category)s).") % {
            "term": term.term, "category": label}
    return _(
        "“%(found)s” reads as “%(term)s”, a term of the content guard’s lexicon (%(category)s), once "
        "disguising characters are removed or folded."
    ) % {"found": found, "term": term.term, "category": label}


def _scan_stream(lexicon: Lexicon, automaton, stream: Stream, original: str, latin: bool) -> list[Finding]:
    if not len(automaton):
        return []
    allowed = _allowed_spans(lexicon, stream)
    findings = []
    for last, (length, term) in automaton.iter(stream.text):
        first = last - length + 1
        if any(a_start <= first and last < a_end for a_start, a_end in allowed):
            continue
        if not _passes_rules(lexicon, term, stream, first, last + 1):
            continue
        start, end = stream.span(first, last)
        if latin and not _is_han_pattern(term) and not _at_word_boundary(original, start, end):
            continue
        found = original[start:end]
        findings.append(Finding(start, end, found, term.term, term.category, term.severity, _reason(term, found)))
    return findings


def _is_han_pattern(term: Term) -> bool:
    # A term beginning and ending with Chinese characters ("365体育" ends with one) needs no boundary.
    from kaopu.publicity.guard.normalise import _is_han

    return _is_han(term.term[0]) and _is_han(term.term[-1])


def scan_mapped(
    text: str, original: str, starts: list[int] | None, ends: list[int] | None, lexicon: Lexicon | None = None
) -> list[Finding]:
    """The lexicon's findings in ``text``, whose characters come from ``original`` at starts/ends (the
    text extracted from an HTML page); offsets and found text are the original's."""
    lexicon = lexicon or default_lexicon()
    word, han = streams(text, starts, ends)
    findings = _scan_stream(lexicon, lexicon.word_automaton, word, original, latin=True)
    findings += _scan_stream(lexicon, lexicon.han_automaton, han, original, latin=False)
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

"""The content guard: finds injected gambling, fraud, porn, illegal-service and rumour content in a text or an
HTML page, however disguised, and reports each finding with its span in the original.

    from kaopu.publicity import guard
    guard.scan_text("…")   # a plain text (a title, an attachment's name, a WeChat article's text)
    guard.scan_html("…")   # an HTML page or fragment: its text, plus hidden content, links and scripts
"""

from __future__ import annotations

from kaopu.publicity.guard.findings import Category, Finding, Severity, has_high
from kaopu.publicity.guard.lexicon import Lexicon, Term, default_lexicon
from kaopu.publicity.guard.markup import scan_html
from kaopu.publicity.guard.scanner import scan_text

__all__ = ["Category", "Finding", "Lexicon", "Severity", "Term", "default_lexicon", "has_high", "scan_html",
           "scan_text"]

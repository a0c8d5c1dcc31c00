"""The content guard applied to an article before it can be approved: its title, summary, body (as HTML,
with the markup checks), source, byline, its images' descriptions and its attachments' names.

Each finding is located (which part of the article) and keyed, so that the final approver's
acknowledgement of a medium finding names exactly what was acknowledged (the key holds the part, the span
and the term: the same finding on the same version has the same key; an edit that moves it asks again).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaopu.publicity.guard import Category, Finding, Severity, scan_html, scan_text
from kaopu.publicity.guard.lexicon import current_lexicon
from kaopu.publicity.models import Article

PARTS = {
    "title": gettext_lazy("title"),
    "summary": gettext_lazy("summary"),
    "body": gettext_lazy("body"),
    "source": gettext_lazy("source"),
    "byline": gettext_lazy("author"),
    "image": gettext_lazy("image description"),
    "attachment": gettext_lazy("attachment name"),
}


@dataclass(frozen=True)
class Located:
    part: str  # a key of PARTS
    label: str  # "标题", "附件名称「…」"
    context: str  # the text around the finding, for the reviewer
    finding: Finding

    @property
    def key(self) -> str:
        return f"{self.label}:{self.finding.start}:{self.finding.end}:{self.finding.term}"

    @property
    def severity(self) -> str:
        return self.finding.severity

    def as_dict(self) -> dict[str, object]:
        return {"key": self.key, "part": self.part, "where": self.label, **self.finding.as_dict()}


def _context(text: str, finding: Finding, width: int = 20) -> str:
    before = text[max(finding.start - width, 0):finding.start]
    after = text[finding.end:finding.end + width]
    return f"{before}【{text[finding.start:finding.end]}】{after}"


def screen_texts(parts: list[tuple[str, str, str, bool]]) -> list[Located]:
    """Findings in (part, label, text, is_html) tuples, with one lexicon for all."""
    lexicon = current_lexicon()
    located = []
    for part, label, text, is_html in parts:
        if not text:
            continue
        findings = scan_html(text, lexicon) if is_html else scan_text(text, lexicon)
        located += [Located(part, label, _context(text, finding), finding) for finding in findings]
    return located


def screen(article: Article) -> list[Located]:
    """Every finding in everything of ``article`` that becomes public (three queries: lexicon, images,
    attachments)."""
    parts: list[tuple[str, str, str, bool]] = [
        (name, str(PARTS[name]), getattr(article, name), name == "body")
        for name in ("title", "summary", "body", "source", "byline")
    ]
    for alt in article.images.exclude(alt="").values_list("alt", flat=True):
        parts.append(("image", _("image description “%(text)s”") % {"text": alt}, alt, False))
    for name in article.attachments.values_list("name", flat=True):
        parts.append(("attachment", _("attachment name “%(text)s”") % {"text": name}, name, False))
    return screen_texts(parts)


def blocking(located: list[Located]) -> list[Located]:
    return [item for item in located if item.severity == Severity.HIGH]


def to_acknowledge(located: list[Located]) -> list[Located]:
    return [item for item in located if item.severity == Severity.MEDIUM]


def describe(item: Located) -> str:
    """One finding in a sentence: where, what, and why."""
    return _("%(where)s: “%(text)s” (%(term)s, %(category)s) — %(reason)s") % {
        "where": item.label, "text": item.finding.text, "term": item.finding.term,
        "category": category_label(item.finding.category), "reason": item.finding.reason}


def category_label(value: str) -> str:
    return str(Category(value).label) if value in Category.values else value

"""The content guard applied to an article before it can be approved: its title, summary, body (as HTML,
with the markup checks), source, byline, its images' descriptions and its attachments' names.

Each finding is located (which part of the article) and keyed, so that the final approver's
acknowledgement of a medium finding names exactly what was acknowledged (the key holds the part, the span
and the term: the same finding on the same version has the same key; an edit that moves it asks again).
"""

from __future__ import annotations

from collections.abc import Iterable
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


@dataclass(frozen=True)
class Triage:
    """Findings as the two rules read them: ``high`` block; ``medium`` need acknowledging, of which
    ``missing`` are not acknowledged yet."""

    high: list[Located]
    medium: list[Located]
    missing: list[Located]


def triage(located: list[Located], acknowledged: Iterable[str] = ()) -> Triage:
    wanted = set(acknowledged)
    medium = to_acknowledge(located)
    return Triage(blocking(located), medium, [item for item in medium if item.key not in wanted])


def describe(item: Located) -> str:
    """One finding in a sentence: where, what, and why."""
    return _("%(where)s: “%(text)s” (%(term)s, %(category)s) — %(reason)s") % {
        "where": item.label, "text": item.finding.text, "term": item.finding.term,
        "category": category_label(item.finding.category), "reason": item.finding.reason}


def category_label(value: str) -> str:
    return str(Category(value).label) if value in Category.values else value


# --- Other public texts: meetings, the board's summaries ------------------------------------------

class ScreeningRefused(Exception):
    """A public text the content guard refuses: ``findings`` are the high-severity findings (nothing to
    acknowledge: the text must change) or, with ``needs_acknowledgement``, the medium-severity findings not
    acknowledged yet (the same action again with their keys goes through)."""

    def __init__(self, message: str, findings: list[Located], *, needs_acknowledgement: bool) -> None:
        super().__init__(message)
        self.findings = findings
        self.needs_acknowledgement = needs_acknowledgement

    @property
    def message(self) -> str:
        return str(self.args[0])


def findings_message(items: list[Located]) -> str:
    return "；".join(describe(item) for item in items)


def check_public_texts(fields: dict[str, str], acknowledged: Iterable[str] = ()) -> list[Located]:
    """Scan ``fields`` ({field label: plain text}, e.g. {"主题": …, "地点": …}) before they become public.

    A high-severity finding raises ScreeningRefused naming the field, the text found, the term and its
    category; a medium-severity finding whose key is not in ``acknowledged`` raises ScreeningRefused with
    ``needs_acknowledgement``. Returns the acknowledged medium findings: the caller records
    ``[item.as_dict() for item in …]`` in the audit entry of its action. One query (the lexicon)."""
    found = triage(screen_texts([("field", label, text, False) for label, text in fields.items()]), acknowledged)
    if found.high:
        raise ScreeningRefused(
            _("The content guard found %(count)s high-severity problem(s); this cannot be made public: "
              "%(findings)s") % {"count": len(found.high), "findings": findings_message(found.high)},
            found.high, needs_acknowledgement=False)
    if found.missing:
        raise ScreeningRefused(
            _("Acknowledge each medium-severity finding of the content guard before this is made public: "
              "%(findings)s") % {"findings": findings_message(found.missing)},
            found.missing, needs_acknowledgement=True)
    return found.medium


def audit_record(items: list[Located]) -> list[dict[str, object]]:
    """Acknowledged findings as an audit entry's data holds them."""
    return [item.as_dict() for item in items]

"""Two versions of an article compared: each field side by side, changed words marked.

Chinese has no spaces between words, so a word diff is a character diff. The body is compared as text
(sanitise.plain_text: one line per paragraph), first line by line, then, inside each changed run of lines,
character by character; comparing whole bodies character by character would be quadratic on long texts.
The result is HTML: unchanged text escaped, removed text in <del>, added text in <ins>.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext_lazy

from kaopu.publicity import sanitise
from kaopu.publicity.models import ArticleVersion

FIELDS = (
    ("title", pgettext_lazy("article", "Title")),
    ("column_name", pgettext_lazy("article", "Column")),
    ("summary", pgettext_lazy("article", "Summary")),
    ("source", pgettext_lazy("article", "Source")),
    ("byline", pgettext_lazy("article", "Author")),
    ("attachments", pgettext_lazy("article", "Attachments")),
    ("body", pgettext_lazy("article", "Body")),
)
MAX_CHARS = 20_000  # per changed run: beyond it, the run is shown as removed and added whole


@dataclass(frozen=True)
class FieldDiff:
    name: str
    label: str
    changed: bool
    html: SafeString


def chars(old: str, new: str) -> str:
    """``old`` → ``new`` marked character by character (escaped HTML)."""
    if len(old) + len(new) > MAX_CHARS:
        return _whole(old, new)
    parts = []
    for op, a1, a2, b1, b2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape(old[a1:a2]))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(old[a1:a2])}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(new[b1:b2])}</ins>")
    return "".join(parts)


def _whole(old: str, new: str) -> str:
    return "".join([f"<del>{escape(old)}</del>" if old else "", f"<ins>{escape(new)}</ins>" if new else ""])


def lines(old: str, new: str) -> str:
    """Multi-line text compared by lines, then characters inside changed lines; one <p> per line."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    out = []
    for op, a1, a2, b1, b2 in SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        if op == "equal":
            out += [f"<p>{escape(line)}</p>" for line in old_lines[a1:a2]]
        elif op == "replace":
            out.append(f"<p>{chars(chr(10).join(old_lines[a1:a2]), chr(10).join(new_lines[b1:b2]))}</p>"
                       .replace("\n", "<br>"))
        else:
            out += [f"<p>{_whole(line, '')}</p>" for line in old_lines[a1:a2]]
            out += [f"<p>{_whole('', line)}</p>" for line in new_lines[b1:b2]]
    return "".join(out)


def _value(version: ArticleVersion, name: str) -> str:
    if name == "attachments":
        return "\n".join(version.attachment_names or [])
    if name == "body":
        return sanitise.plain_text(version.body)
    return getattr(version, name) or ""


def compare(old: ArticleVersion, new: ArticleVersion) -> list[FieldDiff]:
    """Every field of the two versions, changed or not (the page shows the changed ones first)."""
    result = []
    for name, label in FIELDS:
        a, b = _value(old, name), _value(new, name)
        html = lines(a, b) if name in ("body", "attachments") else chars(a, b)
        result.append(FieldDiff(name, str(label), a != b, mark_safe(html)))
    return result

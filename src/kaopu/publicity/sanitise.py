"""Articles' HTML on save: cleaned to an allow-list with nh3 (the Rust sanitiser ammonia), never stored as
the browser sent it.

Kept: paragraphs, headings h2–h4, emphasis, lists, quotes, tables, line breaks, rules, links (http, https,
mailto and the site's own relative addresses) and images whose address is one of the site's re-encoded
article images (``IMAGE_PREFIX``); a paragraph or heading may carry one alignment class. Everything else is
dropped: scripts and styles with their content, iframes, forms, event handlers, style attributes (the
content guard's hidden-content check has nothing left to find in a stored body; it reads what was pasted,
see ``removed``), ids and any other class.
"""

from __future__ import annotations

import html as html_lib
import re

import nh3

from kaopu.publicity.guard import scan_html
from kaopu.publicity.guard.findings import Category, Finding

IMAGE_PREFIX = "/news/images/"

TAGS = {"p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup", "blockquote", "ul",
        "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "caption", "figure", "figcaption",
        "hr", "span"}
CLEAN_CONTENT_TAGS = {"script", "style", "iframe", "object", "embed", "noscript", "template", "textarea",
                      "select", "svg", "math"}
ALIGN_CLASSES = {"align-left", "align-center", "align-right", "align-justify"}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
_CLASSED = ("p", "h2", "h3", "h4", "li", "figure", "td", "th", "span")


def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    if tag == "img" and name == "src" and not value.startswith(IMAGE_PREFIX):
        return None
    if name in ("width", "height") and not value.isdigit():
        return None
    if name in ("colspan", "rowspan") and not (value.isdigit() and 0 < int(value) <= 50):
        return None
    return value


def clean(html: str) -> str:
    """The stored form of an article body."""
    cleaned = nh3.clean(
        html or "",
        tags=TAGS,
        clean_content_tags=CLEAN_CONTENT_TAGS,
        attributes=ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes={"http", "https", "mailto"},
        allowed_classes={tag: ALIGN_CLASSES for tag in _CLASSED},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # Images whose address was dropped are left as <img> without src: nothing to show, take them out.
    cleaned = re.sub(r"<img(?![^>]*\ssrc=)[^>]*>", "", cleaned)
    return cleaned.strip()


_BLOCK = re.compile(r"</?(p|h[2-4]|li|tr|blockquote|figure|figcaption|caption|br|hr)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def plain_text(html: str) -> str:
    """A cleaned body as text (search, feeds' fallbacks, the guard's reading of it): blocks become lines."""
    text = _BLOCK.sub("\n", html or "")
    text = html_lib.unescape(_TAG.sub("", text))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


_REMOVED_CATEGORIES = {Category.HIDDEN_CONTENT, Category.ACTIVE_CONTENT, Category.REDIRECT}


def removed(html: str) -> list[Finding]:
    """What the content guard finds in the markup as sent that cleaning takes out (hidden content, scripts,
    redirects): shown to the editor on save, so that a page pasted from an infected site is noticed."""
    return [finding for finding in scan_html(html or "") if finding.category in _REMOVED_CATEGORIES]

"""Scanning HTML: the lexicon on its text (visible or not), and what spam hides in markup.

The standard library's tokenizer (html.parser) is enough here: the guard reads, it never rewrites (the
article editor's sanitiser will), and it needs each token's position in the original, which html.parser gives
(``getpos``) and html5lib's tree does not. Character references are kept unconverted so that every character
of the extracted text maps back to its place in the HTML ("&#21338;" is one character spanning 8).

Checks, each a finding with the span of the tag or element in the original HTML:
- hidden content: an element hidden by its inline style (display:none, visibility:hidden, opacity 0, a font
  size of 0 or 1px, the text colour equal to the background colour, off-screen positioning such as
  left:-9999px or text-indent:-9999px), by a simple class or id rule of a <style> element of the page, or by
  the ``hidden`` attribute, holding text or a link;
- the text of alt and title attributes and of a meta description or keywords is scanned with the page's;
- links (a, area) to a host that is not on the allow-list (settings.CONTENT_GUARD_LINK_DOMAINS with the
  platform's own hosts, settings.ALLOWED_HOSTS);
- script, iframe, frame, object, embed, applet; event-handler attributes (onclick …); javascript:,
  vbscript: and data: URLs; meta refresh.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from kaopu.publicity.guard.findings import Category, Finding, Severity
from kaopu.publicity.guard.lexicon import Lexicon
from kaopu.publicity.guard.normalise import offsets
from kaopu.publicity.guard.scanner import scan_mapped

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                  "source", "track", "wbr"})
BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "table", "td", "th", "tr", "ul", "title", "option",
})
ACTIVE = frozenset(["script", "iframe", "frame", "frameset", "object", "embed", "applet"])
SKIP_TEXT = frozenset(["script", "style", "template"])
URL_ATTRIBUTES = frozenset(["href", "src", "action", "formaction", "data", "xlink:href", "background", "poster"])
_REFERENCE = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")
# Off-screen: a negative offset of three digits or more in px/em/rem/pt/% puts text where no one sees it.
_OFF_SCREEN = re.compile(r"^-\s*\d{3,}(\.\d+)?\s*(px|em|rem|pt|%|vw|vh)?$")
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SIMPLE_SELECTOR = re.compile(r"^[a-zA-Z0-9]*([.#][\w-]+)$")
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_FONT_SIZE = re.compile(r"^(\d*\.?\d+)(px|pt|em|rem|%)?$")
# Sizes no one reads: up to 1px or 1pt, under 0.3em, under 30% (0.8em footnotes are fine).
_TINY = {None: 1.0, "px": 1.0, "pt": 1.0, "em": 0.3, "rem": 0.3, "%": 30.0}


def _tiny_font(value: str) -> bool:
    match = _FONT_SIZE.match(value.replace(" ", ""))
    if not match:
        return False
    size, unit = float(match.group(1)), match.group(2)
    return size <= _TINY[unit] if unit in (None, "px", "pt") else size < _TINY[unit]


def _style(value: str) -> dict[str, str]:
    declarations = {}
    for declaration in value.split(";"):
        name, _colon, val = declaration.partition(":")
        if val:
            declarations[name.strip().lower()] = re.sub(r"\s*!important\s*$", "", val.strip().lower())
    return declarations


def _colour(value: str) -> str:
    value = value.replace(" ", "")
    named = {"white": "#ffffff", "#fff": "#ffffff", "black": "#000000", "#000": "#000000"}
    return named.get(value, value)


def hiding_reason(attrs: dict[str, str]) -> str | None:
    """Why an element's own attributes hide it, or None."""
    if "hidden" in attrs:
        return _("hidden by the hidden attribute")
    style = _style(attrs.get("style", ""))
    if style.get("display") == "none":
        return _("hidden by display:none")
    if style.get("visibility") in ("hidden", "collapse"):
        return _("hidden by visibility:hidden")
    if style.get("opacity", "").strip() in ("0", "0.0", "0%"):
        return _("made transparent (opacity 0)")
    if _tiny_font(style.get("font-size", "")):
        return _("written in a font too small to read")
    colour = style.get("color")
    background = style.get("background-color") or style.get("background")
    if colour and background and _colour(colour) == _colour(background):
        return _("written in the colour of its background")
    for name in ("left", "top", "right", "text-indent", "margin-left", "margin-top"):
        if _OFF_SCREEN.match(style.get(name, "")):
            return _("moved off the screen (%(property)s)") % {"property": f"{name}:{style[name]}"}
    if style.get("height", "").replace(" ", "") in ("0", "0px") and style.get("overflow") == "hidden":
        return _("clipped to a height of zero")
    return None


@dataclass
class _Open:
    tag: str
    start: int
    hidden: str | None  # why this element (not an ancestor) is hidden
    has_text: bool = False
    has_link: bool = False


class _Extractor(HTMLParser):
    def __init__(self, source: str, allowed_domains: tuple[str, ...]) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.allowed_domains = allowed_domains
        self.text: list[str] = []  # the page's text, and each character's span in the source
        self.starts = offsets()
        self.ends = offsets()
        self.findings: list[Finding] = []
        self.stack: list[_Open] = []  # the open elements
        # Classes and ids that a <style> element of the page hides ("." or "#" + name → why).
        self.hiding_rules: dict[str, str] = {}
        # html.parser counts lines by "\n" alone (a lone "\r" is no line break to it): so must we.
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", self.source)]

    # --- positions ---------------------------------------------------------------------------
    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _tag_end(self, start: int) -> int:
        end = self.source.find(">", start)
        return len(self.source) if end < 0 else end + 1

    def _report(self, start: int, end: int, term: str, category: str, severity: str, reason: str) -> None:
        self.findings.append(Finding(start, end, self.source[start:end], term, category, severity, reason))

    # --- text --------------------------------------------------------------------------------
    def _in(self, tags: Iterable[str]) -> bool:
        return any(element.tag in tags for element in self.stack)

    def _add_text(self, chars: str, start: int, ends: list[int] | None = None) -> None:
        if self._in(SKIP_TEXT):
            return
        for index, char in enumerate(chars):
            self.text.append(char)
            self.starts.append(start + index if ends is None else start)
            self.ends.append(start + index + 1 if ends is None else ends[index])
        if chars.strip():
            for element in self.stack:
                element.has_text = True

    def _break(self, at: int) -> None:
        # A block boundary: the normaliser does not join words across it.
        self.text.append("\n")
        self.starts.append(at)
        self.ends.append(at)

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1].tag == "style":
            self._read_stylesheet(data)
        self._add_text(data, self._offset())

    def _read_stylesheet(self, css: str) -> None:
        """Remember the simple class and id rules that hide (".x{display:none}", "div#y{left:-9999px}"):
        injected spam often hides its links with a class rather than an inline style."""
        for selectors, body in _CSS_RULE.findall(css):
            why = hiding_reason({"style": body})
            if not why:
                continue
            for selector in selectors.split(","):
                if match := _SIMPLE_SELECTOR.match(selector.strip()):
                    self.hiding_rules[match.group(1)] = _("%(how)s (stylesheet rule %(selector)s)") % {
                        "how": why, "selector": selector.strip()}

    def _sheet_reason(self, values: dict[str, str]) -> str | None:
        names = ["." + name for name in values.get("class", "").split()]
        if values.get("id"):
            names.append("#" + values["id"].strip())
        return next((self.hiding_rules[name] for name in names if name in self.hiding_rules), None)

    def _attribute_text(self, tag: str, values: dict[str, str], start: int) -> None:
        """Text a crawler reads in attributes: alt and title, and a meta description's or keywords' content
        (the classic place for SEO spam), scanned like the page's text where they stand in the tag."""
        wanted = {"alt", "title"}
        if tag == "meta" and (values.get("name", "").strip().lower() in ("keywords", "description")
                              or values.get("property", "").strip().lower().startswith("og:")):
            wanted.add("content")
        if not wanted & values.keys():
            return
        raw = self.get_starttag_text() or ""
        for match in _ATTRIBUTE.finditer(raw, len(tag) + 1):
            if match.group(1).lower() in wanted:
                group = next(g for g in (2, 3, 4) if match.group(g) is not None) if match.lastindex else None
                if group:
                    self._break(start)
                    self._add_text(match.group(group), start + match.start(group))
                    self._break(start)

    def _reference(self) -> None:
        start = self._offset()
        match = _REFERENCE.match(self.source, start)
        raw = match.group(0) if match else "&"
        char = html_lib.unescape(raw)
        self._add_text(char, start, [start + len(raw)] * len(char))

    def handle_entityref(self, name: str) -> None:
        self._reference()

    def handle_charref(self, name: str) -> None:
        self._reference()

    # --- tags --------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        end = start + len(self.get_starttag_text() or "")
        values = {name.lower(): value or "" for name, value in attrs}
        if tag in BLOCK:
            self._break(start)
        self._check_attributes(tag, values, start, end)
        if tag in VOID:
            if tag in ACTIVE:  # <embed> has no end tag
                self._active(tag, start, end)
            self._attribute_text(tag, values, start)
            return
        hidden = hiding_reason(values) or self._sheet_reason(values)
        if hidden and any(element.hidden for element in self.stack):
            hidden = None  # reported once, by the outermost hidden element
        self.stack.append(_Open(tag, start, hidden))
        self._attribute_text(tag, values, start)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        end = start + len(self.get_starttag_text() or "")
        values = {name.lower(): value or "" for name, value in attrs}
        self._check_attributes(tag, values, start, end)
        self._attribute_text(tag, values, start)
        if tag in ACTIVE:
            self._active(tag, start, end)

    def handle_endtag(self, tag: str) -> None:
        start = self._offset()
        end = self._tag_end(start)
        if tag in BLOCK:
            self._break(start)
        if not any(element.tag == tag for element in self.stack):
            return  # a stray end tag
        while self.stack:
            element = self.stack.pop()
            self._close(element, end if element.tag == tag else start)
            if element.tag == tag:
                break

    def close_all(self) -> None:
        while self.stack:
            self._close(self.stack.pop(), len(self.source))

    def _close(self, element: _Open, end: int) -> None:
        if element.tag in ACTIVE:
            self._active(element.tag, element.start, end)
        if element.hidden and (element.has_text or element.has_link):
            if element.has_link:
                severity = Severity.HIGH
                reason = _("A link is %(how)s: readers do not see it, search engines do.")
            else:
                severity = Severity.MEDIUM
                reason = _("Text is %(how)s: readers do not see it, search engines do.")
            self._report(element.start, end, element.tag, Category.HIDDEN_CONTENT, severity,
                         reason % {"how": element.hidden})

    def _active(self, tag: str, start: int, end: int) -> None:
        self._report(start, end, tag, Category.ACTIVE_CONTENT, Severity.HIGH,
                     _("A <%(tag)s> element runs or embeds content from elsewhere in the page.") % {"tag": tag})

    def _check_attributes(self, tag: str, values: dict[str, str], start: int, end: int) -> None:
        for name, value in values.items():
            if name.startswith("on"):
                self._report(start, end, name, Category.ACTIVE_CONTENT, Severity.HIGH,
                             _("The attribute %(name)s runs a script.") % {"name": name})
            if name in URL_ATTRIBUTES:
                scheme = re.sub(r"[\s\x00-\x1f]", "", value).lower().partition(":")[0]
                if scheme in ("javascript", "vbscript") or (scheme == "data" and tag not in ("img", "source")):
                    self._report(start, end, f"{scheme}:", Category.ACTIVE_CONTENT, Severity.HIGH,
                                 _("The address in %(name)s runs a script instead of opening a page.")
                                 % {"name": name})
        if tag == "meta" and values.get("http-equiv", "").strip().lower() == "refresh":
            self._report(start, end, "meta refresh", Category.REDIRECT, Severity.HIGH,
                         _("The page sends its readers to another address automatically."))
        if tag in ("a", "area") and values.get("href"):
            host = outside_host(values["href"], self.allowed_domains)
            if host:
                self._report(start, end, host, Category.OUTSIDE_LINK, Severity.MEDIUM,
                             _("A link to %(host)s, a site not on the list of allowed domains.") % {"host": host})
            for element in self.stack:
                element.has_link = True


def outside_host(url: str, allowed_domains: Iterable[str]) -> str | None:
    """The host a link leads to when it is not allowed (None for relative, mailto: and tel: links)."""
    url = re.sub(r"[\s\x00-\x1f]", "", url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return url[:100]
    if parts.scheme.lower() in ("mailto", "tel", "javascript", "vbscript", "data") or (
        not parts.scheme and not parts.netloc
    ):
        return None
    host = (parts.hostname or "").rstrip(".").lower()
    if any(host == domain or host.endswith("." + domain) for domain in allowed_domains):
        return None
    return host or url[:100]


def allowed_link_domains() -> tuple[str, ...]:
    """The guard's allow-list: the configured domains and the platform's own hosts."""
    own = [host.lstrip(".").lower() for host in settings.ALLOWED_HOSTS if host not in ("*", "")]
    configured = getattr(settings, "CONTENT_GUARD_LINK_DOMAINS", ("gov.cn",))
    return tuple(dict.fromkeys([*(domain.lower() for domain in configured), *own]))


def scan_html(
    source: str, lexicon: Lexicon | None = None, allowed_domains: Iterable[str] | None = None
) -> list[Finding]:
    """The lexicon's findings in the page's text and the markup checks' findings, by position in ``source``."""
    domains = tuple(allowed_domains) if allowed_domains is not None else allowed_link_domains()
    parser = _Extractor(source, domains)
    parser.feed(source)
    parser.close()
    parser.close_all()
    findings = parser.findings + scan_mapped("".join(parser.text), source, parser.starts, parser.ends, lexicon)
    return sorted(findings, key=lambda finding: (finding.start, finding.end))

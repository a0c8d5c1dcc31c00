"""Anti-tampering (防篡改) of the public site's article pages.

When an article is published (actions.AFTER_PUBLISH, inside the publishing transaction) its page is
fingerprinted: the hash of its approved content as the database holds it (:func:`content_document`: title,
summary, body, source, byline, column, cover and images with their stored SHA-256, attachments' names and
SHA-256 …) and the hash of its public page rendered as a browser would get it, through Django's whole
request handler and every middleware (:class:`PageRenderer`), with per-request parts (CSRF tokens, CSP
nonces) blanked (:func:`normalise`). The normalised page and content are kept for diffs. Withdrawing
(actions.AFTER_UNPUBLISH) makes the fingerprint inactive.

The check (:func:`check_pages`, run by the periodic task in tasks_tamper.py and by ``kaopu publicity
verify``) takes every published article and compares:

- the content hash recomputed from the database row with the stored one (an UPDATE behind the platform's
  back, an INSERT of a published row: no fingerprint);
- the page rendered as a browser, as Baiduspider and as Googlebot with the stored page hash (a template
  changed on disk, content shown to crawlers only);
- the rendered page re-scanned by the content guard: a high-severity finding is a problem even when the
  hashes match (spam injected into a shared part before the page was fingerprinted, a new lexicon term).

A page with any problem is withdrawn at once (actions.take_down, by the guard: the public URL answers the
neutral 503 "维护中" page), the differences go into the audit log as unified diffs, a
:class:`~kaopu.publicity.models.TamperIncident` row is written and every active security administrator of
the district (or city-wide) gets a notification and an e-mail. The article stays withdrawn until staff
revise it and it passes review again.

A template may mark a region that legitimately changes between renderings without a new approval (a list
of the latest articles in a sidebar) with ``<!-- tamper:volatile -->…<!-- /tamper:volatile -->``: the
region is left out of the page hash, but still scanned by the content guard.
"""

from __future__ import annotations

import difflib
import hashlib
import logging
import re
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponseBase
from django.test import RequestFactory
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.publicity import actions
from kaopu.publicity.guard import Category, Finding, Severity, scan_html
from kaopu.publicity.guard.lexicon import Lexicon, current_lexicon
from kaopu.publicity.models import Article, ArticleAttachment, ArticleImage, PageFingerprint, TamperIncident
from kaopu.publicity.permissions import serving

logger = logging.getLogger(__name__)
S = Article.State
Check = TamperIncident.Check

CHUNK = 200  # articles read and checked together (one query per table per chunk)
DIFF_LINES = 120  # a unified diff is cut after this many lines …
DIFF_CHARS = 8000  # … or characters (the incident keeps it; the audit entry keeps half)
ACTOR_NAME = "system"


@dataclass(frozen=True)
class Agent:
    key: str
    label: Any  # a lazy translation for the browser, the crawlers' own names
    user_agent: str


# The user agents a page is rendered as: a desktop browser and the two crawlers that matter for Chinese
# government sites (their published user-agent strings). The first is the baseline made at publishing.
AGENTS: tuple[Agent, ...] = (
    Agent("browser", gettext_lazy("browser"),
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
          "Safari/537.36"),
    Agent("baiduspider", "Baiduspider",
          "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"),
    Agent("googlebot", "Googlebot", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
)
BROWSER = AGENTS[0]
ACCEPT_LANGUAGE = "zh-CN,zh;q=0.9"


# --- Rendering ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rendered:
    status: int
    html: str  # normalised (normalise())

    @property
    def hash(self) -> str:
        return page_hash(self.status, self.html)


def page_hash(status: int, html: str) -> str:
    return hashlib.sha256(f"{status}\n{html}".encode()).hexdigest()


def _site() -> tuple[str, bool]:
    """The host name and scheme pages are requested with: settings.PUBLICITY_TAMPER_HOST, else the first
    concrete name of ALLOWED_HOSTS; HTTPS whenever the site redirects to it."""
    host = getattr(settings, "PUBLICITY_TAMPER_HOST", "")
    if not host:
        host = next((name.lstrip(".") for name in settings.ALLOWED_HOSTS if name not in ("*", "")), "localhost")
    return host, bool(getattr(settings, "SECURE_SSL_REDIRECT", False))


class HttpRenderer:
    """Public pages as the world gets them: fetched over HTTP(S) from ``base_url`` (the public address, in
    front of nginx or a CDN), so that a page changed after Django (a compromised web server, a proxy that
    injects) is seen too. ``kaopu publicity verify --over-http https://www.example.gov.cn``. The pages were
    fingerprinted as Django rendered them: a front server that legitimately rewrites pages (injecting a
    statistics script, say) makes every page differ, which the first run shows."""

    def __init__(self, base_url: str, timeout: float = 20.0) -> None:
        self.base_url, self.timeout = base_url.rstrip("/"), timeout

    def render(self, path: str, agent: Agent) -> Rendered:
        request = urllib.request.Request(self.base_url + path, headers={
            "User-Agent": agent.user_agent, "Accept-Language": ACCEPT_LANGUAGE, "Accept": "text/html"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status, body, charset = response.status, response.read(), response.headers.get_content_charset()
        except urllib.error.HTTPError as error:
            status, body, charset = error.code, error.read(), error.headers.get_content_charset()
        return Rendered(status, normalise(body.decode(charset or "utf-8", errors="replace")))


class PageRenderer:
    """Public pages as an anonymous visitor gets them: a request built like the WSGI server builds it, through
    Django's request handler with the whole middleware stack (not a test client, no signals: the handler
    runs inside the caller's transaction, and request_finished would close its connection)."""

    def __init__(self) -> None:
        self.handler = BaseHandler()
        self.handler.load_middleware()
        self.host, self.secure = _site()
        self.factory = RequestFactory(SERVER_NAME=self.host, SERVER_PORT="443" if self.secure else "80")

    def response(self, path: str, agent: Agent) -> HttpResponseBase:
        headers = {"host": self.host, "user-agent": agent.user_agent, "accept-language": ACCEPT_LANGUAGE,
                   "accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
        if self.secure:
            headers["x-forwarded-proto"] = "https"
        request = self.factory.get(path, headers=headers, secure=self.secure)
        with translation.override(settings.LANGUAGE_CODE):
            return self.handler.get_response(request)

    def render(self, path: str, agent: Agent) -> Rendered:
        response = self.response(path, agent)
        content = (b"".join(response.streaming_content) if response.streaming  # type: ignore[attr-defined]
                   else response.content)  # type: ignore[attr-defined]
        charset = getattr(response, "charset", None) or "utf-8"
        return Rendered(response.status_code, normalise(content.decode(charset, errors="replace")))


# Per-request parts of a page, blanked before hashing: the CSRF token (a hidden input, a meta tag, htmx's
# header attribute) is masked anew for every request, a CSP nonce too.
_CSRF_INPUT = re.compile(r"<input\b[^>]*\bcsrfmiddlewaretoken\b[^>]*>", re.IGNORECASE)
_CSRF_META = re.compile(r"(<meta\b[^>]*\bname=[\"']?csrf[-_]?token[\"']?[^>]*\bcontent=)([\"'])[^\"']*\2",
                        re.IGNORECASE)
_CSRF_HEADER = re.compile(r"((?:&quot;|\")X-CSRFToken(?:&quot;|\")\s*:\s*(?:&quot;|\"))[A-Za-z0-9]+",
                          re.IGNORECASE)
_NONCE = re.compile(r"\bnonce=([\"'])[^\"']*\1", re.IGNORECASE)
_VOLATILE = re.compile(r"<!--\s*tamper:volatile\s*-->.*?<!--\s*/tamper:volatile\s*-->", re.DOTALL)


def normalise(html: str) -> str:
    """The page as it is hashed and diffed: per-request parts blanked, volatile regions left out, line ends
    unified, trailing spaces and blank lines dropped."""
    html = _CSRF_INPUT.sub('<input type="hidden" name="csrfmiddlewaretoken" value="">', html)
    html = _CSRF_META.sub(r"\1\2\2", html)
    html = _CSRF_HEADER.sub(r"\1", html)
    html = _NONCE.sub('nonce=""', html)
    html = _VOLATILE.sub("<!-- tamper:volatile -->", html)
    lines = (line.rstrip() for line in html.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


# --- The approved content -------------------------------------------------------------------------

_BLOCK_END = re.compile(r"(</(?:p|h[1-6]|li|ul|ol|div|blockquote|table|tr|pre|figure)>|<br\s*/?>)", re.IGNORECASE)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def content_document(article: Article, images: list[ArticleImage], attachments: list[ArticleAttachment]) -> str:
    """Everything of the article that its public page shows, one fact a line (the body one block a line), so
    that a change reads as a short diff. ``article`` comes with its column; ``images`` and ``attachments``
    are its own."""
    published = article.published_at.isoformat() if article.published_at else ""
    lines = [
        f"title: {article.title}",
        f"summary: {article.summary}",
        f"source: {article.source}",
        f"byline: {article.byline}",
        f"column: {article.column.name} ({article.column.slug}, {article.column_id})",
        f"district: {article.district_id}",
        f"published: {published}",
        f"cover: {article.cover_id or ''}",
        f"body text: {_sha(article.body_text)}",
        "body:",
        *(line for line in _BLOCK_END.sub(r"\1\n", article.body).split("\n") if line.strip()),
    ]
    lines += [f"image {image.pk}: {image.sha256} {image.original_name} alt={image.alt} "
              f"{image.width}x{image.height} {image.content_type}" for image in images]
    lines += [f"attachment {attachment.pk}: {attachment.sha256} {attachment.size} {attachment.name} "
              f"{attachment.content_type}" for attachment in attachments]
    return "\n".join(lines)


def content_documents(articles: list[Article]) -> dict[int, str]:
    """Each article's content document, with two queries for all their images and attachments."""
    ids = [article.pk for article in articles]
    images: dict[int, list[ArticleImage]] = defaultdict(list)
    for image in ArticleImage.objects.filter(article_id__in=ids).order_by("article_id", "id").only(
            "id", "article_id", "sha256", "original_name", "alt", "width", "height", "content_type"):
        images[image.article_id].append(image)
    attachments: dict[int, list[ArticleAttachment]] = defaultdict(list)
    for attachment in ArticleAttachment.objects.filter(article_id__in=ids).order_by("article_id", "id").only(
            "id", "article_id", "sha256", "size", "name", "content_type"):
        attachments[attachment.article_id].append(attachment)
    return {article.pk: content_document(article, images[article.pk], attachments[article.pk])
            for article in articles}


def _articles(ids: Iterable[int]) -> list[Article]:
    return list(Article.objects.filter(pk__in=list(ids)).select_related("column").order_by("pk"))


# --- Fingerprints ---------------------------------------------------------------------------------

def fingerprint(article: Article, *, actor: Any = None, reason: str = "", renderer: PageRenderer | None = None,
                document: str | None = None) -> PageFingerprint:
    """A new active fingerprint of a published article's page (the previous one made inactive); runs in
    the caller's transaction with the article locked. Raises PublicityError when the page does not answer
    200 (publishing is then refused: the transaction rolls back)."""
    renderer = renderer or PageRenderer()
    if document is None:
        document = content_documents(_articles([article.pk]))[article.pk]
    path = article.get_absolute_url()
    rendered = renderer.render(path, BROWSER)
    if rendered.status != 200:  # fingerprinting an error page would make every later check pass
        raise actions.PublicityError(_("The public page %(path)s cannot be shown (status %(status)s): the article "
                                       "is not published.") % {"path": path, "status": rendered.status})
    PageFingerprint.objects.filter(article_id=article.pk, active=True).update(active=False)
    return PageFingerprint.objects.create(
        article_id=article.pk, district_id=article.district_id, version=article.version, path=path,
        content_hash=_sha(document), html_hash=rendered.hash, content=document, html=rendered.html,
        reason=reason[:300], made_by=actor, made_at=timezone.now())


def after_publish(article: Article) -> None:
    fingerprint(article, reason=_("published"))


def after_unpublish(article: Article) -> None:
    PageFingerprint.objects.filter(article_id=article.pk, active=True).update(active=False)


def refresh(articles: Iterable[Article | int], actor: Any, reason: str) -> int:
    """Re-baseline the pages of published ``articles`` (objects or ids) after a legitimate change that the
    check would otherwise take for tampering: a column renamed, the site's settings (its header) changed, a
    deploy that changed templates. Each page gets a new fingerprint and an audit entry with ``reason``;
    articles not published are skipped. Returns how many pages were re-baselined."""
    reason = (reason or "").strip()
    if not reason:
        raise actions.PublicityError(_("Reason: say why the pages are fingerprinted again."))
    ids = sorted({item.pk if isinstance(item, Article) else int(item) for item in articles})
    renderer, done = PageRenderer(), 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        with transaction.atomic():
            locked = list(Article.objects.select_for_update(of=("self",)).filter(pk__in=chunk, state=S.PUBLISHED)
                          .select_related("column").order_by("pk"))
            documents = content_documents(locked)
            for article in locked:
                made = fingerprint(article, actor=actor, reason=reason, renderer=renderer,
                                   document=documents[article.pk])
                record(Action.UPDATE, actor=actor, actor_name="" if actor else ACTOR_NAME, target=article,
                       object_label=_("article “%(title)s”") % {"title": article.title},
                       summary=_("Fingerprinted the public page again: %(reason)s") % {"reason": reason},
                       data={"fingerprint": made.pk, "content_hash": made.content_hash, "page_hash": made.html_hash,
                             "reason": reason})
                done += 1
    return done


# --- The check ------------------------------------------------------------------------------------

@dataclass
class Problem:
    check: str  # a TamperIncident.Check value
    agent: str  # the labels of the agents that saw it, comma-separated ("" for the content check)
    summary: str
    diff: str = ""

    def as_dict(self, limit: int = DIFF_CHARS) -> dict[str, str]:
        return {"check": self.check, "agent": self.agent, "summary": self.summary, "diff": self.diff[:limit]}


@dataclass
class PageResult:
    article_id: int
    title: str
    path: str
    fingerprint_id: int | None
    problems: list[Problem] = field(default_factory=list)
    withdrawn: bool = False
    incident_id: int | None = None


@dataclass
class Report:
    checked: int = 0
    seconds: float = 0.0
    results: list[PageResult] = field(default_factory=list)  # only pages with problems

    @property
    def ok(self) -> bool:
        return not self.results

    @property
    def pages_per_second(self) -> float:
        return self.checked / self.seconds if self.seconds else 0.0


def unified_diff(before: str, after: str, before_name: str, after_name: str) -> str:
    """A unified diff cut to a readable size (DIFF_LINES lines, DIFF_CHARS characters)."""
    lines = list(difflib.unified_diff(before.split("\n"), after.split("\n"), before_name, after_name,
                                      n=2, lineterm=""))
    cut = len(lines) > DIFF_LINES
    text = "\n".join(lines[:DIFF_LINES])
    if cut or len(text) > DIFF_CHARS:
        text = text[:DIFF_CHARS] + "\n" + _("… (diff cut: %(lines)s lines in all)") % {"lines": len(lines)}
    return text


_OWN_SCRIPT = re.compile(r"<script\b[^>]*\bsrc=([\"'])/static/[^\"'<>]*\1[^>]*>\s*</script>\Z", re.IGNORECASE)


def serious_findings(html: str, lexicon: Lexicon) -> list[Finding]:
    """High-severity findings of the content guard in a rendered page, except the platform's own scripts
    (an empty <script src="/static/…">, which the shared frame loads)."""
    found = []
    for finding in scan_html(html, lexicon):
        if finding.severity != Severity.HIGH:
            continue
        if finding.category == Category.ACTIVE_CONTENT and finding.term == "script" and _OWN_SCRIPT.match(
                html[finding.start:finding.end]):
            continue
        found.append(finding)
    return found


def _finding_lines(html: str, findings: list[Finding]) -> str:
    lines = []
    for finding in findings:
        line_start = html.rfind("\n", 0, finding.start) + 1
        line_no = html.count("\n", 0, finding.start) + 1
        line_end = html.find("\n", finding.end)
        excerpt = html[line_start:line_end if line_end >= 0 else len(html)]
        lines.append(f"@@ line {line_no}: {finding.term} ({finding.category}) {finding.reason}")
        lines.append(f"+{excerpt[:500]}")
    return "\n".join(lines)[:DIFF_CHARS]


class Checker:
    """Compares published pages with their fingerprints (one instance per run: one request handler, one
    lexicon)."""

    def __init__(self, renderer: PageRenderer | HttpRenderer | None = None) -> None:
        self.renderer = renderer or PageRenderer()
        self.lexicon = current_lexicon()

    def check_chunk(self, ids: list[int]) -> tuple[int, list[PageResult]]:
        """Check the published articles among ``ids``: (how many were checked, the pages with problems)."""
        articles = [article for article in _articles(ids) if article.state == S.PUBLISHED]
        documents = content_documents(articles)
        prints = {fp.article_id: fp for fp in PageFingerprint.objects.filter(
            article_id__in=[article.pk for article in articles], active=True).defer("content", "html")}
        results = []
        for article in articles:
            result = self.check_page(article, documents[article.pk], prints.get(article.pk))
            if result.problems:
                results.append(result)
        if prints:
            PageFingerprint.objects.filter(pk__in=[fp.pk for fp in prints.values()]).update(checked_at=timezone.now())
        return len(articles), results

    def check_page(self, article: Article, document: str, stored: PageFingerprint | None) -> PageResult:
        path = article.get_absolute_url()
        result = PageResult(article.pk, article.title, path, stored.pk if stored else None)
        if stored is None:
            result.problems.append(Problem(Check.MISSING, "", _(
                "The page is published but was never fingerprinted: it was not published through the platform.")))
        elif _sha(document) != stored.content_hash:
            result.problems.append(Problem(Check.CONTENT, "", _(
                "The article's content in the database differs from what was approved and published."),
                unified_diff(stored.content, document, _("as approved"), _("database now"))))
        seen_by: dict[str, list[Agent]] = {}  # agents grouped by the page they got (usually one group)
        renderings: dict[str, Rendered] = {}
        for agent in AGENTS:
            rendered = self.renderer.render(path, agent)
            renderings.setdefault(rendered.hash, rendered)
            seen_by.setdefault(rendered.hash, []).append(agent)
        for digest, rendered in renderings.items():
            labels = ", ".join(str(agent.label) for agent in seen_by[digest])
            if stored is not None and digest != stored.html_hash:
                result.problems.append(Problem(Check.PAGE, labels, _(
                    "The page rendered as %(agents)s differs from the page fingerprinted when it was published "
                    "(status %(status)s).") % {"agents": labels, "status": rendered.status},
                    unified_diff(stored.html, rendered.html, _("as published"), labels)))
            findings = serious_findings(rendered.html, self.lexicon)
            if findings:
                result.problems.append(Problem(Check.SCAN, labels, _(
                    "The content guard found %(count)s high-severity problem(s) in the page rendered as %(agents)s: "
                    "%(first)s") % {"count": len(findings), "agents": labels, "first": findings[0].reason},
                    _finding_lines(rendered.html, findings)))
        return result


def published_ids(after: int = 0) -> Iterator[list[int]]:
    """Every published article's id, in chunks (keyset over the id)."""
    while True:
        chunk = list(Article.objects.filter(state=S.PUBLISHED, pk__gt=after).order_by("pk")
                     .values_list("pk", flat=True)[:CHUNK])
        if not chunk:
            return
        yield chunk
        after = chunk[-1]


def due_ids(budget_seconds: float) -> Iterator[list[int]]:
    """For the periodic task: first published articles with no active fingerprint, then the fingerprinted
    pages never checked, then those checked longest ago (before this round began), in chunks, until
    ``budget_seconds`` have passed. Keyset over (checked_at, id), so the order holds whatever the consumer
    does with the chunks."""
    deadline, started = time.monotonic() + budget_seconds, timezone.now()
    active = PageFingerprint.objects.filter(article_id=OuterRef("pk"), active=True)
    missing = list(Article.objects.filter(state=S.PUBLISHED).filter(~Exists(active))
                   .order_by("pk").values_list("pk", flat=True)[:CHUNK])
    if missing:
        yield missing
    due = PageFingerprint.objects.filter(active=True, article__state=S.PUBLISHED)
    never, last_id, last_at = True, 0, None
    while time.monotonic() < deadline:
        if never:
            rows = list(due.filter(checked_at__isnull=True, id__gt=last_id).order_by("id")
                        .values_list("id", "article_id", "checked_at")[:CHUNK])
        else:
            after = Q(checked_at__gt=last_at) | Q(checked_at=last_at, id__gt=last_id) if last_at else Q()
            rows = list(due.filter(checked_at__lt=started).filter(after).order_by("checked_at", "id")
                        .values_list("id", "article_id", "checked_at")[:CHUNK])
        if not rows:
            if not never:
                return
            never, last_id = False, 0
            continue
        last_id, _article, last_at = rows[-1]
        yield [article_id for _id, article_id, _at in rows]


def check_pages(chunks: Iterable[list[int]], *, withdraw: bool = True,
                renderer: PageRenderer | HttpRenderer | None = None,
                on_problem: Callable[[PageResult], None] | None = None) -> Report:
    """Check the published articles of ``chunks`` (published_ids() for all, due_ids() for the periodic
    task); with ``withdraw``, withdraw each page with a problem, record it and alert (:func:`respond`)."""
    started = time.monotonic()
    checker, report = Checker(renderer), Report()
    for chunk in chunks:
        checked, results = checker.check_chunk(chunk)
        report.checked += checked
        for result in results:
            if withdraw:
                respond(result)
            report.results.append(result)
            if on_problem is not None:
                on_problem(result)
    report.seconds = time.monotonic() - started
    return report


# --- Responding to a problem ----------------------------------------------------------------------

def security_admins(district_id: int) -> list[User]:
    """Every active security administrator of the district or of the city."""
    return list(User.objects.filter(serving(district_id), is_active=True, role=Role.SECURITY_ADMIN))


def respond(result: PageResult) -> None:
    """Withdraw the page (still published, still under the fingerprint that was checked), write the incident
    and the audit entry with the diffs, and alert the security administrators after the commit."""
    with transaction.atomic():
        article = Article.objects.select_for_update(of=("self",)).filter(pk=result.article_id).first()
        if article is None or article.state != S.PUBLISHED:
            return
        current = (PageFingerprint.objects.filter(article_id=article.pk, active=True)
                   .values_list("pk", flat=True).first())
        if current != result.fingerprint_id:  # re-published or re-baselined since the check read it
            return
        checks = list(dict.fromkeys(problem.check for problem in result.problems))
        agents = list(dict.fromkeys(agent for problem in result.problems for agent in problem.agent.split(", ")
                                    if agent))
        reason = _("Tamper check: %(problem)s") % {"problem": result.problems[0].summary}
        actions.take_down(article, by=Article.WithdrawnBy.GUARD, reason=reason)
        incident = TamperIncident.objects.create(
            article=article, district_id=article.district_id, fingerprint_id=result.fingerprint_id,
            found_at=timezone.now(), checks=checks, agents=agents, summary=reason[:300],
            problems=[problem.as_dict() for problem in result.problems], withdrawn=True)
        record(Action.UPDATE, actor=None, actor_name=ACTOR_NAME, target=article,
               object_label=_("article “%(title)s”") % {"title": article.title},
               summary=_("The tamper check withdrew the public page: %(problem)s") % {
                   "problem": result.problems[0].summary},
               data={"incident": incident.pk, "fingerprint": result.fingerprint_id, "path": result.path,
                     "checks": checks, "agents": agents,
                     "problems": [problem.as_dict(DIFF_CHARS // 2) for problem in result.problems]})
        result.withdrawn, result.incident_id = True, incident.pk
        transaction.on_commit(lambda: _alert(incident.pk), robust=True)


def _alert(incident_id: int) -> None:
    from django.urls import reverse

    from kaopu.notifications.actions import notify

    incident = TamperIncident.objects.select_related("article").get(pk=incident_id)
    notify(security_admins(incident.district_id), kind="publicity.tamper",
           title=_("Page withdrawn by the tamper check: %(title)s") % {"title": incident.article.title},
           body=_("%(summary)s Which checks failed: %(checks)s. The diff is on the incidents page.") % {
               "summary": incident.summary, "checks": "、".join(incident.check_labels())},
           url=reverse("tamper:incident", args=[incident.pk]))


"""The dead-link check (失效链接检查) of published articles, run on a schedule (tasks_duty.py).

For every published article: the links (``<a href>``) and image sources (``<img src>``) of its body, read
with html.parser, its cover image and its attachments. Each address is

- *internal* when it is relative, protocol-relative or absolute on one of the platform's own hosts
  (settings.ALLOWED_HOSTS, a leading dot allowing subdomains, "*" allowing nothing): it is checked against
  the platform itself, never over the network. The path is resolved (django.urls.resolve); the site's own
  objects are checked in the database, one query per kind of object for the whole batch: an article
  (/news/<id>/) must be published; an attachment (/news/files/<id>/) or an image (/news/images/<id>/) must
  belong to a published article and its file must exist in storage; a meeting (/meetings/<id>/) must be
  public (not a draft). Any other internal path is rendered through the request handler, anonymously, and
  must answer 200 or a redirect (3xx).
- *outside* otherwise: listed for review, never fetched, unless its domain (or a parent domain) is in
  settings.PUBLICITY_LINK_CHECK_DOMAINS (*allow-listed*, default none): then it is fetched with urllib,
  HEAD and, when HEAD is refused, GET, with a short timeout, following redirects only within allow-listed
  domains.

mailto:, tel:, in-page anchors (#…) and other schemes are not links to check and are left out.

Each address is checked once per run whatever the number of articles holding it. The rows of
:class:`~kaopu.publicity.models.LinkCheck` are kept in step per batch of articles (read, created, updated,
deleted in a fixed number of queries); a link that goes dead keeps the moment it was first seen dead until it
works again. Reasons are stored in words, in the site's language (settings.LANGUAGE_CODE).
"""

from __future__ import annotations

import hashlib
import logging
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.http.request import validate_host
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.publicity.models import Article, ArticleAttachment, ArticleImage, LinkCheck

logger = logging.getLogger(__name__)

BATCH = 500  # articles read per batch
TIMEOUT = 5  # seconds, for an allow-listed outside address
USER_AGENT = "Kaopu link check"
TEXT_LENGTH = 200
K, S, P = LinkCheck.Kind, LinkCheck.Status, LinkCheck.Place


# --- Reading the addresses --------------------------------------------------------------------------

@dataclass(frozen=True)
class Found:
    place: str  # LinkCheck.Place
    url: str
    text: str = ""


class _LinkParser(HTMLParser):
    """``<a href>`` with its text and ``<img src>`` with its alt text, in the order of the body."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Found] = []
        self._anchor: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "a" and values.get("href", "").strip():
            self._close_anchor()
            self._anchor = (values["href"].strip(), [])
        elif tag == "img" and values.get("src", "").strip():
            self.found.append(Found(P.IMAGE, values["src"].strip(), values.get("alt", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._close_anchor()

    def handle_data(self, data: str) -> None:
        if self._anchor is not None:
            self._anchor[1].append(data)

    def _close_anchor(self) -> None:
        if self._anchor is not None:
            href, text = self._anchor
            self.found.append(Found(P.LINK, href, " ".join("".join(text).split())))
            self._anchor = None

    def close(self) -> None:
        super().close()
        self._close_anchor()


def links_of_html(html: str) -> list[Found]:
    parser = _LinkParser()
    parser.feed(html or "")
    parser.close()
    return parser.found


def is_checkable(url: str) -> bool:
    """A web address (http, https, relative or protocol-relative) that is not only an in-page anchor."""
    if not url or url.startswith("#"):
        return False
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return True  # a malformed address is recorded (and found dead)
    return scheme in ("", "http", "https")


# --- Kinds of address ---------------------------------------------------------------------------------

def own_hosts() -> list[str]:
    return [host for host in settings.ALLOWED_HOSTS if host and host != "*"]


def allowed_domains() -> list[str]:
    return [domain.strip().lower().lstrip(".") for domain in getattr(settings, "PUBLICITY_LINK_CHECK_DOMAINS", ())
            if domain.strip()]


def in_domains(host: str, domains: Iterable[str]) -> bool:
    host = host.lower().rstrip(".")
    return any(host == domain or host.endswith("." + domain) for domain in domains)


def kind_of(url: str) -> str:
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return K.INTERNAL if not url.lower().startswith(("http:", "https:", "//")) else K.OUTSIDE
    if not parts.netloc:
        return K.INTERNAL
    if host and validate_host(host, own_hosts()):
        return K.INTERNAL
    if host and in_domains(host, allowed_domains()):
        return K.ALLOWED
    return K.OUTSIDE


def local_target(url: str, base: str = "/news/") -> str:
    """An internal address as the path and query the platform answers (no host, no fragment); a
    relative address is read from ``base``, the page that holds it."""
    parts = urlsplit(urljoin(base, url))
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


# --- Checking -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Result:
    status: str  # LinkCheck.Status
    reason: str = ""
    http_status: int | None = None


def _ok(reason: str = "", http_status: int | None = None) -> Result:
    return Result(S.OK, reason, http_status)


def _dead(reason: str, http_status: int | None = None) -> Result:
    return Result(S.DEAD, reason, http_status)


# The site's own objects: the URL name → the check of a batch of their ids.
OBJECT_ROUTES = ("site:article", "site:attachment", "site:image", "meetings:meeting")


def _check_articles(ids: set[int]) -> dict[int, Result]:
    states = dict(Article.objects.filter(pk__in=ids).values_list("pk", "state"))
    results = {}
    for pk in ids:
        if pk not in states:
            results[pk] = _dead(_("No such article."), 404)
        elif states[pk] != Article.State.PUBLISHED:
            results[pk] = _dead(_("The article is not published (%(state)s).")
                                % {"state": Article.State(states[pk]).label}, 404)
        else:
            results[pk] = _ok()
    return results


def _check_files(model: type[ArticleAttachment] | type[ArticleImage], ids: set[int], what: str) -> dict[int, Result]:
    rows = {pk: (name, state) for pk, name, state in
            model.objects.filter(pk__in=ids).values_list("pk", "file", "article__state")}
    results = {}
    for pk in ids:
        if pk not in rows:
            results[pk] = _dead(_("No such %(what)s.") % {"what": what}, 404)
        elif rows[pk][1] != Article.State.PUBLISHED:
            results[pk] = _dead(_("The %(what)s belongs to an article that is not published.") % {"what": what}, 404)
        elif not rows[pk][0] or not default_storage.exists(rows[pk][0]):
            results[pk] = _dead(_("The %(what)s's file is missing from storage.") % {"what": what}, 404)
        else:
            results[pk] = _ok()
    return results


def _check_meetings(ids: set[int]) -> dict[int, Result]:
    from kaopu.dialogues.models import Meeting

    states = dict(Meeting.objects.filter(pk__in=ids).values_list("pk", "state"))
    results = {}
    for pk in ids:
        if pk not in states:
            results[pk] = _dead(_("No such meeting."), 404)
        elif states[pk] == Meeting.State.DRAFT:
            results[pk] = _dead(_("The meeting is a draft: it is not public."), 404)
        else:
            results[pk] = _ok()
    return results


def _render(target: str, renderer: Any) -> Result:
    """An internal page as an anonymous visitor gets it, through the request handler (no network)."""
    from kaopu.publicity.tamper import BROWSER

    try:
        response = renderer.response(target, BROWSER)
    except Exception as error:
        logger.warning("link check: %s failed: %r", target, error)
        return _dead(_("The page failed: %(error)s") % {"error": type(error).__name__})
    code = response.status_code
    if code < 400:
        return _ok(http_status=code)
    return _dead(_("The page answered %(status)s.") % {"status": code}, code)


def check_internal(targets: Iterable[str]) -> dict[str, Result]:
    """Each internal target (path and query) checked: the site's objects in one query per kind, the
    other pages rendered."""
    results: dict[str, Result] = {}
    by_route: dict[str, dict[str, int]] = {route: {} for route in OBJECT_ROUTES}
    rendered: list[str] = []
    for target in set(targets):
        path = unquote(target.partition("?")[0])
        try:
            match = resolve(path)
        except Resolver404:
            results[target] = _dead(_("No page at this address on the platform."), 404)
            continue
        except Exception:
            results[target] = _dead(_("No page at this address on the platform."), 404)
            continue
        if match.view_name in by_route and "pk" in match.kwargs:
            by_route[match.view_name][target] = int(match.kwargs["pk"])
        else:
            rendered.append(target)
    checks = {
        "site:article": _check_articles,
        "site:attachment": lambda ids: _check_files(ArticleAttachment, ids, _("attachment")),
        "site:image": lambda ids: _check_files(ArticleImage, ids, _("image")),
        "meetings:meeting": _check_meetings,
    }
    for route, wanted in by_route.items():
        if wanted:
            found = checks[route](set(wanted.values()))
            results.update({target: found[pk] for target, pk in wanted.items()})
    if rendered:
        # The tamper check's renderer: the whole middleware stack, no network, no request signals (a real
        # request's end would close the database connection under the running task).
        from kaopu.publicity.tamper import PageRenderer

        renderer = PageRenderer()
        for target in sorted(rendered):
            results[target] = _render(target, renderer)
    return results


class _OffDomain(Exception):
    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


class _AllowListedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to an allow-listed domain."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        host = urlsplit(newurl).hostname or ""
        if urlsplit(newurl).scheme not in ("http", "https") or not in_domains(host, allowed_domains()):
            raise _OffDomain(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str) -> Result:
    """An allow-listed outside address, fetched: HEAD, then GET when HEAD is refused."""
    opener = urllib.request.build_opener(_AllowListedRedirects)
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with opener.open(request, timeout=TIMEOUT) as response:
                code = response.status
        except _OffDomain as off:
            return Result(S.UNCHECKED, _("Redirects to another domain (%(url)s): not followed.") % {"url": off.url})
        except urllib.error.HTTPError as error:
            if method == "HEAD":
                continue
            return _dead(_("The site answered %(status)s.") % {"status": error.code}, error.code)
        except TimeoutError:
            return _dead(_("No answer within %(seconds)s seconds.") % {"seconds": TIMEOUT})
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            return _dead(_("Could not connect: %(error)s") % {"error": str(reason)[:200]})
        return _ok(http_status=code) if code < 400 else _dead(
            _("The site answered %(status)s.") % {"status": code}, code)
    return _dead(_("The site refused the request."))  # not reached: GET returns


def check_outside(url: str) -> Result:
    return Result(S.UNCHECKED, _("Outside link: listed for review, not fetched."))


# --- The run -------------------------------------------------------------------------------------------

def url_hash(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class Summary:
    articles: int = 0
    links: int = 0
    dead: int = 0
    newly_dead: int = 0
    outside: int = 0
    removed: int = 0
    checked: dict[str, Result] = field(default_factory=dict)  # per address key, for the whole run


def _found_in_articles(articles: list[dict[str, Any]], attachments: list[tuple[int, int, str]],
                       ) -> dict[int, dict[str, Found]]:
    """Each article's addresses, the first place an address appears in it winning."""
    found: dict[int, dict[str, Found]] = {row["id"]: {} for row in articles}
    for row in articles:
        items = links_of_html(row["body"])
        if row["cover_id"]:
            items.append(Found(P.COVER, reverse("site:image", args=[row["cover_id"]])))
        for item in items:
            if is_checkable(item.url):
                found[row["id"]].setdefault(item.url, item)
    for pk, article_id, name in attachments:
        url = reverse("site:attachment", args=[pk])
        found[article_id].setdefault(url, Found(P.ATTACHMENT, url, name))
    return found


def _key(url: str, kind: str, article_id: int) -> str:
    """What is checked once per run: an internal address's path and query (read from the article's page),
    an outside address as written."""
    if kind == K.INTERNAL:
        return "internal:" + local_target(url, reverse("site:article", args=[article_id]))
    return url


def _check_batch(article_ids: list[int], summary: Summary, now: Any) -> None:
    articles = list(Article.objects.filter(pk__in=article_ids, state=Article.State.PUBLISHED)
                    .values("id", "district_id", "body", "cover_id"))
    ids = [row["id"] for row in articles]
    attachments = list(ArticleAttachment.objects.filter(article_id__in=ids).order_by("id")
                       .values_list("id", "article_id", "name"))
    found = _found_in_articles(articles, attachments)
    kinds = {url: kind_of(url) for links in found.values() for url in links}
    keys = {(article_id, url): _key(url, kinds[url], article_id) for article_id, links in found.items()
            for url in links}
    internal = {key.removeprefix("internal:") for key in keys.values()
                if key.startswith("internal:") and key not in summary.checked}
    summary.checked.update({f"internal:{target}": result for target, result in check_internal(internal).items()})
    for url, kind in kinds.items():
        if kind != K.INTERNAL and url not in summary.checked:
            summary.checked[url] = fetch(url) if kind == K.ALLOWED else check_outside(url)

    district_of = {row["id"]: row["district_id"] for row in articles}
    with transaction.atomic():
        existing = {(row.article_id, row.url_hash): row
                    for row in LinkCheck.objects.select_for_update().filter(article_id__in=article_ids)}
        create, update, keep = [], [], set()
        for article_id, links in found.items():
            for url, item in links.items():
                kind, result = kinds[url], summary.checked[keys[(article_id, url)]]
                key = (article_id, url_hash(url))
                keep.add(key)
                row = existing.get(key)
                if row is None:
                    row = LinkCheck(district_id=district_of[article_id], article_id=article_id, url=url,
                                    url_hash=key[1], first_seen_at=now, checked_at=now)
                    create.append(row)
                before = _changing(row)
                was_dead = row.status == S.DEAD and row.pk is not None
                row.place, row.text, row.kind = item.place, item.text[:TEXT_LENGTH], kind
                row.status, row.reason, row.http_status = result.status, result.reason[:300], result.http_status
                if result.status == S.DEAD:
                    row.dead_since = row.dead_since if was_dead else now
                    summary.dead += 1
                    summary.newly_dead += 0 if was_dead else 1
                else:
                    row.dead_since = None
                if row.pk is not None and _changing(row) != before:
                    update.append(row)
                summary.outside += kind != K.INTERNAL
                summary.links += 1
        stale = [row.pk for key, row in existing.items() if key not in keep]
        if stale:
            summary.removed += LinkCheck.objects.filter(pk__in=stale).delete()[0]
        # Every kept row was checked now (one UPDATE); only the rows whose result changed are rewritten.
        LinkCheck.objects.filter(article_id__in=article_ids).update(checked_at=now)
        LinkCheck.objects.bulk_update(update, CHANGING, batch_size=WRITE_BATCH)
        LinkCheck.objects.bulk_create(create, batch_size=WRITE_BATCH)
    summary.articles += len(articles)


CHANGING = ["place", "text", "kind", "status", "reason", "http_status", "dead_since"]
WRITE_BATCH = 500


def _changing(row: LinkCheck) -> tuple[Any, ...]:
    return tuple(getattr(row, name) for name in CHANGING)


def _batches(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def check_all(*, batch: int = BATCH) -> Summary:
    """Check every published article's links; rows of articles no longer published are dropped."""
    summary = Summary()
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        ids = list(Article.objects.filter(state=Article.State.PUBLISHED).order_by("pk").values_list("pk", flat=True))
        for chunk in _batches(ids, batch):
            _check_batch(chunk, summary, now)
        with transaction.atomic():
            summary.removed += LinkCheck.objects.exclude(article__state=Article.State.PUBLISHED).delete()[0]
            record(Action.UPDATE, actor_name="system", object_type="publicity.linkcheck",
                   object_label="已发布文章的链接",
                   summary=f"失效链接检查：{summary.articles} 篇文章、{summary.links} 个链接，失效 {summary.dead} 个"
                           f"（新发现 {summary.newly_dead} 个），站外链接 {summary.outside} 个",
                   data={"articles": summary.articles, "links": summary.links, "dead": summary.dead,
                         "newly_dead": summary.newly_dead, "outside": summary.outside, "removed": summary.removed})
    return summary

"""The public pages' frame (publicity/site/base.html): ``{% public_frame as site %}`` gives the header and
footer of the district the page is about, and ``{% public_nav site as links %}`` the navigation.

Pages of other apps that use the public base (the board, the meeting pages) need not pass anything: the
district is read from their context (``district``, or ``meeting``'s), else the first district. The result
is kept on the request, so the blocks of one page read it once.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kaopu.publicity import site

register = template.Library()


def _district_id(context: template.Context) -> int | None:
    for name in ("district", "meeting", "article"):
        value = context.get(name)
        if value is None:
            continue
        pk = getattr(value, "district_id", None) if name != "district" else getattr(value, "pk", None)
        if pk is not None:
            return int(pk)
    return None


@register.simple_tag(takes_context=True)
def public_frame(context: template.Context) -> site.Frame | None:
    if context.get("site") is not None:
        return context["site"]
    request = context.get("request")
    found = getattr(request, "_public_frame", None)
    if found is not None:
        return found
    district_id = _district_id(context)
    if district_id is None:
        chosen = site.choose(request.GET.get("district") if request is not None else None)
        district_id = chosen.pk if chosen is not None else None
    found = site.frame(district_id) if district_id is not None else None
    if request is not None:
        request._public_frame = found
    return found


def _active(context: template.Context) -> str:
    if context.get("active"):
        return str(context["active"])
    path = getattr(context.get("request"), "path", "")
    for prefix, key in (("/board/", "board"), ("/meetings/", "meetings"), ("/news/search/", "search")):
        if path.startswith(prefix):
            return key
    return ""


@register.simple_tag(takes_context=True)
def public_nav(context: template.Context, frame: site.Frame | None) -> list[tuple[str, str, bool]]:
    """(label, address, is the current page) of each entry: 首页, the active columns, 会议, 督办榜, 搜索."""
    if frame is None:
        return []
    query = f"?{frame.query}" if frame.query else ""
    active = _active(context)
    links: list[tuple[str, str, bool]] = [(_("Home"), home_url(context, frame), active == "home")]
    links += [(column.name, reverse("site:column", args=[column.slug]) + query, active == f"column:{column.slug}")
              for column in frame.columns]
    links += [(pgettext("public site", "Meetings"), reverse("meetings:upcoming") + query, active == "meetings"),
              (pgettext("public site", "Accountability board"), reverse("board:board") + query, active == "board"),
              (pgettext("public site", "Search"), reverse("site:search") + query, active == "search")]
    return links


def home_url(context: template.Context, frame: site.Frame) -> str:
    """"/" for a visitor (it shows the portal), /news/ for a logged-in user (whose "/" is the start page)."""
    user = context.get("user")
    url = reverse("site:home") if user is not None and user.is_authenticated else "/"
    return f"{url}?{frame.query}" if frame.query else url


@register.simple_tag(takes_context=True)
def public_home_url(context: template.Context, frame: site.Frame | None) -> str:
    return home_url(context, frame) if frame is not None else "/"


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[tuple[str, str, str]]:
    """(code, name, address) of each language but the current one: a plain GET link that sets the language
    cookie and comes back to this page."""
    from urllib.parse import urlencode

    from django.conf import settings
    from django.utils.translation import get_language

    request = context.get("request")
    here = request.get_full_path() if request is not None else "/"
    current = get_language()
    return [(code, name, reverse("site:language") + "?" + urlencode({"language": code, "next": here}))
            for code, name in settings.LANGUAGES if code != current]


@register.filter
def with_query(url: str, frame: Any) -> str:
    """``url`` with the frame's district query (for links inside the site)."""
    query = getattr(frame, "query", "")
    if not query:
        return url
    return f"{url}{'&' if '?' in url else '?'}{query}"

"""The platform search (/search/?q=): every kind of result a module registers (kaopu.core.registry
.SearchProvider), grouped by kind, the first few of each with a link to the module's own list
filtered by the same query.

The page knows no module: it asks the registry for the providers of the user's role, and each
provider reads through its app's access rule (kaopu.core.access.scope), so that an enterprise user
finds only its own enterprise's rows whatever it types. Every provider is asked once, for one hit
more than is shown (to know whether the "more" link says there are more), in a bounded query: the
page runs a fixed number of queries whatever the data size.

The query is shown only in the page's body and in the search box (escaped by the template), never
in the <title> or a meta tag, which browsers, proxies and shared-screen histories keep.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kaopu.core.registry import SearchHit, SearchProvider, registry
from kaopu.core.searching import clean_query

# What each kind shows; the provider is asked for one more, to tell whether its list holds more.
HITS_PER_KIND = 5
# Longer than any name, credit code (18), appeal number or title words a person types in a search box.
MAX_QUERY_LENGTH = 50


@dataclass(frozen=True)
class ResultGroup:
    provider: SearchProvider
    hits: list[SearchHit]
    has_more: bool
    more_url: str


def normalise(raw: str) -> str:
    """The query as the lists match it (core.searching.clean_query), not yet cut to a length."""
    return clean_query(raw, limit=None)


def query_problem(query: str) -> str:
    """Why ``query`` cannot be searched, in words, or "" when it can."""
    if not query:
        return _("Type what you are looking for in the search box: an enterprise's name or credit code, an "
                 "appeal's number or title, a meeting, a person's name …")
    if len(query) > MAX_QUERY_LENGTH:
        return _("The search text is too long: at most %(limit)d characters (it has %(length)d). Type a "
                 "shorter part of the name, number or title.") % {"limit": MAX_QUERY_LENGTH, "length": len(query)}
    return ""


def search_all(user: Any, query: str) -> list[ResultGroup]:
    """Every kind the user's role may search, each with its first hits (one provider call each)."""
    groups = []
    for provider in registry.search_providers_for(user):
        hits = list(provider.search(user, query, HITS_PER_KIND + 1))
        groups.append(ResultGroup(provider, hits[:HITS_PER_KIND], len(hits) > HITS_PER_KIND,
                                  provider.more_url(user, query) if hits else ""))
    return groups


@require_GET
@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = normalise(request.GET.get("q", ""))
    problem = query_problem(query)
    if not registry.search_providers_for(request.user):
        problem = _("Your role has nothing to search: the platform search finds enterprises, appeals, meetings "
                    "and services for the roles that work with them.")
    groups = [] if problem else search_all(request.user, query)
    return render(request, "core/search.html", {
        "query": query if len(query) <= MAX_QUERY_LENGTH else "",
        "problem": problem,
        "found": [group for group in groups if group.hits],
        "not_found": [group.provider.label for group in groups if not group.hits],
        "max_length": MAX_QUERY_LENGTH,
    })

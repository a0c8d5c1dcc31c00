"""The tamper check's incidents (kaopu.publicity.tamper): the security administrator, who is alerted, and
FIC staff of the district, whose articles were withdrawn, read which page failed which check and the diff."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kaopu.core import access
from kaopu.core.pagination import keyset_page, parse_cursor, query_with
from kaopu.publicity.models import TamperIncident

PAGE_SIZE = 50


def _incidents(request: HttpRequest):  # type: ignore[no-untyped-def]
    """The incidents the user may read; 404 for a role that reads none (not an empty page)."""
    if access.visibility_filter(request.user, TamperIncident) is None:
        raise Http404
    return access.scope(request.user, TamperIncident).select_related("article").only(
        "id", "found_at", "checks", "agents", "summary", "withdrawn", "article__id", "article__title",
        "article__state")


@login_required
def incident_list(request: HttpRequest) -> HttpResponse:
    after, before = parse_cursor(request.GET.get("after")), parse_cursor(request.GET.get("before"))
    page = keyset_page(_incidents(request), after=after, before=before, size=PAGE_SIZE)
    return render(request, "publicity/tamper/incident_list.html", {
        "page": page,
        "next_query": query_with(request.GET, after=page.next_cursor, before=None),
        "previous_query": query_with(request.GET, before=page.previous_cursor, after=None),
    })


@login_required
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = access.get_object_for_user(request.user, TamperIncident.objects.select_related("article"), pk)
    problems = [{**problem, "check_label": _check_label(problem.get("check", "")),
                 "lines": _diff_lines(problem.get("diff", ""))} for problem in incident.problems]
    return render(request, "publicity/tamper/incident_detail.html", {"incident": incident, "problems": problems})


def _check_label(value: str) -> str:
    return str(TamperIncident.Check(value).label) if value in TamperIncident.Check.values else value


def _diff_lines(diff: str) -> list[tuple[str, str]]:
    """Each line of a unified diff with its kind, for colouring: add, del, hunk or ''."""
    kinds = []
    for line in diff.split("\n") if diff else []:
        if line.startswith(("+++", "---")):
            kind = "file"
        elif line.startswith("@@"):
            kind = "hunk"
        elif line.startswith("+"):
            kind = "add"
        elif line.startswith("-"):
            kind = "del"
        else:
            kind = ""
        kinds.append((kind, line))
    return kinds

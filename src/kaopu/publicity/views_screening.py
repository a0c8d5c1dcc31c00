"""The one page that asks a person to acknowledge the content guard's medium-severity findings before a
text becomes public (a meeting opened or edited, a board summary approved): each finding with a checkbox
(``acknowledge`` = its key, kaopu.publicity.screening.Located.key), the form that was sent re-sent as
hidden fields to the same address. The action then runs again with the ticked keys and records them in
its audit entry; a finding left unticked refuses again.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kaopu.publicity.screening import ScreeningRefused, category_label

NOT_RESENT = ("csrfmiddlewaretoken", "acknowledge")


def confirmation(request: HttpRequest, refused: ScreeningRefused, *, title: str, action: str,
                 back: str) -> HttpResponse:
    """The acknowledgement page for ``refused`` (needs_acknowledgement), posting to ``action``."""
    hidden = [(name, value) for name in request.POST if name not in NOT_RESENT
              for value in request.POST.getlist(name)]
    findings = [{"key": item.key, "where": item.label, "context": item.context, "text": item.finding.text,
                 "term": item.finding.term, "category": category_label(item.finding.category),
                 "reason": item.finding.reason} for item in refused.findings]
    return render(request, "publicity/screening/confirm.html", {
        "title": title, "action": action, "back": back, "hidden": hidden, "findings": findings,
    })

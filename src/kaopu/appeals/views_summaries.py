"""The staff's review of public summaries (待审核公开摘要): nothing reaches the public board unreviewed.

The queue lists the closed appeals of the staff member's district that the enterprise agreed to
publish and whose summary nobody has reviewed, newest first, each with a suggestion (the last
answer, masked) to edit and approve, or to keep off the board with a reason. The same review form
is on the appeal's page, where an approved summary can be edited again (a new review). Thin: every
POST calls actions.review_public_summary.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaopu.appeals import actions, publication
from kaopu.appeals.actions import SummaryRefused
from kaopu.appeals.forms_staff import SummaryReviewForm
from kaopu.appeals.workflow import TransitionError
from kaopu.core.decorators import staff_only
from kaopu.core.pagination import page_from_query, query_with
from kaopu.publicity.views_screening import confirmation

PAGE_SIZE = 20


@staff_only
def queue(request: HttpRequest) -> HttpResponse:
    page = page_from_query(publication.review_queue(request.user), request.GET, size=PAGE_SIZE)
    rows = [(appeal, SummaryReviewForm(prefix=f"a{appeal.pk}", initial={"public_summary": appeal.suggestion}))
            for appeal in publication.with_suggestions(page.items)]
    return render(request, "appeals/summary_queue.html", {
        "rows": rows, "page": page,
        "next_query": query_with(request.GET, after=page.next_cursor, before=None),
        "previous_query": query_with(request.GET, before=page.previous_cursor, after=None),
    })


@require_POST
@staff_only
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The review from the queue (prefix a<pk>, back to the queue) or from the appeal's page."""
    from_queue = request.POST.get("from") == "queue"
    form = SummaryReviewForm(request.POST, prefix=f"a{pk}" if from_queue else None)
    back = redirect("appeals:summary_queue") if from_queue else redirect("appeals:staff_detail", pk=pk)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                named = not label or str(error).startswith(str(label))
                messages.error(request, error if named else _("%(label)s: %(error)s") % {"label": label,
                                                                                         "error": error})
        return back
    data = form.cleaned_data
    publish = data["decision"] == SummaryReviewForm.PUBLISH
    try:
        appeal = actions.review_public_summary(pk, acting_user=request.user, publish=publish,
                                               text=data["public_summary"], reason=data["reason"], request=request,
                                               acknowledged=request.POST.getlist("acknowledge"))
    except SummaryRefused as error:
        if error.refused.needs_acknowledgement:
            back_url = reverse("appeals:summary_queue") if from_queue else reverse("appeals:staff_detail", args=[pk])
            return confirmation(request, error.refused, title=_("Public summary of appeal #%(pk)s") % {"pk": pk},
                                action=request.path, back=back_url)
        messages.error(request, str(error))
        return back
    except TransitionError as error:
        messages.error(request, str(error))
        return back
    if publish:
        messages.success(request, _("The public summary of appeal #%(pk)s was approved and is on the public board "
                                    "as: %(text)s") % {"pk": pk, "text": appeal.public_summary})
    else:
        messages.success(request, _("Appeal #%(pk)s stays off the public board.") % {"pk": pk})
    return back

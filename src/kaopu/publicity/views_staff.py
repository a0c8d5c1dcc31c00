"""The staff's editorial pages under /publicity/: the article list, writing, the article's page with its
review, publishing and withdrawing, its files and versions. District leaders read the list and the
articles, and review when they hold the final approval. Thin: authorize, parse, call one action of
kaopu.publicity.actions (or files), render. Every other role gets 404, like an article of another district.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kaopu.accounts.roles import Permission, Role
from kaopu.core import access
from kaopu.core.decorators import for_roles, staff_only
from kaopu.core.pagination import page_from_query, query_with
from kaopu.core.tabs import ALL, Tab
from kaopu.publicity import actions, diffing, files, notify, sanitise, screening, selectors_staff
from kaopu.publicity.actions import PublicityError
from kaopu.publicity.forms import (
    ArticleForm,
    AttachmentForm,
    FilterForm,
    ImageForm,
    PublishForm,
    ReviewForm,
    WithdrawForm,
)
from kaopu.publicity.guard import Severity
from kaopu.publicity.models import Article, ArticleVersion

PAGE_SIZE = 30
S = Article.State
staff_and_leaders = for_roles(Role.FIC_STAFF, Role.DISTRICT_LEADER)
SEVERITY_LABELS = {Severity.HIGH: gettext_lazy("high risk"), Severity.MEDIUM: gettext_lazy("medium risk"),
                   Severity.LOW: gettext_lazy("low risk")}
TAB_LABELS = {"all": ALL, "to_review": gettext_lazy("Waiting for my review"),
              "returned": gettext_lazy("Sent back to me"), "to_publish": gettext_lazy("Waiting to be published"),
              **dict(S.choices)}


def _attempt(request: HttpRequest, call: Callable[[], Any], done: str) -> Any:
    """Run one action; its refusal becomes an error message on the page. The result, or None."""
    try:
        result = call()
    except PublicityError as error:
        messages.error(request, error.message)
        return None
    if done:
        messages.success(request, done)
    return result if result is not None else True


def _form_errors(request: HttpRequest, form: Any) -> None:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, _("%(label)s: %(error)s") % {"label": label, "error": error} if label else error)


def _removed_warning(request: HttpRequest, removed: list[Any]) -> None:
    if removed:
        messages.warning(request, _("Cleaning removed from the body what the content guard flags: %(what)s")
                         % {"what": "；".join(f"{f.text[:40]}（{f.reason}）" for f in removed[:3])})


# --- the list --------------------------------------------------------------------------------------

@staff_and_leaders
def article_list(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("tab") or "all"
    tab = tab if tab in selectors_staff.TABS else "all"
    form = FilterForm(request.GET or None, user=request.user)
    rows = selectors_staff.article_list(request.user, tab=tab, **form.filters())
    page = page_from_query(rows, request.GET, size=PAGE_SIZE)
    shown = [key for key in selectors_staff.TABS if key not in ("returned", "to_publish") or key == tab]
    if request.user.role != Role.FIC_STAFF and not request.user.holds(Permission.FINAL_APPROVAL):
        shown.remove("to_review")
    tabs = [Tab(TAB_LABELS[key], "?" + query_with(request.GET, tab=key if key != "all" else None, after=None,
                                                  before=None), active=key == tab, id=f"tab-{key}") for key in shown]
    return render(request, "publicity/staff/article_list.html", {
        "form": form, "page": page, "tabs": tabs, "tab": tab, "is_staff": request.user.role == Role.FIC_STAFF,
        "next_query": query_with(request.GET, after=page.next_cursor, before=None),
        "previous_query": query_with(request.GET, before=page.previous_cursor, after=None),
    })


# --- writing ---------------------------------------------------------------------------------------

def _fields(form: ArticleForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in actions.EDITABLE_FIELDS if name in form.cleaned_data}


@staff_only
def article_new(request: HttpRequest) -> HttpResponse:
    form = ArticleForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            article, removed = actions.create_article(request.user, **_fields(form))
        except PublicityError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The draft was saved. You can now add images and attachments."))
            _removed_warning(request, removed)
            return redirect("publicity:article_edit", pk=article.pk)
    return render(request, "publicity/staff/article_form.html", {"form": form, "article": None})


@staff_only
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = access.get_object_for_user(request.user, Article.objects.select_related("column"), pk, "change")
    if article.state != S.DRAFT:
        messages.error(request, _("Only a draft can be edited: this article is “%(state)s”.")
                       % {"state": article.get_state_display()})
        return redirect("publicity:article_detail", pk=article.pk)
    initial = {name: getattr(article, name) for name in actions.EDITABLE_FIELDS}
    form = ArticleForm(request.POST or None, user=request.user, article=article, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            article, removed = actions.update_article(request.user, article.pk, **_fields(form))
        except PublicityError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved as version %(version)s.") % {"version": article.version})
            _removed_warning(request, removed)
            if request.POST.get("then") == "submit":
                return _submit(request, article.pk)
            return redirect("publicity:article_edit", pk=article.pk)
    return render(request, "publicity/staff/article_form.html", {
        "form": form, "article": article, "image_form": ImageForm(), "attachment_form": AttachmentForm(),
        "images": list(article.images.all()), "attachments": list(article.attachments.all()),
    })


# --- the article's page ----------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]*>")


def _text_around(before: str, after: str) -> tuple[str, str]:
    """The context of a finding in the body's HTML as a reader sees it: tags (and tags cut at the
    context's edges) left out."""
    before = _TAG.sub("", re.sub(r"^[^<]*>", "", before) if ">" in before.split("<")[0] else before)
    after = _TAG.sub("", re.sub(r"<[^>]*$", "", after))
    return before, after


def _finding_rows(located: list[screening.Located]) -> list[dict[str, Any]]:
    rows = []
    for item in located:
        before, _sep, rest = item.context.partition("【")
        text, _sep, after = rest.rpartition("】")
        if item.part == "body" and "<" not in text:
            before, after = _text_around(before, after)
        rows.append({"item": item, "before": before, "text": text, "after": after,
                     "category": screening.category_label(item.finding.category),
                     "severity_label": SEVERITY_LABELS.get(item.severity, item.severity),
                     "high": item.severity == Severity.HIGH,
                     "medium": item.severity == Severity.MEDIUM})
    return rows


@staff_and_leaders
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = access.get_object_for_user(
        request.user, Article.objects.select_related("column", "created_by", "cover"), pk)
    user = request.user
    is_staff = user.role == Role.FIC_STAFF
    located = screening.screen(article) if article.state in (S.DRAFT, S.IN_REVIEW, S.APPROVED) else []
    high = screening.blocking(located)
    medium = screening.to_acknowledge(located)
    decide_refusal = actions.may_decide(user, article) if article.state == S.IN_REVIEW else None
    return render(request, "publicity/staff/article_detail.html", {
        "article": article, "is_staff": is_staff, "findings": _finding_rows(located),
        "high": high, "medium": medium,
        "reviews": list(article.reviews.select_related("reviewer").order_by("-id")),
        "attachments": list(article.attachments.all()),
        "may_decide": article.state == S.IN_REVIEW and decide_refusal is None,
        "decide_refusal": decide_refusal, "final_step": article.review_step == 2,
        "review_form": ReviewForm(initial={"decision": "return" if high else "approve"}),
        "publish_form": PublishForm(), "withdraw_form": WithdrawForm(),
        "can_edit": is_staff and article.state == S.DRAFT,
        "can_publish": is_staff and article.state == S.APPROVED,
        "can_withdraw": is_staff and article.state in (S.PUBLISHED, S.APPROVED),
        "can_revise": is_staff and article.state == S.WITHDRAWN,
        "steps": actions.final_step(article) + 1,
    })


def _submit(request: HttpRequest, pk: int) -> HttpResponse:
    article = _attempt(request, lambda: actions.submit(request.user, pk),
                       _("The article was submitted for review."))
    if article:
        notify.to_reviewers(article)
    return redirect("publicity:article_detail", pk=pk)


@require_POST
@staff_only
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    access.get_object_for_user(request.user, Article, pk, "change")
    return _submit(request, pk)


@require_POST
@staff_and_leaders
def review(request: HttpRequest, pk: int) -> HttpResponse:
    access.get_object_for_user(request.user, Article, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("publicity:article_detail", pk=pk)
    approve = form.cleaned_data["decision"] == "approve"
    comment = form.cleaned_data["comment"]
    article = _attempt(request, lambda: actions.review(
        request.user, pk, approve=approve, comment=comment, acknowledged=request.POST.getlist("acknowledged")),
        _("Approved.") if approve else _("The article was sent back to its author."))
    if article:
        notify.after_review(article, approved=approve, comment=comment)
    return redirect("publicity:article_detail", pk=pk)


@require_POST
@staff_only
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    access.get_object_for_user(request.user, Article, pk, "change")
    form = PublishForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        at = form.cleaned_data["at"]
        article = _attempt(request, lambda: actions.publish(request.user, pk, at=at), "")
        if article:
            messages.success(request, _("The article is published.") if article.state == S.PUBLISHED
                             else _("The article is scheduled."))
    return redirect("publicity:article_detail", pk=pk)


@require_POST
@staff_only
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    access.get_object_for_user(request.user, Article, pk, "change")
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        _attempt(request, lambda: actions.withdraw(request.user, pk, reason=form.cleaned_data["reason"]),
                 _("The article was withdrawn from the public site."))
    return redirect("publicity:article_detail", pk=pk)


@require_POST
@staff_only
def revise(request: HttpRequest, pk: int) -> HttpResponse:
    access.get_object_for_user(request.user, Article, pk, "change")
    if _attempt(request, lambda: actions.revise(request.user, pk), _("The article is a draft again.")):
        return redirect("publicity:article_edit", pk=pk)
    return redirect("publicity:article_detail", pk=pk)


# --- files -----------------------------------------------------------------------------------------

def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@require_POST
@staff_only
def image_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """An image for the article (from the editor's image button, which wants JSON, or the form)."""
    access.get_object_for_user(request.user, Article, pk, "change")
    form = ImageForm(request.POST, request.FILES)
    if not form.is_valid():
        if _wants_json(request):
            return JsonResponse({"error": "；".join(e for errors in form.errors.values() for e in errors)}, status=400)
        _form_errors(request, form)
        return redirect("publicity:article_edit", pk=pk)
    try:
        image = files.add_image(request.user, pk, form.cleaned_data["image"], alt=form.cleaned_data["alt"],
                                as_cover=form.cleaned_data["as_cover"])
    except PublicityError as error:
        if _wants_json(request):
            return JsonResponse({"error": error.message}, status=400)
        messages.error(request, error.message)
        return redirect("publicity:article_edit", pk=pk)
    url = f"{sanitise.IMAGE_PREFIX}{image.pk}/"
    if _wants_json(request):
        return JsonResponse({"url": url, "id": image.pk, "width": image.width, "height": image.height})
    messages.success(request, _("The image was added (re-encoded, %(width)s×%(height)s).")
                     % {"width": image.width, "height": image.height})
    return redirect("publicity:article_edit", pk=pk)


@require_POST
@staff_only
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    access.get_object_for_user(request.user, Article, pk, "change")
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        _attempt(request, lambda: files.add_attachments(request.user, pk, form.cleaned_data["files"]),
                 _("The attachments were added."))
    return redirect(reverse("publicity:article_edit", args=[pk]) + "#attachments")


@require_POST
@staff_only
def attachment_remove(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    access.get_object_for_user(request.user, Article, pk, "change")
    _attempt(request, lambda: files.remove_attachment(request.user, pk, attachment_pk),
             _("The attachment was removed."))
    return redirect(reverse("publicity:article_edit", args=[pk]) + "#attachments")


# --- versions --------------------------------------------------------------------------------------

def _number(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@staff_and_leaders
def versions(request: HttpRequest, pk: int) -> HttpResponse:
    article = access.get_object_for_user(request.user, Article, pk)
    rows = list(ArticleVersion.objects.filter(article=article).select_related("saved_by").order_by("-number"))
    by_number = {row.number: row for row in rows}
    newest = rows[0].number if rows else 1
    new = by_number.get(_number(request.GET.get("b"), newest)) or (rows[0] if rows else None)
    old = by_number.get(_number(request.GET.get("a"), (new.number - 1) if new else 1)) or (rows[-1] if rows else None)
    diff = diffing.compare(old, new) if old and new else []
    return render(request, "publicity/staff/versions.html", {
        "article": article, "versions": rows, "old": old, "new": new,
        "changed": [row for row in diff if row.changed], "same": [row for row in diff if not row.changed],
    })

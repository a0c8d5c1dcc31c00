"""Every change of an article: writing, review (三审), publishing, withdrawing.

States: draft → in review → approved → published → withdrawn. A reviewer sends an article in review back
to draft with a comment; a withdrawn article goes back to draft to be revised (it is then reviewed again).
Only drafts are edited: the text a reviewer approved is the text that is published.

Review: in three steps (the district's ``SiteSettings.review_steps``) a reviewer (step 1) and then a final
approver (step 2, who holds Permission.FINAL_APPROVAL); in two steps the final approver only. Nobody who
wrote the article (saved any of its versions) may approve it, and nobody decides two steps of one round.
Before approving, the content guard reads everything of the article that becomes public
(kaopu.publicity.screening): a high-severity finding blocks approval at every step; a medium one needs
the final approver's explicit acknowledgement, recorded with the review and in the audit log.

Each function runs in one transaction and locks the article first, so that two reviewers acting at once
cannot both decide the same step. Refusals raise :class:`PublicityError` with a message for a person.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kaopu.accounts.models import User
from kaopu.accounts.roles import Permission, Role
from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core import access
from kaopu.publicity import sanitise, screening
from kaopu.publicity.models import Article, ArticleVersion, Column, Review, SiteSettings
from kaopu.publicity.permissions import serving

S = Article.State
EDITABLE_FIELDS = ("column", "title", "summary", "body", "source", "byline", "cover", "publish_at")
# Called (in the transaction, article locked) after an article is published and after it is taken off the
# public site; the anti-tampering check registers here to fingerprint and forget pages.
AFTER_PUBLISH: list[Callable[[Article], None]] = []
AFTER_UNPUBLISH: list[Callable[[Article], None]] = []


class PublicityError(Exception):
    """A refused publicity action; the message is for a person."""

    def __init__(self, message: str, findings: list[screening.Located] | None = None) -> None:
        super().__init__(message)
        self.findings = findings or []

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


# --- Helpers --------------------------------------------------------------------------------------

def site_settings(district_id: int) -> SiteSettings:
    """The district's settings; until staff first save them, the defaults (an unsaved row: reading writes
    nothing)."""
    found = SiteSettings.objects.filter(district_id=district_id).first()
    if found is None:
        from kaopu.directory.models import District

        name = District.objects.filter(pk=district_id).values_list("name", flat=True).first() or ""
        found = SiteSettings(district_id=district_id,
                             site_name=_("%(district)s Federation of Industry and Commerce") % {"district": name})
    return found


def final_step(article: Article) -> int:
    return 2 if site_settings(article.district_id).review_steps == SiteSettings.Steps.THREE else 1


def _staff_only(user: Any) -> None:
    if getattr(user, "role", None) != Role.FIC_STAFF:
        raise PublicityError(_("Only FIC staff of the article's district may write and publish articles."))


def _locked(user: Any, article_id: Any, action: access.Action = "change") -> Article:
    """The article, locked (404 outside what the user may see or change)."""
    article = access.get_object_for_user(user, Article.objects.select_for_update(of=("self",)), article_id, action)
    return article


def _label(article: Article) -> str:
    return _("article “%(title)s”") % {"title": article.title}


def _audit(user: Any, article: Article, summary: str, action: str = Action.UPDATE,
           data: dict[str, Any] | None = None) -> None:
    record(action, actor=user, target=article, object_label=_label(article), summary=summary, data=data)


def _snapshot(user: Any, article: Article, note: str = "") -> ArticleVersion:
    return ArticleVersion.objects.create(
        article=article, number=article.version, title=article.title, summary=article.summary, body=article.body,
        column_name=article.column.name, source=article.source, byline=article.byline,
        attachment_names=list(article.attachments.values_list("name", flat=True)), saved_by=user, note=note)


def _check_column(user: Any, column: Column | None) -> Column:
    if column is None or not access.scope(user, Column.objects.filter(active=True), "change").filter(
            pk=column.pk).exists():
        raise PublicityError(_("Column: choose an active column of your district."))
    return column


def _check_publish_at(value: datetime | None) -> None:
    if value is not None and value.year > timezone.now().year + 5:
        raise PublicityError(_("Publish at: a scheduled date is at most five years ahead."))


# --- Writing --------------------------------------------------------------------------------------

def create_article(user: Any, *, column: Column, title: str, summary: str = "", body: str = "", source: str = "",
                   byline: str = "", publish_at: datetime | None = None) -> tuple[Article, list[Any]]:
    """A new draft in the column's district; returns it with what cleaning removed from the body as sent
    (content guard findings of hidden content or scripts, shown to the editor)."""
    _staff_only(user)
    with transaction.atomic():
        column = _check_column(user, column)
        _check_publish_at(publish_at)
        cleaned = sanitise.clean(body)
        article = Article.objects.create(
            district_id=column.district_id, column=column, title=title.strip(), summary=summary.strip(),
            body=cleaned, body_text=sanitise.plain_text(cleaned), source=source.strip(), byline=byline.strip(),
            publish_at=publish_at, created_by=user)
        _snapshot(user, article, _("created"))
        _audit(user, article, _("Wrote the article (draft, version 1)."), Action.CREATE)
    return article, sanitise.removed(body)


def update_article(user: Any, article_id: Any, **fields: Any) -> tuple[Article, list[Any]]:
    """Save a draft's fields (any of EDITABLE_FIELDS) as a new version."""
    _staff_only(user)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        article = _locked(user, article_id)
        if article.state != S.DRAFT:
            raise PublicityError(_("Only a draft can be edited: this article is “%(state)s”.")
                                 % {"state": article.get_state_display()})
        sent_body = fields.get("body")
        if "column" in fields:
            _check_column(user, fields["column"])
        if "publish_at" in fields:
            _check_publish_at(fields["publish_at"])
        if "cover" in fields and fields["cover"] is not None and fields["cover"].article_id != article.pk:
            raise PublicityError(_("Cover image: choose one of this article's images."))
        for name, value in fields.items():
            setattr(article, name, value.strip() if isinstance(value, str) and name != "body" else value)
        if sent_body is not None:
            article.body = sanitise.clean(sent_body)
            article.body_text = sanitise.plain_text(article.body)
        article.version += 1
        article.save()
        _snapshot(user, article)
        _audit(user, article, _("Saved version %(version)s of the article.") % {"version": article.version})
    return article, sanitise.removed(sent_body or "")


def record_files_changed(user: Any, article: Article, note: str) -> ArticleVersion:
    """After an image or an attachment was added or removed (kaopu.publicity.files): a new version, so the
    versions show what the files were."""
    article.version += 1
    article.save(update_fields=["version", "updated_at"])
    return _snapshot(user, article, note)


# --- Review ---------------------------------------------------------------------------------------

def submit(user: Any, article_id: Any) -> Article:
    """Draft → in review (a new round, at its first step)."""
    _staff_only(user)
    with transaction.atomic():
        article = _locked(user, article_id)
        if article.state != S.DRAFT:
            raise PublicityError(_("Only a draft can be submitted for review."))
        if not article.title or not article.body_text:
            raise PublicityError(_("Title and body: an article needs both before review."))
        article.state = S.IN_REVIEW
        article.round += 1
        article.review_step = 1 if final_step(article) == 2 else 2
        article.save(update_fields=["state", "round", "review_step", "updated_at"])
        _audit(user, article, _("Submitted version %(version)s for review (round %(round)s).")
               % {"version": article.version, "round": article.round})
    return article


def authors(article: Article) -> set[int]:
    """Everyone who wrote the article: its creator and whoever saved a version of it."""
    saved = set(ArticleVersion.objects.filter(article=article).values_list("saved_by_id", flat=True))
    return saved | {article.created_by_id}


def may_decide(user: Any, article: Article) -> str | None:
    """Why ``user`` may not decide the article's current review step, or None when they may."""
    return _why_not(user, article, authors(article), _deciders(article))


def _deciders(article: Article) -> set[int]:
    """Who decided a step of the article's current round."""
    return set(Review.objects.filter(article=article, round=article.round).values_list("reviewer_id", flat=True))


def _why_not(user: Any, article: Article, wrote: set[int], decided: set[int]) -> str | None:
    if article.state != S.IN_REVIEW:
        return _("The article is not in review.")
    if user.role not in (Role.FIC_STAFF, Role.DISTRICT_LEADER) or (
            user.district_id is not None and user.district_id != article.district_id):
        return _("Only the FIC of the article's district reviews it.")
    if article.review_step == 2 and not user.holds(Permission.FINAL_APPROVAL):
        return _("The final approval needs the final-approval permission.")
    if article.review_step == 1 and user.role != Role.FIC_STAFF:
        return _("The first review is done by FIC staff.")
    if user.pk in wrote:
        return _("You wrote this article: someone else must review it.")
    if user.pk in decided:
        return _("You decided an earlier step of this review: the next step needs another person.")
    return None


def review(user: Any, article_id: Any, *, approve: bool, comment: str = "",
           acknowledged: Iterable[str] = ()) -> Article:
    """Decide the current step: approve (to the next step, or approved after the final one) or send back
    to draft (a comment is required). Approving is refused while the guard finds anything of high severity,
    and at the final step while a medium finding is not in ``acknowledged`` (keys of screening.Located)."""
    comment = (comment or "").strip()
    with transaction.atomic():
        article = _locked(user, article_id, "view")
        reason = may_decide(user, article)
        if reason:
            raise PublicityError(reason)
        step = article.review_step
        data: dict[str, Any] = {"round": article.round, "step": step, "version": article.version}
        acknowledged_items: list[dict[str, object]] = []
        if not approve:
            if not comment:
                raise PublicityError(_("Comment: say what must change before sending the article back."))
            article.state, article.review_step = S.DRAFT, 0
            summary = _("Sent the article back to its author (round %(round)s, step %(step)s): %(comment)s") % {
                "round": article.round, "step": step, "comment": comment}
        else:
            found = screening.triage(screening.screen(article), acknowledged)
            if found.high:
                raise PublicityError(
                    _("The content guard found %(count)s high-severity problem(s); the article cannot be "
                      "approved: %(first)s") % {"count": len(found.high), "first": screening.describe(found.high[0])},
                    found.high)
            if step == 2 and found.medium:
                if found.missing:
                    raise PublicityError(
                        _("Acknowledge each medium-severity finding before the final approval: %(first)s")
                        % {"first": screening.describe(found.missing[0])}, found.missing)
                acknowledged_items = screening.audit_record(found.medium)
                data["acknowledged"] = acknowledged_items
            if step == 2:
                article.state, article.review_step = S.APPROVED, 0
                summary = _("Gave the article its final approval (version %(version)s).") % {
                    "version": article.version}
            else:
                article.review_step = 2
                summary = _("Approved the article at the first review (version %(version)s).") % {
                    "version": article.version}
            if acknowledged_items:
                summary += " " + _("Acknowledged %(count)s medium-severity finding(s) of the content guard.") % {
                    "count": len(acknowledged_items)}
        Review.objects.create(article=article, round=article.round, step=step, version=article.version,
                              reviewer=user, decision=Review.Decision.APPROVE if approve else Review.Decision.RETURN,
                              comment=comment, acknowledged=acknowledged_items)
        article.save(update_fields=["state", "review_step", "updated_at"])
        data["comment"] = comment
        _audit(user, article, summary, data=data)
        if article.state == S.APPROVED and article.publish_at is not None and article.publish_at <= timezone.now():
            _publish(user, article)
    return article


# --- Publishing -----------------------------------------------------------------------------------

def _publish(user: Any, article: Article) -> None:
    article.state = S.PUBLISHED
    article.published_at = timezone.now()
    article.withdrawn_at, article.withdrawn_by, article.withdrawn_reason = None, "", ""
    article.save(update_fields=["state", "published_at", "withdrawn_at", "withdrawn_by", "withdrawn_reason",
                                "updated_at"])
    _audit(user, article, _("Published the article (version %(version)s).") % {"version": article.version})
    for hook in AFTER_PUBLISH:
        hook(article)


def publish(user: Any, article_id: Any, *, at: datetime | None = None) -> Article:
    """Approved → published now, or scheduled for ``at`` (the task queue publishes it when due)."""
    _staff_only(user)
    with transaction.atomic():
        article = _locked(user, article_id)
        if article.state != S.APPROVED:
            raise PublicityError(_("Only an approved article can be published."))
        if at is not None and at > timezone.now():
            _check_publish_at(at)
            article.publish_at = at
            article.save(update_fields=["publish_at", "updated_at"])
            _audit(user, article, _("Scheduled the article for %(at)s.") % {
                "at": timezone.localtime(at).strftime("%Y-%m-%d %H:%M")})
        else:
            _publish(user, article)
    return article


def publish_due(now: datetime | None = None) -> int:
    """Publish every approved article whose scheduled time has come (the task queue's job)."""
    now = now or timezone.now()
    published = 0
    for article_id in Article.objects.filter(state=S.APPROVED, publish_at__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            article = Article.objects.select_for_update(of=("self",)).filter(
                pk=article_id, state=S.APPROVED, publish_at__lte=now).first()
            if article is None:
                continue
            _publish(None, article)
            published += 1
    return published


def withdraw(user: Any, article_id: Any, *, reason: str) -> Article:
    """Published (or approved, scheduled) → withdrawn by staff: off the public site at once."""
    _staff_only(user)
    reason = (reason or "").strip()
    if not reason:
        raise PublicityError(_("Reason: say why the article is withdrawn."))
    with transaction.atomic():
        article = _locked(user, article_id)
        if article.state not in (S.PUBLISHED, S.APPROVED):
            raise PublicityError(_("Only a published or approved article can be withdrawn."))
        take_down(article, by=Article.WithdrawnBy.STAFF, reason=reason)
        _audit(user, article, _("Withdrew the article: %(reason)s") % {"reason": reason})
    return article


def take_down(article: Article, *, by: str, reason: str) -> None:
    """Withdraw a locked article (the caller audits): staff's withdrawal and the tamper check's."""
    article.state = S.WITHDRAWN
    article.withdrawn_at = timezone.now()
    article.withdrawn_by, article.withdrawn_reason = by, reason[:300]
    article.save(update_fields=["state", "withdrawn_at", "withdrawn_by", "withdrawn_reason", "updated_at"])
    for hook in AFTER_UNPUBLISH:
        hook(article)


def revise(user: Any, article_id: Any) -> Article:
    """Withdrawn → draft, to be corrected and reviewed again."""
    _staff_only(user)
    with transaction.atomic():
        article = _locked(user, article_id)
        if article.state != S.WITHDRAWN:
            raise PublicityError(_("Only a withdrawn article goes back to draft."))
        article.state = S.DRAFT
        article.save(update_fields=["state", "updated_at"])
        _audit(user, article, _("Took the withdrawn article back to draft to revise it."))
    return article


def reviewers_for(article: Article) -> list[User]:
    """Who may decide the article's current step (for notifications and the start page)."""
    wrote, decided = authors(article), _deciders(article)
    users = User.objects.filter(serving(article.district_id), is_active=True,
                                role__in=(Role.FIC_STAFF, Role.DISTRICT_LEADER)).select_related("organisation")
    return [user for user in users if _why_not(user, article, wrote, decided) is None]

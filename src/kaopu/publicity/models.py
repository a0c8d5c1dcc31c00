"""The publicity app's tables: the public site's settings and columns (栏目), articles with their versions
and reviews (三审), their images and attachments, and the security administrator's lexicon terms (词库),
merged with the shipped data/lexicon.tsv by kaopu.publicity.guard.lexicon.current_lexicon().

An article's public facts (title, body …) are the columns of ``Article``; every save of them also writes
an ``ArticleVersion`` row, so that any two versions can be compared and nothing an editor wrote is lost.
``Article.body`` is always sanitised HTML (kaopu.publicity.sanitise), never what the browser sent.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaopu.directory.models import District
from kaopu.publicity.guard.findings import Category, Severity

LEXICON_CATEGORIES = [
    (value, label) for value, label in Category.choices
    if value in (Category.GAMBLING, Category.FRAUD, Category.PORN, Category.ILLEGAL_SERVICE,
                 Category.POLITICAL_RUMOUR)
]


class LexiconTerm(models.Model):
    """A term the security administrator added to the content guard's lexicon, or a shipped term they
    changed: a row whose term folds like a shipped one replaces it (``active`` off switches it off)."""

    term = models.CharField(_("term"), max_length=100, unique=True)
    category = models.CharField(_("term category"), max_length=20, choices=LEXICON_CATEGORIES)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.HIGH)
    variants = models.CharField(
        _("variants"), max_length=500, blank=True,
        help_text=_("Pinyin or Latin spellings separated by |; @pinyin adds the term's pinyin."),
    )
    active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("lexicon term")
        verbose_name_plural = _("lexicon terms")
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term

    def clean(self) -> None:
        from kaopu.publicity.guard.normalise import fold

        self.term = (self.term or "").strip()
        if self.term and not any(char.isalnum() for char in fold(self.term)):
            raise ValidationError({"term": _("A term must hold at least one letter, digit or Chinese character.")})
        for variant in (self.variants or "").split("|"):
            variant = variant.strip()
            if variant and variant != "@pinyin" and not any(char.isalnum() for char in fold(variant)):
                raise ValidationError({"variants": _(
                    "Each variant must hold at least one letter, digit or Chinese character: “%(variant)s” "
                    "holds none.") % {"variant": variant}})


class SiteSettings(models.Model):
    """One district's public site: its name and contact as the home page shows them, and how many
    review steps an article passes (三审: reviewer then final approver; or two steps: final approver only)."""

    class Steps(models.IntegerChoices):
        THREE = 3, _("Three steps: author, reviewer, final approver (三审)")
        TWO = 2, _("Two steps: author, final approver")

    district = models.OneToOneField(District, models.CASCADE, related_name="site_settings",
                                    verbose_name=_("district"))
    site_name = models.CharField(_("site name"), max_length=60)
    review_steps = models.PositiveSmallIntegerField(_("review steps"), choices=Steps.choices, default=Steps.THREE)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    office_hours = models.CharField(_("office hours"), max_length=100, blank=True)
    record_number = models.CharField(_("ICP record number"), max_length=60, blank=True,
                                     help_text=_("The site's 备案号, shown at the foot of every public page."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("public site settings")
        verbose_name_plural = _("public site settings")

    def __str__(self) -> str:
        return self.site_name


class Column(models.Model):
    """A column (栏目) of a district's site: 工作动态, 通知公告 …; staff edit them. ``update_interval_days``
    is the update-frequency duty: a column with no article published within it is listed to staff."""

    district = models.ForeignKey(District, models.PROTECT, related_name="columns", verbose_name=_("district"))
    name = models.CharField(_("column name"), max_length=30)
    slug = models.SlugField(_("address name"), max_length=40,
                            help_text=_("Latin letters, digits and hyphens: the column's address, e.g. news."))
    description = models.CharField(_("description"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(pgettext_lazy("publicity", "position"), default=0)
    on_home = models.BooleanField(_("shown on the home page"), default=True)
    active = models.BooleanField(_("active"), default=True)
    update_interval_days = models.PositiveSmallIntegerField(
        _("update interval (days)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
        help_text=_("Staff are reminded when nothing was published in the column for this many days; "
                    "empty for no duty."))

    class Meta:
        verbose_name = _("column")
        verbose_name_plural = _("columns")
        ordering = ["district_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["district", "slug"], name="publicity_column_slug_unique"),
            models.UniqueConstraint(fields=["district", "name"], name="publicity_column_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    """An article of a district's site. States: draft → in review → approved → published → withdrawn; a
    reviewer sends it back to draft. ``publish_at`` in the future makes publishing scheduled (the task
    queue publishes it when due). ``review_step`` is where an article in review stands (1 = reviewer,
    2 = final approver), ``round`` counts the times it was submitted (reviews of earlier rounds stay)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class WithdrawnBy(models.TextChoices):
        STAFF = "staff", _("withdrawn by staff")
        GUARD = "guard", _("withdrawn by the tamper check")

    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    column = models.ForeignKey(Column, models.PROTECT, related_name="articles", verbose_name=_("column"))
    title = models.CharField(pgettext_lazy("publicity", "title"), max_length=120)
    summary = models.CharField(_("summary"), max_length=300, blank=True,
                               help_text=_("One or two sentences shown in lists and feeds."))
    body = models.TextField(_("body"), blank=True)
    body_text = models.TextField(_("body as plain text"), blank=True, editable=False)
    source = models.CharField(_("source"), max_length=60, blank=True,
                              help_text=_("Where the article comes from, e.g. 区工商联 or a newspaper."))
    byline = models.CharField(_("author"), max_length=60, blank=True,
                              help_text=_("The author's name as printed under the title."))
    cover = models.ForeignKey("ArticleImage", models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name=_("cover image"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1)
    round = models.PositiveIntegerField(_("review round"), default=0)
    review_step = models.PositiveSmallIntegerField(_("review step"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("written by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.CharField(_("withdrawn by"), max_length=10, choices=WithdrawnBy.choices, blank=True)
    withdrawn_reason = models.CharField(_("reason for withdrawing"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-id"]
        indexes = [
            # The public lists: a district's (or a column's) published articles, newest first.
            models.Index(fields=["district", "-published_at", "-id"], name="publicity_article_public",
                         condition=Q(state="published")),
            models.Index(fields=["column", "-published_at", "-id"], name="publicity_article_column",
                         condition=Q(state="published")),
            # Staff lists by state; scheduled publishing finds due articles.
            models.Index(fields=["district", "state", "-id"], name="publicity_article_state"),
            models.Index(fields=["publish_at"], name="publicity_article_due", condition=Q(state="approved")),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("site:article", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.state == self.State.PUBLISHED


class ArticleVersion(models.Model):
    """What an article said at one save: kept for ever, compared by the versions page."""

    article = models.ForeignKey(Article, models.CASCADE, related_name="versions", verbose_name=_("article"))
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(pgettext_lazy("publicity", "title"), max_length=120)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("body"), blank=True)
    column_name = models.CharField(_("column"), max_length=30)
    source = models.CharField(_("source"), max_length=60, blank=True)
    byline = models.CharField(_("author"), max_length=60, blank=True)
    attachment_names = models.JSONField(_("attachments"), default=list, blank=True)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                 verbose_name=_("saved by"))
    saved_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        ordering = ["article_id", "-number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="publicity_version_unique")]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.number}"


class Review(models.Model):
    """One review decision: a step of one round, by one person, on one version. ``acknowledged`` holds
    the medium findings the final approver acknowledged (as the guard reported them)."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("Approved")
        RETURN = "return", _("Sent back")

    article = models.ForeignKey(Article, models.CASCADE, related_name="reviews", verbose_name=_("article"))
    round = models.PositiveIntegerField(_("review round"))
    step = models.PositiveSmallIntegerField(_("review step"))
    version = models.PositiveIntegerField(_("version"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                 verbose_name=_("reviewer"))
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    comment = models.TextField(pgettext_lazy("publicity", "comment"), blank=True)
    acknowledged = models.JSONField(_("acknowledged findings"), default=list, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["article_id", "id"]

    def __str__(self) -> str:
        return f"{self.article_id} r{self.round} s{self.step} {self.decision}"


def image_path(instance: ArticleImage, filename: str) -> str:
    """Stored under a random name with the extension of the re-encoded format."""
    return f"publicity/images/{uuid.uuid4().hex}{filename[filename.rfind('.'):] if '.' in filename else ''}"


def attachment_path(instance: ArticleAttachment, filename: str) -> str:
    return f"publicity/attachments/{instance.article_id}/{uuid.uuid4().hex}"


class ArticleImage(models.Model):
    """An image of an article, re-encoded on upload (kaopu.publicity.images): served from this file,
    never from what was uploaded. Public only while its article is published."""

    article = models.ForeignKey(Article, models.CASCADE, related_name="images", verbose_name=_("article"))
    file = models.FileField(_("file"), upload_to=image_path, max_length=200)
    content_type = models.CharField(_("content type"), max_length=30)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    original_name = models.CharField(_("file name"), max_length=200)
    alt = models.CharField(_("description"), max_length=120, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("article image")
        verbose_name_plural = _("article images")
        ordering = ["article_id", "id"]

    def __str__(self) -> str:
        return self.original_name


class ArticleAttachment(models.Model):
    """A file attached to an article (checked like an appeal's attachments)."""

    article = models.ForeignKey(Article, models.CASCADE, related_name="attachments", verbose_name=_("article"))
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("article attachment")
        verbose_name_plural = _("article attachments")
        ordering = ["article_id", "id"]

    def __str__(self) -> str:
        return self.name


class LinkCheck(models.Model):
    """One link (or image source) of a published article, as the scheduled link check last saw it
    (kaopu.publicity.links). Internal links are checked against the platform itself; outside links are
    listed for review and never fetched unless their domain is in settings.PUBLICITY_LINK_CHECK_DOMAINS
    (allow-listed). A row lives as long as its article is published and still holds the link."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("internal")
        OUTSIDE = "outside", _("outside")
        ALLOWED = "allowed", _("allow-listed outside")

    class Status(models.TextChoices):
        OK = "ok", _("working")
        DEAD = "dead", _("dead")
        UNCHECKED = "unchecked", _("not checked")

    class Place(models.TextChoices):
        LINK = "link", _("link in the body")
        IMAGE = "image", _("image in the body")
        COVER = "cover", _("cover image")
        ATTACHMENT = "attachment", _("attachment")

    district = models.ForeignKey(District, models.CASCADE, related_name="+", verbose_name=_("district"))
    article = models.ForeignKey(Article, models.CASCADE, related_name="link_checks", verbose_name=_("article"))
    url = models.TextField(_("address"))
    url_hash = models.CharField(_("address hash"), max_length=64, editable=False)
    place = models.CharField(_("found in"), max_length=12, choices=Place.choices)
    text = models.CharField(_("link text"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(pgettext_lazy("publicity", "status"), max_length=10, choices=Status.choices,
                              default=Status.UNCHECKED)
    http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    first_seen_at = models.DateTimeField(_("first seen at"))
    dead_since = models.DateTimeField(_("first seen dead at"), null=True, blank=True)
    checked_at = models.DateTimeField(_("last checked at"))

    class Meta:
        verbose_name = _("link check")
        verbose_name_plural = _("link checks")
        ordering = ["article_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "url_hash"], name="publicity_linkcheck_unique"),
        ]
        indexes = [
            # The dead-links page and its to-do: a district's dead links, by article.
            models.Index(fields=["district", "status", "article"], name="publicity_linkcheck_status"),
            # The review list of outside links.
            models.Index(fields=["district", "kind", "article"], name="publicity_linkcheck_kind"),
        ]

    def __str__(self) -> str:
        return self.url


class PageFingerprint(models.Model):
    """What a published article's public page was when it was published (or re-baselined): the hash of its
    approved content as the database holds it, and the hash of its page as the public site rendered it,
    with the page's normalised HTML kept for diffs (kaopu.publicity.tamper). One active fingerprint per
    published article; withdrawing makes it inactive, re-baselining replaces it. The tamper check compares
    every published page with its active fingerprint."""

    article = models.ForeignKey(Article, models.CASCADE, related_name="fingerprints", verbose_name=_("article"))
    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    version = models.PositiveIntegerField(_("version"))
    path = models.CharField(_("address"), max_length=200)
    content_hash = models.CharField(_("content hash"), max_length=64)
    html_hash = models.CharField(_("page hash"), max_length=64)
    content = models.TextField(_("approved content"), blank=True)
    html = models.TextField(_("page as rendered"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("made by"))
    made_at = models.DateTimeField(_("made at"))
    checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)

    class Meta:
        verbose_name = _("page fingerprint")
        verbose_name_plural = _("page fingerprints")
        ordering = ["article_id", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["article"], condition=Q(active=True),
                                    name="publicity_fingerprint_one_active"),
        ]
        indexes = [
            # The periodic check takes the pages checked longest ago first (never-checked ones before all).
            models.Index(fields=["checked_at", "id"], name="publicity_fingerprint_due",
                         condition=Q(active=True)),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.version} {self.html_hash[:12]}"


class TamperIncident(models.Model):
    """A published page the tamper check found changed or holding spam: which checks failed, which user
    agent saw what, and the differences (unified diffs). The page was withdrawn (unless the check ran with
    --no-withdraw); it stays withdrawn until staff revise it and it passes review again."""

    class Check(models.TextChoices):
        CONTENT = "content", _("content changed in the database")
        PAGE = "page", _("rendered page changed")
        SCAN = "scan", _("content guard finding in the rendered page")
        MISSING = "missing", _("published without a fingerprint")

    article = models.ForeignKey(Article, models.CASCADE, related_name="tamper_incidents", verbose_name=_("article"))
    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    fingerprint = models.ForeignKey(PageFingerprint, models.SET_NULL, null=True, blank=True, related_name="+",
                                    verbose_name=_("page fingerprint"))
    found_at = models.DateTimeField(_("found at"))
    checks = models.JSONField(_("failed checks"), default=list)
    agents = models.JSONField(_("user agents"), default=list, blank=True)
    summary = models.CharField(_("summary"), max_length=300)
    problems = models.JSONField(_("problems"), default=list)
    withdrawn = models.BooleanField(pgettext_lazy("publicity", "withdrawn"), default=False)

    class Meta:
        verbose_name = _("tamper incident")
        verbose_name_plural = _("tamper incidents")
        ordering = ["-id"]
        indexes = [models.Index(fields=["district", "-id"], name="publicity_incident_district")]

    def __str__(self) -> str:
        return f"{self.article_id} {self.found_at:%Y-%m-%d %H:%M}"

    def check_labels(self) -> list[str]:
        return [str(self.Check(value).label) if value in self.Check.values else value for value in self.checks]

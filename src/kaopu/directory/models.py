"""The directory (名录): districts, subdistricts, industries, departments, enterprises and people.

Every other module refers to these rows. Lists of enterprises are read newest first with keyset
pagination (kaopu.core.pagination), so each filter a list offers has an index on
``(filter column, id)``; the comment on each index says which list uses it.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kaopu.core.jobs import FileJob
from kaopu.directory import abbreviations, credit_code


class District(models.Model):
    """A district (区): the unit one FIC serves. A city runs many on one installation."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    code = models.CharField(_("administrative division code"), max_length=12, blank=True)
    # The letters that begin the district's appeal numbers ("PT" in PT-2026-000302, kaopu.appeals.numbering);
    # derived from the name when left empty (kaopu.directory.abbreviations). Unique: appeal numbers are.
    abbreviation = models.CharField(
        _("abbreviation"), max_length=abbreviations.MAX_LENGTH, unique=True, blank=True,
        validators=[RegexValidator(abbreviations.TYPED, _("Abbreviation: 1 to 8 capital Latin letters or digits, "
                                                            "starting with a letter (such as PT)."))],
        help_text=_("Begins the district's appeal numbers (PT-2026-000302). Left empty, the pinyin initials of "
                    "the name. A change applies to new numbers only; never give a former abbreviation to "
                    "another district."))

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.abbreviation:
            taken = set(District.objects.exclude(pk=self.pk).values_list("abbreviation", flat=True))
            self.abbreviation = abbreviations.derive(self.name, taken)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "abbreviation"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.abbreviation = (self.abbreviation or "").strip().upper()


class Subdistrict(models.Model):
    """A subdistrict or town (街道/镇) of a district."""

    district = models.ForeignKey(District, models.PROTECT, related_name="subdistricts",
                                 verbose_name=_("district"))
    name = models.CharField(_("name"), max_length=50)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("subdistrict")
        verbose_name_plural = _("subdistricts")
        ordering = ["district_id", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="subdistrict_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class IndustrySection(models.Model):
    """A section (门类, A–T) of GB/T 4754-2017; shipped as data, loaded by a migration."""

    code = models.CharField(_("code"), max_length=1, primary_key=True)
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        verbose_name = _("industry section")
        verbose_name_plural = _("industry sections")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class IndustryDivision(models.Model):
    """A division (大类, two digits) of GB/T 4754-2017; enterprises are classified by division."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=50)
    section = models.ForeignKey(IndustrySection, models.PROTECT, related_name="divisions",
                                verbose_name=_("section"))

    class Meta:
        verbose_name = _("industry division")
        verbose_name_plural = _("industry divisions")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Department(models.Model):
    """A government department or street office that answers enterprises' appeals."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("government department")
        STREET_OFFICE = "street_office", _("subdistrict office")
        OTHER = "other", _("other body")

    district = models.ForeignKey(District, models.PROTECT, related_name="departments",
                                 verbose_name=_("district"))
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.DEPARTMENT)
    head_name = models.CharField(_("head"), max_length=50, blank=True)
    # The handler account that stands for the head: overdue appeals (督办) are escalated to it
    # (kaopu.appeals.notify). Set by FIC staff on the appeal settings pages; must be a handler of this department.
    head = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("head account"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["district_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="department_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Enterprise(models.Model):
    """A private enterprise (民营企业) of a district, identified by its unified social credit code."""

    class Size(models.TextChoices):
        LARGE = "large", _("large")
        MEDIUM = "medium", _("medium")
        SMALL = "small", _("small")
        MICRO = "micro", _("micro")

    class Status(models.TextChoices):
        ACTIVE = "active", _("in business")
        DEREGISTERED = "deregistered", _("deregistered")

    district = models.ForeignKey(District, models.PROTECT, related_name="enterprises",
                                 verbose_name=_("district"))
    name = models.CharField(_("enterprise name"), max_length=200)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    registered_capital = models.DecimalField(
        _("registered capital (10k yuan)"), max_digits=16, decimal_places=4, null=True, blank=True,
        validators=[MinValueValidator(0)])
    subdistrict = models.ForeignKey(Subdistrict, models.PROTECT, related_name="enterprises",
                                    null=True, blank=True, verbose_name=_("subdistrict"))
    industry = models.ForeignKey(IndustryDivision, models.PROTECT, related_name="enterprises",
                                 null=True, blank=True, verbose_name=_("industry"))
    # The section (门类) alone, for an enterprise whose roster names no division (大类): set only while
    # ``industry`` is empty (a constraint), so that ``section_code`` has exactly one source.
    industry_section = models.ForeignKey(IndustrySection, models.PROTECT, related_name="+", null=True, blank=True,
                                         verbose_name=_("industry section"))
    size = models.CharField(_("size class"), max_length=10, choices=Size, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    is_high_tech = models.BooleanField(_("high-tech enterprise"), default=False)
    is_specialised = models.BooleanField(_("specialised, refined, distinctive and novel"), default=False)
    is_member = models.BooleanField(_("FIC member"), default=False)
    member_since = models.DateField(_("member since"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=15, choices=Status, default=Status.ACTIVE)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["-id"]
        indexes = [
            # Keyset pages of the enterprise list (newest first), one index per filter it offers.
            models.Index(fields=["district", "-id"], name="enterprise_district_id"),
            models.Index(fields=["subdistrict", "-id"], name="enterprise_subdistrict_id"),
            models.Index(fields=["industry", "-id"], name="enterprise_industry_id"),
            models.Index(fields=["industry_section", "-id"], name="enterprise_section_id"),
            models.Index(fields=["size", "-id"], name="enterprise_size_id"),
            models.Index(fields=["is_member", "-id"], name="enterprise_member_id"),
            models.Index(fields=["is_high_tech", "-id"], name="enterprise_hightech_id"),
            models.Index(fields=["status", "-id"], name="enterprise_status_id"),
            # The name search has its own indexes on PostgreSQL (trigram and character GIN indexes,
            # created in migration 0002); the credit-code prefix search uses this one.
            models.Index(fields=["credit_code"], name="enterprise_credit_prefix",
                         opclasses=["varchar_pattern_ops"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(member_since__isnull=True) | Q(is_member=True),
                                   name="enterprise_member_since_needs_member"),
            models.CheckConstraint(condition=Q(registered_capital__isnull=True) | Q(registered_capital__gte=0),
                                   name="enterprise_capital_not_negative"),
            models.CheckConstraint(condition=Q(industry_section__isnull=True) | Q(industry__isnull=True),
                                   name="enterprise_division_or_section"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, list[ValidationError]] = {}
        if self.credit_code:
            try:
                self.credit_code = credit_code.validate(self.credit_code)
            except ValidationError as error:
                errors.setdefault("credit_code", []).append(error)
        if self.subdistrict_id and self.district_id and self.subdistrict.district_id != self.district_id:
            errors.setdefault("subdistrict", []).append(
                ValidationError(_("The subdistrict must belong to the enterprise's district."), code="district"))
        if self.industry_id and self.industry_section_id:
            self.industry_section = None  # the division says the section
        if self.member_since and not self.is_member:
            errors.setdefault("member_since", []).append(
                ValidationError(_("Only an FIC member has a member-since date."), code="member"))
        if errors:
            raise ValidationError(errors)

    @property
    def section_code(self) -> str | None:
        """The industry section (A–T): the division's, or the one recorded without a division."""
        return self.industry.section_id if self.industry_id else self.industry_section_id

    @property
    def industry_label(self) -> str:
        """The division as "65 软件和信息技术服务业", else the section as "I 信息传输…", else ""."""
        if self.industry_id:
            return str(self.industry)
        return str(self.industry_section) if self.industry_section_id else ""


class Person(models.Model):
    """A person of the directory: an entrepreneur, a controller or an enterprise's contact."""

    class Gender(models.TextChoices):
        MALE = "M", _("male")
        FEMALE = "F", _("female")

    district = models.ForeignKey(District, models.PROTECT, related_name="people", verbose_name=_("district"))
    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.name


class PersonTitle(models.Model):
    """A political title of a person: deputy to a people's congress or member of a CPPCC, by level."""

    class Kind(models.TextChoices):
        NPC_DEPUTY = "npc", _("people's congress deputy")
        CPPCC_MEMBER = "cppcc", _("CPPCC member")

    class Level(models.TextChoices):
        NATIONAL = "national", _("national")
        PROVINCIAL = "provincial", _("provincial/municipal")
        DISTRICT = "district", _("district")
        TOWNSHIP = "township", _("subdistrict/town")

    person = models.ForeignKey(Person, models.CASCADE, related_name="titles", verbose_name=_("person"))
    kind = models.CharField(_("title"), max_length=10, choices=Kind)
    level = models.CharField(_("level"), max_length=12, choices=Level)

    class Meta:
        verbose_name = _("political title")
        verbose_name_plural = _("political titles")
        constraints = [
            models.UniqueConstraint(fields=["person", "kind", "level"], name="person_title_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}{self.get_kind_display()}"


class EnterprisePerson(models.Model):
    """The link between a person and an enterprise, with the person's role in it."""

    class Role(models.TextChoices):
        LEGAL_REPRESENTATIVE = "legal_rep", _("legal representative")
        CONTROLLER = "controller", _("actual controller")
        CONTACT = "contact", _("contact")
        OTHER = "other", _("other")

    enterprise = models.ForeignKey(Enterprise, models.CASCADE, related_name="person_links",
                                   verbose_name=_("enterprise"))
    person = models.ForeignKey(Person, models.CASCADE, related_name="enterprise_links",
                               verbose_name=_("person"))
    role = models.CharField(_("role"), max_length=12, choices=Role)
    position = models.CharField(_("position"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("enterprise person")
        verbose_name_plural = _("enterprise people")
        ordering = ["enterprise_id", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "person", "role"], name="enterprise_person_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()}"


def _import_upload_path(_job: ImportJob, _filename: str) -> str:
    # Never the user's file name in the path: it is kept in ``original_name`` for display only.
    return f"imports/{uuid.uuid4().hex}.xlsx"


def _import_errors_path(_job: ImportJob, _filename: str) -> str:
    return f"imports/errors/{uuid.uuid4().hex}.xlsx"


class ImportJob(FileJob):
    """One upload of an enterprise roster (.xlsx), imported in the background (kaopu.directory.importer).
    Progress, heartbeat and attempts are the shared fields of kaopu.core.jobs.FileJob.

    The task queue fills in the progress and the counts as it goes; the job page polls them. Only the
    user who started a job sees it (rule in kaopu.directory.importer). ``row_errors`` keeps the first
    rejected rows for the page; all of them are in ``error_file``, a workbook the user can fix and
    import again.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+",
                             verbose_name=_("user"))
    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    file = models.FileField(_("file"), upload_to=_import_upload_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    # Rows that repeat an enterprise of an earlier row of the file and agree with it.
    merged_count = models.PositiveIntegerField(_("repeated rows merged"), default=0)
    error_count = models.PositiveIntegerField(_("rejected rows"), default=0)
    # Rows imported without a value that was wrong (a phone number): the value is left out.
    warning_count = models.PositiveIntegerField(_("rows with warnings"), default=0)
    row_errors = models.JSONField(_("first rejected rows"), default=list, blank=True)
    row_warnings = models.JSONField(_("first warnings"), default=list, blank=True)
    error_file = models.FileField(_("error workbook"), upload_to=_import_errors_path, max_length=255,
                                  blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-id"]
        indexes = [
            # The import page lists the user's own recent jobs, newest first.
            models.Index(fields=["user", "-id"], name="importjob_user_id"),
        ]

    def __str__(self) -> str:
        return self.original_name


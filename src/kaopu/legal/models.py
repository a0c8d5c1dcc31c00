"""Legal services (政会法企): the volunteer legal service team (law firms and their lawyers), the
service catalogue, enterprises' requests, the lawyer's sessions and outcome, the enterprise's
rating, and the legal health check (法律体检) with its checklist.

A request changes only through kaopu.legal.actions, which lock the request row and write one
RequestEvent per step (the request's timeline); a request that needs a government answer becomes
an appeal (kaopu.appeals) and keeps a link to it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kaopu.accounts.models import Organisation
from kaopu.directory.models import District, Enterprise


class PracticeArea(models.Model):
    """A field of law a lawyer practises (劳动用工, 合同纠纷 …); staff edit the list."""

    name = models.CharField(_("name"), max_length=30, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("practice area")
        verbose_name_plural = _("practice areas")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class ServiceKind(models.Model):
    """An entry of the service catalogue (法律咨询, 法律体检, 合同审查, 纠纷调解 …)."""

    name = models.CharField(_("name"), max_length=30, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    # A legal health check: the lawyer fills the checklist (HealthCheckItem) for the enterprise.
    has_checklist = models.BooleanField(_("uses the health-check checklist"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("legal service")
        verbose_name_plural = _("legal services")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class HealthCheckItem(models.Model):
    """One point of the legal health check's checklist (staff edit the list)."""

    area = models.CharField(_("area"), max_length=30)
    title = models.CharField(_("check"), max_length=200)
    guidance = models.CharField(_("what to look at"), max_length=500, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("health-check item")
        verbose_name_plural = _("health-check items")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return f"{self.area}：{self.title}"


DEFAULT_PRACTICE_AREAS = ("公司治理", "合同纠纷", "劳动用工", "知识产权", "债权债务", "税务合规", "融资与担保",
                          "房地产与建设工程", "涉外商事", "刑事合规", "行政争议", "数据与网络安全")
DEFAULT_SERVICES = (
    ("法律咨询", "就经营中的法律问题当面、电话或线上咨询律师", False),
    ("法律体检", "律师按清单为企业做全面法律风险排查，出具体检报告", True),
    ("合同审查", "审查企业拟签或已签合同，指出风险并提出修改意见", False),
    ("纠纷调解", "律师和商会调解员居中调解商事纠纷，促成和解", False),
)
DEFAULT_CHECK_ITEMS = (
    ("公司治理", "章程、股东协议与实际经营是否一致", "股权结构、议事规则、印章和证照管理"),
    ("公司治理", "工商登记信息是否及时变更", "法定代表人、注册资本、经营范围、年报公示"),
    ("合同管理", "主要合同是否有书面文本并经审核", "采购、销售、租赁合同的签订与归档流程"),
    ("合同管理", "合同中违约、争议解决条款是否完备", "管辖、违约金、解除条件"),
    ("劳动用工", "劳动合同签订率和社会保险缴纳", "未签合同的二倍工资风险，社保基数"),
    ("劳动用工", "规章制度是否经民主程序并公示", "考勤、加班、解除劳动合同的依据"),
    ("知识产权", "商标、专利、软件著作权是否登记并有效", "权属、续展、许可使用"),
    ("知识产权", "是否存在侵犯他人知识产权的风险", "字体、图片、软件正版化"),
    ("财税合规", "发票管理和纳税申报是否规范", "虚开发票风险、税收优惠的适用条件"),
    ("债权债务", "应收账款是否有对账和催收记录", "诉讼时效、担保、对外借款"),
    ("数据合规", "个人信息收集和使用是否合规", "告知同意、数据出境、保存期限"),
    ("安全生产与环保", "许可证照是否齐全有效", "消防、环评、特种行业许可"),
)


def ensure_catalogue(sender: object = None, using: str = "default", **kwargs: object) -> None:
    """The default practice areas, services and checklist, on a database that has none (post_migrate)."""
    if not PracticeArea.objects.using(using).exists():
        PracticeArea.objects.using(using).bulk_create(
            [PracticeArea(name=name, sort_order=order) for order, name in enumerate(DEFAULT_PRACTICE_AREAS)])
    if not ServiceKind.objects.using(using).exists():
        ServiceKind.objects.using(using).bulk_create(
            [ServiceKind(name=name, description=text, has_checklist=checklist, sort_order=order)
             for order, (name, text, checklist) in enumerate(DEFAULT_SERVICES)])
    if not HealthCheckItem.objects.using(using).exists():
        HealthCheckItem.objects.using(using).bulk_create(
            [HealthCheckItem(area=area, title=title, guidance=guidance, sort_order=order)
             for order, (area, title, guidance) in enumerate(DEFAULT_CHECK_ITEMS)])


class LawFirm(models.Model):
    """A law firm of the legal service team; its lawyers are users of its organisation."""

    organisation = models.OneToOneField(Organisation, models.PROTECT, related_name="law_firm",
                                        limit_choices_to={"kind": "law_firm"}, verbose_name=_("organisation"))
    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    joined_on = models.DateField(_("joined the service team on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("law firm")
        verbose_name_plural = _("law firms")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Lawyer(models.Model):
    """A lawyer of the team: an account with the role lawyer, and what staff need to assign well."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.PROTECT, related_name="lawyer_profile",
                                verbose_name=_("account"))
    firm = models.ForeignKey(LawFirm, models.PROTECT, related_name="lawyers", verbose_name=_("law firm"))
    license_number = models.CharField(_("practising certificate number"), max_length=17, blank=True)
    years_of_practice = models.PositiveSmallIntegerField(_("years of practice"), default=0)
    practice_areas = models.ManyToManyField(PracticeArea, related_name="lawyers", verbose_name=_("practice areas"))
    languages = models.CharField(_("languages"), max_length=100, default="普通话",
                                 help_text=_("Separated by commas, e.g. 普通话, 上海话, 英语."))
    is_available = models.BooleanField(_("taking requests"), default=True)
    availability = models.CharField(_("when available"), max_length=100, blank=True,
                                    help_text=_("e.g. weekday afternoons; Tuesday at the FIC's service point"))
    max_open_requests = models.PositiveSmallIntegerField(_("open requests at most"), default=5)

    class Meta:
        verbose_name = _("lawyer")
        verbose_name_plural = _("lawyers")
        ordering = ["firm_id", "id"]

    def __str__(self) -> str:
        return str(self.user)


class LegalRequest(models.Model):
    class State(models.TextChoices):
        SUBMITTED = "submitted", _("waiting for a lawyer")
        ASSIGNED = "assigned", _("lawyer assigned")
        IN_PROGRESS = "in_progress", _("in progress")
        COMPLETED = "completed", _("completed, to be rated")
        RATED = "rated", _("rated")
        CANCELLED = "cancelled", _("cancelled")
        DECLINED = "declined", _("not taken up")

    class Slot(models.TextChoices):
        ANY = "any", _("any time")
        MORNING = "morning", _("morning")
        AFTERNOON = "afternoon", _("afternoon")
        EVENING = "evening", _("evening")

    class Outcome(models.TextChoices):
        RESOLVED = "resolved", _("resolved")
        ADVICE = "advice", _("advice given")
        REPORT = "report", _("report delivered")
        SETTLED = "settled", _("settled by mediation")
        NOT_SETTLED = "not_settled", _("mediation failed")
        LITIGATION = "litigation", _("referred to litigation or arbitration")
        GOVERNMENT = "government", _("needs a government answer")

    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    enterprise = models.ForeignKey(Enterprise, models.PROTECT, related_name="legal_requests",
                                   verbose_name=_("enterprise"))
    service = models.ForeignKey(ServiceKind, models.PROTECT, related_name="requests", verbose_name=_("service"))
    practice_area = models.ForeignKey(PracticeArea, models.PROTECT, null=True, blank=True, related_name="+",
                                      verbose_name=_("field of law"))
    topic = models.CharField(_("topic"), max_length=100)
    description = models.TextField(_("description"), max_length=5000)
    preferred_date = models.DateField(_("preferred date"), null=True, blank=True)
    preferred_slot = models.CharField(_("preferred time"), max_length=10, choices=Slot, default=Slot.ANY)
    contact_name = models.CharField(_("contact person"), max_length=50)
    contact_phone = models.CharField(_("contact phone"), max_length=30)
    state = models.CharField(_("state"), max_length=12, choices=State, default=State.SUBMITTED)
    lawyer = models.ForeignKey(Lawyer, models.PROTECT, null=True, blank=True, related_name="requests",
                               verbose_name=_("lawyer"))
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome, blank=True)
    outcome_text = models.TextField(_("outcome in words"), max_length=5000, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.CharField(_("comment"), max_length=500, blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    appeal = models.OneToOneField("appeals.Appeal", models.SET_NULL, null=True, blank=True, related_name="+",
                                  verbose_name=_("appeal"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                     verbose_name=_("submitted by"))
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("legal service request")
        verbose_name_plural = _("legal service requests")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["district", "-id"], name="legalreq_district_id"),
            models.Index(fields=["district", "state", "-id"], name="legalreq_district_state_id"),
            models.Index(fields=["enterprise", "-id"], name="legalreq_enterprise_id"),
            models.Index(fields=["lawyer", "state", "-id"], name="legalreq_lawyer_state_id"),
            # The staff list's filters by service and by field of law (views_staff.request_list).
            models.Index(fields=["district", "service", "-id"], name="legalreq_district_service_id"),
            models.Index(fields=["district", "practice_area", "-id"], name="legalreq_district_area_id"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                                   name="legalreq_rating_1_to_5"),
            models.CheckConstraint(
                condition=Q(lawyer__isnull=False) | Q(state__in=["submitted", "cancelled", "declined"]),
                name="legalreq_lawyer_when_assigned"),
        ]

    def __str__(self) -> str:
        return self.topic


class LegalSession(models.Model):
    """One consultation, meeting or review session the lawyer held for a request."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        PHONE = "phone", _("by phone")
        VIDEO = "video", _("video call")
        WRITTEN = "written", _("in writing")

    request = models.ForeignKey(LegalRequest, models.CASCADE, related_name="sessions", verbose_name=_("request"))
    lawyer = models.ForeignKey(Lawyer, models.PROTECT, related_name="+", verbose_name=_("lawyer"))
    held_at = models.DateTimeField(_("held at"))
    mode = models.CharField(_("how"), max_length=10, choices=Mode)
    minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    summary = models.TextField(_("summary"), max_length=5000)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("legal service session")
        verbose_name_plural = _("legal service sessions")
        ordering = ["request_id", "held_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gte=1) & Q(minutes__lte=1440), name="session_minutes_range"),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} @ {self.held_at:%Y-%m-%d}"


class CheckResult(models.Model):
    """The lawyer's finding on one checklist item of a health-check request."""

    class Status(models.TextChoices):
        OK = "ok", _("no problem found")
        RISK = "risk", _("risk found")
        HIGH_RISK = "high_risk", _("serious risk")
        NOT_APPLICABLE = "na", _("not applicable")

    request = models.ForeignKey(LegalRequest, models.CASCADE, related_name="check_results",
                                verbose_name=_("request"))
    item = models.ForeignKey(HealthCheckItem, models.PROTECT, related_name="+", verbose_name=_("check"))
    status = models.CharField(_("finding"), max_length=10, choices=Status)
    finding = models.TextField(_("what was found"), max_length=2000, blank=True)
    advice = models.TextField(_("advice"), max_length=2000, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("health-check finding")
        verbose_name_plural = _("health-check findings")
        ordering = ["request_id", "item__sort_order", "item_id"]
        constraints = [models.UniqueConstraint(fields=["request", "item"], name="checkresult_once_per_item")]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.item_id} {self.status}"


class RequestAttachment(models.Model):
    request = models.ForeignKey(LegalRequest, models.CASCADE, related_name="attachments", verbose_name=_("request"))
    file = models.FileField(_("file"), upload_to="legal/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["request_id", "id"]

    def __str__(self) -> str:
        return self.original_name


class RequestEvent(models.Model):
    """The timeline of a request; the enterprise sees the events that are not internal."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("request submitted")
        ASSIGNED = "assigned", _("lawyer assigned")
        REASSIGNED = "reassigned", _("lawyer changed")
        SESSION = "session", _("session held")
        CHECKLIST = "checklist", _("health check updated")
        COMPLETED = "completed", _("service completed")
        RATED = "rated", _("rated")
        CANCELLED = "cancelled", _("cancelled")
        DECLINED = "declined", _("not taken up")
        TO_APPEAL = "to_appeal", _("turned into an appeal")
        NOTE = "note", _("note")

    request = models.ForeignKey(LegalRequest, models.CASCADE, related_name="events", verbose_name=_("request"))
    kind = models.CharField(_("event"), max_length=12, choices=Kind)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    text = models.TextField(_("text"), max_length=5000, blank=True)
    internal = models.BooleanField(_("internal"), default=False)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["request_id", "id"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.kind}"

"""The demo district's meetings (called once by `kaopu demo` after the appeals' demo, see
core/management/commands/demo.py: dialogues comes after appeals in INSTALLED_APPS).

- Thirty breakfast meetings (政企早餐会 第1期…第30期) held over the two years before today, each an
  industry's 专场 with a venue, leaders and departments attending, 8–15 enterprises registered (most
  approved and checked in; a few cancelled, declined or left on the waitlist), minutes, and the 2–5
  issues the enterprises raised.
- The issues of the meetings held in the last twelve months are the demo's appeals whose source is a
  breakfast meeting (kaopu.appeals.demo writes twelve months of appeals): each such appeal is linked to
  the last breakfast meeting before it was submitted (``source_meeting``), and where a meeting has
  fewer than two, online appeals submitted in the days after it are re-sourced to it (queryset
  updates: the source, and FIC staff as the creator and submitter, as for any appeal raised at a
  meeting; the measures' rollup is then rebuilt because the source dimension changed). The meetings
  before that were held before Kaopu went live: their issues are in the minutes and listed as issues
  raised, with no appeal (they were followed up on paper).
- Three roundtables (linked to the roundtable-source appeals the same way) and two Kaopu runs, held.
- Two upcoming meetings open for registration: breakfast meeting 第31期, one seat left and two
  enterprises on the waitlist (registration without approval), and a roundtable that needs approval.
  qiye1 and qiye2 are registered for neither, so the enterprise pages have something to register for.

Rows are written in bulk and never through the actions (no notifications, no audit entries: this is
history). Deterministic for a given day (one seeded random generator); about a second.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.appeals import kpi
from kaopu.appeals.models import Appeal, Event
from kaopu.dialogues import codes
from kaopu.dialogues.models import Meeting, MeetingKind, RaisedIssue, Registration, ensure_kinds
from kaopu.directory.models import Department, District, Enterprise

R = Registration.State
BREAKFASTS = 30
LINK_WINDOW = timedelta(days=30)  # an appeal is linked to the last meeting held up to this long before it
MIN_ISSUES, MAX_ISSUES = 2, 5

# (theme, GB/T 4754 sections of the enterprises invited)
BREAKFAST_THEMES: list[tuple[str, tuple[str, ...]]] = [
    ("数字经济企业专场", ("I",)),
    ("生物医药企业专场", ("C", "M")),
    ("跨境电商企业专场", ("F", "I")),
    ("先进制造业企业专场", ("C",)),
    ("科技创新企业专场", ("M", "I")),
    ("商贸流通企业专场", ("F",)),
    ("现代服务业企业专场", ("L",)),
    ("建筑与房地产企业专场", ("E", "K")),
    ("文化创意企业专场", ("R", "I")),
    ("餐饮住宿企业专场", ("H",)),
    ("金融服务实体经济专场", ("J", "C")),
    ("专精特新企业专场", ("C", "M")),
    ("人工智能企业专场", ("I", "M")),
    ("节能环保企业专场", ("D", "N")),
    ("物流运输企业专场", ("G",)),
    ("青年企业家专场", ("I", "F", "L")),
    ("女企业家专场", ("F", "L", "R")),
    ("软件和信息服务企业专场", ("I",)),
    ("检验检测企业专场", ("M",)),
    ("新材料企业专场", ("C",)),
    ("总部经济企业专场", ("L", "F")),
    ("批发零售企业专场", ("F",)),
    ("教育培训企业专场", ("P",)),
    ("健康养老企业专场", ("Q", "O")),
    ("智能网联汽车企业专场", ("C", "I")),
    ("知识产权保护专场", ("M", "I", "C")),
    ("小微企业融资专场", ("F", "H", "L")),
    ("稳岗就业企业专场", ("H", "F", "G")),
    ("长三角一体化企业专场", ("G", "F", "L")),
    ("优化营商环境专场", ("L", "I", "F")),
]
VENUES = ["区政府第一会议室", "区工商联三楼会议室", "中环商务中心会议厅", "长风生态商务区企业服务中心",
          "桃浦智创城会客厅", "真如城市副中心党群服务中心", "上海西部企业集团会议室", "月星环球港商务会议室"]
RUN_ROUTES = ["苏州河普陀段滨河步道（长风公园—中山公园）", "真如境步道（真如寺—桃浦中央绿地）"]
DEPARTMENT_NAMES = ["区市场监管局", "区人社局", "区发展改革委", "区数据局", "区商务委", "区科委", "区税务局",
                    "区规划资源局", "区金融办", "区住房保障房屋管理局"]
# Issues of the meetings held before Kaopu went live (followed up on paper).
PAPER_ISSUES = [
    "企业流动资金贷款即将到期，续贷审批时间长，希望协调银行提前对接。",
    "研发人员落户积分办理周期较长，希望开辟人才服务绿色通道。",
    "新建厂房消防验收排队时间长，影响投产进度，希望提前介入指导。",
    "高新技术企业认定政策口径不清楚，希望部门上门宣讲辅导。",
    "园区停车位紧张，员工通勤困难，希望协调周边公共停车资源。",
    "跨境电商出口退税到账慢，占用企业资金，希望优化流程。",
    "招聘技术工人难，希望对接职业院校开展订单式培养。",
    "门店外摆经营审批规定不明确，希望明确标准和办理渠道。",
    "租赁办公用房租金上涨较快，希望了解区里的产业用房扶持政策。",
    "商标被他人抢注，维权成本高，希望获得知识产权维权援助。",
    "政府采购项目付款周期长，希望相关单位按合同约定及时支付。",
    "专精特新企业申报材料繁琐，希望提供一对一申报辅导。",
]
ROUNDTABLE_THEMES = [("民营企业发展环境座谈", ("C", "F", "I")), ("民营企业科技创新圆桌", ("I", "M")),
                     ("民营企业融资服务圆桌", ("J", "F", "C"))]


@dataclass
class _Plan:
    """A meeting to write and what happened at it."""

    kind: MeetingKind
    number: int
    theme: str
    sections: tuple[str, ...]
    starts_at: datetime
    ends_at: datetime
    venue: str
    state: str = Meeting.State.HELD
    capacity: int = 15
    seats_per_enterprise: int = 1
    requires_approval: bool = True
    no_shows: int = 0
    appeals: list[dict[str, Any]] = field(default_factory=list)  # appeals raised there (id, enterprise_id, content)
    meeting: Meeting | None = None


class _Demo:
    def __init__(self, district: District) -> None:
        self.district = district
        self.rng = random.Random("kaopu-dialogues-demo")
        self.today = timezone.localdate()
        self.staff = User.objects.get(username="staff")
        self.leaders = list(User.objects.filter(role=Role.DISTRICT_LEADER, organisation__district=district)
                            .order_by("id"))
        by_name = {d.name: d for d in Department.objects.filter(district=district, is_active=True)}
        self.departments = [by_name[name] for name in DEPARTMENT_NAMES if name in by_name] or list(by_name.values())
        self.enterprises: dict[int, tuple[str, str]] = {}  # id -> (name, legal representative)
        self.by_section: dict[str, list[int]] = defaultdict(list)
        for pk, name, person, section in (Enterprise.objects.filter(district=district).order_by("id")
                                          .values_list("id", "name", "legal_representative", "industry__section_id")):
            self.enterprises[pk] = (name, person or "")
            self.by_section[section or ""].append(pk)
        # Enterprises with a user of their own may have registered themselves; qiye1's and qiye2's are
        # kept off the upcoming meetings so that they can register there.
        self.users = dict(User.objects.filter(role=Role.ENTERPRISE_USER, organisation__district=district,
                                              organisation__enterprise__isnull=False, is_active=True)
                          .order_by("-id").values_list("organisation__enterprise_id", "id"))
        self.walkthrough = set(User.objects.filter(username__in=["qiye1", "qiye2"])
                               .values_list("organisation__enterprise_id", flat=True))
        self.used_codes: set[str] = set(Registration.objects.values_list("code", flat=True))

    # -- time

    def at(self, day: date, clock: time) -> datetime:
        return timezone.make_aware(datetime.combine(day, clock))

    def weekday(self, day: date) -> date:
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        return day

    # -- plans

    def breakfasts(self, kind: MeetingKind) -> list[_Plan]:
        """第1期 about two years ago … 第30期 about two weeks ago, every three and a half weeks or so."""
        plans = []
        for index, (theme, sections) in enumerate(BREAKFAST_THEMES[:BREAKFASTS]):
            days_ago = 720 - index * 24 - self.rng.randint(0, 4)
            day = self.weekday(self.today - timedelta(days=days_ago))
            start = self.at(day, time(7, 45))
            plans.append(_Plan(kind, index + 1, theme, sections, start, start + timedelta(minutes=90),
                               self.rng.choice(VENUES), capacity=self.rng.choice([12, 15, 15, 20])))
        return plans

    def roundtables(self, kind: MeetingKind) -> list[_Plan]:
        plans = []
        for index, (theme, sections) in enumerate(ROUNDTABLE_THEMES):
            day = self.weekday(self.today - timedelta(days=300 - index * 110))
            start = self.at(day, time(14, 0))
            plans.append(_Plan(kind, index + 1, theme, sections, start, start + timedelta(hours=2),
                               self.rng.choice(VENUES), capacity=20, seats_per_enterprise=2))
        return plans

    def runs(self, kind: MeetingKind) -> list[_Plan]:
        plans = []
        for index, route in enumerate(RUN_ROUTES):
            day = self.today - timedelta(days=330 - index * 180)
            day += timedelta(days=(5 - day.weekday()) % 7)  # a Saturday
            start = self.at(day, time(7, 0))
            plans.append(_Plan(kind, index + 1, f"靠谱跑·{['春', '秋'][index]}季企业家健康跑", ("C", "F", "I", "L"),
                               start, start + timedelta(minutes=90), route, capacity=40, seats_per_enterprise=2))
        return plans

    def upcoming(self, breakfast: MeetingKind, roundtable: MeetingKind) -> list[_Plan]:
        day = self.weekday(self.today + timedelta(days=9))
        start = self.at(day, time(7, 45))
        soon = _Plan(breakfast, BREAKFASTS + 1, "集成电路与智能硬件企业专场", ("C", "I"), start,
                     start + timedelta(minutes=90), VENUES[3], state=Meeting.State.OPEN, capacity=15,
                     seats_per_enterprise=2, requires_approval=False)
        day = self.weekday(self.today + timedelta(days=23))
        start = self.at(day, time(14, 0))
        later = _Plan(roundtable, len(ROUNDTABLE_THEMES) + 1, "民营企业出海发展圆桌", ("F", "G", "I"), start,
                      start + timedelta(hours=2), VENUES[1], state=Meeting.State.OPEN, capacity=30,
                      seats_per_enterprise=2, requires_approval=True)
        return [soon, later]

    # -- appeals raised at the meetings

    def link_appeals(self, plans: list[_Plan], source: str) -> tuple[list[int], list[int]]:
        """Each appeal of ``source`` goes to the last meeting of ``plans`` before it (up to 5 a meeting);
        meetings within the appeals' period with fewer than two take online appeals submitted after them.
        Returns (the ids linked, the ids re-sourced from online)."""
        columns = ("id", "enterprise_id", "created_at", "content")
        appeals = Appeal.objects.filter(district=self.district).exclude(state=Appeal.State.MERGED)
        held = sorted((plan for plan in plans if plan.state == Meeting.State.HELD), key=lambda plan: plan.starts_at)
        linked: list[int] = []
        for appeal in appeals.filter(source=source, source_meeting__isnull=True).order_by("created_at", "id") \
                .values(*columns):
            before = [plan for plan in held if plan.ends_at <= appeal["created_at"] <= plan.ends_at + LINK_WINDOW]
            if before and len(before[-1].appeals) < MAX_ISSUES:
                before[-1].appeals.append(appeal)
                linked.append(appeal["id"])
        first_appeal = appeals.order_by("created_at").values_list("created_at", flat=True).first()
        resourced: list[int] = []
        for plan in held:
            if first_appeal is None or plan.starts_at < first_appeal:
                continue  # held before Kaopu went live
            wanted = self.rng.randint(MIN_ISSUES, 3) - len(plan.appeals)
            if wanted <= 0:
                continue
            online = list(appeals.filter(source=Appeal.Source.ONLINE, source_meeting__isnull=True,
                                         created_at__gte=plan.ends_at,
                                         created_at__lt=plan.ends_at + LINK_WINDOW)
                          .exclude(pk__in=resourced).order_by("created_at", "id").values(*columns)[:wanted])
            plan.appeals.extend(online)
            resourced.extend(appeal["id"] for appeal in online)
            linked.extend(appeal["id"] for appeal in online)
        return linked, resourced

    # -- writing

    def code(self) -> str:
        while True:
            value = "".join(self.rng.choice(codes.ALPHABET) for _ in range(codes.LENGTH))
            if value not in self.used_codes:
                self.used_codes.add(value)
                return value

    def attendees(self, plan: _Plan, count: int, exclude: set[int]) -> list[int]:
        pool = [pk for section in plan.sections for pk in self.by_section.get(section, [])
                if pk not in exclude]
        pool = sorted(set(pool)) or sorted(set(self.enterprises) - exclude)
        return self.rng.sample(pool, min(count, len(pool)))

    def registrations(self, plan: _Plan) -> list[Registration]:
        """Who registered, in arrival order: the enterprises that raised an issue first (they came)."""
        raised = list(dict.fromkeys(appeal["enterprise_id"] for appeal in plan.appeals))
        if plan.state == Meeting.State.OPEN:
            return self.upcoming_registrations(plan)
        if self.rng.random() < 0.25:
            plan.capacity = self.rng.randint(8, 12)  # a full house: the last ones wait in vain
        ordered = raised + self.attendees(plan, max(self.rng.randint(8, 15) - len(raised), 0), set(raised))
        rows, seats_free = [], plan.capacity
        for enterprise_id in ordered:
            seats = 1 if plan.seats_per_enterprise == 1 or self.rng.random() < 0.6 else 2
            state = self.state_of(enterprise_id in raised, seats, seats_free)
            seats_free -= seats if state == R.APPROVED else 0
            rows.append(self.registration(plan, enterprise_id, state, seats, self.checked_in(
                plan, state, enterprise_id in raised)))
        plan.capacity = max(plan.capacity, plan.capacity - seats_free)  # those who raised an issue always came
        return rows

    def upcoming_registrations(self, plan: _Plan) -> list[Registration]:
        """Without approval: one seat left and two enterprises waiting for two seats each. With approval:
        three approved, five waiting for a decision. qiye1 and qiye2 are free to register."""
        if plan.requires_approval:
            wanted = [(R.APPROVED, 1)] * 3 + [(R.PENDING, 1)] * 3 + [(R.PENDING, 2)] * 2
        else:
            taken = plan.capacity - 1
            wanted = [(R.APPROVED, 2)] * 2 + [(R.APPROVED, 1)] * (taken - 4) + [(R.WAITLISTED, 2)] * 2
        ordered = self.attendees(plan, len(wanted), set(self.walkthrough))
        return [self.registration(plan, enterprise_id, state, seats, None)
                for enterprise_id, (state, seats) in zip(ordered, wanted, strict=False)]

    def registration(self, plan: _Plan, enterprise_id: int, state: str, seats: int,
                     checked_in_at: datetime | None) -> Registration:
        user_id = self.users.get(enterprise_id)
        origin = Registration.Origin.SELF if user_id and self.rng.random() < 0.6 else Registration.Origin.INVITED
        created = plan.starts_at - timedelta(days=self.rng.randint(3, 14), minutes=self.rng.randint(0, 600))
        created = min(created, timezone.now() - timedelta(hours=self.rng.randint(1, 72)))
        person = self.enterprises[enterprise_id][1] or "企业负责人"
        row = Registration(
            meeting=plan.meeting, enterprise_id=enterprise_id, origin=origin, state=state, seats=seats,
            attendee_names=person if seats == 1 else f"{person}等{seats}人",
            topic=self.topic(plan, enterprise_id) if origin == Registration.Origin.SELF else "",
            code=self.code(), created_by_id=user_id if origin == Registration.Origin.SELF else self.staff.pk,
            decided_at=None if state == R.PENDING else min(created + timedelta(hours=20), timezone.now()),
            note="本期名额已满，欢迎报名下一期。" if state == R.DECLINED else "",
            checked_in_at=checked_in_at, checked_in_by=self.staff if checked_in_at else None)
        row._demo_created = created  # type: ignore[attr-defined]  (created_at is auto_now_add: set after)
        return row

    def state_of(self, raised_an_issue: bool, seats: int, seats_free: int) -> str:
        if raised_an_issue:
            return R.APPROVED
        roll = self.rng.random()
        if roll < 0.08:
            return R.CANCELLED
        if roll < 0.11:
            return R.DECLINED
        if seats > seats_free:
            return R.WAITLISTED
        return R.APPROVED

    def checked_in(self, plan: _Plan, state: str, raised_an_issue: bool) -> datetime | None:
        if state != R.APPROVED or plan.state != Meeting.State.HELD:
            return None
        if not raised_an_issue and plan.no_shows < 1 and self.rng.random() < 0.15:
            plan.no_shows += 1
            return None  # approved, did not come
        return plan.starts_at - timedelta(minutes=self.rng.randint(0, 25))

    def topic(self, plan: _Plan, enterprise_id: int) -> str:
        for appeal in plan.appeals:
            if appeal["enterprise_id"] == enterprise_id:
                return appeal["content"][:200]
        return self.rng.choice(PAPER_ISSUES)

    def issues(self, plan: _Plan) -> list[RaisedIssue]:
        meeting = plan.meeting
        assert meeting is not None
        if plan.appeals:
            return [RaisedIssue(meeting=meeting, enterprise_id=appeal["enterprise_id"], summary=appeal["content"],
                                appeal_id=appeal["id"], created_by=self.staff) for appeal in plan.appeals]
        if plan.kind.appeal_source == MeetingKind.AppealSource.OTHER_MEETING or plan.state != Meeting.State.HELD:
            return []
        attended = [r.enterprise_id for r in meeting._demo_registrations if r.checked_in_at]  # type: ignore[attr-defined]
        count = self.rng.randint(MIN_ISSUES, MAX_ISSUES)
        return [RaisedIssue(meeting=meeting, enterprise_id=enterprise_id, summary=self.rng.choice(PAPER_ISSUES),
                            created_by=self.staff) for enterprise_id in attended[:count]]

    def minutes(self, plan: _Plan, registrations: list[Registration], issues: list[RaisedIssue],
                departments: list[Department]) -> str:
        came = [r for r in registrations if r.checked_in_at]
        leaders = "、".join(leader.name for leader in self.leaders) or "区委、区政府领导"
        local = timezone.localtime(plan.starts_at)
        lines = [
            f"{plan.kind.name} 第{plan.number}期 · {plan.theme}",
            f"时间：{local:%Y年%m月%d日 %H:%M}　地点：{plan.venue}",
            f"出席领导：{leaders}",
            f"参会部门：{'、'.join(d.name for d in departments)}",
            f"参会企业：{len(came)}家，{sum(r.seats for r in came)}人",
            "",
            "一、会议情况",
            f"会议围绕“{plan.theme}”主题，听取企业家对营商环境的意见建议，相关部门现场回应。",
            "",
            "二、企业反映的问题",
        ]
        for number, issue in enumerate(issues, start=1):
            lines.append(f"{number}. {self.enterprises[issue.enterprise_id][0]}：{issue.summary}")
        if not issues:
            lines.append("（企业现场交流，未提出需要跟踪办理的问题。）")
        lines += ["", "三、下一步工作",
                  "会上反映的问题由区工商联转为诉求，交相关部门办理，办理结果向企业反馈并在下期会上通报。"]
        return "\n".join(lines)

    def write(self, plans: list[_Plan]) -> None:
        plans.sort(key=lambda plan: plan.starts_at)  # ids in the order the meetings were held
        for plan in plans:
            plan.meeting = Meeting(
                district=self.district, kind=plan.kind, number=plan.number, theme=plan.theme,
                starts_at=plan.starts_at, ends_at=plan.ends_at, venue=plan.venue, capacity=plan.capacity,
                seats_per_enterprise=plan.seats_per_enterprise, requires_approval=plan.requires_approval,
                registration_closes_at=plan.starts_at - timedelta(days=1), organiser=self.staff, state=plan.state,
                description=(f"本期{plan.kind.name}邀请{plan.theme.removesuffix('专场')}相关企业负责人参加，与区领导和"
                             "职能部门面对面交流。请在“政企沟通”中报名，写明希望反映的问题；审核通过后凭签到码入场。"),
                reminded_at=plan.starts_at - timedelta(days=1) if plan.state == Meeting.State.HELD else None)
        Meeting.objects.bulk_create([plan.meeting for plan in plans if plan.meeting is not None])
        registrations: list[Registration] = []
        issues: list[RaisedIssue] = []
        industries, leaders, departments = [], [], []
        industry_link = Meeting.industries.through
        leader_link = Meeting.leaders.through
        department_link = Meeting.departments.through
        for plan in plans:
            meeting = plan.meeting
            assert meeting is not None
            rows = self.registrations(plan)
            meeting._demo_registrations = rows  # type: ignore[attr-defined]
            meeting.capacity = plan.capacity
            raised = self.issues(plan)
            chosen = self.rng.sample(self.departments, min(len(self.departments), self.rng.randint(3, 5)))
            registrations += rows
            issues += raised
            industries += [industry_link(meeting_id=meeting.pk, industrysection_id=code) for code in plan.sections]
            leaders += [leader_link(meeting_id=meeting.pk, user_id=leader.pk) for leader in self.leaders]
            departments += [department_link(meeting_id=meeting.pk, department_id=d.pk) for d in chosen]
            if plan.state == Meeting.State.HELD:
                meeting.minutes = self.minutes(plan, rows, raised, chosen)
                meeting.minutes_updated_at = plan.ends_at + timedelta(days=1)
            meeting.created_at = plan.starts_at - timedelta(days=21)
            meeting.updated_at = meeting.minutes_updated_at or meeting.created_at
        Registration.objects.bulk_create(registrations)
        RaisedIssue.objects.bulk_create(issues)
        industry_link.objects.bulk_create(industries)
        leader_link.objects.bulk_create(leaders)
        department_link.objects.bulk_create(departments)
        # auto_now(_add) fields take today's time on insert; history keeps its own.
        Meeting.objects.bulk_update([plan.meeting for plan in plans if plan.meeting is not None],
                                    ["capacity", "minutes", "minutes_updated_at", "created_at", "updated_at"])
        for row in registrations:
            row.created_at = row._demo_created  # type: ignore[attr-defined]
        Registration.objects.bulk_update(registrations, ["created_at"])
        for issue in issues:
            issue.created_at = issue.meeting.ends_at + timedelta(hours=3)
        RaisedIssue.objects.bulk_update(issues, ["created_at"])
        for plan in plans:
            if plan.appeals:
                Appeal.objects.filter(pk__in=[appeal["id"] for appeal in plan.appeals]).update(
                    source_meeting=plan.meeting)


def load_demo(district: District) -> None:
    ensure_kinds()
    if Meeting.objects.filter(district=district).exists():
        return
    kinds = {kind.appeal_source: kind for kind in MeetingKind.objects.order_by("-sort_order", "-id")}
    breakfast = MeetingKind.objects.filter(name="政企早餐会").first() or kinds[MeetingKind.AppealSource.BREAKFAST]
    roundtable = (MeetingKind.objects.filter(name="民营企业圆桌会议").first()
                  or kinds[MeetingKind.AppealSource.ROUNDTABLE])
    run = MeetingKind.objects.filter(name="靠谱跑").first() or kinds[MeetingKind.AppealSource.OTHER_MEETING]
    demo = _Demo(district)
    breakfasts, roundtables = demo.breakfasts(breakfast), demo.roundtables(roundtable)
    _linked, resourced = demo.link_appeals(breakfasts, breakfast.appeal_source)
    _linked_r, resourced_r = demo.link_appeals(roundtables, roundtable.appeal_source)
    for ids, source in ((resourced, breakfast.appeal_source), (resourced_r, roundtable.appeal_source)):
        if ids:
            # Raised at a meeting, an appeal is recorded by FIC staff on the enterprise's behalf (as
            # actions.submit_appeal records it): the staff member is its creator and the actor of its
            # submission, not the enterprise's user.
            Appeal.objects.filter(pk__in=ids).update(source=source, created_by=demo.staff)
            Event.objects.filter(appeal_id__in=ids, action="submit").update(actor=demo.staff)
    demo.write(breakfasts + roundtables + demo.runs(run) + demo.upcoming(breakfast, roundtable))
    if resourced or resourced_r:
        kpi.rebuild([district.pk])  # the measures count appeals by source


"""The demo district's lecturers' group and a year of bookings (called by kaopu.programs.demo after the
sites).

- About twenty lecturers: entrepreneurs of demo enterprises (their legal representatives) and experts of
  the universities and the district's party school, one retired.
- The demo enterprise user ``qiye2`` is the entrepreneur lecturer of their enterprise: they answer their
  own bookings and find an invitation waiting on their start page (an FIC forum ten days from today).
- Bookings over the last year for the study sessions, trainings and forums: mostly accepted, some
  declined with a reason, a few cancelled; a few invitations for activities to come still waiting.

Rows are written in bulk (history: no audit, no notification). Deterministic for a given day.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.core.workdays import local_today
from kaopu.directory.models import District, Enterprise
from kaopu.programs.models import Activity, ActivityType, Booking, EducationSite, Lecturer

EXPERTS = [
    ("王建华", "华东师范大学经济与管理学部教授", "民营经济高质量发展\n习近平经济思想专题"),
    ("李志强", "中共上海市普陀区委党校副教授", "党史学习教育\n非公企业党建工作实务"),
    ("张文静", "华东政法大学经济法学院副教授", "民营经济促进法解读\n企业合规经营"),
    ("陈立新", "上海大学管理学院教授", "数字化转型与组织变革\n企业战略管理"),
    ("刘敏", "上海财经大学公共经济与管理学院副教授", "财税政策解读\n中小企业融资"),
    ("赵海涛", "中共上海市委党校教授", "“两个健康”理论与实践\n新时代民营经济统战工作"),
    ("孙晓燕", "同济大学经济与管理学院副教授", "长三角一体化与产业链协作"),
    ("周国平", "华东师范大学马克思主义学院教授", "理想信念教育\n企业家精神与社会责任"),
]
ENTREPRENEUR_TOPICS = ["企业家精神与传承", "数字化转型实践", "科技创新与知识产权保护", "民营企业党建经验分享",
                       "从创业到上市：我的企业故事", "光彩事业与社会责任", "青年企业家成长之路", "产业链协作与出海",
                       "合规经营的实践与体会", "老字号的守正创新"]
NAMES = ["顾建国", "沈伟民", "吴晓东", "钱丽华", "徐志明", "黄振宇", "马晓峰", "朱红梅", "郭永康", "林海"]
TITLES = ["董事长", "总经理", "创始人、董事长", "党支部书记、总经理", "执行董事"]
DECLINE_REASONS = ["当天已有外地出差安排", "时间冲突，建议改期", "近期身体原因不便", "专题与本人方向不太契合"]
BOOKED_TYPES = ("理论学习", "培训", "论坛/沙龙", "党建")
HISTORY_BOOKINGS = 70
# The FIC's activities to come, each with an invitation waiting (title, days from today).
COMING = [("“靠谱”企业家讲堂：数字化转型实践", 10), ("民营经济促进法专题学习会", 17),
          ("青年企业家沙龙：企业家精神与传承", 24)]


class _Demo:
    def __init__(self, district: District) -> None:
        self.district = district
        self.today = local_today()
        self.rng = random.Random(f"lecturers-{self.today.isoformat()}")
        self.staff = User.objects.filter(role=Role.FIC_STAFF, organisation__district=district).order_by("id").first()

    def lecturers(self) -> list[Lecturer]:
        qiye2 = User.objects.select_related("organisation").filter(username="qiye2").first()
        own = qiye2.organisation.enterprise_id if qiye2 and qiye2.district_id == self.district.pk else None
        enterprises = list(Enterprise.objects.filter(district=self.district, status=Enterprise.Status.ACTIVE)
                           .exclude(pk=own).order_by("id")[:60])
        self.rng.shuffle(enterprises)
        rows = [Lecturer(district=self.district, name=name, kind=Lecturer.Kind.EXPERT, affiliation=affiliation,
                         topics=topics) for name, affiliation, topics in EXPERTS]
        if own is not None:
            enterprise = Enterprise.objects.get(pk=own)
            rows.append(Lecturer(district=self.district, name=enterprise.legal_representative or "许文杰",
                                 kind=Lecturer.Kind.ENTREPRENEUR, enterprise=enterprise, affiliation="董事长",
                                 topics="数字化转型实践\n青年企业家成长之路", user=qiye2))
        for n, enterprise in enumerate(enterprises[:12 - (own is not None)]):
            rows.append(Lecturer(
                district=self.district, name=enterprise.legal_representative or NAMES[n % len(NAMES)],
                kind=Lecturer.Kind.ENTREPRENEUR, enterprise=enterprise, affiliation=self.rng.choice(TITLES),
                topics="\n".join(self.rng.sample(ENTREPRENEUR_TOPICS, 2))))
        rows[-1].is_active = False  # retired from the group this year
        return Lecturer.objects.bulk_create(rows)

    def _answer(self, booking: Booking, lecturer: Lecturer, at: datetime) -> None:
        roll = self.rng.random()
        answerer = lecturer.user or self.staff
        if roll < 0.78:
            booking.state, booking.answered_by, booking.answered_at = Booking.State.ACCEPTED, answerer, at
        elif roll < 0.92:
            booking.state, booking.answered_by, booking.answered_at = Booking.State.DECLINED, answerer, at
            booking.decline_reason = self.rng.choice(DECLINE_REASONS)
        else:
            booking.state, booking.cancelled_by, booking.cancelled_at = (Booking.State.CANCELLED,
                                                                         booking.requested_by, at)

    def history(self, lecturers: list[Lecturer]) -> list[tuple[Booking, datetime]]:
        """Bookings of past activities, asked two to four weeks before and answered within days."""
        active = [lecturer for lecturer in lecturers if lecturer.is_active] or lecturers
        past = list(Activity.objects.filter(district=self.district, type__name__in=BOOKED_TYPES,
                                            starts_at__lt=timezone.now()).select_related("created_by")
                    .order_by("id")[:600])
        made: list[tuple[Booking, datetime]] = []
        used: set[tuple[int, int]] = set()
        for activity in self.rng.sample(past, min(len(past), HISTORY_BOOKINGS)):
            lecturer = self.rng.choice(lecturers if self.rng.random() < 0.1 else active)
            if (lecturer.pk, activity.pk) in used:
                continue
            used.add((lecturer.pk, activity.pk))
            asked = activity.starts_at - timedelta(days=self.rng.randrange(14, 30))
            booking = Booking(district=self.district, lecturer=lecturer, activity=activity,
                              topic=lecturer.topics.splitlines()[0][:100], requested_by=activity.created_by,
                              note=self.rng.choice(["", "约 45 分钟，含互动交流", "请提前半小时到场"]))
            self._answer(booking, lecturer, asked + timedelta(days=self.rng.randrange(1, 5), hours=3))
            made.append((booking, asked))
        return made

    def coming(self, lecturers: list[Lecturer], sites: list[EducationSite]) -> list[tuple[Booking, datetime]]:
        """Three FIC activities to come, each with an invitation waiting: the first for qiye2's lecturer."""
        forum_type = ActivityType.objects.filter(name="论坛/沙龙").first() or ActivityType.objects.first()
        if forum_type is None or self.staff is None:
            return []
        active_sites = [s for s in sites if s.status == EducationSite.Status.ACTIVE]
        with_account = [lecturer for lecturer in lecturers if lecturer.user_id]
        others = [lecturer for lecturer in lecturers if lecturer.is_active and not lecturer.user_id]
        made = []
        for n, (title, days) in enumerate(COMING):
            day = self.today + timedelta(days=days)
            start = datetime.combine(day, time(14), timezone.get_default_timezone())
            activity = Activity.objects.create(
                district=self.district, type=forum_type, title=title, starts_at=start,
                ends_at=start + timedelta(hours=2), place="多功能厅", headcount=60, created_by=self.staff,
                site=active_sites[n % len(active_sites)] if active_sites else None,
                people="区工商联相关负责同志\n企业家代表")
            lecturer = with_account[0] if n == 0 and with_account else others[n % len(others)]
            asked = timezone.now() - timedelta(days=1 + n)
            made.append((Booking(district=self.district, lecturer=lecturer, activity=activity,
                                 topic=lecturer.topics.splitlines()[0][:100], requested_by=self.staff,
                                 note="约 40 分钟，含互动交流"), asked))
        return made


def load_lecturers(district: District, sites: list[EducationSite]) -> None:
    if Lecturer.objects.filter(district=district).exists():
        return
    demo = _Demo(district)
    if demo.staff is None:
        return
    lecturers = demo.lecturers()
    made = demo.history(lecturers) + demo.coming(lecturers, sites)
    bookings = Booking.objects.bulk_create([booking for booking, _asked in made])
    for booking, (_same, asked) in zip(bookings, made, strict=True):
        booking.requested_at = asked  # auto_now_add wrote today on insert: the history's day
    Booking.objects.bulk_update(bookings, ["requested_at"])

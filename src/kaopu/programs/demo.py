"""The demo district's activities (called once by `kaopu demo`, after the chambers' demo).

- The eight activity types (理论学习, 党建, 培训, 走访/考察, 志愿服务, 文体, 论坛/沙龙, 其他).
- About 400 activities over the twelve months before today (the seed practice: 410 a year), about two
  fifths the FIC's and the rest the district's chambers' (all the FIC's where no chamber is recorded yet),
  each with its place, headcount, a short report and, for most, enterprises taking part: the district's
  for the FIC, the chamber's current members for a chamber.
- A few of the latest with photos: small JPEGs drawn with Pillow in memory.
- The education sites and the lecturers' group with a year of bookings (demo_sites, demo_lecturers).

Rows are written in bulk, never through the actions (no audit: this is history). Deterministic for a
given day (one seeded random generator).
"""

from __future__ import annotations

import hashlib
import io
import random
from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.chambers.models import Chamber, Membership
from kaopu.core.workdays import local_today
from kaopu.directory.models import District, Enterprise
from kaopu.programs import demo_lecturers, demo_sites
from kaopu.programs.models import Activity, ActivityPhoto, ActivityType

ACTIVITIES_A_YEAR = 400
WITH_PHOTOS = 8

# name, weight (how often), title templates ({org}: the organiser's short name), places
TYPES: list[tuple[str, int, list[str]]] = [
    ("理论学习", 18, ["{org}理论学习中心组学习会", "学习贯彻全会精神专题学习会", "“习近平经济思想”专题读书班",
                   "民营经济促进法学习座谈会"]),
    ("党建", 14, ["{org}党建工作推进会", "主题党日活动：重温入党誓词", "“两个健康”党建联建签约仪式",
                "非公企业党组织书记培训会"]),
    ("培训", 16, ["企业合规经营专题培训", "数字化转型实务培训", "青年企业家能力提升培训", "企业财税政策解读培训",
                "知识产权保护专题培训"]),
    ("走访/考察", 14, ["走访会员企业了解经营情况", "赴长三角兄弟商会考察交流", "走访重点民营企业听取诉求",
                    "赴产业园区考察调研"]),
    ("志愿服务", 10, ["“助企惠民”志愿服务活动", "社区敬老志愿服务", "无偿献血志愿活动", "垃圾分类宣传志愿服务"]),
    ("文体", 8, ["{org}会员健步走活动", "企业家羽毛球友谊赛", "迎新春联谊会", "读书分享会"]),
    ("论坛/沙龙", 14, ["民营企业发展论坛", "“靠谱”企业家沙龙：融资对接", "青年企业家创新沙龙",
                    "产业链协作圆桌沙龙"]),
    ("其他", 6, ["{org}会员大会", "新会员入会仪式", "商会秘书长工作交流会"]),
]
PLACES = ["区工商联三楼会议室", "区民营经济服务中心报告厅", "长风生态商务区会展中心", "真如境文化中心",
          "中以（上海）创新园路演厅", "桃浦智创城会议中心", "苏州河畔党群服务站", "会员企业会议室"]
PEOPLE = {False: "区工商联机关干部\n企业家代表", True: "区工商联相关负责同志\n商会会员企业代表"}
REPORTS = ["与会企业家围绕主题深入交流，提出意见建议 {n} 条，已整理报送。",
           "活动气氛热烈，参与企业表示收获很大，希望常态化开展。",
           "会后形成问题清单，相关诉求已录入平台跟进办理。",
           "活动同步在区工商联公众号发布报道。"]


class _Demo:
    def __init__(self, district: District) -> None:
        self.district = district
        self.today = local_today()
        self.rng = random.Random(f"programs-{self.today.isoformat()}")
        self.staff = User.objects.filter(role=Role.FIC_STAFF, organisation__district=district).order_by("id").first()
        self.chambers = list(Chamber.objects.filter(district=district, status=Chamber.Status.ACTIVE).order_by("id"))
        organisations = [c.organisation_id for c in self.chambers if c.organisation_id]
        officers = User.objects.filter(role=Role.CHAMBER_OFFICER, organisation_id__in=organisations)
        self.officer_of = {u.organisation_id: u for u in officers.order_by("id")}
        members = Membership.objects.filter(chamber__in=self.chambers, left_on__isnull=True)
        self.members: dict[int, list[int]] = {}
        for chamber_id, enterprise_id in members.values_list("chamber_id", "enterprise_id"):
            self.members.setdefault(chamber_id, []).append(enterprise_id)
        self.enterprises = list(Enterprise.objects.filter(district=district).order_by("id")
                                .values_list("id", flat=True)[:300])

    def types(self) -> dict[str, ActivityType]:
        existing = {t.name: t for t in ActivityType.objects.all()}
        missing = [ActivityType(name=name, sort_order=(n + 1) * 10) for n, (name, _w, _t) in enumerate(TYPES)
                   if name not in existing]
        ActivityType.objects.bulk_create(missing)
        return {t.name: t for t in ActivityType.objects.all()}

    def _moment(self) -> datetime:
        day = self.today - timedelta(days=self.rng.randrange(0, 362))
        if day.weekday() >= 5 and self.rng.random() < 0.7:  # most activities on working days
            day -= timedelta(days=day.weekday() - 4)
        hour = self.rng.choice([9, 9, 10, 13, 14, 14, 15, 18])
        return datetime.combine(day, time(hour, self.rng.choice([0, 30])), timezone.get_default_timezone())

    def activities(self, types: dict[str, ActivityType]) -> list[tuple[Activity, list[int]]]:
        made = []
        weights = [weight for _name, weight, _titles in TYPES]
        for _n in range(ACTIVITIES_A_YEAR):
            name, _weight, titles = self.rng.choices(TYPES, weights)[0]
            chamber = self.rng.choice(self.chambers) if self.chambers and self.rng.random() < 0.6 else None
            short = (chamber.name.removeprefix("普陀区") if chamber else "区工商联")
            starts_at = self._moment()
            headcount = self.rng.randrange(12, 160)
            author = (self.officer_of.get(chamber.organisation_id) if chamber else None) or self.staff
            pool = self.members.get(chamber.pk, []) if chamber else self.enterprises
            chosen = self.rng.sample(pool, min(len(pool), self.rng.randrange(0, 7)))
            made.append((Activity(
                district=self.district, chamber=chamber, type=types[name], created_by=author,
                title=self.rng.choice(titles).format(org=short), starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=self.rng.choice([1, 2, 2, 3, 4])),
                place=(chamber.address if chamber and chamber.address and self.rng.random() < 0.3
                       else self.rng.choice(PLACES)),
                headcount=headcount, people=PEOPLE[chamber is not None],
                report=self.rng.choice(REPORTS).format(n=self.rng.randrange(3, 12))), chosen))
        return made

    def photos(self, activities: list[Activity]) -> None:
        rows = []
        for n, activity in enumerate(sorted(activities, key=lambda a: a.starts_at, reverse=True)[:WITH_PHOTOS]):
            for k in range(1 + n % 3):
                content = _picture(self.rng, 640, 420)
                photo = ActivityPhoto(activity=activity, content_type="image/jpeg", width=640, height=420,
                                      size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                                      original_name=f"现场照片{k + 1}.jpg", caption=f"{activity.title}现场",
                                      uploaded_by=activity.created_by)
                photo.file.save("photo.jpg", ContentFile(content), save=False)
                rows.append(photo)
        ActivityPhoto.objects.bulk_create(rows)


def _picture(rng: random.Random, width: int, height: int) -> bytes:
    """A small JPEG: a sky, a stage and rows of seats in random colours (no text, so no font is needed)."""
    image = Image.new("RGB", (width, height), (rng.randrange(150, 230), rng.randrange(170, 230), 240))
    draw = ImageDraw.Draw(image)
    stage = (rng.randrange(120, 200), 40, 40)
    draw.rectangle((40, 40, width - 40, height // 2), fill=stage)
    for row_index in range(4):
        y = height // 2 + 30 + row_index * 40
        for x in range(50, width - 50, 45):
            draw.ellipse((x, y, x + 26, y + 26), fill=(rng.randrange(20, 90),) * 3)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def load_demo(district: District) -> None:
    from kaopu.programs.demo_training import load_training_demo

    load_training_demo(district)
    if Activity.objects.filter(district=district).exists():
        return
    _activities(district)
    # The education sites, a share of the activities held at them, the lecturers and their bookings.
    sites = demo_sites.load_sites(district)
    demo_sites.hold_activities_at_sites(district, sites)
    demo_lecturers.load_lecturers(district, sites)


def _activities(district: District) -> None:
    demo = _Demo(district)
    types = demo.types()
    if demo.staff is None:
        return
    made = demo.activities(types)
    activities = Activity.objects.bulk_create([activity for activity, _chosen in made])
    through = Activity.enterprises.through
    through.objects.bulk_create([through(activity_id=activity.pk, enterprise_id=enterprise_id)
                                 for activity, (_a, chosen) in zip(activities, made, strict=True)
                                 for enterprise_id in chosen])
    demo.photos(activities)


"""The demo district's giving and honours (called once by `kaopu demo`, after the chambers' demo).

- Donations over the ten years before today summing to about 7.02亿元 (the seed practice: “700 million
  yuan given by private enterprises”): about a dozen large ones from the district's large enterprises
  (their amounts fill the total), several hundred small ones from enterprises, entrepreneurs giving in
  their own name, and chambers' collective donations. Categories by a plausible share (对口支援 and 乡村振兴
  most, then 公益, 助学 …); 抗疫 only on days of 2020–2022 that fall in the window (elsewhere 公益), 抗洪救灾
  in the summer months. About a third give goods as well as (or instead of) money.
- A few reports waiting for confirmation; qiye1's enterprise has one waiting and one returned with a reason.
- About 60 honours over the ten years at the three levels, for the FIC, chambers, enterprises and people,
  a few with a certificate image drawn with Pillow.

Rows are written in bulk, never through the actions (no audit: this is history). Deterministic for a given
day (one seeded random generator).
"""

from __future__ import annotations

import hashlib
import io
import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.chambers.models import Chamber
from kaopu.core.workdays import local_today
from kaopu.directory.models import District, Enterprise, EnterprisePerson
from kaopu.giving.models import Category, Donation, Honour

TARGET = Decimal("702000000")  # 7.02亿元
LARGE = 14
SMALL = 520
BY_PEOPLE = 60
BY_CHAMBERS = 45
WITH_CERTIFICATE = 6

# category, share of the small donations (weights), recipients
CATEGORIES: list[tuple[str, int, list[str]]] = [
    ("对口支援", 24, ["云南省文山州对口支援项目", "新疆克拉玛依市对口支援项目", "西藏日喀则市亚东县援建项目",
                  "贵州省遵义市东西部协作项目"]),
    ("乡村振兴", 22, ["“万企兴万村”结对帮扶村", "云南省文山州富宁县乡村振兴项目", "崇明区结对帮扶村",
                  "贵州省遵义市产业帮扶项目"]),
    ("抗疫", 10, ["普陀区红十字会", "普陀区疫情防控指挥部", "区内社区防疫一线", "上海市慈善基金会普陀区代表处"]),
    ("抗洪救灾", 5, ["河南省红十字会", "湖北省慈善总会", "甘肃积石山地震灾区", "中华慈善总会"]),
    ("助学", 14, ["普陀区教育基金会", "云南省文山州希望小学", "新疆克拉玛依市贫困学生助学金", "区内困难家庭学生"]),
    ("公益", 20, ["上海市慈善基金会普陀区代表处", "普陀区红十字会", "区内敬老院", "普陀区残疾人联合会"]),
    ("其他", 5, ["普陀区退役军人服务中心", "区内社区公益项目", "普陀区总工会帮困基金"]),
]
PROJECTS = {"对口支援": "产业帮扶", "乡村振兴": "万企兴万村", "抗疫": "疫情防控", "抗洪救灾": "灾区援助",
            "助学": "爱心助学", "公益": "慈善一日捐", "其他": ""}
GOODS = {"抗疫": "口罩、防护服、消毒用品", "抗洪救灾": "救灾物资（饮用水、方便食品、帐篷）", "助学": "图书、电脑、校服",
         "对口支援": "农机设备、电商直播设备", "乡村振兴": "农资、冷链设备", "公益": "生活物资", "其他": "慰问品"}
COVID = (date(2020, 1, 20), date(2022, 12, 31))

# title, level, awarding body, holder kind
HONOURS: list[tuple[str, str, str, str]] = [
    ("全国“五好”县级工商联", "national", "全国工商联", "fic"),
    ("全国工商联系统先进集体", "national", "全国工商联", "fic"),
    ("上海市“五好”区工商联", "municipal", "上海市工商联", "fic"),
    ("上海市工商联系统光彩事业工作先进集体", "municipal", "上海市工商联", "fic"),
    ("上海市对口支援工作先进集体", "municipal", "上海市人民政府合作交流办公室", "fic"),
    ("普陀区统一战线工作先进集体", "district", "中共普陀区委统战部", "fic"),
    ("全国“四好”商会", "national", "全国工商联", "chamber"),
    ("上海市“四好”商会", "municipal", "上海市工商联", "chamber"),
    ("上海市五一劳动奖状", "municipal", "上海市总工会", "enterprise"),
    ("普陀区“四好”商会", "district", "普陀区工商联", "chamber"),
    ("普陀区优秀商会", "district", "普陀区工商联", "chamber"),
    ("全国“万企兴万村”行动先进民营企业", "national", "全国工商联、农业农村部等", "enterprise"),
    ("全国抗击新冠肺炎疫情先进民营企业", "national", "全国工商联", "enterprise"),
    ("上海市文明单位", "municipal", "上海市精神文明建设委员会", "enterprise"),
    ("上海市社会责任优秀企业", "municipal", "上海市工商联", "enterprise"),
    ("普陀区光彩事业贡献奖", "district", "普陀区工商联", "enterprise"),
    ("普陀区文明单位", "district", "普陀区精神文明建设委员会", "enterprise"),
    ("普陀区“万企兴万村”结对帮扶先进企业", "district", "普陀区工商联", "enterprise"),
    ("全国优秀中国特色社会主义事业建设者", "national", "中央统战部、国家发展改革委、工业和信息化部等", "person"),
    ("上海市优秀中国特色社会主义事业建设者", "municipal", "中共上海市委统战部等", "person"),
    ("上海市光彩事业贡献奖", "municipal", "上海市光彩事业促进会", "person"),
    ("普陀区优秀中国特色社会主义事业建设者", "district", "中共普陀区委统战部等", "person"),
    ("普陀区光彩之星", "district", "普陀区工商联", "person"),
]
RETURN_REASON = "捐赠收据的金额与填写的资金不一致，请核对后补充加盖受赠方公章的收据再报送。"


class _Demo:
    def __init__(self, district: District) -> None:
        self.district = district
        self.today = local_today()
        self.first_day = self.today - timedelta(days=3652)  # ten years, leap days included
        self.rng = random.Random(f"giving-{self.today.isoformat()}")
        self.staff = User.objects.filter(role=Role.FIC_STAFF, organisation__district=district).order_by("id").first()
        enterprises = Enterprise.objects.filter(district=district, status=Enterprise.Status.ACTIVE)
        self.large = list(enterprises.filter(size=Enterprise.Size.LARGE).order_by("id")
                          .values_list("id", flat=True)[:40])
        self.enterprises = list(enterprises.order_by("id").values_list("id", flat=True)[:1500])
        self.people = list(EnterprisePerson.objects.filter(
            enterprise__district=district, role=EnterprisePerson.Role.LEGAL_REPRESENTATIVE)
            .order_by("id").values_list("person__name", "enterprise_id")[:300])
        self.chambers = list(Chamber.objects.filter(district=district, status=Chamber.Status.ACTIVE).order_by("id"))
        self.categories = self._categories()

    @staticmethod
    def _categories() -> dict[str, Category]:
        """The seeded categories (migration 0002), made again where a database lost them (a test's flush)."""
        for order, (name, _share, _recipients) in enumerate(CATEGORIES):
            Category.objects.get_or_create(name=name, defaults={"sort_order": (order + 1) * 10})
        return {c.name: c for c in Category.objects.all()}

    def day(self) -> date:
        return self.first_day + timedelta(days=self.rng.randrange((self.today - self.first_day).days + 1))

    def category(self, day: date) -> str:
        name = self.rng.choices([c[0] for c in CATEGORIES], [c[1] for c in CATEGORIES])[0]
        if name == "抗疫" and not COVID[0] <= day <= COVID[1]:
            return "公益"
        if name == "抗洪救灾" and day.month not in (6, 7, 8, 9):
            return "公益"
        return name

    def donation(self, *, kind: str, money: Decimal, day: date | None = None, enterprise_id: int | None = None,
                 person: str = "", chamber: Chamber | None = None, state: str = "confirmed",
                 author: Any = None) -> Donation:
        day = day or self.day()
        name = self.category(day)
        recipients = next(c[2] for c in CATEGORIES if c[0] == name)
        goods_value = Decimal(0)
        if self.rng.random() < 0.33:  # part (or all) of the gift in goods
            goods_value = (money * Decimal(self.rng.choice([20, 30, 50, 100])) / 100).quantize(Decimal(1))
            money = money - goods_value
        decided = state == "confirmed"
        return Donation(
            district=self.district, kind=kind, enterprise_id=enterprise_id, person_name=person, chamber=chamber,
            donated_on=day, category=self.categories[name], money=money, goods_value=goods_value,
            goods=GOODS[name] if goods_value else "", recipient=self.rng.choice(recipients),
            project=PROJECTS[name], state=state, created_by=author or self.staff,
            decided_by=self.staff if decided else None,
            decided_at=timezone.now() if decided else None)

    def amount(self, low: int, high: int) -> Decimal:
        """Round sums, as people give: a log-uniform amount in [low, high] rounded to a thousand yuan."""
        value = low * (high / low) ** self.rng.random()
        return Decimal(max(1000, round(value / 1000) * 1000))

    def donations(self) -> list[Donation]:
        made: list[Donation] = []
        for _n in range(SMALL):
            if self.enterprises:
                made.append(self.donation(kind="enterprise", enterprise_id=self.rng.choice(self.enterprises),
                                          money=self.amount(5_000, 2_000_000)))
        for _n in range(BY_PEOPLE):
            if self.people:
                name, enterprise_id = self.rng.choice(self.people)
                made.append(self.donation(kind="person", person=name, enterprise_id=enterprise_id,
                                          money=self.amount(10_000, 1_000_000)))
        for _n in range(BY_CHAMBERS):
            if self.chambers:
                made.append(self.donation(kind="chamber", chamber=self.rng.choice(self.chambers),
                                          money=self.amount(50_000, 3_000_000)))
        # The large gifts fill the rest of the target, in unequal parts (the biggest about 9千万).
        rest = TARGET - sum((d.money + d.goods_value for d in made), Decimal(0))
        donors = self.large or self.enterprises
        if donors and rest > 0:
            weights = [self.rng.uniform(0.3, 1.8) for _n in range(LARGE)]
            parts = [(rest * Decimal(w) / Decimal(sum(weights))).quantize(Decimal(10_000)) for w in weights]
            parts[-1] += rest - sum(parts, Decimal(0))
            for part in parts:
                made.append(self.donation(kind="enterprise", enterprise_id=self.rng.choice(donors), money=part))
        return made

    def waiting(self) -> list[Donation]:
        """qiye1's enterprise: one report waiting for confirmation, one returned; a few others waiting."""
        rows: list[Donation] = []
        qiye1 = User.objects.filter(username="qiye1").select_related("organisation").first()
        recent = self.today - timedelta(days=12)
        if qiye1 is not None and qiye1.organisation.enterprise_id:
            own = qiye1.organisation.enterprise_id
            rows.append(self.donation(kind="enterprise", enterprise_id=own, money=Decimal(50_000), state="reported",
                                      day=recent, author=qiye1))
            returned = self.donation(kind="enterprise", enterprise_id=own, money=Decimal(120_000), state="returned",
                                     day=recent - timedelta(days=20), author=qiye1)
            returned.return_reason, returned.decided_by, returned.decided_at = RETURN_REASON, self.staff, timezone.now()
            rows.append(returned)
        officer = User.objects.filter(role=Role.CHAMBER_OFFICER, organisation__district=self.district).first()
        own_chamber = next((c for c in self.chambers if officer and c.organisation_id == officer.organisation_id), None)
        if own_chamber is not None:
            rows.append(self.donation(kind="chamber", chamber=own_chamber, money=Decimal(80_000), state="reported",
                                      day=recent - timedelta(days=3), author=officer))
        for n in range(3):
            if self.enterprises:
                rows.append(self.donation(kind="enterprise", enterprise_id=self.rng.choice(self.enterprises),
                                          money=self.amount(10_000, 200_000), state="reported",
                                          day=self.today - timedelta(days=2 + 5 * n)))
        return rows

    def honours(self) -> list[Honour]:
        rows = []
        for n in range(60):
            title, level, body, kind = HONOURS[n % len(HONOURS)] if n < len(HONOURS) else self.rng.choice(HONOURS)
            year = self.today.year - self.rng.randrange(0, 10)
            honour = Honour(district=self.district, title=title, level=level, year=year, awarded_by=body, kind=kind,
                            created_by=self.staff)
            if kind == "chamber":
                if not self.chambers:
                    continue
                honour.chamber = self.rng.choice(self.chambers)
            elif kind == "enterprise":
                honour.enterprise_id = self.rng.choice(self.large or self.enterprises) if self.enterprises else None
            elif kind == "person":
                if not self.people:
                    continue
                honour.person_name, honour.enterprise_id = self.rng.choice(self.people)
            if kind == "enterprise" and honour.enterprise_id is None:
                continue
            rows.append(honour)
        for honour in rows[:WITH_CERTIFICATE]:
            content = _certificate(self.rng)
            honour.certificate.save("certificate.jpg", ContentFile(content), save=False)
            honour.certificate_type, honour.certificate_sha256 = "image/jpeg", hashlib.sha256(content).hexdigest()
        return rows


def _certificate(rng: random.Random) -> bytes:
    """A certificate-like JPEG: a red frame, a gold emblem, lines for the text (no font needed)."""
    image = Image.new("RGB", (800, 560), (252, 246, 232))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 780, 540), outline=(180, 30, 30), width=12)
    draw.ellipse((360, 60, 440, 140), fill=(212, 170, 60))
    for row in range(6):
        width = rng.randrange(360, 620)
        draw.rectangle(((800 - width) // 2, 190 + row * 50, (800 + width) // 2, 204 + row * 50), fill=(60, 60, 60))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82)
    return out.getvalue()


def load_demo(district: District) -> None:
    if Donation.objects.filter(district=district).exists():
        return
    demo = _Demo(district)
    if demo.staff is None or not demo.categories:
        return
    history = sorted(demo.donations(), key=lambda d: d.donated_on)  # ids follow the dates in the lists
    Donation.objects.bulk_create(history + demo.waiting())
    Honour.objects.bulk_create(sorted(demo.honours(), key=lambda h: h.year))

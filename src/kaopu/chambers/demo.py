"""The demo district's chambers of commerce (called once by `kaopu demo`, after the directory and accounts).

- A subdistrict chamber (街道商会) for each of the district's subdistricts, named after it.
- Industry chambers (软件和信息服务业, 餐饮, 商贸流通, 服装 — the last merged into 商贸流通 last year),
  chambers of entrepreneurs from elsewhere (温州, 福建, 安徽) and the youth entrepreneurs' chamber, which is
  the demo chamber officer's organisation 普陀区青年企业家商会.
- Members drawn from the demo enterprises (of the subdistrict, of the industry), with a leadership (会长,
  常务副会长, 副会长, 理事) and members; some history: members who left, role changes.
- A current leadership term for each active chamber, with its elected officers and the previous term for
  some; the youth chamber's term ends within 90 days (the start pages' to-do).
- Brand projects (一会一品) of this year and last year with plans, outcomes and small photos drawn with
  Pillow; one featured. The youth chamber's project of this year has no outcome yet (the officer's to-do).

Rows are written in bulk, never through the actions (no notifications, no audit: this is history). Dates
are relative to today; deterministic for a given day (one seeded random generator). At the end the
Four-Good evaluation's demo (kaopu.chambers.demo_fourgood) is loaded when that module exists.
"""

from __future__ import annotations

import hashlib
import io
import random
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from kaopu.accounts.models import Organisation, User
from kaopu.accounts.roles import OrganisationKind, Role
from kaopu.chambers.models import (
    BrandOutcome,
    BrandPhoto,
    BrandPlanItem,
    BrandProject,
    Chamber,
    LeadershipTerm,
    Membership,
    TermOfficer,
)
from kaopu.core.workdays import local_today
from kaopu.directory import credit_code
from kaopu.directory.models import District, Enterprise, Subdistrict

K = Chamber.Kind
R = Membership.Role
YOUTH_CHAMBER = "普陀区青年企业家商会"  # the demo chamber officer's organisation (core demo command)

# name, kind, industry section, home region, founded year, secretary-general
CHAMBERS: list[tuple[str, str, str, str, int, str]] = [
    ("普陀区软件和信息服务业商会", K.INDUSTRY, "I", "", 2009, "顾晓峰"),
    ("普陀区餐饮商会", K.INDUSTRY, "H", "", 2006, "沈美华"),
    ("普陀区商贸流通商会", K.INDUSTRY, "F", "", 2004, "陆建平"),
    ("普陀区服装商会", K.INDUSTRY, "C", "", 2003, "钱国庆"),
    ("普陀区温州商会", K.REGIONAL, "", "浙江省温州市", 2008, "林志强"),
    ("普陀区福建商会", K.REGIONAL, "", "福建省", 2010, "陈文彬"),
    ("普陀区安徽商会", K.REGIONAL, "", "安徽省", 2013, "汪海涛"),
    (YOUTH_CHAMBER, K.YOUTH, "", "", 2015, "徐志文"),
]
PEOPLE = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴婷",
          "徐强", "孙丽", "胡军", "朱琳", "高峰", "林涛", "何欢", "郭亮", "马超", "罗艳"]
PROJECTS = [  # title, goals, plan rows (month, what), outcomes (figure, unit, text)
    ("助企政策进园区", "把区里的惠企政策送到会员企业身边，帮助企业应享尽享。",
     [(2, "政策宣讲会"), (4, "一对一政策诊断"), (7, "兑现情况回访")],
     [(Decimal("36"), "场", "政策宣讲与诊断"), (Decimal("420"), "家次", "服务会员企业"),
      (None, "", "编印政策汇编一册")]),
    ("商会公益助学行", "组织会员企业结对帮扶困难家庭学生，传承企业家社会责任。",
     [(3, "结对仪式"), (9, "开学慰问")],
     [(Decimal("58"), "名", "资助学生"), (Decimal("46.5"), "万元", "捐赠助学金")]),
    ("青年企业家成长营", "为青年企业家搭建学习交流平台，提升经营管理能力。",
     [(3, "开营仪式"), (5, "走进优秀企业"), (10, "结营汇报")],
     [(Decimal("12"), "期", "专题课程"), (Decimal("260"), "人次", "参加学习")]),
    ("品质餐饮放心消费", "推动会员餐饮企业落实食品安全主体责任，打造放心消费街区。",
     [(4, "食品安全培训"), (6, "明厨亮灶示范店评选")],
     [(Decimal("85"), "家", "门店完成明厨亮灶"), (None, "", "获评区放心消费示范街区")]),
    ("数字化转型服务月", "组织软件企业为中小会员企业提供数字化诊断和上云服务。",
     [(5, "数字化诊断"), (8, "解决方案对接会")],
     [(Decimal("120"), "家", "完成数字化诊断"), (Decimal("31"), "项", "达成合作")]),
]


def _code(index: int) -> str:
    """A valid credit code of a social organisation (51…) for the demo's ``index``-th chamber."""
    return credit_code.complete(f"51310107{700_000_000 + index:09d}")


def _photo(colour: tuple[int, int, int], label: str) -> bytes:
    """A small JPEG drawn in memory: a coloured card with a few shapes (the demo's brand photos)."""
    image = Image.new("RGB", (320, 200), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 120, 300, 180), fill=(255, 255, 255))
    draw.ellipse((230, 20, 290, 80), fill=(255, 214, 102))
    draw.text((30, 140), label, fill=(60, 60, 60))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _chambers(district: District, today: date) -> list[Chamber]:
    youth_organisation, _created = Organisation.objects.get_or_create(
        kind=OrganisationKind.CHAMBER, name=YOUTH_CHAMBER, district=district)
    rows = [Chamber(district=district, name=f"{district.name}{subdistrict.name}商会", kind=K.SUBDISTRICT,
                    subdistrict=subdistrict, founded_on=date(2005 + index % 8, 3 + index % 9, 1),
                    credit_code=_code(index), secretary_general=PEOPLE[index % len(PEOPLE)],
                    address=f"上海市{district.name}{subdistrict.name}", phone=f"021-6{index:03d}0{index:03d}",
                    introduction=f"{subdistrict.name}辖区民营企业的联合组织，在区工商联指导下服务会员企业。")
            for index, subdistrict in enumerate(Subdistrict.objects.filter(district=district).order_by("id"))]
    offset = len(rows)
    for index, (name, kind, section, region, year, secretary) in enumerate(CHAMBERS, start=offset):
        rows.append(Chamber(district=district, name=name, kind=kind, industry_section_id=section or None,
                            home_region=region, founded_on=date(year, 6, 1), credit_code=_code(index),
                            secretary_general=secretary, address=f"上海市{district.name}", phone="021-62000000",
                            organisation=youth_organisation if name == YOUTH_CHAMBER else None,
                            introduction=f"{name}在区工商联指导下团结服务会员企业。"))
    chambers = Chamber.objects.bulk_create(rows)
    by_name = {chamber.name: chamber for chamber in chambers}
    merged = by_name["普陀区服装商会"]
    merged.status, merged.merged_into = Chamber.Status.MERGED, by_name["普陀区商贸流通商会"]
    merged.status_changed_on = today - timedelta(days=300)
    merged.save(update_fields=["status", "merged_into", "status_changed_on"])
    return chambers


def _pool(chamber: Chamber, enterprises: list[Enterprise]) -> list[Enterprise]:
    """The enterprises a chamber draws its members from: of its subdistrict, of its industry, or any."""
    if chamber.subdistrict_id:
        return [e for e in enterprises if e.subdistrict_id == chamber.subdistrict_id]
    if chamber.industry_section_id:
        return [e for e in enterprises if e.section == chamber.industry_section_id]
    return enterprises


def _members(chambers: list[Chamber], enterprises: list[Enterprise], staff: User, today: date,
             rng: random.Random) -> None:
    rows: list[Membership] = []
    roles = [R.PRESIDENT, R.EXECUTIVE_VICE_PRESIDENT, R.VICE_PRESIDENT, R.VICE_PRESIDENT, R.DIRECTOR, R.DIRECTOR,
             R.DIRECTOR]
    for chamber in chambers:
        pool = _pool(chamber, enterprises)
        chosen = rng.sample(pool, min(len(pool), rng.randint(14, 24)))
        ended = chamber.status != Chamber.Status.ACTIVE
        for index, enterprise in enumerate(chosen):
            role = roles[index] if index < len(roles) else R.MEMBER
            joined = max(chamber.founded_on, today - timedelta(days=rng.randint(200, 3000)))
            left = chamber.status_changed_on if ended else None
            if left is not None:
                joined = min(joined, left - timedelta(days=100))
            person = PEOPLE[(index + chamber.pk) % len(PEOPLE)]
            if index == 1 and not ended:  # an executive vice-president who was a director before: a role change
                changed = joined + (today - joined) / 2
                rows.append(Membership(chamber=chamber, enterprise=enterprise, role=R.DIRECTOR, joined_on=joined,
                                       left_on=changed, representative=person, recorded_by=staff))
                joined = changed
            if index >= len(chosen) - 2 and not ended:  # two members who left
                left = today - timedelta(days=rng.randint(10, 150))
                joined = min(joined, left - timedelta(days=365))
            rows.append(Membership(chamber=chamber, enterprise=enterprise, role=role, joined_on=joined, left_on=left,
                                   representative=person, recorded_by=staff))
    Membership.objects.bulk_create(rows)


def _years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier (28 February for a 29 February: the demo loads on any day)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _terms(chambers: list[Chamber], today: date, rng: random.Random) -> None:
    terms: list[LeadershipTerm] = []
    for chamber in chambers:
        if chamber.status != Chamber.Status.ACTIVE:
            continue
        if chamber.name == YOUTH_CHAMBER:
            ends = today + timedelta(days=45)  # within 90 days: the start pages' to-do
        else:
            ends = today + timedelta(days=rng.randint(200, 1500))
        starts = _years_before(ends, 5)
        terms.append(LeadershipTerm(chamber=chamber, number=3, elected_on=starts - timedelta(days=10),
                                    starts_on=starts, ends_on=ends - timedelta(days=1)))
        if rng.random() < 0.5:
            terms.append(LeadershipTerm(chamber=chamber, number=2, elected_on=_years_before(starts, 5),
                                        starts_on=_years_before(starts, 5),
                                        ends_on=starts - timedelta(days=1)))
    terms = LeadershipTerm.objects.bulk_create(terms)
    leaders = {(m.chamber_id, m.role): m.enterprise for m in Membership.objects.filter(
        chamber__in=chambers, left_on__isnull=True, role__in=[R.PRESIDENT, R.EXECUTIVE_VICE_PRESIDENT])}
    officers: list[TermOfficer] = []
    for term in terms:
        for order, (position, role) in enumerate([("president", R.PRESIDENT),
                                                  ("exec_vice", R.EXECUTIVE_VICE_PRESIDENT)]):
            enterprise = leaders.get((term.chamber_id, role)) if term.number == 3 else None
            officers.append(TermOfficer(term=term, position=position, enterprise=enterprise, sort_order=order,
                                        name=PEOPLE[(term.chamber_id * 3 + order + term.number) % len(PEOPLE)]))
        officers.append(TermOfficer(term=term, position="secretary", name=term.chamber.secretary_general or "—",
                                    sort_order=5))
    TermOfficer.objects.bulk_create(officers)


def _projects(chambers: list[Chamber], staff: User, today: date) -> None:
    active = [chamber for chamber in chambers if chamber.status == Chamber.Status.ACTIVE]
    youth = next(chamber for chamber in active if chamber.name == YOUTH_CHAMBER)
    chosen = [youth, *[c for c in active if c is not youth][:: max(1, len(active) // 5)]][:6]
    projects: list[BrandProject] = []
    for index, chamber in enumerate(chosen):
        for year in (today.year - 1, today.year):
            title, goals, _plan, _outcomes = PROJECTS[(index + year) % len(PROJECTS)]
            if chamber is youth:
                title, goals = PROJECTS[2][0] + ("" if year == today.year else f"（{year}）"), PROJECTS[2][1]
            done = year < today.year
            projects.append(BrandProject(
                chamber=chamber, title=title, year=year, goals=goals, created_by=staff,
                status=BrandProject.Status.COMPLETED if done else BrandProject.Status.UNDER_WAY,
                featured=index == 1 and done, featured_on=today - timedelta(days=60) if index == 1 and done else None))
    projects = BrandProject.objects.bulk_create(projects)
    plan, outcomes = [], []
    for project in projects:
        source = next(p for p in PROJECTS if project.title.startswith(p[0]))
        plan += [BrandPlanItem(project=project, planned_on=date(project.year, month, 1), what=what)
                 for month, what in source[2]]
        if project.year < today.year or project.chamber is not youth:  # the youth chamber's current one: none yet
            outcomes += [BrandOutcome(project=project, figure=figure, unit=unit, text=text, recorded_by=staff)
                         for figure, unit, text in source[3]]
    BrandPlanItem.objects.bulk_create(plan)
    BrandOutcome.objects.bulk_create(outcomes)
    colours = [(52, 152, 219), (46, 204, 113), (231, 76, 60), (155, 89, 182)]
    for index, project in enumerate(p for p in projects if p.year < today.year):
        for number in range(2):
            content = _photo(colours[(index + number) % len(colours)], f"{project.year} #{number + 1}")
            photo = BrandPhoto(project=project, content_type="image/jpeg", width=320, height=200, size=len(content),
                               sha256=hashlib.sha256(content).hexdigest(),
                               original_name=f"photo{number + 1}.jpg", caption=f"{project.title}活动现场",
                               uploaded_by=staff)
            photo.file.save("photo.jpg", ContentFile(content), save=True)


def load_demo(district: District) -> list[Chamber]:
    """The district's chambers with members, terms and brand projects (see the module's docstring)."""
    today = local_today()
    rng = random.Random(today.toordinal())
    staff = (User.objects.filter(role=Role.FIC_STAFF, organisation__district=district).order_by("id").first()
             or User.objects.filter(role=Role.FIC_STAFF).order_by("id").first())
    assert staff is not None, "the demo accounts are loaded before the chambers"
    chambers = _chambers(district, today)
    enterprises = _with_sections(district)
    _members(chambers, enterprises, staff, today, rng)
    _terms(chambers, today, rng)
    _projects(chambers, staff, today)
    try:
        from kaopu.chambers.demo_fourgood import load_fourgood_demo
    except ModuleNotFoundError as error:
        if error.name != "kaopu.chambers.demo_fourgood":
            raise
    else:
        load_fourgood_demo(district, chambers)
    return chambers


def _with_sections(district: District) -> list[Enterprise]:
    """The district's active enterprises (at most 3,000), each with ``section``: its industry section's code."""
    enterprises = list(Enterprise.objects.filter(district=district, status=Enterprise.Status.ACTIVE)
                       .select_related("industry").only("id", "subdistrict_id", "industry__section_id",
                                                        "industry_section_id").order_by("id")[:3000])
    for enterprise in enterprises:
        section = enterprise.industry.section_id if enterprise.industry_id else enterprise.industry_section_id
        enterprise.section = section  # type: ignore[attr-defined]
    return enterprises

"""The demo district's ideals-and-beliefs education sites (called by kaopu.programs.demo after the activities).

- Eight guidance sites (指导点) and six demonstration sites (示范点): most hosted by demo enterprises named
  “<enterprise>理想信念教育指导点”, a few by chambers, and two red-history venues of Putuo (沪西工人半日学校旧址,
  顾正红纪念馆) with no host; spread over the subdistricts, designated from 2018 to this year; one suspended
  for renovation with its day and reason.
- A share of the year's study, party-building and visit activities are held at an active site.

Rows are written in bulk (history: no audit). Deterministic for a given day.
"""

from __future__ import annotations

import random
from datetime import timedelta

from kaopu.chambers.models import Chamber
from kaopu.core.workdays import local_today
from kaopu.directory.models import District, Enterprise, Subdistrict
from kaopu.programs.models import Activity, EducationSite

GUIDANCE, DEMONSTRATION = 8, 6
AT_A_SITE = ("理论学习", "党建", "走访/考察")
SHARE_AT_A_SITE = 0.35

RED_VENUES = [
    ("沪西工人半日学校旧址红色教育示范点", "安远路 62 弄", 80),
    ("顾正红纪念馆理想信念教育示范点", "澳门路 300 号", 150),
]
# Public venues that host a site when the district has too few enterprises to name (no host).
VENUES = {
    "guidance": ["曹杨新村史料陈列馆理想信念教育指导点", "苏州河工业文明展示馆理想信念教育指导点",
                 "桃浦智创城党群服务站理想信念教育指导点", "长征镇党群服务中心理想信念教育指导点",
                 "万里街道党群服务中心理想信念教育指导点", "宜川路街道党群服务中心理想信念教育指导点",
                 "真如境党群服务站理想信念教育指导点", "长风生态商务区党群服务中心理想信念教育指导点"],
    "demonstration": ["普陀区民营经济党建展示馆理想信念教育示范点", "中以（上海）创新园党群服务中心理想信念教育示范点",
                      "M50 创意园党群服务站理想信念教育示范点", "上海纺织博物馆理想信念教育示范点"],
}
ROADS = ["长寿路", "武宁路", "曹杨路", "真北路", "中山北路", "大渡河路", "光复西路", "同普路", "金沙江路", "桃浦路"]
CONTACTS = ["陈静", "周慧", "王磊", "刘洋", "孙颖", "吴斌", "郑敏", "钱程", "冯洁", "蒋涛", "沈丽", "韩冬", "杨帆",
            "朱琳"]


def _short(name: str) -> str:
    """上海某某科技有限公司 → 某某科技 (the customary short name in a site's title)."""
    name = name.removeprefix("上海市").removeprefix("上海")
    for suffix in ("股份有限公司", "有限责任公司", "有限公司", "集团"):
        name = name.removesuffix(suffix)
    return name or "会员企业"


def load_sites(district: District) -> list[EducationSite]:
    if EducationSite.objects.filter(district=district).exists():
        return list(EducationSite.objects.filter(district=district))
    today = local_today()
    rng = random.Random(f"sites-{today.isoformat()}")
    subdistricts = list(Subdistrict.objects.filter(district=district).order_by("sort_order", "id"))
    chambers = list(Chamber.objects.filter(district=district, status=Chamber.Status.ACTIVE).order_by("id")[:3])
    enterprises = list(Enterprise.objects.filter(district=district, status=Enterprise.Status.ACTIVE)
                       .order_by("id")[:40])
    rng.shuffle(enterprises)
    rows: list[EducationSite] = []

    def site(name: str, kind: str, **values: object) -> None:
        sub = rng.choice(subdistricts) if subdistricts else None
        rows.append(EducationSite(
            district=district, name=name[:100], kind=kind, subdistrict=sub,
            address=values.pop("address", f"{rng.choice(ROADS)} {rng.randrange(10, 1800)} 号"),
            capacity=values.pop("capacity", rng.choice([30, 40, 50, 60, 80, 100, 120])),
            designated_year=rng.randrange(max(2018, today.year - 7), today.year + 1),
            contact_name=CONTACTS[len(rows) % len(CONTACTS)],
            contact_phone=f"021-{rng.randrange(52000000, 62999999)}", **values))

    for name, address, capacity in RED_VENUES:
        site(name, EducationSite.Kind.DEMONSTRATION, address=address, capacity=capacity)
    for chamber in chambers[:2]:
        site(f"{chamber.name.removeprefix('普陀区')}理想信念教育示范点", EducationSite.Kind.DEMONSTRATION,
             host_chamber=chamber)
    hosts = iter(enterprises)

    def hosted(kind: str) -> None:
        host = next(hosts, None)
        if host is None:
            site(VENUES[kind][len(rows) % len(VENUES[kind])], kind)
        else:
            suffix = "示范点" if kind == EducationSite.Kind.DEMONSTRATION else "指导点"
            site(f"{_short(host.name)}理想信念教育{suffix}", kind, host_enterprise=host)

    while len([r for r in rows if r.kind == EducationSite.Kind.DEMONSTRATION]) < DEMONSTRATION:
        hosted(EducationSite.Kind.DEMONSTRATION)
    if len(chambers) > 2:
        site(f"{chambers[2].name.removeprefix('普陀区')}理想信念教育指导点", EducationSite.Kind.GUIDANCE,
             host_chamber=chambers[2])
    while len([r for r in rows if r.kind == EducationSite.Kind.GUIDANCE]) < GUIDANCE:
        hosted(EducationSite.Kind.GUIDANCE)
    suspended = rows[-1]
    suspended.status, suspended.status_since = EducationSite.Status.SUSPENDED, today - timedelta(days=40)
    suspended.status_reason = "展陈场馆改造升级，暂停接待参观"
    return EducationSite.objects.bulk_create(rows)


def hold_activities_at_sites(district: District, sites: list[EducationSite]) -> None:
    """A share of the study, party-building and visit activities take place at an active site (the
    place then names the room), so that the list's counts and the figures by site have numbers."""
    active = [s for s in sites if s.status == EducationSite.Status.ACTIVE]
    if not active:
        return
    rng = random.Random(f"sites-activities-{local_today().isoformat()}")
    rows = list(Activity.objects.filter(district=district, site__isnull=True, type__name__in=AT_A_SITE)
                .order_by("id"))
    chosen = [a for a in rows if rng.random() < SHARE_AT_A_SITE]
    for activity in chosen:
        activity.site = rng.choice(active)
        activity.place = rng.choice(["展厅", "多功能厅", "党群活动室", ""])
    Activity.objects.bulk_update(chosen, ["site", "place"])

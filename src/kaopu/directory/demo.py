"""Believable synthetic data for the demo district (普陀区) and for `kaopu seed`.

Everything here is deterministic: the same random seed gives the same district, so a demo walk-
through, a screenshot in the docs and a benchmark all see the same enterprises. The vocabulary
(roads, trade-name characters, industry words, surnames) is real Shanghai Putuo flavour; the
enterprises and people are invented. Generators yield plain tuples/dicts so that the bulk seeder
(kaopu.directory.seeding) can stream them into COPY without building model instances.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate
from typing import Any

from django.db import transaction

from kaopu.directory import credit_code
from kaopu.directory.models import (
    Department,
    District,
    Enterprise,
    EnterprisePerson,
    Person,
    PersonTitle,
    Subdistrict,
)

DISTRICT_NAME = "普陀区"
DISTRICT_CODE = "310107"
# A fixed "today" keeps dates deterministic whatever day the demo is loaded.
ANCHOR_DATE = date(2025, 10, 31)

SUBDISTRICTS = ["长寿路街道", "曹杨新村街道", "长风新村街道", "宜川路街道", "甘泉路街道", "石泉路街道",
                "真如镇街道", "万里街道", "长征镇", "桃浦镇"]

# Roads of each subdistrict, so that an enterprise's address fits its subdistrict.
ROADS: dict[str, list[str]] = {
    "长寿路街道": ["长寿路", "武宁路", "常德路", "西康路", "胶州路", "昌化路"],
    "曹杨新村街道": ["曹杨路", "兰溪路", "枣阳路", "杏山路", "花溪路"],
    "长风新村街道": ["金沙江路", "大渡河路", "云岭东路", "泸定路", "中山北路"],
    "宜川路街道": ["宜川路", "中山北路", "西乡路", "陕西北路", "延长西路"],
    "甘泉路街道": ["甘泉路", "志丹路", "子长路", "黄陵路"],
    "石泉路街道": ["石泉路", "岚皋路", "光新路", "宁强路", "中山北路"],
    "真如镇街道": ["真北路", "铜川路", "真光路", "真华路", "曹杨路"],
    "万里街道": ["富平路", "新村路", "真华路", "万镇路", "真北路"],
    "长征镇": ["梅川路", "同普路", "金沙江路", "云岭西路", "怒江北路"],
    "桃浦镇": ["桃浦路", "祁连山南路", "武威路", "古浪路", "真南路"],
}
# Share of enterprises per subdistrict (the commercial centres and the Taopu science park hold more).
SUBDISTRICT_WEIGHTS = [14, 9, 13, 8, 7, 8, 12, 8, 11, 10]

# (name, short name): the district's government departments that answer appeals.
DEPARTMENTS: list[tuple[str, str]] = [
    ("区发展改革委", "发改委"), ("区商务委", "商务委"), ("区科委", "科委"), ("区财政局", "财政局"),
    ("区人社局", "人社局"), ("区规划资源局", "规划资源局"), ("区住房保障房屋管理局", "房管局"),
    ("区建管委", "建管委"), ("区市场监管局", "市场监管局"), ("区税务局", "税务局"),
    ("区生态环境局", "生态环境局"), ("区城管执法局", "城管执法局"), ("区卫生健康委", "卫健委"),
    ("区文化旅游局", "文旅局"), ("区司法局", "司法局"), ("区投资促进办", "投促办"), ("区金融办", "金融办"),
    ("区应急管理局", "应急局"), ("区数据局", "数据局"), ("区国资委", "国资委"), ("区教育局", "教育局"),
    ("区民政局", "民政局"),
]

# Industry divisions (GB/T 4754-2017) of a central urban district, weighted toward services, IT and
# trade, each with the words that the names of such enterprises carry.
INDUSTRIES: list[tuple[str, float, list[str]]] = [
    ("65", 15, ["信息技术", "软件科技", "网络科技", "数据科技", "智能科技", "信息科技"]),
    ("64", 4, ["网络科技", "互联网科技", "电子商务"]),
    ("51", 15, ["贸易", "商贸", "国际贸易", "实业", "供应链管理"]),
    ("52", 9, ["商贸", "商业", "百货", "便利店", "医药连锁"]),
    ("72", 14, ["企业管理咨询", "商务咨询", "企业服务", "广告", "会展服务", "人力资源", "投资管理"]),
    ("75", 6, ["科技", "环保科技", "新材料科技", "节能科技", "科技发展"]),
    ("73", 2, ["生物科技", "医药科技", "检测技术"]),
    ("74", 5, ["建筑设计", "工程技术", "工程咨询", "检测技术"]),
    ("62", 5, ["餐饮管理", "餐饮"]),
    ("61", 1, ["酒店管理"]),
    ("70", 4, ["房地产经纪", "物业管理", "置业"]),
    ("71", 2, ["设备租赁", "汽车租赁"]),
    ("58", 3, ["国际货运代理", "物流"]),
    ("54", 2, ["运输", "物流"]),
    ("80", 2, ["家政服务", "保洁服务"]),
    ("83", 2, ["教育科技", "培训"]),
    ("88", 1, ["文化传播", "文化艺术"]),
    ("50", 3, ["建筑装饰工程", "装饰设计工程"]),
    ("49", 1, ["机电安装工程"]),
    ("39", 1, ["电子", "电子科技"]),
    ("34", 1, ["机械设备", "自动化设备"]),
    ("35", 1, ["医疗器械"]),
    ("27", 0.5, ["制药"]),
    ("14", 0.5, ["食品"]),
    ("81", 1, ["汽车维修服务"]),
]

TECH_DIVISIONS = frozenset({"65", "64", "73", "75", "35", "39", "27"})

# Characters that Shanghai enterprises put in their trade names (字号).
TRADE_NAME_CHARS = (
    "华信达通汇宏鑫源泰丰恒盛博远瑞德安康晨星锦程凯越鸿嘉铭宇诚诺优卓迅捷易创新联合众协力兴隆昌旺"
    "金银峰川海蓝天云飞龙凤麒麟虎豹青松柏竹梅兰菊荷光明辉煌耀阳晟昊睿智慧思维鼎立正方圆润泽沛霖"
    "普陀申沪浦江苏杭宁甬湖沧澜涛波浩瀚洋洲港湾岸桥亭台楼阁弘毅致远精工品尚臻美佳乐欣悦怡和顺益"
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高沈顾陆钱俞蒋曹施姚金唐许韩冯邓曾彭萧蔡潘田董袁于余叶"
SURNAME_WEIGHTS = [9, 9, 8, 7, 8, 5, 4, 3, 5, 4, 5, 3, 2, 4, 3, 2, 2, 2, 1, 1, 4, 3, 3, 2, 2, 2, 2, 2,
                   2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
MALE_CHARS = "伟强磊军勇杰涛斌明辉刚健峰俊鹏浩宇志文华建国平东海林波晨昊天佳毅凯斌超亮"
FEMALE_CHARS = "芳娟敏静丽艳娜婷雪琳慧颖洁倩萍红霞玲燕晶蕾瑶怡欣佩蓉雯莉秀英琴菁"

MOBILE_PREFIXES = ["133", "135", "136", "137", "138", "139", "150", "151", "152", "158", "159", "177",
                   "180", "181", "186", "187", "188", "189", "199"]

# Size classes: mostly micro and small, as in any district.
SIZES = [("micro", 58), ("small", 31), ("medium", 8), ("large", 3)]
_EMPLOYEES = {"micro": (1, 9), "small": (10, 99), "medium": (100, 299), "large": (300, 3000)}
_CAPITAL = {"micro": (10, 500), "small": (100, 3000), "medium": (1000, 20000), "large": (5000, 200000)}

# The organisation-code part of a credit code (GB 11714): eight characters and a check character.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_VALUES = {char: value for value, char in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
# Codes issued since the 2015 reform start with MA; older ones carry the old organisation code.
_NEW_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_REFORM = date(2015, 10, 1)


def _cumulative(weights: list[float]) -> list[float]:
    return list(accumulate(weights))


class Picker:
    """Weighted choice by bisection on cumulative weights: fast enough for a million rows."""

    def __init__(self, items: list[Any], weights: list[float]) -> None:
        self.items = items
        self.cumulative = _cumulative(weights)
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random) -> Any:
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.total)]


_industry = Picker(INDUSTRIES, [weight for _code, weight, _words in INDUSTRIES])
_size = Picker([name for name, _w in SIZES], [weight for _n, weight in SIZES])
_surname = Picker(list(SURNAMES), SURNAME_WEIGHTS)
_subdistrict = Picker(SUBDISTRICTS, SUBDISTRICT_WEIGHTS)


def organisation_check(body: str) -> str:
    """The check character of an eight-character organisation code body (GB 11714)."""
    total = sum(_ORG_VALUES[char] * weight for char, weight in zip(body, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def credit_code_for(admin_code: str, organisation_body: str) -> str:
    """A valid credit code of an enterprise (registration authority 9, type 1) from its parts."""
    return credit_code.complete("91" + admin_code + organisation_body + organisation_check(organisation_body))


def person_name(rng: random.Random, gender: str) -> str:
    chars = MALE_CHARS if gender == "M" else FEMALE_CHARS
    given = rng.choice(chars) if rng.random() < 0.3 else rng.choice(chars) + rng.choice(chars)
    return _surname(rng) + given


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def landline(rng: random.Random) -> str:
    return f"021-{rng.choice('56')}{rng.randrange(10**7):07d}"


def enterprise_name(rng: random.Random, words: list[str]) -> str:
    """上海 + a two-character trade name + an industry word + 有限公司."""
    trade = rng.choice(TRADE_NAME_CHARS) + rng.choice(TRADE_NAME_CHARS)
    return f"上海{trade}{rng.choice(words)}有限公司"


def address(rng: random.Random, subdistrict: str) -> str:
    road = rng.choice(ROADS[subdistrict])
    text = f"上海市普陀区{road}{rng.randrange(1, 1800)}号"
    if rng.random() < 0.6:
        text += f"{rng.randrange(1, 25)}楼{rng.randrange(1, 30):02d}室"
    return text


def _established(rng: random.Random) -> date:
    # Skewed toward recent years: most enterprises of a district are young.
    years_back = min(30.0, rng.expovariate(1 / 7))
    return ANCHOR_DATE - timedelta(days=int(years_back * 365.25))


@dataclass
class EnterpriseRow:
    """One generated enterprise with its legal representative; plain values for COPY or the ORM."""

    name: str
    subdistrict: str
    industry: str
    size: str
    employees: int
    registered_capital: Decimal
    established_on: date
    is_high_tech: bool
    is_specialised: bool
    is_member: bool
    member_since: date | None
    address: str
    phone: str
    status: str
    legal_representative: str
    legal_gender: str
    legal_phone: str
    contact: tuple[str, str, str] | None = None  # name, gender, phone
    controller_is_legal: bool = False


def enterprise_row(rng: random.Random) -> EnterpriseRow:
    """One enterprise: industry, size and the flags drawn with the district's proportions."""
    division, _weight, words = _industry(rng)
    size = _size(rng)
    subdistrict = _subdistrict(rng)
    established = _established(rng)
    low, high = _EMPLOYEES[size]
    capital_low, capital_high = _CAPITAL[size]
    # About 15% overall: a third of the technology enterprises, a few percent of the others.
    high_tech_chance = 0.36 if division in TECH_DIVISIONS else 0.06
    is_member = rng.random() < 0.20
    member_since = None
    if is_member:
        start = max(established, date(2000, 1, 1))
        member_since = start + timedelta(days=rng.randrange(max(1, (ANCHOR_DATE - start).days)))
    legal_gender = "M" if rng.random() < 0.72 else "F"
    contact = None
    if rng.random() < 0.4:
        gender = "F" if rng.random() < 0.6 else "M"
        contact = (person_name(rng, gender), gender, mobile(rng))
    return EnterpriseRow(
        name=enterprise_name(rng, words),
        subdistrict=subdistrict,
        industry=division,
        size=size,
        employees=rng.randint(low, high),
        registered_capital=Decimal(rng.randrange(capital_low, capital_high + 1)),
        established_on=established,
        is_high_tech=rng.random() < high_tech_chance,
        is_specialised=rng.random() < (0.12 if size in {"small", "medium"} else 0.02),
        is_member=is_member,
        member_since=member_since,
        address=address(rng, subdistrict),
        phone=landline(rng) if rng.random() < 0.6 else mobile(rng),
        status="deregistered" if rng.random() < 0.03 else "active",
        legal_representative=person_name(rng, legal_gender),
        legal_gender=legal_gender,
        legal_phone=mobile(rng),
        contact=contact,
        controller_is_legal=rng.random() < 0.25,
    )


def demo_credit_code(rng: random.Random, established: date, taken: set[str]) -> str:
    """A realistic credit code: MA… for enterprises registered after the 2015 reform, digits before."""
    while True:
        if established >= _USCC_REFORM:
            body = "MA1" + "".join(rng.choice(_NEW_CODE_CHARS) for _ in range(5))
        else:
            body = str(rng.randrange(1, 8)) + f"{rng.randrange(10**7):07d}"
        code = credit_code_for(DISTRICT_CODE, body)
        if code not in taken:
            taken.add(code)
            return code


def demo_enterprises(count: int, seed: int = 20250101) -> Iterator[tuple[str, EnterpriseRow]]:
    """``count`` (credit code, row) pairs of the demo district, the same ones on every run."""
    rng = random.Random(seed)
    taken: set[str] = set()
    for _ in range(count):
        row = enterprise_row(rng)
        yield demo_credit_code(rng, row.established_on, taken), row


# Political titles: a few entrepreneurs sit in the district's or the city's congress or CPPCC.
TITLE_CHOICES = [("npc", "district"), ("cppcc", "district"), ("cppcc", "provincial"), ("npc", "provincial")]
TITLE_WEIGHTS = [4, 5, 2, 1]
title_picker = Picker(TITLE_CHOICES, TITLE_WEIGHTS)


DEMO_ENTERPRISES = 2000


def load_directory(count: int = DEMO_ENTERPRISES) -> District:
    """Create the demo district with its subdistricts, departments, enterprises and people.

    Safe on a database that has the district already (subdistricts and departments are matched by
    name); the caller decides whether the enterprises were loaded before (see the demo command).
    Runs in one transaction: a failure leaves nothing behind.
    """
    with transaction.atomic():
        district, _created = District.objects.get_or_create(name=DISTRICT_NAME,
                                                            defaults={"code": DISTRICT_CODE})
        subdistricts = _load_subdistricts(district)
        _load_departments(district, subdistricts)
        _load_enterprises(district, subdistricts, count)
    return district


def _load_subdistricts(district: District) -> dict[str, Subdistrict]:
    result = {}
    for order, name in enumerate(SUBDISTRICTS, start=1):
        result[name], _created = Subdistrict.objects.get_or_create(
            district=district, name=name, defaults={"sort_order": order})
    return result


def _load_departments(district: District, subdistricts: dict[str, Subdistrict]) -> None:
    rng = random.Random(7)
    rows = [(name, short, Department.Kind.DEPARTMENT) for name, short in DEPARTMENTS]
    # Street offices answer appeals too: 街道办事处 for a subdistrict, 镇人民政府 for a town.
    rows += [(f"{name}办事处" if name.endswith("街道") else f"{name}人民政府", name,
              Department.Kind.STREET_OFFICE) for name in subdistricts]
    for name, short, kind in rows:
        head = person_name(rng, "M" if rng.random() < 0.6 else "F")
        Department.objects.get_or_create(district=district, name=name, defaults={
            "short_name": short, "kind": kind, "head_name": head, "phone": landline(rng)})


def _load_enterprises(district: District, subdistricts: dict[str, Subdistrict], count: int) -> None:
    rng = random.Random(11)
    generated = list(demo_enterprises(count))
    enterprises = Enterprise.objects.bulk_create([
        Enterprise(district=district, credit_code=code, subdistrict=subdistricts[row.subdistrict],
                   **_enterprise_fields(row))
        for code, row in generated], batch_size=500)
    people: list[Person] = []
    links: list[tuple[int, int, str, str]] = []  # enterprise index, person index, role, position
    for index, (_code, row) in enumerate(generated):
        people.append(Person(district=district, name=row.legal_representative, gender=row.legal_gender,
                             phone=row.legal_phone))
        legal = len(people) - 1
        links.append((index, legal, EnterprisePerson.Role.LEGAL_REPRESENTATIVE, "执行董事" if row.size in
                      {"micro", "small"} else "董事长"))
        if row.controller_is_legal:
            links.append((index, legal, EnterprisePerson.Role.CONTROLLER, ""))
        if row.contact:
            name, gender, phone = row.contact
            people.append(Person(district=district, name=name, gender=gender, phone=phone))
            links.append((index, len(people) - 1, EnterprisePerson.Role.CONTACT,
                          rng.choice(["办公室主任", "行政经理", "财务经理", "综合部经理"])))
    people = Person.objects.bulk_create(people, batch_size=500)
    EnterprisePerson.objects.bulk_create([
        EnterprisePerson(enterprise=enterprises[e], person=people[p], role=role, position=position)
        for e, p, role, position in links], batch_size=500)
    _give_titles(rng, [people[p] for _e, p, role, _pos in links
                       if role == EnterprisePerson.Role.LEGAL_REPRESENTATIVE])


def _give_titles(rng: random.Random, legal_representatives: list[Person]) -> None:
    """About 2% of entrepreneurs are deputies or CPPCC members, at district or municipal level."""
    titles = []
    for person in legal_representatives:
        if rng.random() < 0.02:
            kind, level = title_picker(rng)
            titles.append(PersonTitle(person=person, kind=kind, level=level))
    PersonTitle.objects.bulk_create(titles, ignore_conflicts=True)


def _enterprise_fields(row: EnterpriseRow) -> dict[str, Any]:
    names = ["name", "legal_representative", "established_on", "registered_capital", "size", "employees",
             "is_high_tech", "is_specialised", "is_member", "member_since", "address", "phone", "status"]
    return {"industry_id": row.industry, **{name: getattr(row, name) for name in names}}

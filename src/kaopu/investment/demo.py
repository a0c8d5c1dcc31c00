"""The demo district's investment attraction (called once by `kaopu demo`, after the other apps' demos).

- Twelve partner organisations across China: the FICs of 温州, 泉州, 晋江, 苏州, 宁波 and 深圳, the
  Zhejiang and Fujian chambers in Shanghai, industry associations and an industrial park.
- Fifteen delegation visits over the two years before today (most received, some made), each with its
  members, the delegation's enterprises, local enterprises taking part and the topics.
- Fifty leads in every stage (洽谈, 签约, 落地, 终止) with realistic projects and amounts in 万元, each with
  its stage history and one to four follow-ups; the open ones have a next step, a few overdue and
  several due this week. The owner is the demo user ``staff``.

Rows are written in bulk, never through the actions (no notifications, no audit: this is history).
Deterministic for a given day (one seeded random generator).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.core.workdays import local_today
from kaopu.directory.models import District, Enterprise
from kaopu.investment.models import FollowUp, Lead, Partner, StageChange, Visit

S = Lead.Stage
K = Partner.Kind

PARTNERS = [
    ("温州市工商业联合会", K.FIC, "浙江省温州市", "林建华", "0577-8888 2101"),
    ("泉州市工商业联合会", K.FIC, "福建省泉州市", "黄志明", "0595-2218 6620"),
    ("晋江市工商业联合会", K.FIC, "福建省晋江市", "许国栋", "0595-8568 1133"),
    ("苏州市工商业联合会", K.FIC, "江苏省苏州市", "顾文斌", "0512-6522 7788"),
    ("宁波市工商业联合会", K.FIC, "浙江省宁波市", "应海波", "0574-8718 3345"),
    ("深圳市工商业联合会", K.FIC, "广东省深圳市", "陈少伟", "0755-8210 5566"),
    ("上海市浙江商会", K.CHAMBER, "上海市", "金伟民", "021-6333 1288"),
    ("上海市福建商会", K.CHAMBER, "上海市", "郑晓峰", "021-5836 7712"),
    ("上海市温州商会", K.CHAMBER, "上海市", "周立新", "021-6321 9900"),
    ("长三角生物医药产业联盟", K.ASSOCIATION, "江苏省苏州市", "吴晓雯", "0512-6288 0101"),
    ("江苏省软件行业协会", K.ASSOCIATION, "江苏省南京市", "刘建军", "025-8331 6677"),
    ("合肥高新技术产业开发区招商局", K.PARK, "安徽省合肥市", "汪洋", "0551-6531 2020"),
]

VISITS = [  # partner index, title, topics, incoming?
    (0, "温州市工商联考察团来访", "智能装备、电气企业在沪设立研发中心；产业园区载体考察", True),
    (1, "泉州市工商联民营企业家考察团来访", "纺织鞋服品牌总部、跨境电商运营中心选址", True),
    (6, "上海市浙江商会会员企业走进普陀", "商会会员企业总部落户政策；金融服务对接", True),
    (3, "赴苏州市工商联学习交流", "营商环境经验交流；生物医药产业协作", False),
    (2, "晋江市工商联企业家座谈会", "运动品牌设计中心、供应链管理总部", True),
    (9, "长三角生物医药产业联盟项目推介会", "创新药研发、医疗器械注册服务平台", True),
    (4, "宁波市工商联考察团来访", "港航物流、新材料企业区域总部", True),
    (7, "上海市福建商会走访对接", "商贸流通企业总部、数字贸易", True),
    (10, "江苏省软件行业协会企业对接会", "工业软件、数据服务企业设立分支机构", True),
    (5, "赴深圳市工商联招商推介", "人工智能、智能硬件企业华东总部推介", False),
    (8, "上海市温州商会会员企业座谈", "时尚消费品牌、商业综合体合作", True),
    (11, "合肥高新区产业协作交流", "新能源汽车零部件研发中心、产业链协作", True),
    (0, "温州市工商联第二次考察团来访", "已签约项目落地服务；新一批智能制造项目", True),
    (3, "苏州市工商联企业家沙龙", "半导体设计企业、工业互联网平台", True),
    (6, "上海市浙江商会年度项目对接会", "数字经济、绿色低碳项目对接", True),
]

# name, kind, investor, industry section, intended 万元, space note
PROJECTS = [
    ("瓯越智能装备华东研发中心", "project", "浙江瓯越电气集团（温州）", "C", 8000, "研发办公 3,000 平方米"),
    ("瓯江新能源数字化运营中心", "project", "温州某新能源企业", "M", 5000, "甲级写字楼 2,000 平方米"),
    ("闽南鞋服品牌设计总部", "project", "泉州某鞋服集团", "F", 6000, "设计办公及展厅 2,500 平方米"),
    ("跨境电商华东运营中心", "project", "泉州某跨境电商公司", "I", 3000, "办公 1,500 平方米，近地铁"),
    ("晋江运动品牌上海设计中心", "project", "晋江某体育用品公司", "M", 4500, "设计中心 1,800 平方米"),
    ("供应链管理总部", "enterprise", "晋江某供应链集团", "G", 12000, "总部办公 4,000 平方米"),
    ("创新药临床研究服务平台", "project", "苏州某生物医药公司", "M", 15000, "实验室 5,000 平方米，层高 4.5 米"),
    ("医疗器械注册人服务中心", "project", "长三角某医疗器械企业", "M", 2500, "办公及洁净间 1,200 平方米"),
    ("港航物流数字化平台", "project", "宁波某港航物流集团", "G", 7000, "办公 2,000 平方米"),
    ("新材料区域总部", "enterprise", "宁波某新材料股份公司", "C", 20000, "总部及中试基地，用地 15 亩"),
    ("闽商数字贸易中心", "project", "上海市福建商会会员企业", "F", 5500, "办公 2,200 平方米"),
    ("工业软件华东研发中心", "project", "南京某工业软件公司", "I", 6000, "研发办公 2,500 平方米"),
    ("数据标注与治理服务基地", "project", "江苏某数据服务公司", "I", 1800, "办公 1,000 平方米"),
    ("人工智能视觉算法华东总部", "enterprise", "深圳某人工智能公司", "I", 10000, "办公 3,500 平方米，近地铁"),
    ("智能硬件供应链创新中心", "project", "深圳某智能硬件企业", "C", 8500, "研发及小试 3,000 平方米"),
    ("温商时尚消费品牌旗舰店", "project", "上海市温州商会会员企业", "F", 2000, "商业 1,500 平方米"),
    ("新能源汽车零部件研发中心", "project", "合肥某汽车零部件公司", "C", 9000, "研发楼 4,000 平方米"),
    ("半导体设计企业上海分部", "enterprise", "苏州某芯片设计公司", "I", 6500, "办公 2,000 平方米"),
    ("工业互联网平台运营中心", "project", "苏州某工业互联网公司", "I", 4000, "办公 1,600 平方米"),
    ("绿色低碳技术服务中心", "project", "浙江某环保科技集团", "M", 3500, "办公 1,200 平方米"),
    ("数字文创产业园", "project", "浙江某文创集团", "R", 18000, "园区改造 20,000 平方米"),
    ("跨境支付服务公司", "enterprise", "浙江某金融科技公司", "J", 5000, "办公 1,000 平方米"),
    ("冷链物流分拨中心", "project", "福建某冷链物流公司", "G", 9500, "用地 20 亩"),
    ("高端养老服务综合体", "project", "浙江某养老服务集团", "Q", 25000, "建筑面积 30,000 平方米"),
    ("母婴连锁品牌华东总部", "enterprise", "福建某母婴连锁企业", "F", 3000, "办公 1,200 平方米"),
    ("检验检测认证中心", "project", "江苏某检测集团", "M", 7500, "实验室 3,000 平方米"),
    ("智慧停车运营公司", "enterprise", "宁波某智慧交通企业", "I", 1500, "办公 600 平方米"),
    ("工程机械租赁总部", "enterprise", "温州某机械集团", "L", 4000, "办公 1,000 平方米"),
    ("茶叶品牌体验中心", "project", "福建某茶业集团", "F", 1200, "商业 800 平方米"),
    ("光伏储能系统集成中心", "project", "浙江某光伏企业", "D", 16000, "研发及展示 4,000 平方米"),
    ("生物试剂研发生产基地", "project", "苏州某生物试剂公司", "C", 11000, "厂房 6,000 平方米，层高 6 米"),
    ("跨境电商直播基地", "project", "温州某电商企业", "L", 2200, "直播间及办公 2,000 平方米"),
    ("建筑设计院上海分院", "enterprise", "宁波某建筑设计院", "M", 1000, "办公 800 平方米"),
    ("企业服务 SaaS 研发中心", "project", "合肥某软件公司", "I", 2800, "办公 1,000 平方米"),
    ("新型显示材料研发中心", "project", "合肥某显示材料企业", "C", 13000, "研发楼 5,000 平方米"),
    ("连锁餐饮中央厨房", "project", "福建某餐饮集团", "H", 3500, "厂房 3,000 平方米"),
    ("智能仓储机器人公司", "enterprise", "深圳某机器人公司", "C", 6000, "研发及装配 2,500 平方米"),
    ("知识产权服务机构", "enterprise", "江苏某知识产权代理公司", "L", 800, "办公 400 平方米"),
    ("汽车后市场服务平台", "project", "泉州某汽车服务企业", "O", 2500, "门店及办公 1,500 平方米"),
    ("医药流通区域配送中心", "project", "浙江某医药集团", "F", 8000, "仓储 6,000 平方米"),
    ("氢能装备研发中心", "project", "宁波某氢能企业", "C", 14000, "研发楼 4,500 平方米"),
    ("在线教育内容制作中心", "project", "深圳某教育科技公司", "P", 2000, "办公及录播室 1,200 平方米"),
    ("私募股权投资管理公司", "enterprise", "浙江某投资集团", "J", 10000, "办公 600 平方米"),
    ("会展服务公司总部", "enterprise", "福建某会展集团", "L", 1500, "办公 800 平方米"),
    ("服装柔性供应链平台", "project", "晋江某服装企业", "C", 4200, "办公及样衣间 1,500 平方米"),
    ("数字孪生城市解决方案中心", "project", "苏州某软件企业", "I", 3800, "办公 1,500 平方米"),
    ("物业管理集团区域公司", "enterprise", "温州某物业集团", "K", 600, "办公 400 平方米"),
    ("体育赛事运营公司", "enterprise", "晋江某体育文化公司", "R", 1200, "办公 600 平方米"),
    ("环保水处理设备研发中心", "project", "宁波某环保设备企业", "N", 5200, "研发及中试 2,000 平方米"),
    ("宠物食品品牌总部", "enterprise", "温州某宠物食品公司", "C", 2600, "办公 1,000 平方米"),
]

# How the fifty leads end up, oldest first: the older a lead, the likelier it has landed or ended.
_CODES = {"L": S.LANDED, "S": S.SIGNED, "N": S.NEGOTIATING, "T": S.TERMINATED}
STAGES = [_CODES[c] for c in "LLTLSLLTLSLLLTS" + "SLNTSNLSNTSNSNS" + "NNSNNNTNNNSNNNNNSNNN"]
FOLLOW_UP_NOTES = [
    "电话沟通项目进展，投资方确认近期来沪考察载体。",
    "陪同投资方实地查看园区载体，对交通和配套较满意。",
    "与区投促办、园区召开项目协调会，梳理政策需求清单。",
    "投资方提交项目计划书，约定下周反馈政策意见。",
    "线上会议对接人才公寓和落户政策，投资方表示认可。",
    "走访投资方总部，介绍区营商环境和产业政策。",
]
NEXT_STEPS = [
    "陪同考察园区载体",
    "反馈政策支持意见",
    "组织项目专题协调会",
    "确认投资协议文本",
    "对接工商注册手续",
    "安排区领导会见投资方",
]
MEMBERS = [
    "{}，{}，副主席\n张伟，{}，秘书长\n李强，会员企业，董事长\n王芳，会员企业，总经理",
    "{}，{}，副会长\n陈明，{}，办公室主任\n刘洋，会员企业，总经理",
]


# Which partner brought a project: by where the investor comes from (an index into PARTNERS).
_REGIONS = [
    ("温州", 0),
    ("泉州", 1),
    ("晋江", 2),
    ("苏州", 3),
    ("宁波", 4),
    ("深圳", 5),
    ("上海市浙江商会", 6),
    ("上海市福建商会", 7),
    ("上海市温州商会", 8),
    ("长三角", 9),
    ("南京", 10),
    ("江苏", 10),
    ("合肥", 11),
    ("浙江", 6),
    ("福建", 7),
]


def _partner_of(investor: str) -> int:
    return next(index for key, index in _REGIONS if key in investor)


def _aware(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def _amount(rng: random.Random, base: int, low: float, high: float) -> Decimal:
    return Decimal(str(round(base * rng.uniform(low, high), 1)))


class _Demo:
    def __init__(self, district: District) -> None:
        self.district = district
        self.today = local_today()
        self.rng = random.Random(20260501)
        self.staff = (
            User.objects.filter(username="staff").first()
            or User.objects.filter(role=Role.FIC_STAFF, organisation__district=district).first()
        )

    def partners(self) -> list[Partner]:
        rows = [
            Partner(
                district=self.district,
                name=name,
                kind=kind,
                region=region,
                contact_name=contact,
                contact_phone=phone,
                agreement_on=self.today - timedelta(days=900 - 40 * i) if i < 8 else None,
                note="双方签订友好合作协议，定期互访，共享招商项目信息。" if i < 8 else "",
            )
            for i, (name, kind, region, contact, phone) in enumerate(PARTNERS)
        ]
        return Partner.objects.bulk_create(rows)

    def visits(self, partners: list[Partner]) -> list[Visit]:
        rows = []
        for i, (p, title, topics, incoming) in enumerate(VISITS):
            partner = partners[p]
            day = self.today - timedelta(days=700 - 46 * i)
            members = MEMBERS[i % 2].format(partner.contact_name, partner.name, partner.name)
            title = {K.FIC: "副主席", K.PARK: "副局长"}.get(partner.kind, "副会长")
            members = members.replace("副主席", title).replace("副会长", title)
            rows.append(
                Visit(
                    district=self.district,
                    partner=partner,
                    title=title,
                    visited_on=day,
                    topics=topics,
                    direction=Visit.Direction.INCOMING if incoming else Visit.Direction.OUTGOING,
                    place="区政府第三会议室" if incoming else partner.region,
                    members=members,
                    created_by=self.staff,
                    visiting_enterprises="\n".join(
                        sorted({row[2] for row in PROJECTS if _partner_of(row[2]) == p})[:4]
                    ),
                    summary="双方交流了产业合作方向，现场对接项目 3 个，约定后续专人跟进。",
                )
            )
        visits = Visit.objects.bulk_create(rows)
        locals_ = list(Enterprise.objects.filter(district=self.district).order_by("id")[:60])
        through = Visit.local_enterprises.through
        links = [
            through(visit_id=v.pk, enterprise_id=e.pk)
            for v in visits
            for e in self.rng.sample(locals_, min(3, len(locals_)))
        ]
        through.objects.bulk_create(links)
        return visits

    def leads(self, partners: list[Partner], visits: list[Visit]) -> None:
        landed_to = list(Enterprise.objects.filter(district=self.district).order_by("-id")[:20])
        leads, created, plans = [], [], []
        sources = []
        for i in range(len(PROJECTS)):
            partner = partners[_partner_of(PROJECTS[i][2])] if i % 10 != 9 else None
            theirs = [v for v in visits if partner and v.partner_id == partner.pk]
            visit = theirs[i % len(theirs)] if theirs and i % 5 != 4 else None
            start = (
                visit.visited_on + timedelta(days=self.rng.randint(3, 20))
                if visit
                else self.today - timedelta(days=self.rng.randint(30, 600))
            )
            sources.append((min(start, self.today - timedelta(days=12)), i, visit, partner))
        # recorded in time order (ids follow the dates, as the list shows them), the older the further along
        sources.sort(key=lambda row: (row[0], row[1]))
        for rank, (start, i, visit, partner) in enumerate(sources):
            name, kind, investor, section, base, space = PROJECTS[i]
            stage = STAGES[rank]
            intended = Decimal(base)
            lead = Lead(
                district=self.district,
                kind=kind,
                name=name,
                investor=investor,
                industry_id=section,
                intended_amount=intended,
                space_note=space,
                source_visit=visit,
                source_partner=partner,
                contact_name=["林先生", "黄女士", "陈总", "王经理", "许总"][i % 5],
                contact_phone=f"1390577{1000 + i * 37:04d}",
                owner=self.staff,
                created_by=self.staff,
                stage=S.NEGOTIATING,
                description=f"{investor}拟在本区设立{name}，{space}。",
            )
            plan: list[tuple[str, str, Decimal | None, date, str]] = [("", S.NEGOTIATING, intended, start, "")]
            if stage in (S.SIGNED, S.LANDED) or (stage == S.TERMINATED and i % 2):
                signed_on = min(start + timedelta(days=self.rng.randint(30, 120)), self.today - timedelta(days=8))
                lead.signed_amount, lead.signed_on = _amount(self.rng, base, 0.85, 1.1), signed_on
                plan.append((S.NEGOTIATING, S.SIGNED, lead.signed_amount, signed_on, "签订投资协议"))
            if stage == S.LANDED:
                landed_on = min(
                    lead.signed_on + timedelta(days=self.rng.randint(30, 150)), self.today - timedelta(days=2)
                )
                lead.landed_amount, lead.landed_on = _amount(self.rng, base, 0.6, 1.0), landed_on
                lead.landed_enterprise = landed_to[i % len(landed_to)] if landed_to and i % 3 else None
                plan.append((S.SIGNED, S.LANDED, lead.landed_amount, landed_on, "完成工商注册，首期资金到位"))
            if stage == S.TERMINATED:
                reason = [
                    Lead.EndReason.WENT_ELSEWHERE,
                    Lead.EndReason.NO_SPACE,
                    Lead.EndReason.FUNDING,
                    Lead.EndReason.POLICY,
                ][i % 4]
                lead.end_reason, lead.ended_on = (
                    reason,
                    min(plan[-1][3] + timedelta(days=40), self.today - timedelta(days=1)),
                )
                lead.end_note = {
                    "elsewhere": "投资方最终选择苏州工业园区。",
                    "no_space": "暂无满足层高要求的载体。",
                    "funding": "投资方融资未按期到位，项目暂缓。",
                    "policy": "投资方对人才政策诉求超出可给范围。",
                }[reason]
                plan.append((plan[-1][1], S.TERMINATED, None, lead.ended_on, lead.end_note))
            lead.stage = stage
            leads.append(lead)
            created.append(start)
            plans.append(plan)
        leads = Lead.objects.bulk_create(leads)
        changes, follow_ups = [], []
        for n, (lead, start, plan) in enumerate(zip(leads, created, plans, strict=True)):
            Lead.objects.filter(pk=lead.pk).update(created_at=_aware(start))
            changes += [
                StageChange(lead=lead, from_stage=f, to_stage=t, amount=a, happened_on=d, note=note, actor=self.staff)
                for f, t, a, d, note in plan
            ]
            follow_ups += self._follow_ups(lead, n, start)
        StageChange.objects.bulk_create(changes)
        FollowUp.objects.bulk_create(follow_ups)

    def _follow_ups(self, lead: Lead, n: int, start: date) -> list[FollowUp]:
        is_open = lead.stage in (S.NEGOTIATING, S.SIGNED)
        # an open lead's last contact is recent (the next step comes from it); an ended one's before its end
        last = max(self.today - timedelta(days=2 + n % 12), start) if is_open else (lead.landed_on or lead.ended_on)
        count = 1 + n % 4
        rows = []
        for k in range(count):
            day = (
                start + (last - start) * (k + 1) / count if is_open else start + (last - start) * (k + 1) / (count + 1)
            )
            rows.append(
                FollowUp(
                    lead=lead,
                    happened_on=day,
                    method=list(FollowUp.Method.values)[(n + k) % 4],
                    note=FOLLOW_UP_NOTES[(n + k) % len(FOLLOW_UP_NOTES)],
                    created_by=self.staff,
                )
            )
        if is_open:
            # a few overdue, several due this week (the reminders), the rest in the coming weeks
            offset = [-3, -1, 0, 1, 2, 4, 6, 9, 13, 20][n % 10]
            due = self.today + timedelta(days=offset)
            step = NEXT_STEPS[n % len(NEXT_STEPS)]
            rows[-1].next_step, rows[-1].next_step_on = step, due
            rows[-1].happened_on = max(min(last, due), start)
            Lead.objects.filter(pk=lead.pk).update(next_step=step, next_step_on=due)
        return rows


def load_demo(district: District) -> None:
    if Partner.objects.filter(district=district).exists():
        return
    demo = _Demo(district)
    if demo.staff is None:
        return
    partners = demo.partners()
    visits = demo.visits(partners)
    demo.leads(partners, visits)

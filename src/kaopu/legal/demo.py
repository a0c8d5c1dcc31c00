"""The demo district's legal service team and a year of requests (called once by `kaopu demo`, after
the appeals and the dialogues).

- Four law firms: 上海真如律师事务所 (the demo organisation, whose demo lawyer 顾明 is a member) and
  three more, with eight more lawyers (accounts with the demo password), their fields of law, years
  of practice and availability; one of them paused.
- About sixty requests over the past year in every state, with realistic topics: waiting, assigned,
  in progress, completed and rated, cancelled and declined; sessions, health checks with filled
  checklists, ratings. qiye1's and qiye2's enterprises have several; 顾明 has open work (two waiting
  for a first session, an in-progress health check with half its checklist filled).
- One recent request, which needs a government answer, is turned into an appeal through the real
  action (so the appeal exists, linked, with source 法律服务).

History is written in bulk, not through the actions (no notifications, no audit entries), then its
times are set; deterministic for a given day (one seeded random generator).
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from kaopu.accounts.models import Organisation, User
from kaopu.accounts.roles import OrganisationKind, Role
from kaopu.appeals.models import Category
from kaopu.core.management.commands.demo import DEMO_PASSWORD
from kaopu.directory.models import District, Enterprise
from kaopu.legal import actions
from kaopu.legal.models import (
    CheckResult,
    HealthCheckItem,
    LawFirm,
    Lawyer,
    LegalRequest,
    LegalSession,
    PracticeArea,
    RequestEvent,
    ServiceKind,
    ensure_catalogue,
)

S = LegalRequest.State
E = RequestEvent.Kind

FIRMS = [
    ("上海真如律师事务所", "普陀区真如路 318 号 6 楼", "021-62501234", 2019),
    ("上海长风律师事务所", "普陀区云岭东路 89 号 12 楼", "021-52801166", 2020),
    ("上海曹杨律师事务所", "普陀区曹杨路 1040 弄 2 号", "021-62157788", 2021),
    ("上海万里律师事务所", "普陀区万镇路 567 号 3 楼", "021-66089900", 2023),
]
# username, name, firm index, years, fields of law, languages, available, when, max open
LAWYERS = [
    ("lawyer", "顾明", 0, 15, ("劳动用工", "合同纠纷", "公司治理"), "普通话、上海话", True,
     "周二下午在工商联服务点", 8),
    ("lawyer_chen", "陈静", 0, 9, ("知识产权", "数据与网络安全"), "普通话、英语", True, "工作日下午", 4),
    ("lawyer_zhou", "周强", 1, 21, ("债权债务", "融资与担保", "合同纠纷"), "普通话、上海话", True, "", 6),
    ("lawyer_sun", "孙丽华", 1, 12, ("劳动用工", "行政争议"), "普通话", True, "周四全天", 5),
    ("lawyer_zhu", "朱海峰", 1, 6, ("税务合规", "公司治理"), "普通话", True, "", 4),
    ("lawyer_ma", "马晓东", 2, 18, ("房地产与建设工程", "债权债务"), "普通话、上海话", True, "", 5),
    ("lawyer_hu", "胡雪", 2, 4, ("涉外商事", "合同纠纷"), "普通话、英语、日语", True, "视频咨询优先", 3),
    ("lawyer_lin", "林志远", 3, 25, ("刑事合规", "公司治理"), "普通话、闽南话", False, "年底前暂停接单", 3),
    ("lawyer_guo", "郭婷", 3, 7, ("知识产权", "劳动用工"), "普通话", True, "", 4),
]
# service, field of law, topic, description, outcome, outcome in words
CASES = [
    ("法律咨询", "劳动用工", "员工合同到期不续签的经济补偿",
     "公司有 3 名员工劳动合同下月到期，公司不打算续签，想了解是否需要支付经济补偿、按什么标准计算。",
     "advice", "劳动合同到期公司不续签的，应按工作年限支付经济补偿，每满一年支付一个月工资；"
               "已书面说明计算方法和通知时间要求。"),
    ("法律咨询", "劳动用工", "试用期辞退员工的风险",
     "新招的销售试用期表现不达标，公司想在试用期内解除合同，需要注意什么？",
     "advice", "试用期解除须有明确的录用条件并能证明不符合，建议补充书面考核记录后再书面通知。"),
    ("合同审查", "合同纠纷", "设备采购合同审查",
     "公司拟向外省供应商采购一批生产设备，合同金额约 260 万元，请律师审查合同条款。",
     "advice", "已出具审查意见 12 条，重点修改了验收标准、质保期起算、违约金上限和争议管辖条款。"),
    ("合同审查", "房地产与建设工程", "厂房租赁合同续签审查",
     "厂房租约即将到期，房东提出新的租赁合同，租金上涨 15%，并增加了提前解约的违约条款。",
     "advice", "已指出租金调整机制、装修残值补偿和提前解约条款的风险，并给出修改稿。"),
    ("纠纷调解", "债权债务", "下游客户拖欠货款 48 万元",
     "一家长期合作的客户拖欠货款 48 万元已超过 8 个月，多次催讨未果，希望先调解解决。",
     "settled", "经律师和商会调解员两次调解，双方签订还款协议，客户分三期在 6 个月内付清。"),
    ("纠纷调解", "合同纠纷", "装修工程质量纠纷",
     "门店装修完工后出现漏水、墙面开裂，装修公司拒绝返修，尾款 12 万元双方有争议。",
     "not_settled", "装修公司不同意鉴定费用分担，调解未成；已告知企业诉讼途径和证据保全方法。"),
    ("法律咨询", "知识产权", "商标被他人抢注怎么办",
     "公司使用多年的品牌名称被外地一家公司抢先注册了商标，现在对方要求我们停止使用。",
     "advice", "建议在法定期限内提出商标无效宣告，并整理在先使用证据；已列出需准备的材料清单。"),
    ("法律咨询", "税务合规", "研发费用加计扣除的适用条件",
     "公司是软件企业，想了解研发费用加计扣除的范围，以及人员工资如何归集。",
     "advice", "已说明加计扣除的费用范围和辅助账要求，建议与财务顾问一同梳理研发项目立项资料。"),
    ("法律咨询", "融资与担保", "为关联公司提供担保的风险",
     "银行要求我司为关联公司的贷款提供连带责任担保，股东意见不一。",
     "advice", "已说明公司对外担保的决议程序和连带责任风险，建议限定担保范围和期限，并要求反担保。"),
    ("法律咨询", "行政争议", "环保处罚决定是否可以申请复议",
     "公司收到环保部门的罚款决定书，认为认定事实有误，想了解救济途径。",
     "government", "需要行政机关对处罚依据作出答复，已建议转为诉求，同时告知复议和诉讼期限。"),
    ("合同审查", "涉外商事", "与日本客户的出口合同审查",
     "首次向日本客户出口零部件，对方提供英文合同范本，请律师审查付款和质量条款。",
     "advice", "已建议改用信用证付款、明确适用法律和仲裁地，并补充了质量异议期限。"),
    ("法律咨询", "数据与网络安全", "小程序收集用户信息是否合规",
     "公司准备上线会员小程序，需要收集手机号和消费记录，担心个人信息保护方面的问题。",
     "advice", "已给出隐私政策要点和单独同意的场景清单，建议设置数据保存期限。"),
    ("纠纷调解", "劳动用工", "离职员工要求支付加班费",
     "一名离职员工要求公司支付两年加班费约 6 万元，公司认为其实行不定时工作制。",
     "settled", "经调解双方达成一致，公司一次性支付 2.5 万元，员工放弃其他主张。"),
    ("法律咨询", "公司治理", "股东退出时股权如何回购",
     "公司一名小股东要离开，想把股权卖给公司或其他股东，价格谈不拢。",
     "advice", "已说明章程约定、股权转让程序和估值方法，建议先签订股权回购意向书。"),
    ("法律咨询", "刑事合规", "员工职务侵占的处理",
     "发现一名采购员收受供应商回扣，金额约 8 万元，公司想了解如何处理。",
     "litigation", "已协助固定证据，建议向公安机关报案，同时完善采购内控制度。"),
]
HEALTH_TOPICS = ["年度企业法律体检", "上市前法律风险排查", "劳动用工专项体检", "合同管理专项体检"]
OTHER_FINDINGS = [
    ("risk", "劳动合同签订不及时，有 4 名员工入职超过一个月未签合同。", "一个月内补签，并建立入职当日签约流程。"),
    ("risk", "销售合同未约定争议解决方式。", "使用统一合同模板，约定由本地法院管辖。"),
    ("high_risk", "使用的设计软件未取得正版授权。", "尽快采购正版或替换为开源软件，清理未授权软件。"),
    ("risk", "应收账款有 3 笔接近诉讼时效。", "立即发函催收并取得对方确认，中断诉讼时效。"),
]
SESSION_SUMMARIES = ["电话了解基本情况，请企业补充相关合同和往来记录。", "在企业现场查阅资料，与负责人面谈。",
                     "视频会议讨论方案，解答了企业的疑问。", "书面回复法律意见，并约定下次沟通时间。"]
DECLINE_REASONS = ["属于已进入诉讼程序的案件，法律服务团不代理诉讼，请企业自行委托律师。",
                   "诉求内容为个人家庭纠纷，不属于企业法律服务范围，已告知可向街道法律援助工作站咨询。"]
CANCEL_REASONS = ["问题已与对方协商解决，不再需要服务。", "公司已聘请常年法律顾问。"]
COMMENTS = {5: ["律师很专业，解答非常及时。", "帮我们挽回了损失，非常感谢！", "意见具体，可操作性强。"],
            4: ["总体满意，希望能更快安排。", "律师耐心细致。"], 3: ["基本解决了问题。"], 2: ["等待时间较长。"]}
CONTACTS = ["刘建国", "张敏", "王海燕", "李志刚", "陈晓燕", "杨帆", "赵丽", "黄伟", "吴静", "徐涛", "孙磊", "马琳"]
HEALTH_DESCRIPTION = "公司成立五年，员工 80 余人，希望律师对公司治理、合同、用工、知识产权等方面做一次全面体检。"
# How old (days) a request in each state is: waiting ones are recent, closed ones spread over the year.
AGES = {S.SUBMITTED: (0, 3), S.ASSIGNED: (1, 6), S.IN_PROGRESS: (3, 20)}
# How many requests end in each state (the rest are rated), and the demo lawyer's open work.
PLAN = ([S.SUBMITTED] * 6 + [S.ASSIGNED] * 5 + [S.IN_PROGRESS] * 7 + [S.COMPLETED] * 6 + [S.CANCELLED] * 4
        + [S.DECLINED] * 3 + [S.RATED] * 29)


def _firms(district: District) -> list[LawFirm]:
    firms = []
    for name, address, phone, year in FIRMS:
        organisation, _created = Organisation.objects.get_or_create(
            kind=OrganisationKind.LAW_FIRM, name=name, district=district)
        firm, _created = LawFirm.objects.get_or_create(organisation=organisation, defaults={
            "district": district, "name": name, "address": address, "phone": phone,
            "joined_on": date(year, 3, 1)})
        firms.append(firm)
    return firms


def _lawyers(firms: list[LawFirm]) -> list[Lawyer]:
    areas = {area.name: area for area in PracticeArea.objects.all()}
    lawyers = []
    for username, name, firm_index, years, fields, languages, available, when, most in LAWYERS:
        firm = firms[firm_index]
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, name=name, role=Role.LAWYER, organisation=firm.organisation)
            user.set_password(DEMO_PASSWORD)
            user.save()
        lawyer, _created = Lawyer.objects.get_or_create(user=user, defaults={
            "firm": firm, "years_of_practice": years, "languages": languages, "is_available": available,
            "availability": when, "max_open_requests": most,
            "license_number": f"1310{firm_index + 1}20{years:02d}1{len(lawyers):06d}"[:17]})
        lawyer.practice_areas.set([areas[field] for field in fields if field in areas])
        lawyers.append(lawyer)
    return lawyers


def _working_time(moment: datetime, rng: random.Random) -> datetime:
    """The same day at a plausible office hour (local time)."""
    local = timezone.localtime(moment)
    return local.replace(hour=rng.randint(9, 17), minute=rng.choice((0, 10, 20, 30, 40, 50)), second=0,
                         microsecond=0)


def _after(previous: datetime, wanted: datetime, latest: datetime) -> datetime:
    """A step's time: as wanted, but after the previous step and not after ``latest``."""
    return min(max(wanted, previous + timedelta(minutes=10)), max(latest, previous + timedelta(minutes=10)))


class _Writer:
    """Collects one request's timeline and writes it with its times."""

    def __init__(self, request: LegalRequest) -> None:
        self.request = request
        self.events: list[tuple[str, Any, str, datetime, bool]] = []

    def add(self, kind: str, actor: Any, text: str, at: datetime, internal: bool = False) -> None:
        self.events.append((kind, actor, text, at, internal))

    def save(self) -> None:
        for kind, actor, text, at, internal in self.events:
            event = RequestEvent.objects.create(request=self.request, kind=kind, actor=actor, text=text,
                                                internal=internal)
            RequestEvent.objects.filter(pk=event.pk).update(created_at=at)


def _history(request: LegalRequest, plan: str, lawyer: Lawyer, staff: User, submitter: User, submitted: datetime,
             rng: random.Random, case: tuple[Any, ...], items: list[HealthCheckItem]) -> dict[str, Any]:
    """The request's steps up to ``plan``: events, sessions, findings; returns the fields to update."""
    now = timezone.now() - timedelta(minutes=90)  # nothing recorded in the very last moments
    writer = _Writer(request)
    writer.add(E.SUBMITTED, submitter, request.topic, submitted)
    fields: dict[str, Any] = {"created_at": submitted, "state": plan}
    if plan in (S.CANCELLED, S.DECLINED):
        at = _after(submitted, submitted + timedelta(days=rng.randint(1, 3)), now)
        if plan == S.CANCELLED:
            writer.add(E.CANCELLED, submitter, rng.choice(CANCEL_REASONS), at)
        else:
            writer.add(E.DECLINED, staff, rng.choice(DECLINE_REASONS), at)
    if plan in (S.SUBMITTED, S.CANCELLED, S.DECLINED):
        writer.save()
        return fields
    assigned = _after(submitted, _working_time(submitted + timedelta(days=rng.choice((0, 1, 1, 2, 3))), rng), now)
    fields.update(lawyer=lawyer, assigned_at=assigned)
    writer.add(E.ASSIGNED, staff, f"{lawyer.user.name}（{lawyer.firm.name}）", assigned)
    if plan == S.ASSIGNED:
        writer.save()
        return fields
    session_at = assigned
    for number in range(rng.randint(1, 3) if plan != S.IN_PROGRESS else 1):
        session_at = _after(session_at, _working_time(session_at + timedelta(days=rng.randint(1, 6)), rng), now)
        mode = rng.choice(LegalSession.Mode.values)
        summary = SESSION_SUMMARIES[number % len(SESSION_SUMMARIES)]
        minutes = rng.choice((30, 45, 60, 90, 120))
        LegalSession.objects.create(request=request, lawyer=lawyer, held_at=session_at, mode=mode, minutes=minutes,
                                    summary=summary)
        writer.add(E.SESSION, lawyer.user, f"{LegalSession.Mode(mode).label} · {minutes}′ · {summary}", session_at)
    if request.service.has_checklist:
        chosen = items if plan != S.IN_PROGRESS else items[: len(items) // 2]
        risky = rng.sample(range(len(chosen)), k=min(2, len(chosen)))
        for index, item in enumerate(chosen):
            status, finding, advice = (OTHER_FINDINGS[index % len(OTHER_FINDINGS)] if index in risky
                                       else ("ok", "", ""))
            CheckResult.objects.create(request=request, item=item, status=status, finding=finding, advice=advice)
        writer.add(E.CHECKLIST, lawyer.user, f"已检查 {len(chosen)} 项，其中 {len(risky)} 项有风险", session_at)
    if plan == S.IN_PROGRESS:
        writer.save()
        return fields
    completed = _after(session_at, _working_time(session_at + timedelta(days=rng.randint(1, 8)), rng), now)
    outcome, outcome_text = ("report", "体检报告已交付企业，列明风险点和整改建议。") if request.service.has_checklist \
        else (case[4], case[5])
    fields.update(outcome=outcome, outcome_text=outcome_text, completed_at=completed)
    writer.add(E.COMPLETED, lawyer.user, f"{LegalRequest.Outcome(outcome).label}：{outcome_text}", completed)
    if plan == S.RATED:
        stars = rng.choice((5, 5, 5, 4, 4, 3, 2))
        comment = rng.choice(COMMENTS[stars])
        rated = _after(completed, completed + timedelta(days=rng.randint(0, 4), hours=2), now)
        fields.update(rating=stars, rating_comment=comment, rated_at=rated)
        # An enterprise without an account was asked by phone; staff recorded its rating.
        text = f"{stars}/5 {comment}" if submitter.role == Role.ENTERPRISE_USER else f"电话回访：{stars}/5 {comment}"
        writer.add(E.RATED, submitter, text, rated)
    writer.save()
    return fields


def load_demo(district: District) -> None:
    ensure_catalogue()
    if LawFirm.objects.filter(district=district).exists():
        return
    rng = random.Random(f"legal-{timezone.localdate().isoformat()}")
    firms = _firms(district)
    lawyers = [lawyer for lawyer in _lawyers(firms) if lawyer.is_available]
    demo_lawyer = lawyers[0]
    staff = User.objects.filter(username="staff").first() or User.objects.filter(role=Role.FIC_STAFF).first()
    services = {service.name: service for service in ServiceKind.objects.all()}
    areas = {area.name: area for area in PracticeArea.objects.all()}
    items = list(HealthCheckItem.objects.filter(is_active=True))
    own = [User.objects.filter(username=name).first() for name in ("qiye1", "qiye2")]
    own = [user for user in own if user is not None and user.enterprise_id]
    enterprise_users = {user.enterprise_id: user for user in own}
    others = list(Enterprise.objects.filter(district=district).exclude(pk__in=list(enterprise_users))
                  .order_by("id")[:60])
    now = timezone.now()
    plan = list(PLAN)
    rng.shuffle(plan)
    specs: list[tuple[datetime, dict[str, Any], str, Lawyer, User, tuple[Any, ...]]] = []
    for index, state in enumerate(plan):
        use_own = own and index % 5 == 0
        enterprise = Enterprise.objects.get(pk=own[index % len(own)].enterprise_id) if use_own \
            else others[index % len(others)]
        submitter = enterprise_users.get(enterprise.pk) or staff
        health = index % 7 == 3
        case = CASES[index % len(CASES)]
        area = None if health else areas.get(case[1])
        lawyer = lawyers[index % len(lawyers)]
        if area is not None:
            matching = [candidate for candidate in lawyers if area in candidate.practice_areas.all()]
            lawyer = matching[index % len(matching)] if matching else lawyer
        if state in (S.ASSIGNED, S.IN_PROGRESS) and index % 3 == 0:
            lawyer = demo_lawyer
        submitted = min(_working_time(now - timedelta(days=rng.randint(*AGES.get(state, (15, 360)))), rng),
                        now - timedelta(hours=3))
        specs.append((submitted, {
            "enterprise": enterprise, "service": services["法律体检"] if health else services[case[0]],
            "practice_area": area, "topic": rng.choice(HEALTH_TOPICS) if health else case[2],
            "description": HEALTH_DESCRIPTION if health else case[3],
            "preferred_date": (now + timedelta(days=rng.randint(2, 10))).date() if state == S.SUBMITTED else None,
            "preferred_slot": rng.choice(LegalRequest.Slot.values),
            "contact_name": CONTACTS[index % len(CONTACTS)] if submitter is staff else submitter.name,
            "contact_phone": f"13{rng.randint(100000000, 999999999)}", "submitted_by": submitter,
        }, state, lawyer, submitter, case))
    specs += _open_work_for(demo_lawyer, services, areas, rng)
    # Created in the order they were submitted, so that the lists (newest id first) read newest first.
    for submitted, values, state, lawyer, submitter, case in sorted(specs, key=lambda spec: spec[0]):
        request = LegalRequest.objects.create(district=district, **values)
        fields = _history(request, state, lawyer, staff, submitter, submitted, rng, case, items)
        LegalRequest.objects.filter(pk=request.pk).update(**fields)
    _one_appeal(district, staff)


def _one_appeal(district: District, staff: User | None) -> None:
    """The latest request about the environmental fine needs the government's answer: an appeal."""
    candidate = (LegalRequest.objects.filter(district=district, topic=CASES[9][2])
                 .exclude(state__in=(S.CANCELLED, S.SUBMITTED)).order_by("-created_at").first())
    category = Category.objects.filter(name="法律").first() or Category.objects.filter(is_active=True).first()
    if candidate is None or category is None or staff is None:
        return
    actions.turn_into_appeal(candidate.pk, acting_user=staff, category=category,
                             title="环保处罚决定认定事实有误，请求复核",
                             content=candidate.description + "律师意见：需要行政机关对处罚依据作出答复。")


def _open_work_for(lawyer: Lawyer, services: dict[str, ServiceKind], areas: dict[str, PracticeArea],
                   rng: random.Random) -> list[tuple[datetime, dict[str, Any], str, Lawyer, User, tuple[Any, ...]]]:
    """qiye1's enterprise has a health check in progress with 顾明, half its checklist filled, and
    qiye2's a consultation 顾明 has not called about yet: the demo lawyer's pages have work; qiye1 also
    has a contract review to rate."""
    now = timezone.now()
    specs = []
    for username, service, topic, description, plan, days in (
            ("qiye1", "法律体检", "年度企业法律体检",
             "希望律师对公司合同管理、劳动用工和知识产权做一次全面体检。", S.IN_PROGRESS, 6),
            ("qiye2", "法律咨询", "门店员工社保基数怎么定",
             "餐饮门店员工流动大，社保缴费基数一直按最低标准，担心有风险。", S.ASSIGNED, 2),
            ("qiye1", "合同审查", "设备采购合同审查",
             "公司拟向外省供应商采购一批生产设备，合同金额约 260 万元，请律师审查合同条款。", S.COMPLETED, 12)):
        user = User.objects.filter(username=username).first()
        if user is None or not user.enterprise_id:
            continue
        specs.append((min(_working_time(now - timedelta(days=days), rng), now - timedelta(hours=3)), {
            "enterprise_id": user.enterprise_id, "service": services[service],
            "practice_area": areas.get("劳动用工") if service == "法律咨询" else None, "topic": topic,
            "description": description, "preferred_date": (now + timedelta(days=3)).date(),
            "preferred_slot": LegalRequest.Slot.AFTERNOON, "contact_name": user.name,
            "contact_phone": "13916628800", "submitted_by": user}, plan, lawyer, user,
            CASES[2] if service == "合同审查" else CASES[0]))
    return specs

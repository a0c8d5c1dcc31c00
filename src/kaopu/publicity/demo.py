"""The demo district's public site (called once by `kaopu demo`, see core/management/commands/demo.py).

- Site settings of 普陀区工商联 with its contact and a placeholder 备案号.
- Four columns: 工作动态 (a 14-day update duty), 通知公告, 政策解读, 民营经济在普陀 (30 days).
- About twenty-five published articles over the last months, dated relative to today: breakfast meetings,
  roundtables, legal health checks, the financing alliance, policy explanations, the "民营经济在普陀"
  series. Each goes the whole way through the actions (written by staff, reviewed by reviewer, approved by
  approver, published by staff), so versions, reviews and audit entries exist; the publishing moment is
  the article's date (the actions' clock is set back while it is published, nothing else's).
- The notice of the selection of outstanding private enterprises carries its application form (.xlsx).
- One article waiting for the first review with a planted finding (a betting phrase and a hidden link the
  content guard blocks), and one draft.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from types import SimpleNamespace
from typing import Any
from unittest import mock

from django.utils import timezone

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.directory.models import District
from kaopu.publicity import actions
from kaopu.publicity.models import Column, SiteSettings

# (name, slug, position, update interval in days, description)
COLUMNS = [
    ("工作动态", "news", 0, 14, "区工商联的工作动态：政企早餐会、圆桌会、法律服务、融资服务。"),
    ("通知公告", "notices", 1, None, "活动报名、评选、申报的通知与公告。"),
    ("政策解读", "policy", 2, None, "惠企政策的要点解读，讲清楚谁能享受、怎么申请。"),
    ("民营经济在普陀", "economy", 3, 30, "普陀民营企业的创业故事与发展观察。"),
]

# (column slug, days before today, title, summary, source, byline, paragraphs)
ARTICLES: list[tuple[str, int, str, str, str, str, list[str]]] = [
    ("news", 2, "第31期政企早餐会聚焦数字经济企业发展",
     "区领导与12家数字经济企业负责人面对面，现场交办诉求5件。", "区工商联", "宣传科",
     ["12月上旬，第31期政企早餐会在区工商联举行，主题为数字经济企业专场。区领导、区科委、区市场监管局、"
      "区人社局负责同志出席，与12家数字经济企业负责人面对面交流。",
      "企业代表围绕算力资源、数据合规、人才落户、首台套认定等问题发言。相关部门负责同志逐一回应，"
      "对能够当场答复的问题现场答复，其余5件诉求由区工商联通过“靠谱”平台交办，限时办结并向企业反馈。",
      "政企早餐会自开办以来已举办31期，累计收集企业诉求200余件，办结率保持在95%以上。"]),
    ("news", 9, "区工商联召开民营企业圆桌会 共商稳外贸举措",
     "15家外贸企业代表参会，区商务委、海关、税务部门现场答疑。", "区工商联", "宣传科",
     ["为帮助外贸企业稳订单、拓市场，区工商联召开民营企业圆桌会，邀请区商务委、上海海关驻区机构和区税务局"
      "参加，15家外贸企业代表围坐一桌，共商稳外贸举措。",
      "会上，企业反映了出口退税进度、海外仓建设和汇率风险管理等方面的困难。区税务局介绍了出口退税"
      "“容缺办理”的做法，区商务委介绍了跨境电商海外仓扶持政策的申报安排。",
      "区工商联将对会上提出的8项诉求逐项跟踪，办理结果将在督办榜上公开。"]),
    ("news", 16, "“法律体检”进企业：律师团为30家小微企业把脉",
     "区工商联法律服务团走进长寿路街道，为小微企业开展免费法律体检。", "区工商联法律服务中心", "顾明",
     ["近日，区工商联法律服务团的8名律师走进长寿路街道，为30家小微企业开展免费“法律体检”。",
      "律师们对照体检清单，逐项查看企业的劳动合同、租赁合同、知识产权和股权结构，当场指出风险点63处，"
      "并给出书面整改建议。一家餐饮企业负责人说：“以前合同都是网上找的模板，这次才知道有这么多漏洞。”",
      "今年以来，法律服务团已为120余家企业完成法律体检，企业可通过“靠谱”平台预约。"]),
    ("news", 23, "融资服务联盟新增两家成员银行",
     "联盟成员银行增至11家，普惠贷款产品扩充至26款。", "区工商联", "宣传科",
     ["区民营企业融资服务联盟举行成员签约仪式，两家银行正式加入，联盟成员银行增至11家。",
      "新加入的银行将推出面向科技型小微企业的信用贷款产品，最快3个工作日放款。企业在“靠谱”平台提交"
      "融资需求后，由区工商联推送至各成员银行，银行在5个工作日内联系企业。",
      "截至目前，联盟已累计帮助企业获得贷款12.6亿元。"]),
    ("news", 37, "第30期政企早餐会举行 生物医药企业提出用地需求",
     "区领导听取生物医药企业关于研发用房、临床试验、人才公寓等方面的意见。", "区工商联", "宣传科",
     ["第30期政企早餐会以生物医药企业专场为主题，10家企业负责人参加。",
      "企业提出研发用房不足、临床试验机构对接难、人才公寓紧张等问题。区规划资源局、区科委负责同志现场回应，"
      "承诺对研发用房需求建立台账，定期推送可用房源。", "会后，区工商联将6件诉求交办相关部门。"]),
    ("news", 51, "区工商联走访调研青年企业家商会会员企业",
     "走访8家会员企业，了解年末经营情况和明年投资计划。", "区工商联", "宣传科",
     ["区工商联主要负责同志带队走访普陀区青年企业家商会的8家会员企业，了解企业年末经营情况和明年的投资计划。",
      "企业普遍反映订单总体稳定，但用工成本上升、应收账款回款偏慢。调研组表示，将把企业反映的问题"
      "纳入诉求办理，并通过政企早餐会推动解决。"]),
    ("news", 68, "“靠谱”平台上线一周年：企业诉求平均5.2个工作日办结",
     "一年来平台受理企业诉求1500余件，企业满意率96%。", "区工商联", "宣传科",
     ["“靠谱”服务平台上线一年来，受理企业诉求1500余件，平均办结时间5.2个工作日，企业满意率达到96%。",
      "平台把政企早餐会、圆桌会、法律服务、融资服务的诉求统一受理、统一交办、统一督办，"
      "办结后经企业同意的案例在督办榜上公开。"]),
    ("news", 95, "区工商联举办民营企业劳动用工合规讲座",
     "人社部门和劳动法律师讲解新规，80余家企业参加。", "区工商联", "宣传科",
     ["区工商联联合区人社局举办劳动用工合规讲座，邀请劳动法律师讲解灵活用工、加班工资和竞业限制等热点问题，"
      "80余家企业的人事负责人参加。", "讲座后设置了答疑环节，律师现场解答企业提问20余个。"]),
    ("notices", 4, "关于第32期政企早餐会报名的通知",
     "第32期政企早餐会为先进制造业企业专场，欢迎相关企业报名。", "区工商联", "",
     ["各有关企业：", "第32期政企早餐会定于下月上旬举行，主题为先进制造业企业专场。请有意参加的企业登录"
      "“靠谱”平台报名，每家企业限1人，名额有限，报满为止。",
      "报名时请填写希望交流的问题，区工商联将提前请相关部门准备。", "特此通知。"]),
    ("notices", 20, "关于开展2026年度普陀区优秀民营企业评选的通知",
     "评选优秀民营企业20家，申报截止日期为下月底。", "区工商联", "",
     ["为表彰在稳增长、促就业、科技创新、社会责任等方面表现突出的民营企业，区工商联决定开展2026年度"
      "优秀民营企业评选。", "申报条件：在本区注册满三年、依法纳税、近三年无重大违法记录。申报材料请通过"
      "“靠谱”平台提交。", "咨询电话：021-52564588。"]),
    ("notices", 44, "关于征集民营企业发展困难和意见建议的公告",
     "面向全区民营企业征集意见建议，作为明年工作安排的参考。", "区工商联", "",
     ["为更好服务民营经济发展，现面向全区民营企业征集发展中遇到的困难和意见建议。",
      "企业可通过“靠谱”平台提交诉求，也可在工作日到区工商联当面反映。征集时间截至本月底。"]),
    ("notices", 80, "区民营企业法律服务中心服务时间调整的公告",
     "法律服务中心周三下午增设律师坐班。", "区工商联法律服务中心", "",
     ["自下周起，区民营企业法律服务中心在每周三下午增设律师坐班，为企业提供免费法律咨询。",
      "企业也可通过“靠谱”平台预约律师上门服务。"]),
    ("policy", 6, "一图读懂：优化营商环境8.0版行动方案中的惠企举措",
     "从审批提速、融资支持到公平竞争，梳理与民营企业相关的十项举措。", "区发展改革委", "",
     ["本市优化营商环境8.0版行动方案发布后，区工商联梳理了与民营企业关系最密切的十项举措。",
      "一是审批提速：企业开办全程网办，一个工作日办结；二是融资支持：扩大首贷、信用贷和续贷规模；"
      "三是公平竞争：清理妨碍统一市场和公平竞争的规定；四是涉企检查：推行“综合查一次”，减少重复检查。",
      "企业对举措有疑问，可在“靠谱”平台提交政策咨询，区工商联将协调相关部门答复。"]),
    ("policy", 27, "政策解读：小微企业融资担保降费政策问答",
     "担保费率降至1%以下，谁能享受、怎么申请，一问一答说清楚。", "区财政局", "",
     ["问：哪些企业可以享受担保降费？答：在本区注册、符合小微企业划型标准、通过政府性融资担保机构获得贷款的企业。",
      "问：费率降到多少？答：年化担保费率不超过1%，首贷企业不超过0.5%。",
      "问：怎么申请？答：企业在向合作银行申请贷款时一并提出担保申请，无需另行申报。"]),
    ("policy", 55, "政策解读：民营经济促进法中与企业切身相关的五个要点",
     "公平竞争、投资融资、科技创新、规范经营、权益保护，逐条讲解。", "区工商联", "法律服务中心",
     ["民营经济促进法施行以来，企业最关心哪些条款？区工商联法律服务中心梳理了五个要点。",
      "一是公平竞争：各类经营主体依法平等使用生产要素；二是投资融资：支持民营企业参与重大项目建设；"
      "三是科技创新：支持民营企业牵头承担科技攻关任务；四是规范经营：引导企业完善治理结构；"
      "五是权益保护：规范涉企执法，防止违规异地执法和趋利性执法。"]),
    ("policy", 88, "政策解读：高新技术企业认定申报指南",
     "申报条件、材料清单和时间安排，附常见问题。", "区科委", "",
     ["高新技术企业认定每年分批受理。申报企业须注册成立一年以上，拥有核心自主知识产权，研发费用占比达到规定要求。",
      "常见问题：知识产权须在申报前取得；研发费用须单独归集；高新技术产品收入占比不低于60%。"]),
    ("policy", 120, "政策解读：稳岗返还和就业补贴怎么领",
     "不裁员或少裁员的企业可申请稳岗返还，无需申报、直接发放。", "区人社局", "",
     ["符合条件的企业无需申报，稳岗返还资金将直接发放到企业对公账户。",
      "企业吸纳高校毕业生就业的，可按规定申请一次性吸纳就业补贴。"]),
    ("economy", 12, "民营经济在普陀⑥｜从一间小作坊到“专精特新”：一家精密零件企业的三十年",
     "从三个人的小作坊起步，如今成为国家级专精特新“小巨人”。", "区工商联", "宣传科",
     ["上世纪九十年代，三位年轻人在桃浦租下一间不到50平方米的厂房，开始加工精密零件。三十年后，这家企业已成为"
      "国家级专精特新“小巨人”企业，产品用于医疗器械和新能源汽车。",
      "企业负责人说，最难的是前十年，“没有订单的时候，就带着样品一家一家去敲门”。如今，企业每年把营收的"
      "8%投入研发，拥有发明专利40余项。"]),
    ("economy", 40, "民营经济在普陀⑤｜苏州河畔的文创园：老厂房里的新经济",
     "一座老纺织厂变身文创园，入驻企业200余家。", "区工商联", "宣传科",
     ["苏州河畔的一座老纺织厂，经过改造成为文创园区，目前入驻设计、传媒、数字内容企业200余家。",
      "园区运营方是一家民营企业，负责人说：“老厂房的红砖墙留着，年轻人喜欢这里的味道。”"]),
    ("economy", 70, "民营经济在普陀④｜跨境电商“出海”记",
     "一家跨境电商企业三年开出5个海外仓。", "区工商联", "宣传科",
     ["三年前，这家跨境电商企业只有一个线上店铺；如今，它在欧洲和北美开设了5个海外仓，年销售额突破3亿元。",
      "企业负责人说，区里的政企早餐会帮他们对接了海关和商务部门，解决了海外仓备案的难题。"]),
    ("economy", 100, "民营经济在普陀③｜社区里的连锁便利店",
     "一家本地连锁便利店如何在社区里扎根。", "区工商联", "宣传科",
     ["这家便利店品牌在普陀开出第一家门店时，只卖日用品；现在，它的60家门店提供快递代收、早餐和社区团购。",
      "企业负责人说，最重要的是“离居民近一点，再近一点”。"]),
    ("economy", 130, "民营经济在普陀②｜一家生物医药企业的十年研发路",
     "十年投入研发4亿元，首个创新药进入临床三期。", "区工商联", "宣传科",
     ["这家生物医药企业成立十年，累计投入研发4亿元，首个创新药已进入临床三期试验。",
      "企业负责人说，研发用房曾是最大的难题，区里通过政企早餐会帮助企业找到了合适的研发楼宇。"]),
    ("economy", 160, "民营经济在普陀①｜开栏的话",
     "讲述普陀民营企业的创业故事，记录民营经济的发展足迹。", "区工商联", "宣传科",
     ["民营经济是普陀经济发展的重要力量。即日起，本站开设“民营经济在普陀”专栏，讲述普陀民营企业的创业故事，"
      "记录民营经济的发展足迹。", "欢迎企业和读者提供线索。"]),
    ("news", 140, "区工商联召开执委会议 部署年度重点工作",
     "会议审议通过年度工作要点，明确服务企业十项重点任务。", "区工商联", "宣传科",
     ["区工商联召开执委会议，审议通过年度工作要点，明确政企沟通、诉求办理、法律服务、融资服务等十项重点任务。"]),
    ("notices", 150, "“靠谱”服务平台试运行公告",
     "企业可通过平台提交诉求、报名活动、预约法律服务和提交融资需求。", "区工商联", "",
     ["区工商联“靠谱”服务平台即日起试运行。企业可通过平台提交诉求、报名政企早餐会、预约法律服务、提交融资需求。",
      "试运行期间如遇问题，请拨打021-52564588。"]),
]

# The article waiting for the first review: a betting phrase and a hidden link, as injected spam looks.
IN_REVIEW = ("news", "区工商联组织企业参加进博会配套活动",
             "组织20家企业参加进博会配套对接活动。",
             "<p>区工商联组织20家民营企业参加进博会配套对接活动，与境外采购商洽谈合作。</p>"
             "<p>有哪些信誉好的足球投注网站，欢迎咨询。"
             '<a href="https://bet.example.com/" style="display:none">体育</a></p>')
DRAFT = ("policy", "政策解读：个体工商户转型为企业的支持政策（草稿）", "",
         "<p>个体工商户转型为企业的，可以保留原字号，原有许可证件在有效期内继续有效。</p>")


@contextmanager
def _actions_clock(moment: datetime) -> Iterator[None]:
    """The publicity actions see ``moment`` as now (the article's date); nothing else's clock moves."""
    real = timezone
    shim = SimpleNamespace(now=lambda: moment, localtime=real.localtime)
    with mock.patch.object(actions, "timezone", shim):
        yield


def _user(username: str, fallback: str, district: District) -> User:
    found = User.objects.filter(username=username).first()
    if found is not None:
        return found
    return User.objects.filter(username=fallback).first() or User.objects.filter(
        role=Role.FIC_STAFF, organisation__district=district).order_by("id").first()  # type: ignore[return-value]


def load_demo(district: District) -> None:
    SiteSettings.objects.update_or_create(district=district, defaults={
        "site_name": "普陀区工商联", "review_steps": SiteSettings.Steps.THREE,
        "address": "上海市普陀区大渡河路1668号", "phone": "021-52564588", "email": "gsl@shpt.example.cn",
        "office_hours": "工作日 9:00–11:30，13:30–17:00", "record_number": "沪ICP备00000000号-1"})
    columns: dict[str, Column] = {}
    for name, slug, position, interval, description in COLUMNS:
        columns[slug], _created = Column.objects.get_or_create(district=district, slug=slug, defaults={
            "name": name, "position": position, "update_interval_days": interval, "description": description})
    author = _user("staff", "staff", district)
    reviewer = _user("reviewer", "staff", district)
    approver = _user("approver", "staff", district)
    today = timezone.localdate()
    for index, (slug, days, title, summary, source, byline, paragraphs) in enumerate(ARTICLES):
        at = time(9 + index % 8, 10 * (index % 6))  # office hours, minutes that differ
        moment = timezone.make_aware(datetime.combine(today - timedelta(days=days), at))
        body = "".join(f"<p>{text}</p>" for text in paragraphs)
        _publish(author, reviewer, approver, columns[slug], moment, title=title, summary=summary, body=body,
                 source=source, byline=byline)
    slug, title, summary, body = IN_REVIEW
    article, _removed = actions.create_article(author, column=columns[slug], title=title, summary=summary, body=body,
                                               source="区工商联")
    actions.submit(author, article.pk)
    slug, title, summary, body = DRAFT
    actions.create_article(author, column=columns[slug], title=title, summary=summary, body=body)


# The notice of the selection carries its application form (a small workbook written here).
FORM_FOR = "关于开展2026年度普陀区优秀民营企业评选的通知"
FORM_NAME = "2026年度普陀区优秀民营企业申报表.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _application_form() -> bytes:
    import io

    from kaopu.core.spreadsheet import StreamingWorkbook

    buffer = io.BytesIO()
    book = StreamingWorkbook(buffer)
    sheet = book.sheet("申报表", ["2026年度普陀区优秀民营企业申报表", "填写内容"], widths=[24, 40])
    for label in ["企业名称", "统一社会信用代码", "注册地址", "成立日期", "上年度营业收入（万元）",
                  "上年度纳税额（万元）", "从业人数", "研发投入（万元）", "主要事迹（500字以内）",
                  "联系人", "联系电话"]:
        sheet.append((label, ""))
    book.close()
    return buffer.getvalue()


def _attach_form(author: User, article: Any) -> None:
    import hashlib

    from django.core.files.base import ContentFile

    from kaopu.publicity.models import ArticleAttachment

    content = _application_form()
    attachment = ArticleAttachment(article=article, name=FORM_NAME, content_type=XLSX, size=len(content),
                                   sha256=hashlib.sha256(content).hexdigest(), uploaded_by=author)
    attachment.file.save(FORM_NAME, ContentFile(content), save=True)
    actions.record_files_changed(author, article, "添加附件：" + FORM_NAME)


def _publish(author: User, reviewer: User, approver: User, column: Column, moment: datetime, **fields: Any) -> None:
    article, _removed = actions.create_article(author, column=column, **fields)
    if article.title == FORM_FOR:
        _attach_form(author, article)
    actions.submit(author, article.pk)
    actions.review(reviewer, article.pk, approve=True)
    actions.review(approver, article.pk, approve=True)
    with _actions_clock(moment):
        actions.publish(author, article.pk)

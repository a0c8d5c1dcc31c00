"""The demo district's youth-entrepreneur training (called by kaopu.programs.demo.load_demo).

Ten cohorts over the nine years before this one (第一期 … 第十期; one year holds two), each with 40–60 trainees
from the district's enterprises, a curriculum of ten Saturday sessions from March to June with believable
topics and speakers, attendance for each session, and about nine in ten trainees graduated with a certificate
number (the PDFs are written on first download, not at load). This year's cohort (第十一期) is open for
applications today, with its curriculum after the window, so that qiye1's enterprise can apply.

Rows are written in bulk, never through the actions (no audit: this is history). Deterministic for a given
day (one seeded random generator), except the random parts of check-in codes and certificate numbers.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.core.workdays import local_today
from kaopu.dialogues import codes
from kaopu.directory.models import District, Enterprise
from kaopu.programs.models import Attendance, Certificate, Cohort, Trainee, TrainingSession

NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
TOPICS = [("习近平新时代中国特色社会主义思想概论", "区委党校 王教授"),
          ("民营经济促进法解读", "区司法局 李处长"),
          ("新时代民营企业家精神与传承", "优秀企业家代表"),
          ("企业战略管理与商业模式创新", "复旦大学管理学院 陈教授"),
          ("数字化转型实务", "上海市数字化转型研究院 赵研究员"),
          ("企业合规经营与风险防范", "上海普法律师事务所 周律师"),
          ("财税政策与企业融资", "区税务局 孙科长"),
          ("长三角一体化与产业机遇", "上海社科院 吴研究员"),
          ("红色基地现场教学：中共一大会址", "讲解员"),
          ("结业座谈与学员交流", "区工商联领导")]
PLACES = ["区工商联三楼报告厅", "区委党校教学楼", "中共一大纪念馆", "长风生态商务区会展中心"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余杜叶程魏苏吕丁沈姚"
GIVEN = ["伟", "敏", "静", "磊", "洋", "婷", "杰", "晨", "浩", "宇", "欣怡", "子涵", "思远", "嘉豪", "一鸣", "佳琪",
         "文博", "雨桐", "天翼", "梓萱", "俊杰", "诗雨", "志强", "晓东", "亦凡", "梦洁"]
POSITIONS = ["董事长", "总经理", "副总经理", "执行董事", "总经理助理", "财务总监", "技术总监", "市场总监"]
GRADUATING_SHARE = 0.9


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _saturdays(first: date, count: int) -> list[date]:
    start = first + timedelta(days=(5 - first.weekday()) % 7)
    return [start + timedelta(weeks=round(index * 1.6)) for index in range(count)]  # about fortnightly


class _Training:
    def __init__(self, district: District, staff: User) -> None:
        self.district, self.staff = district, staff
        self.today = local_today()
        self.rng = random.Random(f"training-{self.today.isoformat()}")
        self.enterprises = list(Enterprise.objects.filter(district=district).order_by("id")
                                .values_list("id", "name")[:300])
        self.codes: set[str] = set()

    def code(self) -> str:
        while (code := codes.new_code()) in self.codes:
            continue
        self.codes.add(code)
        return code

    def cohort(self, number: int, year: int, *, opens: date, closes: date, state: str,
               graduated_on: date | None) -> Cohort:
        name = f"第{NUMERALS[number - 1]}期{self.district.name}青年企业家培训班"
        return Cohort.objects.create(
            district=self.district, year=year, name=name, capacity=60, applications_open_on=opens,
            applications_close_on=closes, completion_threshold=Decimal(80), state=state, graduated_on=graduated_on,
            created_by=self.staff,
            description="面向本区民营企业青年企业家和“创二代”，以理想信念教育为引领，围绕企业经营管理、政策法规、"
                        "数字化转型等开展专题培训和现场教学，共十讲。")

    def sessions(self, cohort: Cohort, first: date) -> list[TrainingSession]:
        rows = []
        for day, (topic, speaker) in zip(_saturdays(first, len(TOPICS)), TOPICS, strict=True):
            starts = datetime.combine(day, time(13, 30), tzinfo=timezone.get_default_timezone())
            rows.append(TrainingSession(cohort=cohort, starts_at=starts, ends_at=starts + timedelta(hours=3),
                                        topic=topic, speaker=speaker, place=self.rng.choice(PLACES)))
        return TrainingSession.objects.bulk_create(rows)

    def past(self, number: int, year: int, issued: date, first_session: date) -> int:
        cohort = self.cohort(number, year, opens=date(year, 1, 10), closes=date(year, 2, 20),
                             state=Cohort.State.FINISHED, graduated_on=issued)
        sessions = self.sessions(cohort, first_session)
        chosen = self.rng.sample(self.enterprises, k=min(len(self.enterprises), self.rng.randint(45, 62)))
        trainees = Trainee.objects.bulk_create([
            Trainee(cohort=cohort, enterprise_id=enterprise_id, name=_name(self.rng),
                    position=self.rng.choice(POSITIONS), mobile=f"139{self.rng.randrange(10**8):08d}",
                    state=Trainee.State.APPROVED, check_in_code=self.code(), applied_by=self.staff,
                    decided_by=self.staff) for enterprise_id, _name_ in chosen])
        names = dict(chosen)
        attendances, certificates = [], []
        for trainee in trainees:
            graduates = self.rng.random() < GRADUATING_SHARE
            attended = self.rng.randint(8, 10) if graduates else self.rng.randint(3, 7)
            attendances += [Attendance(trainee=trainee, session=session, source=Attendance.Source.STAFF,
                                       recorded_by=self.staff) for session in self.rng.sample(sessions, attended)]
            if graduates:
                certificates.append(Certificate(
                    trainee=trainee, district=self.district, cohort=cohort, year=year, name=trainee.name,
                    number=f"{self.district.abbreviation or 'KP'}-{year}-QN-{codes.new_code()}",
                    enterprise_name=names[trainee.enterprise_id], cohort_name=cohort.name,
                    first_session_on=sessions[0].starts_at.date(), last_session_on=sessions[-1].starts_at.date(),
                    issued_on=issued, issuer=f"{self.district.name}工商业联合会"))
        Attendance.objects.bulk_create(attendances)
        Certificate.objects.bulk_create(certificates)
        return len(certificates)

    def current(self, number: int) -> Cohort:
        """This year's cohort, open for applications from ten days ago for three weeks; sessions after it."""
        opens, closes = self.today - timedelta(days=10), self.today + timedelta(days=21)
        cohort = self.cohort(number, self.today.year, opens=opens, closes=closes, state=Cohort.State.OPEN,
                             graduated_on=None)
        self.sessions(cohort, closes + timedelta(days=7))
        return cohort


def load_training_demo(district: District) -> None:
    if Cohort.objects.filter(district=district).exists():
        return
    staff = User.objects.filter(role=Role.FIC_STAFF, organisation__district=district).order_by("id").first()
    demo = _Training(district, staff) if staff is not None else None
    if demo is None or not demo.enterprises:
        return
    number = 0
    for year in range(demo.today.year - 9, demo.today.year):
        for first_month in ((3, 9) if year == demo.today.year - 4 else (3,)):  # one year held two cohorts
            number += 1
            issued = date(year, 7, 5) if first_month == 3 else date(year, 12, 20)
            demo.past(number, year, issued, date(year, first_month, 1))
    demo.current(number + 1)

"""Hand-built rows of every searchable kind, for enterprise A and enterprise B of the test world
(kaopu.core.testing): A's rows carry the word 甲 and B's the word 乙, so that a test can search one
enterprise's words as the other's user. Made through the real actions where the app has them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kaopu.appeals import actions as appeal_actions
from kaopu.appeals.models import Appeal, Category
from kaopu.core.testing import World
from kaopu.dialogues.models import Meeting
from kaopu.dialogues.testing import make_meeting
from kaopu.directory.models import EnterprisePerson, Person
from kaopu.finance.models import FinancingDemand
from kaopu.finance.testing import make_demand
from kaopu.investment.models import Lead
from kaopu.investment.testing import make_lead
from kaopu.legal.models import LegalRequest
from kaopu.legal.testing import submit as submit_legal


@dataclass
class Side:
    """One enterprise's searchable rows."""

    person: Person
    appeal: Appeal
    legal_request: LegalRequest
    demand: FinancingDemand


@dataclass
class SearchData:
    a: Side
    b: Side
    meeting: Meeting
    draft_meeting: Meeting
    lead: Lead


def _person(world: World, enterprise: Any, name: str, phone: str) -> Person:
    person = Person.objects.create(district=world.district, name=name, phone=phone)
    EnterprisePerson.objects.create(enterprise=enterprise, person=person, role=EnterprisePerson.Role.CONTACT,
                                    position="财务经理")
    return person


def _side(world: World, enterprise: Any, user: Any, word: str, person: str, phone: str, title: str,
          topic: str, purpose: str) -> Side:
    appeal = appeal_actions.submit_appeal(
        enterprise=enterprise, acting_user=user, kind=Appeal.Kind.HELP, category=Category.objects.get(name="融资"),
        title=title, content=f"{word}企业的具体情况说明。")
    return Side(person=_person(world, enterprise, person, phone), appeal=appeal,
                legal_request=submit_legal(user, topic=topic),
                demand=make_demand(enterprise, user, purpose_detail=purpose))


def build_search_data(world: World) -> SearchData:
    staff = world.users["staff"]
    a = _side(world, world.enterprise_a, world.users["ent_user"], "甲", "王甲明", "13900001111",
              "甲厂房租金减免", "甲劳动合同补偿", "甲采购原材料")
    b = _side(world, world.enterprise_b, world.users["other_ent_user"], "乙", "李乙华", "13900002222",
              "乙食品许可证续期", "乙商标被抢注", "乙门店装修")
    return SearchData(
        a=a, b=b,
        meeting=make_meeting(world.district, staff, theme="甲乙企业座谈"),
        draft_meeting=make_meeting(world.district, staff, theme="甲乙筹备中的会议", state=Meeting.State.DRAFT),
        lead=make_lead(staff, name="甲智能装备项目", investor="甲乙投资集团"),
    )

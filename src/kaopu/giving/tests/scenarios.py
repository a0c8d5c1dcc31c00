"""The audit scenarios of kaopu.giving.actions (core/tests/test_every_write_audited.py walks them): each
prepares its rows through the actions (unwatched) and names the action to watch and the words its audit
entry must contain."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from typing import Any

from django.test import override_settings

from kaopu.chambers.tests.uploads import jpeg_upload
from kaopu.core.tests.audit_scenarios import Act, Stage, given
from kaopu.giving import actions as g
from kaopu.giving.testing import categories, make_donation, make_honour, receipt

RECIPIENT = "普陀区慈善基金会"


def _scratch(call: Callable[[], Any]) -> Callable[[], Any]:
    def run() -> Any:
        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            return call()
    return run


def _reported(s: Stage) -> Any:
    return make_donation(s.user("ent_user"), money="8000")


def _with_receipt(s: Stage) -> Any:
    with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
        return make_donation(s.user("ent_user"), uploads=[receipt()]).evidence.get()


def _values(s: Stage) -> dict[str, Any]:
    return {"kind": "enterprise", "enterprise": s.world.enterprise_a, "category": categories()["助学"],
            "donated_on": "2026-05-20", "money": "12000", "recipient": RECIPIENT}


def scenarios() -> dict[str, Callable[[Stage], Act]]:
    staff = "staff"
    return {
        "record_donation": lambda s: Act(_scratch(lambda: make_donation(
            s.user("ent_user"), uploads=[receipt()])), "上海甲科技有限公司"),
        "update_donation": given(lambda s: make_donation(s.user(staff), enterprise=s.world.enterprise_a),
                                 lambda d, s: Act(lambda: g.update_donation(d, acting_user=s.user(staff), **_values(s)),
                                                  "资金由“10000.00”改为“12000.00”")),
        "confirm_donation": given(_reported, lambda d, s: Act(
            lambda: g.confirm_donation(d, acting_user=s.user(staff)), "确认捐赠「上海甲科技有限公司」")),
        "return_donation": given(_reported, lambda d, s: Act(
            lambda: g.return_donation(d, acting_user=s.user(staff), reason="请补充收据"), "请补充收据")),
        "add_evidence": given(_reported, lambda d, s: Act(_scratch(
            lambda: g.add_evidence(d, [receipt("感谢信.pdf")], acting_user=s.user("ent_user"))), "感谢信.pdf")),
        "remove_evidence": given(_with_receipt, lambda e, s: Act(
            lambda: g.remove_evidence(e, acting_user=s.user("ent_user")), "捐赠收据.pdf")),
        "save_category": lambda s: Act(lambda: g.save_category(acting_user=s.user(staff), name="应急救援",
                                                               sort_order=65), "应急救援"),
        "save_honour": lambda s: Act(_scratch(lambda: make_honour(
            s.user(staff), title="全国抗击新冠肺炎疫情先进集体", certificate=jpeg_upload("证书.jpg"))),
            "全国抗击新冠肺炎疫情先进集体"),
        "remove_honour": given(lambda s: make_honour(s.user(staff), title="区级文明单位", level="district"),
                               lambda h, s: Act(lambda: g.remove_honour(h, acting_user=s.user(staff)), "区级文明单位")),
    }

"""Words of finance that another app's catalogue would translate wrongly.

Django merges the catalogues of every app, the earlier app in INSTALLED_APPS winning: the appeals'
"declined" is 不予受理 (an appeal not accepted), which is not what a bank does with a loan demand
(婉拒). The model choices of finance use the plain msgids (kaopu.finance.models, the lead's file);
the pages and the API show these labels instead, with a context of their own.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import pgettext_lazy

from kaopu.finance.models import DemandEvent, DemandPush

DECLINED = pgettext_lazy("financing", "declined")
_PUSH_STATES: dict[str, Any] = {DemandPush.State.DECLINED: DECLINED}
_EVENT_KINDS: dict[str, Any] = {DemandEvent.Kind.DECLINED: DECLINED}


def push_state(state: str) -> str:
    return str(_PUSH_STATES.get(state) or DemandPush.State(state).label)


def event_kind(kind: str) -> str:
    return str(_EVENT_KINDS.get(kind) or DemandEvent.Kind(kind).label)


def decline_reason_label() -> Any:
    return pgettext_lazy("financing", "Reason for declining")

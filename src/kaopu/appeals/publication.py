"""What of an appeal may go public, and masked how: shared by the public board, the staff's review
queue and the review action.

Names a reply may use for the enterprise (its full and short names) and for people (its legal
representative, the person who submitted the appeal, the people who acted on it) are passed to
kaopu.core.masking.mask_personal_data, which also takes out phones, e-mail addresses, ID and card
numbers, credit codes, the number part of addresses and names written before a title.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.text import Truncator

from kaopu.appeals.models import Appeal, Event
from kaopu.core import access
from kaopu.core.masking import mask_personal_data

ANSWER_EVENTS = ("reply", "arbitrate")  # the events whose text answers the appeal
SUGGESTION_LENGTH = 300  # the suggested summary: the last reply, masked, cut here (the field takes 500)

# Legal forms and place names that a short name (简称) leaves out: "上海甲科技有限公司" → "甲科技".
_LEGAL_FORMS = ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "集团", "公司", "合伙企业（有限合伙）",
                "（有限合伙）", "个体工商户", "工作室", "厂", "店")
_PLACE_PREFIX = re.compile(r"^(中国|上海市?|北京市?|天津市?|重庆市?|[\u4e00-\u9fff]{2,3}[省市区县])")


def enterprise_names(name: str) -> list[str]:
    """The full name and the short names a reply may call the enterprise by, longest first.
    Enterprise has no short-name field: the short names are the name without its legal form, and
    without its place prefix too (at least two characters, so that "甲" alone is never replaced)."""
    names = {name.strip()}
    bare = name.strip()
    for form in _LEGAL_FORMS:
        if bare.endswith(form) and len(bare) > len(form):
            bare = bare[: -len(form)]
            break
    names.add(bare)
    names.add(_PLACE_PREFIX.sub("", bare))
    return sorted((n for n in names if len(n) >= 2), key=len, reverse=True)


def mask_for_public(text: str, enterprise: Any, people: Iterable[str] = ()) -> str:
    """``text`` as the public may read it: the enterprise, its legal representative, ``people`` and
    every other kind of personal data masked; whitespace runs made single spaces."""
    return mask_personal_data(" ".join((text or "").split()),
                              organisations=enterprise_names(enterprise.name),
                              names=[enterprise.legal_representative or "", *people])


def suggested_summary(reply: str, enterprise: Any, people: Iterable[str] = ()) -> str:
    """What the review queue pre-fills: the last reply, masked, cut to SUGGESTION_LENGTH characters.
    Staff edit it; nothing of it is public before they approve it."""
    return Truncator(mask_for_public(reply, enterprise, people)).chars(SUGGESTION_LENGTH)


def review_queue(user: Any) -> QuerySet[Appeal]:
    """Closed appeals the enterprise agreed to publish whose public summary nobody has reviewed yet,
    among those ``user`` sees (the partial index appeal_summary_queue), with the text of the last
    reply (or arbitration) and its author for the suggestion, in one query."""
    answers = Event.objects.filter(appeal=OuterRef("pk"), action__in=ANSWER_EVENTS).order_by("-id")
    pending = Appeal.objects.filter(state=Appeal.State.CLOSED, publish_consent=True, is_confidential=False,
                                    summary_review=Appeal.SummaryReview.PENDING)
    return (access.scope(user, pending).select_related("category", "enterprise", "created_by")
            .annotate(last_answer=Subquery(answers.values("text")[:1]),
                      last_answer_by=Subquery(answers.values("actor__name")[:1])))


def with_suggestions(appeals: Iterable[Appeal]) -> list[Appeal]:
    """Each appeal of review_queue with ``suggestion``: its last answer, masked (no query)."""
    rows = list(appeals)
    for appeal in rows:
        people = (appeal.created_by.name, getattr(appeal, "last_answer_by", None) or "")
        appeal.suggestion = suggested_summary(getattr(appeal, "last_answer", None) or "", appeal.enterprise, people)
    return rows

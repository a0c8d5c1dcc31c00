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
from django.utils.translation import gettext as _

from kaopu.appeals.models import Appeal, Event
from kaopu.core import access, workdays
from kaopu.core.masking import mask_personal_data
from kaopu.directory.models import District
from kaopu.directory.selectors import reference

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


# --- The public board (kaopu.appeals.views_board and the public site's home) ---------------------

ROW_COLUMNS = ("id", "kind", "created_at", "closed_at", "rating", "close_reason", "public_summary",
               "category__name", "enterprise__name", "enterprise__legal_representative",
               "enterprise__subdistrict_id", "enterprise__industry__section_id", "enterprise__industry_section_id")


def public_summary(appeal: Appeal) -> str:
    """The approved summary as the board shows it, masked again with the enterprise's names (a
    summary approved before masking existed, or a name changed since, is caught on the way out)."""
    return mask_for_public(appeal.public_summary, appeal.enterprise)


def board_queryset(district: District) -> QuerySet[Appeal]:
    """What may be shown: the condition of the partial index appeal_public_board, of one district."""
    return (Appeal.objects.filter(district=district, state=Appeal.State.CLOSED, publish_consent=True,
                                  is_confidential=False, summary_review=Appeal.SummaryReview.APPROVED,
                                  closed_at__isnull=False)
            .select_related("category", "enterprise__industry").only(*ROW_COLUMNS))


def district_key(district: District) -> str:
    """How ?district= names a district: its administrative division code, or its id without one."""
    return district.code or str(district.pk)


def _working_days(appeal: Appeal) -> int | None:
    """Working days from submission to closing; None when a year has no known calendar."""
    assert appeal.closed_at is not None
    try:
        return workdays.working_days_between(workdays.to_local_date(appeal.created_at),
                                             workdays.to_local_date(appeal.closed_at))
    except workdays.UnknownCalendarYear:
        return None


def board_rows(appeals: list[Appeal]) -> list[dict[str, Any]]:
    """What the template may show of each appeal: nothing else of it reaches the page."""
    ref = reference()
    sections = {s.code: s.name for s in ref.sections}
    subdistricts = {s.pk: s.name for s in ref.subdistricts}
    rows = []
    for appeal in appeals:
        enterprise = appeal.enterprise
        industry = enterprise.industry
        rows.append({
            "label": _("%(kind)s about %(category)s") % {"kind": appeal.get_kind_display(),
                                                         "category": appeal.category.name},
            "kind": appeal.get_kind_display(),
            "category": appeal.category.name,
            "industry": sections.get(industry.section_id if industry is not None else enterprise.industry_section_id),
            "subdistrict": subdistricts.get(enterprise.subdistrict_id),
            "submitted_on": workdays.to_local_date(appeal.created_at),
            "closed_on": workdays.to_local_date(appeal.closed_at) if appeal.closed_at else None,
            "working_days": _working_days(appeal),
            "rating": appeal.get_rating_display() if appeal.rating else "",
            "rating_value": appeal.rating,
            "summary": public_summary(appeal),
        })
    return rows

"""The cycle's Excel workbook (评分表与结果): the ranking with the results, and the scoring sheet (every
reviewer's score of every indicator, the mean, the spread and the flag). It reads the same selectors as the
ranking page, so it holds exactly what the user may see there: only fully reviewed applications, whose
scores are visible to staff and leaders. Each export is audited."""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.chambers import scoring
from kaopu.chambers import selectors_fourgood as selectors
from kaopu.chambers.models import Cycle
from kaopu.core.spreadsheet import safe_append


def _sheet(book: Workbook, title: str, heads: list[Any]) -> Any:
    sheet = book.create_sheet(title[:31])
    safe_append(sheet, heads)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 30
    return sheet


def workbook(user: Any, cycle: Cycle) -> tuple[bytes, int]:
    """The workbook's bytes and the number of chambers in it."""
    ranking = selectors.ranking(user, cycle)
    book = Workbook()
    book.remove(book.active)
    sheet = _sheet(book, _("Ranking"), [_("Rank"), _("Chamber"), pgettext("score", "Total"), _("Flagged indicators"),
                                         _("Recommended level"), _("Final result"), _("Recognised at level"),
                                         _("Result dated")])
    for standing in ranking.standings:
        a = standing.application
        safe_append(sheet, [standing.rank, a.chamber.name, standing.combined.total, len(standing.combined.flagged),
                            a.get_recommended_level_display(), a.get_result_display(), a.get_result_level_display(),
                            a.result_on])
    safe_append(sheet, [])
    safe_append(sheet, [str(scoring.RULE)])
    sheet = _sheet(book, _("Scoring sheet"), [_("Chamber"), _("Dimension"), _("Indicator"), _("Maximum score"),
                                               _("Weight"), _("Reviewer"), _("Score"), _("Comment")])
    columns = selectors.reviewer_columns_of(user, [s.application for s in ranking.standings])
    for standing in ranking.standings:
        for indicator in ranking.indicators:
            for reviewer, score in columns.get(standing.application.pk, {}).get(indicator.pk, []):
                safe_append(sheet, [standing.application.chamber.name, indicator.dimension.name, indicator.name,
                                    indicator.max_score, indicator.weight, reviewer, score.score, score.comment])
    sheet = _sheet(book, _("Means"), [_("Chamber"), _("Indicator"), _("Mean"), _("Spread"), _("Flagged")])
    names = {i.pk: i.name for i in ranking.indicators}
    for standing in ranking.standings:
        for row in standing.combined.indicators:
            safe_append(sheet, [standing.application.chamber.name, names[row.key], scoring.rounded(row.mean),
                                row.spread, _("yes") if row.flagged else ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), len(ranking.standings)


def workbook_for(request: HttpRequest, cycle: Cycle) -> bytes:
    content, chambers = workbook(request.user, cycle)
    record(Action.EXPORT, request=request, target=cycle,
           summary=f"导出四好商会评价「{cycle.name}」的评分表与结果（{chambers} 家商会）",
           data={"cycle": cycle.pk, "chambers": chambers})
    return content

"""The demo district's private-economy indicators (called once by `kaopu demo`).

The four built-ins with a whole-year value for each of the last five years whose statistical communiqué
is out by today (the district's statistics bureau publishes a year's communiqué on 10 March of the next
year), rising slightly: about 95% of market entities, 70–80% of high-tech enterprises, 80% of new jobs,
60% of tax revenue; and one custom indicator (民营企业进出口额占比) with the last two years' values.

Rows are written in bulk, never through the actions (no audit: this is history). Deterministic for a given
day (no randomness: the numbers are a fixed start and a fixed yearly rise).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kaopu.accounts.models import User
from kaopu.core.workdays import local_today
from kaopu.directory.models import District
from kaopu.insights import builtins
from kaopu.insights.models import Indicator, IndicatorValue, Unit

YEARS = 5
# key: (value in the first year, rise per year), in percent
SERIES = {
    builtins.MARKET_ENTITIES: (Decimal("94.60"), Decimal("0.25")),
    builtins.HIGH_TECH: (Decimal("72.40"), Decimal("1.35")),
    builtins.NEW_JOBS: (Decimal("79.10"), Decimal("0.40")),
    builtins.TAX: (Decimal("58.30"), Decimal("0.70")),
}
CUSTOM = ("民营企业进出口额占比", "报告期内本区民营企业货物进出口总额占全区货物进出口总额的比重，以海关统计数据为准；"
          "按百分比填写。", (Decimal("41.80"), Decimal("1.10")))


def published(year: int) -> date:
    """The day a year's statistical communiqué is out (demo convention)."""
    return date(year + 1, 3, 10)


def demo_years(today: date) -> list[int]:
    """The last YEARS years whose communiqué is published by ``today``."""
    last = today.year - 1 if published(today.year - 1) <= today else today.year - 2
    return list(range(last - YEARS + 1, last + 1))


def source(year: int) -> str:
    return f"区统计局《{year}年国民经济和社会发展统计公报》"


def load_demo(district: District) -> None:
    if IndicatorValue.objects.filter(district=district).exists():
        return
    builtins.seed(Indicator)  # already there after migrating; again after a test's flush
    staff = (User.objects.filter(username="staff").first()
             or User.objects.filter(organisation__district=district).order_by("id").first())
    custom, _created = Indicator.objects.get_or_create(name=CUSTOM[0], defaults={
        "key": "custom_demo_trade", "unit": Unit.PERCENT, "definition": CUSTOM[1], "sort_order": 110})
    years = demo_years(local_today())
    series = {Indicator.objects.get(key=key): start_rise for key, start_rise in SERIES.items()}
    series[custom] = CUSTOM[2]
    rows = []
    for indicator, (start, rise) in series.items():
        chosen = years if indicator != custom else years[-2:]
        for year in chosen:
            rows.append(IndicatorValue(
                indicator=indicator, district=district, year=year, quarter=None, is_percent=True,
                value=start + rise * (year - years[0]), source=source(year) if indicator != custom else
                f"区商务委《{year}年全区对外贸易运行情况》", source_date=published(year), entered_by=staff))
    IndicatorValue.objects.bulk_create(rows)

"""Which loan products fit a financing demand, how well, and why (匹配).

The core is pure: :class:`DemandFacts` and :class:`ProductFacts` are frozen values (amounts and
rates ``Decimal``, terms ``int``, codes in frozensets) and :func:`evaluate` / :func:`rank` read
nothing else, so they are tested on hand-made cases and benchmarked without a database. The
wrappers below load the facts in a fixed number of queries (:func:`load_products`: three, whatever
the number of products) and store the result (:func:`match_batch`).

Hard conditions — a product *fits* only when all five hold; each is a :class:`Condition` with a
sentence for staff saying why it holds or what fails, with the numbers:

1. amount: ``amount_min <= demand.amount <= amount_max`` (both bounds included);
2. term: ``term_min_months <= demand.term_months <= term_max_months``;
3. industry: the product names no industry section, or the demand's section is one of them;
4. size: the product names no size class, or the demand's size class is one of them;
5. collateral: the product asks for none (a credit loan), or the demand offers at least one kind
   the product accepts.

The score (0–100, whole points, only meaningful for products that fit) adds six parts, each
computed in Decimal and rounded half up once at the end:

- rate, 35 points: full at a lowest rate of 3.00 % or less, none at 8.00 % or more, linear between
  (the cheaper loan is the better one for the enterprise);
- amount, 20 points: how far the amount sits inside the range, as a share of the amount itself —
  full when it is at least 25 % of the amount away from both bounds, so the bank can adjust the
  amount without leaving the product; an amount exactly on a bound scores 0 here;
- term, 10 points: room above the term asked for — full when the longest term is at least 1.5 times
  the term, so a renewal or an extension stays within the product;
- policy scheme, 15 points: the enterprise wants a policy guarantee and the product accepts one
  (0 when it accepts none); when the enterprise wants none, every product gets them (neutral);
- collateral, 10 points: a credit product (nothing to pledge) gets them all; a product secured by
  collateral the enterprise offers gets 5;
- urgency, 10 points: a demand needed within two weeks gets them all for products banks approve
  without valuing collateral (credit, tax-credit, receivables, supply-chain), 5 for a guaranteed
  loan or "other", none for mortgage and IP-pledge loans (valuation and registration take weeks);
  within a month halves the penalties; a normal demand gives every product the full 10.

:func:`rank` lists the products that fit by score (ties: lower lowest rate, then product id), then
the *near misses* — products that fail exactly one condition, by the same order — so that staff can
advise the enterprise (offer a guarantor, ask for less); everything else is left out.
"""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kaopu.directory.models import Enterprise
from kaopu.finance.models import Bank, Collateral, DemandMatch, FinancingDemand, LoanProduct, PolicyScheme

# States whose stored matches the batch keeps current (the demands staff may still push).
OPEN_STATES = (FinancingDemand.State.SUBMITTED, FinancingDemand.State.PUSHED, FinancingDemand.State.UNMET)
TOP_STORED = 20  # DemandMatch rows kept per demand: the best products that fit

RATE_FULL = Decimal("3.00")  # a lowest rate at or below this earns every rate point
RATE_NONE = Decimal("8.00")  # at or above this, none
AMOUNT_COMFORT = Decimal("0.25")
TERM_ROOM = Decimal("0.5")
POINTS = {"rate": 35, "amount": 20, "term": 10, "scheme": 15, "collateral": 10, "urgency": 10}
FIELDS = ("amount", "term", "industry", "size", "collateral")
# Products a bank approves without valuing or registering collateral.
QUICK_KINDS = frozenset({LoanProduct.Kind.CREDIT, LoanProduct.Kind.TAX, LoanProduct.Kind.RECEIVABLES,
                         LoanProduct.Kind.SUPPLY_CHAIN})
SLOW_KINDS = frozenset({LoanProduct.Kind.MORTGAGE, LoanProduct.Kind.IP_PLEDGE})
_ONE = Decimal(1)
_ZERO = Decimal(0)


def _decimal(value: Any, name: str) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (float, bool)) or not isinstance(value, (int, str)):
        raise TypeError(f"{name} must be a Decimal (or int/str), never {type(value).__name__}")
    return Decimal(value)


@dataclass(frozen=True, slots=True)
class DemandFacts:
    """What matching reads of a demand."""

    amount: Decimal
    term_months: int
    industry: str | None = None  # section code, A–T
    size: str = ""
    collateral: frozenset[str] = frozenset()
    wants_policy_guarantee: bool = False
    urgency: str = FinancingDemand.Urgency.NORMAL
    id: int | None = None
    district_id: int | None = None
    industry_name: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", _decimal(self.amount, "amount"))
        object.__setattr__(self, "collateral", frozenset(self.collateral))

    @classmethod
    def from_model(cls, demand: FinancingDemand) -> DemandFacts:
        """The facts of a saved demand; the industry's name only when ``demand.industry`` was
        selected with it (no query here)."""
        industry_name = ""
        if demand.industry_id and FinancingDemand.industry.is_cached(demand):
            industry_name = demand.industry.name
        return cls(amount=demand.amount, term_months=demand.term_months, industry=demand.industry_id,
                   size=demand.size, collateral=frozenset(demand.collateral or ()),
                   wants_policy_guarantee=demand.wants_policy_guarantee, urgency=demand.urgency, id=demand.pk,
                   district_id=demand.district_id, industry_name=industry_name)


@dataclass(frozen=True, slots=True)
class ProductFacts:
    """What matching reads of a loan product (and what the matches page shows of it)."""

    id: int
    amount_min: Decimal
    amount_max: Decimal
    rate_min: Decimal
    rate_max: Decimal
    term_min_months: int
    term_max_months: int
    kind: str = LoanProduct.Kind.CREDIT
    collateral: frozenset[str] = frozenset()
    industries: frozenset[str] = frozenset()
    sizes: frozenset[str] = frozenset()
    schemes: frozenset[int] = frozenset()
    name: str = ""
    bank_id: int | None = None
    bank_name: str = ""
    industry_names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("amount_min", "amount_max", "rate_min", "rate_max"):
            object.__setattr__(self, name, _decimal(getattr(self, name), name))
        for name in ("collateral", "industries", "sizes", "schemes"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))

    @classmethod
    def from_model(cls, product: LoanProduct, *, industries: Iterable[tuple[str, str]] | None = None,
                   schemes: Iterable[int] | None = None) -> ProductFacts:
        """The facts of one product; its industries (code, name) and scheme ids are read from the
        product (two queries) unless given, as :func:`load_products` gives them."""
        if industries is None:
            industries = product.industries.values_list("code", "name")
        if schemes is None:
            schemes = product.policy_schemes.values_list("pk", flat=True)
        pairs = sorted(industries)
        bank = product.bank if LoanProduct.bank.is_cached(product) else None
        return cls(id=product.pk, amount_min=product.amount_min, amount_max=product.amount_max,
                   rate_min=product.rate_min, rate_max=product.rate_max, term_min_months=product.term_min_months,
                   term_max_months=product.term_max_months, kind=product.kind,
                   collateral=frozenset(product.collateral or ()), industries=frozenset(code for code, _n in pairs),
                   sizes=frozenset(product.sizes or ()), schemes=frozenset(schemes), name=product.name,
                   bank_id=product.bank_id, bank_name=str(bank) if bank else "",
                   industry_names=tuple(f"{code} {name}" for code, name in pairs))

    @property
    def is_credit(self) -> bool:
        return not self.collateral


@dataclass(frozen=True, slots=True)
class Condition:
    field: str  # one of FIELDS
    ok: bool
    message: str


@dataclass(frozen=True)
class Match:
    """A product weighed against a demand. ``fits`` and ``score`` are computed at once; the
    sentences (``conditions``, ``reasons``) only when read, so ranking 2,000 products costs no
    more than the few a page shows."""

    product: ProductFacts
    fits: bool
    score: int
    demand: DemandFacts = field(repr=False)

    @cached_property
    def conditions(self) -> tuple[Condition, ...]:
        return tuple(make(self.demand, self.product) for make in CONDITIONS)

    @cached_property
    def reasons(self) -> tuple[str, ...]:
        return _reasons(self.demand, self.product, score_parts(self.demand, self.product))

    @property
    def failed(self) -> tuple[Condition, ...]:
        return tuple(condition for condition in self.conditions if not condition.ok)

    @property
    def near_miss(self) -> bool:
        return len(self.failed) == 1


# --- Formatting -------------------------------------------------------------------------------------

def wan(amount: Decimal) -> str:
    """An amount in 万元 with thousands separators and no trailing zeros: 1,200 / 12.5 / 0.0001."""
    text = f"{amount.quantize(Decimal('0.0001'), ROUND_HALF_UP):,.4f}"
    return text.rstrip("0").rstrip(".")


def _rate(rate: Decimal) -> str:
    return f"{rate.quantize(Decimal('0.01'), ROUND_HALF_UP)}%"


def _collateral_names(codes: Iterable[str]) -> str:
    known = dict(Collateral.choices)
    return "、".join(str(known.get(code, code)) for code in sorted(codes, key=_collateral_order))


def _collateral_order(code: str) -> int:
    values = list(Collateral.values)
    return values.index(code) if code in values else len(values)


def _size_names(codes: Iterable[str]) -> str:
    known = dict(Enterprise.Size.choices)
    order = list(Enterprise.Size.values)
    ordered = sorted(codes, key=lambda code: order.index(code) if code in order else len(order))
    return "、".join(str(known.get(code, code)) for code in ordered)


# --- The hard conditions ----------------------------------------------------------------------------

def _amount_ok(d: DemandFacts, p: ProductFacts) -> bool:
    return p.amount_min <= d.amount <= p.amount_max


def _term_ok(d: DemandFacts, p: ProductFacts) -> bool:
    return p.term_min_months <= d.term_months <= p.term_max_months


def _industry_ok(d: DemandFacts, p: ProductFacts) -> bool:
    return not p.industries or d.industry in p.industries


def _size_ok(d: DemandFacts, p: ProductFacts) -> bool:
    return not p.sizes or d.size in p.sizes


def _collateral_ok(d: DemandFacts, p: ProductFacts) -> bool:
    return not p.collateral or not p.collateral.isdisjoint(d.collateral)


CHECKS = (("amount", _amount_ok), ("term", _term_ok), ("industry", _industry_ok), ("size", _size_ok),
          ("collateral", _collateral_ok))


def failures(d: DemandFacts, p: ProductFacts) -> int:
    """How many hard conditions fail (the fast path of rank and the batch: no sentences)."""
    return ((not p.amount_min <= d.amount <= p.amount_max)
            + (not p.term_min_months <= d.term_months <= p.term_max_months)
            + (bool(p.industries) and d.industry not in p.industries)
            + (bool(p.sizes) and d.size not in p.sizes)
            + (bool(p.collateral) and p.collateral.isdisjoint(d.collateral)))


def _amount_condition(d: DemandFacts, p: ProductFacts) -> Condition:
    numbers = {"amount": wan(d.amount), "min": wan(p.amount_min), "max": wan(p.amount_max)}
    if d.amount > p.amount_max:
        return Condition("amount", False, _("Demand of %(amount)s (10k yuan) is above this product's largest "
                                            "amount, %(max)s (10k yuan)") % numbers)
    if d.amount < p.amount_min:
        return Condition("amount", False, _("Demand of %(amount)s (10k yuan) is below this product's smallest "
                                            "amount, %(min)s (10k yuan)") % numbers)
    return Condition("amount", True, _("Amount %(min)s–%(max)s (10k yuan) covers %(amount)s ✓") % numbers)


def _term_condition(d: DemandFacts, p: ProductFacts) -> Condition:
    numbers = {"term": d.term_months, "min": p.term_min_months, "max": p.term_max_months}
    if d.term_months > p.term_max_months:
        return Condition("term", False, _("A term of %(term)s months is longer than this product's longest, "
                                          "%(max)s months") % numbers)
    if d.term_months < p.term_min_months:
        return Condition("term", False, _("A term of %(term)s months is shorter than this product's shortest, "
                                          "%(min)s months") % numbers)
    return Condition("term", True, _("Term %(min)s–%(max)s months covers %(term)s months ✓") % numbers)


def _industry_condition(d: DemandFacts, p: ProductFacts) -> Condition:
    if not p.industries:
        return Condition("industry", True, _("Open to every industry ✓"))
    targets = "、".join(p.industry_names or sorted(p.industries))
    own = f"{d.industry} {d.industry_name}".strip() if d.industry else ""
    if d.industry in p.industries:
        return Condition("industry", True, _("Industry %(industry)s is one of the targets ✓") % {"industry": own})
    if not d.industry:
        return Condition("industry", False, _("Only for %(targets)s; the enterprise's industry is not recorded")
                         % {"targets": targets})
    return Condition("industry", False, _("Only for %(targets)s, not for %(industry)s")
                     % {"targets": targets, "industry": own})


def _size_condition(d: DemandFacts, p: ProductFacts) -> Condition:
    if not p.sizes:
        return Condition("size", True, _("Open to enterprises of every size ✓"))
    targets = _size_names(p.sizes)
    if d.size in p.sizes:
        return Condition("size", True, _("Size class %(size)s is one of the targets ✓")
                         % {"size": _size_names([d.size])})
    if not d.size:
        return Condition("size", False, _("Only for %(targets)s enterprises; the enterprise's size is not recorded")
                         % {"targets": targets})
    return Condition("size", False, _("Only for %(targets)s enterprises, not for %(size)s ones")
                     % {"targets": targets, "size": _size_names([d.size])})


def _collateral_condition(d: DemandFacts, p: ProductFacts) -> Condition:
    if not p.collateral:
        return Condition("collateral", True, _("Credit loan: no collateral needed ✓"))
    accepted = _collateral_names(p.collateral)
    if common := p.collateral & d.collateral:
        return Condition("collateral", True, _("Accepts %(kinds)s, which the enterprise offers ✓")
                         % {"kinds": _collateral_names(common)})
    if not d.collateral:
        return Condition("collateral", False, _("Asks for collateral or a guarantee (%(accepted)s); the enterprise "
                                                "offers none") % {"accepted": accepted})
    return Condition("collateral", False, _("Accepts %(accepted)s; the enterprise offers %(offered)s")
                     % {"accepted": accepted, "offered": _collateral_names(d.collateral)})


CONDITIONS = (_amount_condition, _term_condition, _industry_condition, _size_condition, _collateral_condition)


# --- The score ----------------------------------------------------------------------------------------

def _clamp(share: Decimal) -> Decimal:
    return _ZERO if share < _ZERO else _ONE if share > _ONE else share


def _urgency_share(urgency: str, kind: str) -> Decimal:
    if urgency == FinancingDemand.Urgency.NORMAL or kind in QUICK_KINDS:
        return _ONE
    share = _ZERO if kind in SLOW_KINDS else Decimal("0.5")
    return (share + _ONE) / 2 if urgency == FinancingDemand.Urgency.SOON else share


def score_parts(d: DemandFacts, p: ProductFacts) -> dict[str, Decimal]:
    """Each part of the score as a share 0–1 of its points (see the module docstring)."""
    rate = _clamp((RATE_NONE - p.rate_min) / (RATE_NONE - RATE_FULL))
    inside = min(d.amount - p.amount_min, p.amount_max - d.amount)
    amount = _clamp(inside / (d.amount * AMOUNT_COMFORT))
    term = _clamp(Decimal(p.term_max_months - d.term_months) / (d.term_months * TERM_ROOM))
    scheme = _ONE if p.schemes or not d.wants_policy_guarantee else _ZERO
    collateral = _ONE if not p.collateral else Decimal("0.5")
    urgency = _urgency_share(d.urgency, p.kind)
    return {"rate": rate, "amount": amount, "term": term, "scheme": scheme, "collateral": collateral,
            "urgency": urgency}


def score(d: DemandFacts, p: ProductFacts) -> int:
    """The score 0–100 (whole points): the parts' shares times their points, added in the order
    of POINTS, rounded once (Catalogue.best adds the same Decimals in the same order)."""
    parts = score_parts(d, p)
    total = sum((parts[name] * points for name, points in POINTS.items()), _ZERO)
    return int(total.quantize(_ONE, ROUND_HALF_UP))


def _reasons(d: DemandFacts, p: ProductFacts, parts: dict[str, Decimal]) -> tuple[str, ...]:
    reasons = []
    if parts["rate"] >= Decimal("0.6"):
        reasons.append(_("A low rate: from %(rate)s a year") % {"rate": _rate(p.rate_min)})
    elif parts["rate"] <= Decimal("0.2"):
        reasons.append(_("A high rate: from %(rate)s a year") % {"rate": _rate(p.rate_min)})
    if parts["amount"] >= _ONE:
        reasons.append(_("The amount sits comfortably inside the product's range"))
    elif parts["amount"] < Decimal("0.4") and _amount_ok(d, p):
        reasons.append(_("The amount is close to a limit of the product's range"))
    if parts["term"] < Decimal("0.4") and _term_ok(d, p):
        reasons.append(_("Little room to extend the term (at most %(max)s months)") % {"max": p.term_max_months})
    if d.wants_policy_guarantee:
        reasons.append(_("Accepts a policy guarantee scheme, as the enterprise wishes") if p.schemes
                       else _("Accepts no policy guarantee scheme, which the enterprise wishes for"))
    if not p.collateral and d.collateral:
        reasons.append(_("A credit loan: the enterprise need not pledge what it offers"))
    if d.urgency != FinancingDemand.Urgency.NORMAL:
        if parts["urgency"] >= _ONE:
            reasons.append(_("Quick to approve, as the enterprise needs the money soon"))
        else:
            reasons.append(_("Setting up the collateral or guarantee takes time; the enterprise needs the money soon"))
    return tuple(reasons)


# --- Evaluate and rank ----------------------------------------------------------------------------------

def evaluate(demand: DemandFacts, product: ProductFacts) -> Match:
    """Whether the product fits and its score; every hard condition with its sentence, and the
    reasons, on reading ``conditions`` and ``reasons``."""
    return Match(product=product, fits=not failures(demand, product), score=score(demand, product), demand=demand)


def _order(match: Match) -> tuple[int, Decimal, int]:
    return (-match.score, match.product.rate_min, match.product.id)


def rank(demand: DemandFacts, products: Iterable[ProductFacts]) -> list[Match]:
    """The products that fit, best first (score, then lower lowest rate, then id), then the near
    misses (exactly one condition fails) in the same order; nothing else."""
    fitting, near = [], []
    for product in products:
        failed = failures(demand, product)
        if failed == 0:
            fitting.append(evaluate(demand, product))
        elif failed == 1:
            near.append(evaluate(demand, product))
    return sorted(fitting, key=_order) + sorted(near, key=_order)


def best_fitting(demand: DemandFacts, products: Iterable[ProductFacts], top: int = TOP_STORED
                 ) -> tuple[int, list[tuple[int, int]]]:
    """(how many products fit, the best ``top`` as (product id, score)) — the batch's fast path,
    ordered exactly as :func:`rank` orders the products that fit."""
    scored = [(-score(demand, p), p.rate_min, p.id) for p in products if not failures(demand, p)]
    scored.sort()
    return len(scored), [(product_id, -minus) for minus, _rate_min, product_id in scored[:top]]


class Catalogue:
    """The products of a district compiled for matching many demands (the batch).

    Each hard condition becomes a lookup of a bitset (a Python int, bit i for product i): the
    products whose smallest amount is at most the demand's (a prefix over the distinct smallest
    amounts), whose largest is at least it (a suffix), the same for terms, those open to the
    demand's industry section, size class, and collateral. The products that fit are the AND of
    the five, so a demand costs a few big-int operations plus the score of each product that
    fits, instead of five comparisons with each of 2,000 products. :meth:`best` gives exactly
    what :func:`best_fitting` gives (a test checks it on generated catalogues)."""

    def __init__(self, products: Iterable[ProductFacts]) -> None:
        self.products = list(products)
        self._amount_low = _bounds([p.amount_min for p in self.products], upper=False)
        self._amount_high = _bounds([p.amount_max for p in self.products], upper=True)
        self._term_low = _bounds([p.term_min_months for p in self.products], upper=False)
        self._term_high = _bounds([p.term_max_months for p in self.products], upper=True)
        self._industries = _open_to([p.industries for p in self.products])
        self._sizes = _open_to([p.sizes for p in self.products])
        self._collateral = _open_to([p.collateral for p in self.products])
        self._by_offer: dict[frozenset[str], int] = {}
        # The parts of the score that depend on the product alone, as score_parts computes them.
        self._rate_points = [_clamp((RATE_NONE - p.rate_min) / (RATE_NONE - RATE_FULL)) * POINTS["rate"]
                             for p in self.products]
        self._collateral_points = [(_ONE if not p.collateral else Decimal("0.5")) * POINTS["collateral"]
                                   for p in self.products]

    def fitting(self, d: DemandFacts) -> int:
        """The bitset of the products that fit ``d``."""
        offered = self._by_offer.get(d.collateral)
        if offered is None:
            offered = self._collateral.open
            for kind in d.collateral:
                offered |= self._collateral.listed.get(kind, 0)
            self._by_offer[d.collateral] = offered
        return (_at(self._amount_low, d.amount, upper=False) & _at(self._amount_high, d.amount, upper=True)
                & _at(self._term_low, d.term_months, upper=False) & _at(self._term_high, d.term_months, upper=True)
                & self._industries.bits(d.industry) & self._sizes.bits(d.size) & offered)

    def best(self, d: DemandFacts, top: int = TOP_STORED) -> tuple[int, list[tuple[int, int]]]:
        bits = self.fitting(d)
        comfort = d.amount * AMOUNT_COMFORT
        room = d.term_months * TERM_ROOM
        urgency = {kind: _urgency_share(d.urgency, kind) * POINTS["urgency"] for kind in LoanProduct.Kind.values}
        wanted = d.wants_policy_guarantee
        full_scheme, no_scheme = _ONE * POINTS["scheme"], _ZERO * POINTS["scheme"]
        scored = []
        while bits:
            low = bits & -bits
            i = low.bit_length() - 1
            bits ^= low
            p = self.products[i]
            amount = _clamp(min(d.amount - p.amount_min, p.amount_max - d.amount) / comfort)
            term = _clamp(Decimal(p.term_max_months - d.term_months) / room)
            scheme = full_scheme if p.schemes or not wanted else no_scheme
            if p.kind not in urgency:
                urgency[p.kind] = _urgency_share(d.urgency, p.kind) * POINTS["urgency"]
            total = (_ZERO + self._rate_points[i] + amount * POINTS["amount"] + term * POINTS["term"] + scheme
                     + self._collateral_points[i] + urgency[p.kind])
            scored.append((-int(total.quantize(_ONE, ROUND_HALF_UP)), p.rate_min, p.id))
        scored.sort()
        return len(scored), [(product_id, -minus) for minus, _rate_min, product_id in scored[:top]]


@dataclass
class _Bounds:
    values: list[Any]  # distinct, ascending
    bits: list[int]  # for values[k]: the products whose bound is <= it (lower bounds) or >= it (upper)


def _bounds(keys: list[Any], *, upper: bool) -> _Bounds:
    values = sorted(set(keys))
    own = dict.fromkeys(values, 0)
    for i, key in enumerate(keys):
        own[key] |= 1 << i
    bits, running = [], 0
    for value in (reversed(values) if upper else values):
        running |= own[value]
        bits.append(running)
    return _Bounds(values, bits[::-1] if upper else bits)


def _at(bounds: _Bounds, x: Any, *, upper: bool) -> int:
    """Lower bounds: the products whose bound is <= x; upper bounds: those whose bound is >= x."""
    if upper:
        k = bisect_left(bounds.values, x)
        return bounds.bits[k] if k < len(bounds.values) else 0
    k = bisect_right(bounds.values, x) - 1
    return bounds.bits[k] if k >= 0 else 0


@dataclass
class _OpenTo:
    open: int  # the products that name no value (open to all)
    listed: dict[Any, int]  # value -> the products that name it

    def bits(self, value: Any) -> int:
        return self.open | self.listed.get(value, 0) if value else self.open


def _open_to(targets: list[frozenset[Any]]) -> _OpenTo:
    result = _OpenTo(0, defaultdict(int))
    for i, values in enumerate(targets):
        if not values:
            result.open |= 1 << i
        for value in values:
            result.listed[value] |= 1 << i
    result.listed = dict(result.listed)
    return result


# --- Loading from the database ---------------------------------------------------------------------------

def load_products(district_id: int, *, bank_ids: Iterable[int] | None = None) -> list[ProductFacts]:
    """The active products of the district's active banks (only ``bank_ids`` when given), in three
    queries whatever their number: the products with their bank, their industries, their schemes."""
    products = LoanProduct.objects.filter(is_active=True, bank__is_active=True, bank__district_id=district_id)
    if bank_ids is not None:
        products = products.filter(bank_id__in=list(bank_ids))
    rows = list(products.order_by("id").values_list(*_PRODUCT_VALUES))
    if not rows:
        return []
    industries: dict[int, list[tuple[str, str]]] = defaultdict(list)
    through = LoanProduct.industries.through.objects.filter(loanproduct__in=products)
    for product_id, code, name in through.values_list("loanproduct_id", "industrysection_id", "industrysection__name"):
        industries[product_id].append((code, name))
    schemes: dict[int, list[int]] = defaultdict(list)
    scheme_rows = LoanProduct.policy_schemes.through.objects.filter(loanproduct__in=products,
                                                                     policyscheme__is_active=True)
    for product_id, scheme_id in scheme_rows.values_list("loanproduct_id", "policyscheme_id"):
        schemes[product_id].append(scheme_id)
    facts = []
    for row in rows:
        values = dict(zip(_PRODUCT_VALUES, row, strict=True))
        pairs = sorted(industries.get(values["id"], ()))
        facts.append(ProductFacts(
            id=values["id"], amount_min=values["amount_min"], amount_max=values["amount_max"],
            rate_min=values["rate_min"], rate_max=values["rate_max"], term_min_months=values["term_min_months"],
            term_max_months=values["term_max_months"], kind=values["kind"],
            collateral=frozenset(values["collateral"] or ()), industries=frozenset(code for code, _n in pairs),
            sizes=frozenset(values["sizes"] or ()), schemes=frozenset(schemes.get(values["id"], ())),
            name=values["name"], bank_id=values["bank_id"],
            bank_name=values["bank__short_name"] or values["bank__name"],
            industry_names=tuple(f"{code} {name}" for code, name in pairs)))
    return facts


_PRODUCT_VALUES = ("id", "amount_min", "amount_max", "rate_min", "rate_max", "term_min_months", "term_max_months",
                   "kind", "collateral", "sizes", "name", "bank_id", "bank__short_name", "bank__name")


# Per process: the district's products as last loaded, with the stamp they were loaded at.
_loaded: dict[int, tuple[tuple[Any, ...], list[ProductFacts]]] = {}


def _stamp(district_id: int) -> tuple[Any, ...]:
    """What changes whenever a product of the district, one of its banks or a policy scheme
    changes through kaopu.finance.actions (a product's save bumps updated_at, also when only its
    industries or schemes change): three small queries instead of loading every product."""
    products = LoanProduct.objects.filter(bank__district_id=district_id).aggregate(
        n=Count("id"), active=Count("id", filter=Q(is_active=True)), latest=Max("updated_at"))
    banks = tuple(Bank.objects.filter(district_id=district_id).order_by("pk")
                  .values_list("pk", "is_active", "short_name", "name"))
    schemes = tuple(PolicyScheme.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))
    return (products["n"], products["active"], products["latest"], banks, schemes)


def cached_products(district_id: int, *, bank_ids: Iterable[int] | None = None) -> list[ProductFacts]:
    """:func:`load_products`, kept in this process until the district's stamp changes: the
    matches page then runs three small queries instead of reading 2,000 products each time."""
    stamp = _stamp(district_id)
    kept = _loaded.get(district_id)
    if kept is None or kept[0] != stamp:
        kept = (stamp, load_products(district_id))
        _loaded[district_id] = kept
    if bank_ids is None:
        return kept[1]
    wanted = set(bank_ids)
    return [product for product in kept[1] if product.bank_id in wanted]


def forget_products() -> None:
    _loaded.clear()


def match_demand(demand: FinancingDemand, *, products: list[ProductFacts] | None = None,
                 bank_ids: Iterable[int] | None = None, cached: bool = False) -> list[Match]:
    """:func:`rank` of the demand against its district's active products (of ``bank_ids`` only
    when given): four queries at most, whatever the number of products (:func:`cached_products`
    when ``cached``)."""
    if demand.industry_id and not FinancingDemand.industry.is_cached(demand):
        demand = FinancingDemand.objects.select_related("industry").get(pk=demand.pk)
    if products is None:
        load = cached_products if cached else load_products
        products = load(demand.district_id, bank_ids=bank_ids)
    return rank(DemandFacts.from_model(demand), products)


# --- The batch --------------------------------------------------------------------------------------------

_DEMAND_VALUES = ("id", "district_id", "amount", "term_months", "industry_id", "size", "collateral",
                  "wants_policy_guarantee", "urgency")


def _chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def _demand_ids(demands: QuerySet[FinancingDemand] | Iterable[int]) -> list[int]:
    if isinstance(demands, QuerySet):
        return sorted(demands.values_list("pk", flat=True))
    return sorted({int(pk) for pk in demands})


def match_batch(demands: QuerySet[FinancingDemand] | Iterable[int], *, chunk: int = 1000,
                top: int = TOP_STORED) -> int:
    """Refresh the stored matches of many demands: for each, its best ``top`` products that fit
    (DemandMatch rows, rank 1 first) and FinancingDemand.matched_products / matched_at.

    Products are loaded once per district (:class:`Catalogue`); each chunk of demands is one
    transaction that locks its demand rows (in id order, so two batches over the same demands
    queue instead of deadlocking or inserting the same match twice), then writes only what
    changed: the stored matches that are gone or moved are deleted, the new ones inserted, the
    count updated where it differs (after one product's edit most demands change nothing).
    Returns the number of demands matched."""
    ids = _demand_ids(demands)
    catalogues: dict[int, Catalogue] = {}
    done = 0
    for part in _chunks(ids, max(chunk, 1)):
        with transaction.atomic():
            rows = list(FinancingDemand.objects.select_for_update().filter(pk__in=part).order_by("pk")
                        .values(*_DEMAND_VALUES, "matched_products"))
            wanted: set[tuple[int, int, int, int]] = set()
            counts: dict[int, list[int]] = defaultdict(list)
            for row in rows:
                district = row["district_id"]
                if district not in catalogues:
                    catalogues[district] = Catalogue(load_products(district))
                facts = DemandFacts(amount=row["amount"], term_months=row["term_months"], industry=row["industry_id"],
                                    size=row["size"], collateral=frozenset(row["collateral"] or ()),
                                    wants_policy_guarantee=row["wants_policy_guarantee"], urgency=row["urgency"],
                                    id=row["id"], district_id=district)
                count, best = catalogues[district].best(facts, top)
                if min(count, 32767) != row["matched_products"]:
                    counts[min(count, 32767)].append(row["id"])
                wanted.update((row["id"], product_id, points, place)
                              for place, (product_id, points) in enumerate(best, start=1))
            found = [row["id"] for row in rows]
            _write_matches(found, wanted)
            # One UPDATE per distinct changed count: far fewer statements than demands, no giant CASE.
            for count, demand_ids in counts.items():
                FinancingDemand.objects.filter(pk__in=demand_ids).update(matched_products=count)
            FinancingDemand.objects.filter(pk__in=found).update(matched_at=timezone.now())
            done += len(rows)
    return done


def _write_matches(demand_ids: list[int], wanted: set[tuple[int, int, int, int]]) -> None:
    """Make the stored matches of ``demand_ids`` exactly ``wanted`` (demand, product, score, rank)."""
    stored = {(demand, product, points, place): pk for pk, demand, product, points, place in
              DemandMatch.objects.filter(demand_id__in=demand_ids).values_list("pk", "demand_id", "product_id",
                                                                                "score", "rank")}
    stale = [pk for key, pk in stored.items() if key not in wanted]
    for start in range(0, len(stale), 5000):
        DemandMatch.objects.filter(pk__in=stale[start:start + 5000]).delete()
    _insert_matches(sorted(key for key in wanted if key not in stored))


def _insert_matches(rows: list[tuple[int, int, int, int]]) -> None:
    """Insert (demand, product, score, rank) rows with one executemany: 20,000 rows a chunk
    without building a model instance each (bulk_create spent more time on those than the
    database spent on the rows)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    meta = DemandMatch._meta
    columns = ", ".join(quote(meta.get_field(name).column) for name in ("demand", "product", "score", "rank"))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES (%s, %s, %s, %s)", rows)


def open_demands(district_id: int | None = None) -> QuerySet[FinancingDemand]:
    """The demands the batch keeps current: submitted, pushed or unmet (of one district)."""
    demands = FinancingDemand.objects.filter(state__in=OPEN_STATES)
    return demands if district_id is None else demands.filter(district_id=district_id)


def timed_batch(demands: QuerySet[FinancingDemand] | Iterable[int], **options: Any) -> tuple[int, float]:
    """match_batch and its wall time in seconds (the command and the benchmark print it)."""
    started = time.perf_counter()
    done = match_batch(demands, **options)
    return done, time.perf_counter() - started

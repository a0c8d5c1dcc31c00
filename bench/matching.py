"""The financing matching benchmark of docs/performance.md ("Financing: matching"), run by bench/matching.sh.

    python bench/matching.py seed             # 17 banks, 2,000 products, 10,000 demands (bulk), the bench user
    python bench/matching.py inprocess [N]    # (a) one demand against every product: rank() and match_demand()
    python bench/matching.py batch [RUNS]     # (b) match_batch of every demand, RUNS times (3)
    python bench/matching.py target           # the path of the demand_matches page to load with wrk
    python bench/matching.py report DIR       # the wrk outputs of DIR as Markdown (medians, ratio to bare)

Run with DJANGO_SETTINGS_MODULE=kaopu.settings_bench and DATABASE_URL set (matching.sh does both).
Seeding is deterministic (random.Random(2026)): every run matches the same products and demands.
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

BANKS = 17
PRODUCTS = 2000
DEMANDS = 10000
BENCH_USER = "bench_staff"
BENCH_PASSWORD = "Bench@2026-kaopu"
DISTRICT = "普陀区"
BANK_NAMES = [
    "工商银行", "农业银行", "中国银行", "建设银行", "交通银行", "邮储银行", "招商银行", "浦发银行", "中信银行",
    "光大银行", "民生银行", "兴业银行", "平安银行", "上海银行", "农商银行", "宁波银行", "华夏银行",
]
KINDS = ["credit"] * 5 + ["mortgage"] * 4 + ["guarantee"] * 3 + ["ip_pledge", "supply_chain", "receivables", "tax",
                                                                   "tax", "other"]
COLLATERAL = ["real_estate", "equipment", "receivables", "ip", "equity", "deposit", "inventory", "guarantor"]
SECURED_BY = {"mortgage": ["real_estate", "equipment"], "guarantee": ["guarantor"], "ip_pledge": ["ip"],
              "supply_chain": ["receivables", "inventory"], "receivables": ["receivables"],
              "other": ["deposit", "equity", "inventory"]}
SIZES = ["large", "medium", "small", "micro"]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaopu.settings_bench")
    import django

    django.setup()


def _amount(rng: random.Random) -> Decimal:
    """10 to 5,000 万元, log-uniform (most demands are small), whole 万元, tens above 100."""
    n = int(10 ** rng.uniform(1, 3.7))
    return Decimal(n // 10 * 10 if n >= 100 else n)


def _products(rng: random.Random, banks: list, sections: list[str], schemes: list[int]) -> list[dict]:
    rows = []
    for n in range(PRODUCTS):
        kind = rng.choice(KINDS)
        low = rng.choice([10, 20, 30, 50, 100, 100, 200, 300, 500, 1000])
        high = min(low * rng.choice([5, 10, 10, 20, 30, 50]), 20000)
        rate_low = Decimal(rng.randrange(265, 560)) / 100
        term_low = rng.choice([1, 3, 6, 6, 12])
        term_high = max(term_low, rng.choice([12, 12, 24, 36, 36, 60, 120]))
        collateral = [] if kind in ("credit", "tax") else rng.sample(SECURED_BY[kind], 1) + (
            rng.sample(COLLATERAL, 1) if rng.random() < 0.3 else [])
        rows.append({
            "bank": banks[n % len(banks)], "name": f"{banks[n % len(banks)].short_name}{kind}贷{n}号", "kind": kind,
            "amount_min": Decimal(low), "amount_max": Decimal(high), "rate_min": rate_low,
            "rate_max": rate_low + Decimal(rng.randrange(20, 150)) / 100, "term_min_months": term_low,
            "term_max_months": term_high, "collateral": sorted(set(collateral)),
            "sizes": [] if rng.random() < 0.5 else sorted(rng.sample(SIZES, rng.randint(1, 3))),
            "industries": [] if rng.random() < 0.6 else rng.sample(sections, rng.randint(1, 4)),
            "schemes": [] if rng.random() < 0.7 else rng.sample(schemes, rng.randint(1, 2)),
        })
    return rows


def seed() -> None:
    """17 banks with 2,000 products, 10,000 demands of the district's enterprises; bulk inserts."""
    from datetime import date

    from django.db import transaction

    from kaopu.accounts.models import Organisation, User
    from kaopu.accounts.roles import OrganisationKind, Role
    from kaopu.directory.models import District, Enterprise, IndustrySection
    from kaopu.finance.models import Bank, FinancingDemand, LoanProduct, PolicyScheme, ensure_policy_schemes

    rng = random.Random(2026)
    district = District.objects.get(name=DISTRICT)
    ensure_policy_schemes()
    started = time.perf_counter()
    with transaction.atomic():
        fic, _created = Organisation.objects.get_or_create(kind=OrganisationKind.FIC, district=district,
                                                           defaults={"name": f"{district.name}工商联"})
        user = User.objects.filter(username=BENCH_USER).first() or User(username=BENCH_USER, name="压测员")
        user.role, user.organisation, user.is_active = Role.FIC_STAFF, fic, True
        user.set_password(BENCH_PASSWORD)
        user.save()
        orgs = Organisation.objects.bulk_create([Organisation(kind=OrganisationKind.BANK, district=district,
                                                              name=f"{name}上海普陀支行") for name in BANK_NAMES])
        banks = Bank.objects.bulk_create([Bank(organisation=org, district=district, name=org.name, short_name=name,
                                               joined_on=date(2024, 3, 1), sort_order=n)
                                          for n, (org, name) in enumerate(zip(orgs, BANK_NAMES, strict=True))])
        sections = list(IndustrySection.objects.values_list("code", flat=True))
        schemes = list(PolicyScheme.objects.values_list("pk", flat=True))
        rows = _products(rng, banks, sections, schemes)
        links = [(row.pop("industries"), row.pop("schemes")) for row in rows]
        products = LoanProduct.objects.bulk_create([LoanProduct(**row) for row in rows], batch_size=1000)
        LoanProduct.industries.through.objects.bulk_create(
            [LoanProduct.industries.through(loanproduct_id=p.pk, industrysection_id=code)
             for p, (codes, _s) in zip(products, links, strict=True) for code in codes], batch_size=5000)
        LoanProduct.policy_schemes.through.objects.bulk_create(
            [LoanProduct.policy_schemes.through(loanproduct_id=p.pk, policyscheme_id=pk)
             for p, (_c, ids) in zip(products, links, strict=True) for pk in ids], batch_size=5000)
        enterprises = list(Enterprise.objects.filter(district=district).values_list("pk", "industry__section_id",
                                                                                    "size")[:5000])
        if not enterprises:
            raise SystemExit("no enterprise in the district: run `kaopu seed --enterprises 2000` first")
        demands = []
        for _n in range(DEMANDS):
            enterprise, section, size = rng.choice(enterprises)
            amount = _amount(rng)
            demands.append(FinancingDemand(
                district=district, enterprise_id=enterprise, industry_id=section, size=size or rng.choice(SIZES),
                amount=amount, term_months=rng.choice([6, 12, 12, 12, 24, 36, 36, 60]), purpose="working_capital",
                purpose_detail="采购原材料", collateral=[] if rng.random() < 0.4 else rng.sample(COLLATERAL,
                                                                                             rng.randint(1, 2)),
                wants_policy_guarantee=rng.random() < 0.3,
                urgency=rng.choices(["normal", "soon", "urgent"], [60, 25, 15])[0], consent_to_share=True,
                contact_name="周晓东", contact_phone="13812345678",
                state=rng.choices(["submitted", "pushed", "unmet", "granted"], [40, 40, 10, 10])[0],
                submitted_by=user))
        FinancingDemand.objects.bulk_create(demands, batch_size=2000)
    print(f"seeded {BANKS} banks, {len(products)} products, {len(demands)} demands "
          f"in {time.perf_counter() - started:.1f} s")


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, n={len(ordered)}"


def inprocess(runs: int = 200) -> None:
    """(a) one demand against every active product, ``runs`` different demands."""
    from django.db import connection, reset_queries

    from kaopu.finance.matching import DemandFacts, best_fitting, load_products, match_demand, rank
    from kaopu.finance.models import FinancingDemand

    rng = random.Random(7)
    ids = list(FinancingDemand.objects.values_list("pk", flat=True))
    sample = [FinancingDemand.objects.select_related("industry").get(pk=pk) for pk in rng.sample(ids, runs)]
    district = sample[0].district_id
    started = time.perf_counter()
    products = load_products(district)
    print(f"load_products: {len(products)} products in {(time.perf_counter() - started) * 1000:.1f} ms")
    facts = [DemandFacts.from_model(d) for d in sample]
    for label, call in (("rank", lambda f, d: rank(f, products)),
                        ("best_fitting (the batch's path)", lambda f, d: best_fitting(f, products)),
                        ("match_demand (with its DB load)", lambda f, d: match_demand(d)),
                        ("match_demand, products kept (the page's path)", lambda f, d: match_demand(d, cached=True))):
        call(facts[0], sample[0])  # warm-up
        times, found = [], []
        for fact, demand in zip(facts, sample, strict=True):
            started = time.perf_counter()
            result = call(fact, demand)
            times.append(time.perf_counter() - started)
            found.append(len(result) if isinstance(result, list) else result[0])
        print(f"{label}: {_percentiles(times)}; results per demand median {statistics.median(found)}")
    connection.force_debug_cursor = True
    reset_queries()
    match_demand(sample[0])
    print(f"match_demand queries: {len(connection.queries)}")


def batch(runs: int = 3) -> None:
    """(b) match_batch over every demand: ``runs`` times from nothing stored (every match written),
    then ``runs`` times again with nothing changed (the re-match after an edit that moves little);
    wall time and the process's CPU time, medians."""
    from kaopu.finance.matching import match_batch
    from kaopu.finance.models import DemandMatch, FinancingDemand

    def timed() -> tuple[int, float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        done = match_batch(FinancingDemand.objects.all())
        return done, time.perf_counter() - wall, time.process_time() - cpu

    for label, clear in (("from nothing stored", True), ("again, nothing changed", False)):
        walls, cpus = [], []
        for run in range(1, runs + 1):
            if clear:
                DemandMatch.objects.all().delete()
                FinancingDemand.objects.update(matched_products=0, matched_at=None)
            done, wall, cpu = timed()
            walls.append(wall)
            cpus.append(cpu)
            print(f"{label}, run {run}: {done} demands in {wall:.1f} s wall, {cpu:.1f} s CPU "
                  f"(load average {os.getloadavg()[0]:.1f})")
        median = statistics.median(walls)
        print(f"{label}: median {median:.1f} s wall ({done / median:.0f} demands/s), "
              f"{statistics.median(cpus):.1f} s CPU ({done / statistics.median(cpus):.0f} demands per CPU second)")
    fitting = sorted(FinancingDemand.objects.values_list("matched_products", flat=True))
    print(f"{DemandMatch.objects.count()} DemandMatch rows; products that fit per demand: median "
          f"{statistics.median(fitting)}, 10th percentile {fitting[len(fitting) // 10]}, 90th "
          f"{fitting[len(fitting) * 9 // 10]}; none for {sum(1 for n in fitting if n == 0)} demands")


def target() -> None:
    """The demand with the median number of products that fit (after `batch`)."""
    from kaopu.finance.models import FinancingDemand

    demands = FinancingDemand.objects.order_by("matched_products", "pk")
    demand = demands[demands.count() // 2]
    print(f"/finance/demands/{demand.pk}/matches/")


def report(directory: str) -> None:
    """Medians over the wrk runs of each page (requests/s, p50 and p99 latency), and the ratio."""
    rows: dict[str, list[tuple[float, float, float]]] = {}
    for path in sorted(Path(directory).glob("wrk-*-*.txt")):
        page = path.stem.split("-")[1]
        text = path.read_text()
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))  # type: ignore[union-attr]
        p50 = _ms(re.search(r"50%\s+([\d.]+\w+)", text).group(1))  # type: ignore[union-attr]
        p99 = _ms(re.search(r"99%\s+([\d.]+\w+)", text).group(1))  # type: ignore[union-attr]
        rows.setdefault(page, []).append((rps, p50, p99))
    medians = {page: tuple(statistics.median(v[i] for v in values) for i in range(3)) for page, values in rows.items()}
    print("| page | runs | requests/s (median) | p50 latency | p99 latency |")
    print("|---|---|---|---|---|")
    for page, (rps, p50, p99) in medians.items():
        print(f"| {page} | {len(rows[page])} | {rps:.1f} | {p50:.1f} ms | {p99:.1f} ms |")
    if "matches" in medians and "bare" in medians:
        ratio = medians["bare"][0] / medians["matches"][0]
        print(f"\nThe matches page serves {1 / ratio:.2f}× the bare view's requests/s "
              f"(the bare view is {ratio:.1f}× faster); p50 {medians['matches'][1]:.1f} ms vs "
              f"{medians['bare'][1]:.1f} ms.")
    print(json.dumps({page: {"rps": v[0], "p50_ms": v[1], "p99_ms": v[2]} for page, v in medians.items()}))


def _ms(text: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", text).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def main(argv: list[str]) -> None:
    command = argv[1] if len(argv) > 1 else ""
    if command == "report":
        report(argv[2])
        return
    setup_django()
    if command == "seed":
        seed()
    elif command == "inprocess":
        inprocess(int(argv[2]) if len(argv) > 2 else 200)
    elif command == "batch":
        batch(int(argv[2]) if len(argv) > 2 else 3)
    elif command == "target":
        target()
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)

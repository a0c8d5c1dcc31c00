"""The public site's benchmark (docs/performance.md, "Publicity"): the home and an article page, as an anonymous
visitor sees them, against bare views that render the same templates from memory.

    python bench/publicity.py seed N        # N published articles over 8 columns of the demo district
    python bench/publicity.py user          # the user the bare list logs in as (bench/bench.py)
    python bench/publicity.py targets       # name, path and user ("-": anonymous) of each measured page
    python bench/publicity.py explain       # EXPLAIN ANALYZE of every query the pages run (cold cache)
    python bench/publicity.py report DIR    # the Markdown tables from DIR/wrk-SIZE-PAGE-RUN.txt

Run by bench/publicity.sh (DJANGO_SETTINGS_MODULE=kaopu.settings_bench, DATABASE_URL set), which loads the
demo, seeds the articles, serves the database with gunicorn and loads it with wrk from its own process on
127.0.0.1. Two floors: the platform's bare view of every benchmark (/bench/bare-list/: the enterprise list
template from 50 rows in memory), the target's "bare view"; and, stricter, bare views rendering
publicity/site/home.html and article.html from lists read once per process (/bench/bare-public-home/,
/bench/bare-public-article/ in kaopu.core.bench_views): no cache, no query, no cache headers, so the
difference is what the real pages' lookups, cache and headers cost.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bench  # bench/bench.py: wrk parsing, medians

PAGES = ["home", "article", "column", "search2", "search3", "bare_home", "bare_article", "bare_list"]
# Each page against the same template rendered from memory, and against the platform's floor of every
# benchmark (bench/bench.py: /bench/bare-list/, the enterprise list from 50 rows in memory, logged in).
BARE = {"home": "bare_home", "article": "bare_article"}
FLOOR = "bare_list"
EXTRA_COLUMNS = [("商会动态", "chambers"), ("法律服务", "legal"), ("融资服务", "finance"), ("媒体报道", "media")]
SEARCH_2, SEARCH_3 = "融资", "早餐会"
PARAGRAPHS = [
    "区工商联召开政企早餐会，区领导与企业负责人面对面交流，听取企业在融资、用工、审批等方面的意见建议。",
    "会上，企业代表围绕算力资源、数据合规、人才落户等问题发言，相关部门负责同志逐一回应。",
    "区民营企业融资服务联盟成员银行介绍了信用贷款、首贷和续贷产品，企业可在平台提交融资需求。",
    "法律服务团律师走进园区，为小微企业开展免费法律体检，对照清单查看劳动合同和知识产权。",
    "优化营商环境行动方案提出审批提速、公平竞争、涉企检查“综合查一次”等举措。",
    "民营经济是普陀经济发展的重要力量，专栏讲述民营企业的创业故事，记录发展足迹。",
    "圆桌会邀请区商务委、海关、税务部门参加，外贸企业代表共商稳订单、拓市场的举措。",
    "区工商联将会上提出的诉求通过平台交办相关部门，限时办结并向企业反馈，办理结果在督办榜上公开。",
]


def seed(count: int) -> None:
    """``count`` published articles of about 1,500 characters over the demo's columns and four more (8),
    dated over the three years before now, written in bulk (the workflow is not what is measured)."""
    from django.utils import timezone

    from kaopu.accounts.models import User
    from kaopu.publicity import site
    from kaopu.publicity.models import Article, Column

    district = site.choose(None)
    assert district is not None, "load the demo first (kaopu demo --load-only)"
    for position, (name, slug) in enumerate(EXTRA_COLUMNS, start=4):
        Column.objects.get_or_create(district_id=district.pk, slug=slug, defaults={"name": name, "position": position})
    columns = list(Column.objects.filter(district_id=district.pk).order_by("position"))
    author = User.objects.get(username="staff")
    have = Article.objects.filter(district_id=district.pk, state="published").count()
    generator = random.Random(15)
    now = timezone.now()
    batch: list[Article] = []
    for number in range(have, count):
        paragraphs = [generator.choice(PARAGRAPHS) for _ in range(generator.randint(8, 14))]
        text = "\n".join(paragraphs)
        batch.append(Article(
            district_id=district.pk, column=columns[number % len(columns)], title=f"{paragraphs[0][:24]}（{number}）",
            summary=paragraphs[0][:80], body="".join(f"<p>{p}</p>" for p in paragraphs), body_text=text,
            source="区工商联", byline="宣传科", state="published", created_by=author,
            published_at=now - timedelta(minutes=generator.randint(1, 3 * 365 * 24 * 60))))
        if len(batch) == 2000:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)
    site.forget()
    print(f"{Article.objects.filter(district_id=district.pk, state='published').count()} published articles "
          f"over {len(columns)} columns")


def targets() -> dict[str, tuple[str, str]]:
    from urllib.parse import urlencode

    from kaopu.publicity import site
    from kaopu.publicity.models import Article

    district = site.choose(None)
    assert district is not None
    newest = (Article.objects.filter(district_id=district.pk, state="published").order_by("-published_at", "-id")
              .only("id", "column__slug").select_related("column").first())
    assert newest is not None
    return {
        "home": ("/", "-"),
        "article": (f"/news/{newest.pk}/", "-"),  # the article the bare view renders
        "column": (f"/news/c/{newest.column.slug}/", "-"),
        "search2": ("/news/search/?" + urlencode({"q": SEARCH_2}), "-"),
        "search3": ("/news/search/?" + urlencode({"q": SEARCH_3}), "-"),
        "bare_home": ("/bench/bare-public-home/", "-"),
        "bare_article": ("/bench/bare-public-article/", "-"),
        "bare_list": ("/bench/bare-list/", bench.BENCH_USER),
    }


def explain() -> int:
    """EXPLAIN ANALYZE each query of each real page with a cold cache; a problem when a plan reads the
    articles table sequentially."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    problems = 0
    for name, (path, _user) in targets().items():
        if name.startswith("bare"):
            continue
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = Client().get(path)
        print(f"=== {name}  {path}  (HTTP {response.status_code}, {len(captured)} queries)")
        for query in captured.captured_queries:
            sql = query["sql"]
            print(f"--- {query['time']}s {sql}")
            if "publicity_article" not in sql or not sql.lstrip(" (").upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            print(plan)
            if re.search(r"Seq Scan on publicity_article\b", plan):
                problems += 1
                print("!!! reads the articles table whole")
    print(f"=== {problems} problem(s)")
    return 1 if problems else 0


def report(directory: Path) -> str:
    results = bench.medians(directory)
    sizes = sorted({size for size, _page in results})
    lines = ["| page | articles | requests/s | p50 ms | p99 ms | errors |", "|---|---:|---:|---:|---:|---:|"]
    for page in PAGES:
        for size in sizes:
            if (size, page) in results:
                r = results[(size, page)]
                lines.append(f"| {page} | {size:,} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | "
                             f"{r['max_errors']:.0f} |")
    lines += ["", "| page | articles | vs the bare list (≥ 0.7) | vs its own template from memory |",
              "|---|---:|---:|---:|"]
    for page, bare in BARE.items():
        for size in sizes:
            real = results.get((size, page), {}).get("rps")
            floor, own = results.get((size, FLOOR), {}).get("rps"), results.get((size, bare), {}).get("rps")
            if real and floor and own:
                lines.append(f"| {page} | {size:,} | {real / floor:.2f} {bench._mark(real / floor >= 0.7)} | "
                             f"{real / own:.2f} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["seed", "user", "targets", "explain", "report"])
    parser.add_argument("argument", nargs="?")
    args = parser.parse_args(argv)
    if args.command == "report":
        print(report(Path(args.argument)))
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaopu.settings_bench")
    bench.setup_django()
    if args.command == "seed":
        seed(int(args.argument or 10000))
    elif args.command == "user":
        bench.create_user()
    elif args.command == "targets":
        for name, (path, username) in targets().items():
            print(f"{name}\t{path}\t{username}")
    else:
        return explain()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

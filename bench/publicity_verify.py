"""How long `kaopu publicity verify` takes over many published pages, on PostgreSQL:

    .venv/bin/python bench/publicity_verify.py                 # 10,000 pages
    .venv/bin/python bench/publicity_verify.py --pages 2000 --reuse

Creates the database kaopu_bench_tamper (BENCH_PG, default postgres://postgres@127.0.0.1:5432), migrates it,
bulk-inserts ``--pages`` published articles (news-like bodies of about 1,500 characters, in 8 columns) and
fingerprints each through kaopu.publicity.tamper.fingerprint (the function the publishing hook calls), then
runs `kaopu publicity verify` as a separate process (production settings, DEBUG off) and reports its wall
time and pages per second. ``--reuse`` keeps a database that already holds the pages.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DATABASE = "kaopu_bench_tamper"
ENV = {**os.environ, "DATABASE_URL": f"{PG}/{DATABASE}", "KAOPU_INSECURE_HTTP": "1", "KAOPU_MANIFEST_STATIC": "0",
       "DJANGO_SETTINGS_MODULE": "kaopu.settings", "DEBUG": "0"}
KAOPU = str(ROOT / ".venv" / "bin" / "kaopu")
PARAGRAPH = ("<p>{n}月，区工商联召开民营企业座谈会，区市场监管局、区人社局负责同志到会，"
             "听取企业在融资、用工、审批等方面的意见建议。会上，{n}家企业代表发言，现场交办诉求{n}件，会后逐件跟踪办理。</p>")


def run(*args: str) -> None:
    subprocess.run(args, check=True, env=ENV)


def create_database() -> None:
    run("psql", "-qX", f"{PG}/postgres", "-c", f"DROP DATABASE IF EXISTS {DATABASE}", "-c",
        f"CREATE DATABASE {DATABASE}")
    run(KAOPU, "migrate", "-v0")


def seed(pages: int) -> None:
    """Bulk-insert the published articles, then fingerprint them in chunks (each chunk one transaction)."""
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from kaopu.accounts.models import Organisation, User
    from kaopu.accounts.roles import OrganisationKind, Role
    from kaopu.directory.models import District
    from kaopu.publicity import sanitise, tamper
    from kaopu.publicity.models import Article, Column

    district = District.objects.create(name="普陀区")
    fic = Organisation.objects.create(kind=OrganisationKind.FIC, name="普陀区工商联", district=district)
    author = User.objects.create(username="bench_author", name="作者", role=Role.FIC_STAFF, organisation=fic)
    columns = [Column.objects.create(district=district, name=f"栏目{i}", slug=f"column-{i}") for i in range(8)]
    now = timezone.now()
    for start in range(0, pages, 1000):
        rows = []
        for n in range(start, min(start + 1000, pages)):
            body = "".join(PARAGRAPH.format(n=(n + k) % 12 + 1) for k in range(12))
            rows.append(Article(district=district, column=columns[n % 8], title=f"区工商联工作动态第{n}期",
                                summary="座谈会听取企业意见建议", body=body, body_text=sanitise.plain_text(body),
                                source="区工商联", byline="宣传科", state=Article.State.PUBLISHED,
                                published_at=now, created_by=author))
        Article.objects.bulk_create(rows)
    started, renderer = time.monotonic(), tamper.PageRenderer()
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), tamper.CHUNK):
        with transaction.atomic():
            articles = tamper._articles(ids[start:start + tamper.CHUNK])
            documents = tamper.content_documents(articles)
            for article in articles:
                tamper.fingerprint(article, reason="bench", renderer=renderer, document=documents[article.pk])
    took = time.monotonic() - started
    print(f"fingerprinted {len(ids)} pages in {took:.1f} s ({len(ids) / took:.1f} pages/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--reuse", action="store_true")
    options = parser.parse_args()
    if not options.reuse:
        create_database()
        subprocess.run([sys.executable, __file__, "--seed-only", str(options.pages)], check=True, env=ENV)
        run("psql", "-qX", f"{PG}/{DATABASE}", "-c", "VACUUM ANALYZE")
    started = time.monotonic()
    verify = subprocess.run([KAOPU, "publicity", "verify"], env=ENV, capture_output=True, text=True)
    took = time.monotonic() - started
    sys.stdout.write(verify.stdout[-2000:])
    sys.stderr.write(verify.stderr[-2000:])
    print(f"kaopu publicity verify: exit {verify.returncode}, {options.pages} pages in {took:.1f} s "
          f"({options.pages / took:.1f} pages/s; each page rendered as 3 agents and scanned), wall time of the "
          "whole process")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--seed-only":
        seed(int(sys.argv[2]))
    else:
        main()

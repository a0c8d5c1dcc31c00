"""``kaopu publicity verify`` and ``kaopu publicity fingerprint``: the tamper check on demand (for cron and
monitoring) and re-baselining after a legitimate change (kaopu.publicity.tamper).

    kaopu publicity verify                 # every published page; withdraws and alerts on a problem
    kaopu publicity verify --no-withdraw   # report only (nothing is written)
    kaopu publicity verify --diff          # also print each problem's diff
    kaopu publicity verify --over-http https://www.example.gov.cn   # the pages as the world gets them
    kaopu publicity fingerprint --all --reason "deploy 2026-12: new page header"
    kaopu publicity fingerprint 12 15 --reason "column renamed"

verify prints one line per problem on standard output (the article's id, its address, the check and the
user agent that saw it) and a summary on standard error; its exit status is 1 when any page has a problem,
0 when every page matches its fingerprint.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kaopu.publicity import tamper
from kaopu.publicity.actions import PublicityError
from kaopu.publicity.models import Article


class Command(BaseCommand):
    help = "Check published pages against their fingerprints (verify), or fingerprint them again (fingerprint)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="check every published page; exit 1 on any problem")
        verify.add_argument("--no-withdraw", action="store_true",
                            help="only report: withdraw nothing, record nothing, alert nobody")
        verify.add_argument("--diff", action="store_true", help="print each problem's diff after its line")
        verify.add_argument("--over-http", metavar="BASE_URL",
                            help="fetch the pages from the public address (e.g. https://www.example.gov.cn) "
                                 "instead of rendering them in this process")
        again = sub.add_parser("fingerprint", help="re-baseline pages after a legitimate change")
        again.add_argument("ids", nargs="*", type=int, metavar="ID", help="the articles' ids")
        again.add_argument("--all", action="store_true", help="every published page")
        again.add_argument("--reason", required=True, help="why (recorded in the audit log)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verify":
            renderer = tamper.HttpRenderer(options["over_http"]) if options["over_http"] else None
            self.verify(withdraw=not options["no_withdraw"], diff=options["diff"], renderer=renderer)
        else:
            self.fingerprint(options["ids"], every=options["all"], reason=options["reason"])

    def verify(self, *, withdraw: bool, diff: bool, renderer: tamper.HttpRenderer | None) -> None:
        def show(result: tamper.PageResult) -> None:
            for problem in result.problems:
                agent = f" [{problem.agent}]" if problem.agent else ""
                done = " " + _("(withdrawn)") if result.withdrawn else ""
                self.stdout.write(f"{result.article_id} {result.path} {problem.check}{agent}: {problem.summary}{done}")
                if diff and problem.diff:
                    self.stdout.write(problem.diff)

        report = tamper.check_pages(tamper.published_ids(), withdraw=withdraw, renderer=renderer, on_problem=show)
        self.stderr.write(_("%(checked)s published page(s) checked in %(seconds).1f s (%(rate).1f pages/s); "
                            "%(problems)s with a problem.") % {
            "checked": report.checked, "seconds": report.seconds, "rate": report.pages_per_second,
            "problems": len(report.results)})
        if not report.ok:
            sys.exit(1)

    def fingerprint(self, ids: list[int], *, every: bool, reason: str) -> None:
        if every == bool(ids):
            raise CommandError(_("Name the articles' ids or --all (not both)."))
        if every:
            ids = list(Article.objects.filter(state=Article.State.PUBLISHED).values_list("pk", flat=True))
        else:
            published = set(Article.objects.filter(pk__in=ids, state=Article.State.PUBLISHED)
                            .values_list("pk", flat=True))
            missing = sorted(set(ids) - published)
            if missing:
                raise CommandError(_("Not published (or no such article): %(ids)s") % {
                    "ids": ", ".join(map(str, missing))})
        try:
            count = tamper.refresh(ids, None, reason)
        except PublicityError as error:
            raise CommandError(error.message) from error
        self.stdout.write(_("%(count)s page(s) fingerprinted again.") % {"count": count})

"""How long the routing rules' matcher takes (kaopu.appeals.routing), in-process, no database:

    python bench/routing.py            # the cases below, the median of 7 runs each

The routing test page tries every rule on the district's newest 200 appeals (twice: today's rules and
with the tried rule in place); the dispatch form matches one appeal. The worst cases here are far past
what a district keeps (tens of rules of a few words): 60 and 200 rules of 10 keywords none of which
occurs (so every rule is tried to the end), on appeals of 5,000 characters (the content's limit).
Two ways are timed: "loop" looks for each keyword of each rule with ``str`` containment (Facts
without an index), "automaton" finds every keyword in one pass (routing.KeywordIndex, pyahocorasick),
building the index once and each appeal's Facts with it, as routing.trial does.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaopu.settings")

import django

django.setup()

from kaopu.appeals.routing import Facts, KeywordIndex, Rule, first_match  # noqa: E402

HANZI = [chr(code) for code in range(0x4E00, 0x4E00 + 3000)]


def text(rng: random.Random, length: int) -> str:
    return "".join(rng.choice(HANZI) for _ in range(length))


def case(rules: int, keywords: int, appeals: int, length: int) -> tuple[float, float]:
    """Milliseconds (loop, automaton) for ``appeals`` appeals tried against ``rules`` rules, none
    matching (the worst: every word of every rule is looked for)."""
    rng = random.Random(2026)
    # Keywords from characters no appeal holds, so that no rule matches and every word is searched.
    words = [[f"词{chr(0x9000 + rng.randrange(500))}{i}{j}" for j in range(keywords)] for i in range(rules)]
    rule_list = [Rule(id=i, name=f"规则{i}", position=i, category_id=1, keywords=tuple(words[i]), lead_id=1)
                 for i in range(rules)]
    texts = [text(rng, length) for _ in range(appeals)]

    def loop() -> None:
        for appeal in texts:
            first_match(rule_list, Facts.of_text(1, None, appeal))

    def automaton() -> None:
        index = KeywordIndex.of(rule_list)
        for appeal in texts:
            first_match(rule_list, Facts.of_text(1, None, appeal, index))

    def median_ms(run: object) -> float:
        times = []
        for _run in range(7):
            start = time.perf_counter()
            run()  # type: ignore[operator]
            times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times)

    return median_ms(loop), median_ms(automaton)


def main() -> None:
    print("| rules × keywords | appeals × characters | loop, median ms | automaton, median ms |")
    print("|---|---|---|---|")
    for rules, keywords, appeals, length in [(1, 3, 1, 500), (20, 3, 200, 500), (60, 10, 200, 5000),
                                             (200, 10, 200, 5000)]:
        loop, automaton = case(rules, keywords, appeals, length)
        print(f"| {rules} × {keywords} | {appeals} × {length} | {loop:.2f} | {automaton:.2f} |")


if __name__ == "__main__":
    main()

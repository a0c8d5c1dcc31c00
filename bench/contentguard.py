"""How fast the content guard scans (kaopu.publicity.guard), in-process, no database:

    python bench/contentguard.py              # 2 MB of text, 10,000 terms, the median of 5 runs
    python bench/contentguard.py --mb 8 --terms 50000

The lexicon is the shipped one plus synthetic terms (3-6 common characters, one in ten Latin) up to
``--terms``. The text is news-like Chinese prose of common characters, clause punctuation, some Latin words
and digits, with a few injected terms in disguise. Three timings on the same text and lexicon:

- ``raw``: the normalisation-free matcher, plain pyahocorasick over the raw text with the same patterns;
- ``normalise``: the guard's folding and streams alone (kaopu.publicity.guard.normalise.streams);
- ``scan_text``: the guard's whole scan (normalise, two automaton passes, allow-list, context rules);
- ``scan_html``: the same text as an HTML page of paragraphs with links and inline styles.

The ratio scan_text / raw is the cost of normalisation. MB/s counts the text's UTF-8 bytes.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaopu.settings")

import django

django.setup()

import ahocorasick  # noqa: E402

from kaopu.publicity.guard import Lexicon, Term, scan_html, scan_text  # noqa: E402
from kaopu.publicity.guard.lexicon import shipped_allowed, shipped_rules, shipped_terms  # noqa: E402
from kaopu.publicity.guard.normalise import fold, streams  # noqa: E402

COMMON = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后"
          "多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还"
          "因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结")
LATIN = ["service", "online", "center", "news", "policy", "bank", "loan", "report", "meeting", "ok"]
INJECTED = ["博(bo)彩", "真\u200b人\u200b荷\u200b官", "ＢＥＴ３６５", "澳門賭場", "Xin Pu Jing", "网贷ロ子"]


def lexicon(size: int, rng: random.Random) -> Lexicon:
    terms = shipped_terms()
    while len(terms) < size:
        if rng.random() < 0.1:
            word = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(5, 9)))
        else:
            word = "".join(rng.choice(COMMON) for _ in range(rng.randint(3, 6)))
        terms.append(Term(word, "fraud", "low"))
    return Lexicon(terms, shipped_allowed(), shipped_rules())


def prose(megabytes: float, rng: random.Random) -> str:
    parts: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        roll = rng.random()
        if roll < 0.0005:
            piece = rng.choice(INJECTED)
        elif roll < 0.02:
            piece = f" {rng.choice(LATIN)} "
        elif roll < 0.03:
            piece = str(rng.randint(1, 2026))
        elif roll < 0.10:
            piece = rng.choice("，。、；：")
        else:
            piece = rng.choice(COMMON)
        parts.append(piece)
        size += len(piece.encode())
    return "".join(parts)


def as_html(text: str) -> str:
    paragraphs = text.split("。")
    linked = '<p style="text-indent:2em">{}。<a href="https://www.gov.cn/{}">详情</a></p>'
    return "".join(linked.format(p, i) if i % 5 == 0 else f"<p>{p}。</p>" for i, p in enumerate(paragraphs))


def median_seconds(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=2.0)
    parser.add_argument("--terms", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    rng = random.Random(20261206)

    started = time.perf_counter()
    guard_lexicon = lexicon(options.terms, rng)
    built = time.perf_counter() - started
    raw = ahocorasick.Automaton()
    for term in guard_lexicon.terms:
        raw.add_word(fold(term.term), term)
    raw.make_automaton()
    text = prose(options.mb, rng)
    html = as_html(text)
    megabytes = len(text.encode()) / 1_000_000
    html_megabytes = len(html.encode()) / 1_000_000

    scan_text(text[:1000], guard_lexicon)  # warm the folding cache and OpenCC's table
    timings = {
        "raw": (megabytes, median_seconds(lambda: list(raw.iter(text)), options.runs)),
        "normalise": (megabytes, median_seconds(lambda: streams(text), options.runs)),
        "scan_text": (megabytes, median_seconds(lambda: scan_text(text, guard_lexicon), options.runs)),
        "scan_html": (html_megabytes, median_seconds(lambda: scan_html(html, guard_lexicon, ()), options.runs)),
    }
    findings = scan_text(text, guard_lexicon)
    print(f"lexicon: {len(guard_lexicon.terms):,} terms, compiled in {built:.2f} s")
    print(f"text: {megabytes:.2f} MB ({len(text):,} characters), html: {html_megabytes:.2f} MB; "
          f"scan_text found {len(findings):,} findings")
    for name, (size, seconds) in timings.items():
        print(f"{name:10} {seconds * 1000:9.1f} ms  {size / seconds:7.2f} MB/s")
    print(f"scan_text / raw: {timings['scan_text'][1] / timings['raw'][1]:.1f}x the time")


if __name__ == "__main__":
    main()

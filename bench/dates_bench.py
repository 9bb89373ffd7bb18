"""Compare parallax.dates.tag_dates with dateparser.search.search_dates (dateparser 1.5.0).

    .venv/bin/python bench/dates_bench.py [--budget SECONDS]

(a) the three sample documents: time, dates found, precision/recall against gold.json "dates",
    and dateparser's false positives; (b) the flat page texts of the flat-extraction benchmark:
    time, chars/s and dates found. dateparser is a bench-only dependency, imported here only.

Scoring: a gold date is recalled when a found date overlaps one occurrence of its text and has
its value (for dateparser: the gold value is a prefix of the found date's ISO date, so the
year "1992" matches any day in 1992; seasons and decades cannot match). Precision counts the
found dates inside the article body (body_first .. body_last of gold.json): a found date is
right when it overlaps an occurrence of a gold date's text (optional ones included) with
that value. Optional gold dates do not count towards recall.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from parallax.dates import tag_dates  # noqa: E402

SAMPLES = Path("/work/shared/corpus/south-caucasus")
FLAT = Path("/work/shared/bench/flat-extraction/flat")
PUBLISHED = {"azemedia-section-907-opinion.raw.txt": dt.date(2024, 10, 21),
             "assembly-state-dept-pow-release.txt": dt.date(2021, 5, 28)}
ISO_PREFIX = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?)?")
FLAT_PUBLISHED = dt.date(2019, 11, 20)  # the pages were crawled around then; only a base


def parallax_found(text: str, published) -> list[tuple[int, int, str, str]]:
    """(start, end, text, value) of every date tag_dates finds."""
    return [(i["start"], i["end"], i["text"], i["value"]) for i in tag_dates(text, published)]


def dateparser_found(text: str, published) -> list[tuple[int, int, str, str]]:
    """(start, end, text, ISO date) of every date search_dates finds, located in the text."""
    from dateparser.search import search_dates
    settings = {"RELATIVE_BASE": dt.datetime.combine(published, dt.time())} if published else {}
    found, cursor = [], 0
    for surface, when in search_dates(text, languages=["en"], settings=settings) or []:
        start = text.find(surface, cursor)
        if start < 0:
            start = text.find(surface)
        if start < 0:
            continue
        cursor = start + len(surface)
        found.append((start, cursor, surface, when.date().isoformat()))
    return found


def occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    spans, start = [], text.find(needle)
    while start >= 0:
        spans.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    return spans


def value_matches(tool: str, found_value: str, gold_value: str) -> bool:
    if tool == "parallax":
        return found_value == gold_value
    return ISO_PREFIX.fullmatch(gold_value) is not None and found_value.startswith(gold_value)


def hits(tool, found, gold_spans, value) -> bool:
    return any(s < ge and gs < e and value_matches(tool, v, value)
               for s, e, _, v in found for gs, ge in gold_spans)


def body_bounds(text: str, doc: dict) -> tuple[int, int]:
    start = text.find(doc["body_first"])
    last = text.find(doc["body_last"], max(start, 0))
    return (max(start, 0), last + len(doc["body_last"]) if last >= 0 else len(text))


def score_samples(tool: str, finder) -> dict:
    gold = json.loads((SAMPLES / "gold.json").read_text(encoding="utf-8"))["documents"]
    tally = {"tp_recall": 0, "gold": 0, "right": 0, "found_in_body": 0, "found": 0,
             "seconds": 0.0, "chars": 0, "false_positives": []}
    for name, doc in gold.items():
        text = (SAMPLES / name).read_text(encoding="utf-8")
        began = time.perf_counter()
        found = finder(text, PUBLISHED.get(name))
        tally["seconds"] += time.perf_counter() - began
        tally["chars"] += len(text)
        tally["found"] += len(found)
        golds = [(occurrences(text, g["text"]), g) for g in doc["dates"]]
        for spans, g in golds:
            if not g.get("optional"):
                tally["gold"] += 1
                tally["tp_recall"] += hits(tool, found, spans, g["value"])
        low, high = body_bounds(text, doc)
        for item in found:
            if not (low <= item[0] < high):
                continue
            tally["found_in_body"] += 1
            if any(hits(tool, [item], spans, g["value"]) for spans, g in golds):
                tally["right"] += 1
            else:
                tally["false_positives"].append(f"{name[:8]}…: {item[2]!r} -> {item[3]}")
    return tally


def run_flat(finder, budget: float | None) -> dict:
    files = sorted(FLAT.glob("*.txt"))
    done = {"files": 0, "of": len(files), "chars": 0, "found": 0, "seconds": 0.0}
    for path in files:
        text = path.read_text(encoding="utf-8")
        began = time.perf_counter()
        done["found"] += len(finder(text, FLAT_PUBLISHED))
        done["seconds"] += time.perf_counter() - began
        done["chars"] += len(text)
        done["files"] += 1
        if budget is not None and done["seconds"] > budget:
            break
    return done


def best_of(runs: int, fn):
    results = [fn() for _ in range(runs)]
    return min(results, key=lambda r: r["seconds"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=120.0,
                        help="seconds dateparser may spend on the flat pages (default 120)")
    args = parser.parse_args()
    from dateparser.search import search_dates
    search_dates("warm up on 1 May 2020", languages=["en"])  # first call loads its data

    print("(a) sample documents, south-caucasus (published dates: azemedia 2024-10-21, "
          "assembly 2021-05-28, asa none)")
    samples = {"parallax": best_of(5, lambda: score_samples("parallax", parallax_found)),
               "dateparser": score_samples("dateparser", dateparser_found)}
    print(f"{'tool':<11}{'time s':>9}{'chars/s':>12}{'found':>7}{'in body':>9}"
          f"{'precision':>11}{'recall':>8}")
    for tool, t in samples.items():
        precision = t["right"] / t["found_in_body"] if t["found_in_body"] else 0.0
        print(f"{tool:<11}{t['seconds']:>9.4f}{t['chars'] / t['seconds']:>12,.0f}{t['found']:>7}"
              f"{t['found_in_body']:>9}{precision:>11.2f}{t['tp_recall'] / t['gold']:>8.2f}"
              f"   ({t['tp_recall']}/{t['gold']} non-optional gold dates)")
    for tool, t in samples.items():
        print(f"\n{tool}: body dates not in gold ({len(t['false_positives'])}):")
        for line in t["false_positives"]:
            print("   ", line)

    print(f"\n(b) flat page texts, {FLAT} (published base {FLAT_PUBLISHED})")
    flat = {"parallax": best_of(3, lambda: run_flat(parallax_found, None)),
            "dateparser": run_flat(dateparser_found, args.budget)}
    print(f"{'tool':<11}{'files':>9}{'chars':>10}{'time s':>9}{'chars/s':>12}{'found':>7}")
    for tool, t in flat.items():
        print(f"{tool:<11}{t['files']:>4}/{t['of']:<4}{t['chars']:>10,}{t['seconds']:>9.3f}"
              f"{t['chars'] / t['seconds']:>12,.0f}{t['found']:>7}")
    if flat["dateparser"]["files"] < flat["dateparser"]["of"]:
        print(f"dateparser stopped after {flat['dateparser']['files']} files: --budget "
              f"{args.budget:g} s spent; its figures are for that subset only")


if __name__ == "__main__":
    main()

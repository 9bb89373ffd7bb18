#!/usr/bin/env python3
"""Speed of the default pipeline on realistic web text, beside a bare regex word scan.

Input: the 90 flattened news pages of ../shared/bench/flat-extraction/flat, repeated to about
--megabytes MB and written to a temporary folder, then streamed through `parallax.analyze` on
one core (workers=1), exactly as `parallax analyze FOLDER` would. Printed side by side:
  - re.findall(r"\\w+") over the same files (the floor: reading and tokenising only);
  - the whole parallax path (read, decode, clean, metadata, mentions, dates), and each stage alone;
  - dateparser.search_dates on a slice, for the date stage (bench extra; skipped if absent).
Memory: resident set size sampled while streaming, to show it stays flat.

    python bench/pipeline_speed.py [--megabytes 12] [--json bench/out/speed.json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FLAT = REPO.parent / "shared" / "bench" / "flat-extraction" / "flat"
WORD = re.compile(r"\w+")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def build_folder(target_mb: float, folder: Path) -> tuple[int, int]:
    pages = [p.read_text("utf-8") for p in sorted(FLAT.glob("*.txt"))]
    size = n = 0
    while size < target_mb * 1_000_000:
        for page in pages:
            (folder / f"{n:06d}.txt").write_text(page, "utf-8")
            size += len(page.encode("utf-8"))
            n += 1
    return n, size


def timed(label: str, words: int, chars: int, fn) -> dict:
    t0 = time.perf_counter()
    fn()
    seconds = time.perf_counter() - t0
    row = {"method": label, "seconds": round(seconds, 3), "words_per_s": round(words / seconds),
           "mb_per_s": round(chars / seconds / 1e6, 2)}
    print(f"{label:<44} {seconds:8.2f} s  {row['words_per_s']:>12,} words/s  {row['mb_per_s']:>7.2f} MB/s")
    return row


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--megabytes", type=float, default=12.0)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    if not FLAT.exists():
        print(f"skipped: benchmark pages not found at {FLAT} (they live in ../shared beside the repo)")
        return 0

    from parallax.analysers import BUILTIN_ANALYSERS
    from parallax.api import PipelineConfig, analyze, prepare_document
    from parallax.ingest import iter_records
    from parallax.pipeline import Context
    from parallax.pack import load_pack

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files, size = build_folder(args.megabytes, folder)
        paths = sorted(folder.iterdir())
        texts = [p.read_text("utf-8") for p in paths]
        words = sum(len(WORD.findall(t)) for t in texts)
        chars = sum(len(t) for t in texts)
        print(f"input: {files} files, {size / 1e6:.1f} MB, {words:,} words (flat pages repeated), one core\n")

        rows.append(timed('re.findall(r"\\w+") over the files', words, chars,
                          lambda: [WORD.findall(p.read_text("utf-8")) for p in paths]))
        rss = []

        def whole():
            for i, outcome in enumerate(analyze([str(folder)], PipelineConfig(), workers=1)):
                if i % 200 == 0:
                    rss.append(round(rss_mb(), 1))
        rows.append(timed("parallax analyze FOLDER (default pipeline)", words, chars, whole))

        records = [r for r in iter_records([str(folder)])]
        docs = []
        rows.append(timed("  stage: clean (prepare_document)", words, chars,
                          lambda: docs.extend(prepare_document(r) for r in records)))
        ctx = Context(pack=load_pack("south-caucasus"))
        clean_words = sum(len(WORD.findall(d.text)) for d in docs)
        for analyser in BUILTIN_ANALYSERS:
            def stage(a=analyser):
                for d in docs:
                    d.layers.update(a.run(d, ctx))
            rows.append(timed(f"  stage: {analyser.name} (on cleaned text)", clean_words, chars, stage))

        try:
            from dateparser.search import search_dates
        except ImportError:
            print("dateparser not installed (pip install -e '.[bench]'): date-stage peer skipped")
        else:
            sample = docs[:30]
            sample_words = sum(len(WORD.findall(d.text)) for d in sample)
            from parallax.dates import tag_dates
            print(f"\ndate stage peer, on the first {len(sample)} cleaned pages ({sample_words:,} words):")
            rows.append(timed("  parallax.dates.tag_dates", sample_words, sum(len(d.text) for d in sample),
                              lambda: [tag_dates(d.text) for d in sample]))
            rows.append(timed("  dateparser.search_dates (languages=['en'])", sample_words,
                              sum(len(d.text) for d in sample),
                              lambda: [search_dates(d.text, languages=["en"]) for d in sample]))
        print(f"\nresident memory while streaming (MB, every 200 documents): {rss}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"rows": rows, "rss_mb": rss}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

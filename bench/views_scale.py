#!/usr/bin/env python3
"""How the corpus views scale: timeline, entity table and dossier on stores of 1k to 100k documents.

Synthetic corpora are built from the three sample documents and ~30 template sentences, one voice
per document (Armenian, Azerbaijani, neutral wire). The samples' sentences keep their own voice
(the side the pipeline aligns the sample with); every pack entity they mention is rewritten in that
voice's naming, sometimes swapped for another entity of the same kind. Template slots take place,
event and stance-target names from the pack in the voice's naming, plus dates, figures and outlets.
Each document is 6–15 sentences drawn with a seeded RNG, analysed by the default pipeline
(`PipelineConfig().build()`, so a newly registered analyser such as `events` is included; until
it is registered, `parallax.events.analyse_events` is appended as a stand-in) in a process pool, and written with `Store.put_documents` in chunks of 1,000.

The queries, each timed best of 3 on every size, with a target of ≤ 2 s at 100k documents:
`build_timeline` (no filter, and topic "Section 907"), `entity_table`, and `build_dossier` for
"Section 907" and "Lachin corridor".

    python bench/views_scale.py                         # 1k and 10k, about 2 minutes on 2 cores
    python bench/views_scale.py --sizes 1000,10000,100000   # adds 100k: ~5–8 min build, once
    python bench/views_scale.py --sizes 100000 --rebuild    # rebuild instead of reusing the .db

A .db of the right size and seed under --out is reused (with a warning if analyser versions changed
since it was built; --rebuild refreshes it), so a second run only times the queries. A query slower than 10 s is run once, not three times, and a query whose
measured growth projects it beyond --max-query-seconds (120) at the next size is skipped there and
judged on the projection. Figures are also written to OUT/results.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import math
import random
import sys
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from parallax.api import PipelineConfig, analyze_record, layer_owners
from parallax.ingest import IngestError, Record, iter_records
from parallax.mentions import MentionMatcher
from parallax.pack import NEUTRAL, Pack, load_pack
from parallax.pipeline import Analyser, Pipeline
from parallax.sentences import sentence_spans
from parallax.store import Store

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "examples" / "south-caucasus"
TARGET_SECONDS = 2.0
TARGET_SIZE = 100_000
TASK_DOCS = 250      # documents per worker task: small, so 1k still spreads over the pool
WRITE_CHUNK = 1_000  # documents per Store.put_documents transaction
SLOW_SECONDS = 10.0  # a query slower than this once is not repeated
SAMPLE_SHARE = 0.35  # share of a document's sentences taken from the samples (the rest from templates)
VOICE_WEIGHTS = {"armenian": 0.4, "azerbaijani": 0.4, NEUTRAL: 0.2}

# Template sentences in each voice. Slots are filled from the pack in the voice's naming:
# {place}/{place2} places, {event} events, {topic} stance targets, {outlet} outlets of that side.
TEMPLATES = {
    "armenian": (
        "Armenian officials said that Azerbaijani forces shelled positions near {place} on {date}, wounding {figure} people.",
        "Diaspora organisations called on Congress to enforce {topic} after the {event}.",
        "Residents of {place} recalled the {event} and said that {figure} families had lost their homes.",
        "Since {date}, the people of {place} have lived under a blockade that cut off food, fuel and medicine.",
        "According to {outlet}, at least {figure} Armenians were forced to flee {place} after the {event}.",
        "The Aliyev regime continues to violate the ceasefire, and {topic} must not be waived again, the statement said.",
        "Human rights defenders documented {figure} cases of destroyed churches and cemeteries in {place}.",
        "The Prime Minister said on {date} that any route through {place} must remain under Armenian sovereignty.",
        "We urge the international community to condemn the {event} and to guarantee the right of return to {place}.",
        "{outlet} reported that Azerbaijani troops still occupy {figure} square kilometres of sovereign Armenian territory near {place}.",
    ),
    "azerbaijani": (
        "Azerbaijan restored its sovereignty over {place} on {date}, ending nearly three decades of occupation.",
        "{outlet} reported that {figure} former internally displaced persons have returned to {place}.",
        "Azerbaijani officials said that {topic} remains a relic of the past that hinders the peace process.",
        "Demining teams have cleared {figure} hectares around {place} since {date}, the mine action agency said.",
        "The {event} remains a tragedy for every Azerbaijani family, the statement said.",
        "Armenian armed formations illegally deployed near {place} fired on Azerbaijani army positions on {date}.",
        "The opening of the route through {place} will connect the main part of the country with {place2}.",
        "Azerbaijani diaspora organisations urged the Senate to repeal {topic} and to recognise the new realities in the region.",
        "Reconstruction of {place} has cost about {figure} manat so far, according to {outlet}.",
        "The President said on {date} that the {event} had opened a new page for peace in the region.",
    ),
    NEUTRAL: (
        "{outlet} reported on {date} that talks on {topic} had resumed.",
        "Both sides accused each other of violating the ceasefire near {place}, {outlet} said.",
        "More than {figure} people left {place} within a week, according to the United Nations refugee agency.",
        "The {event} left {figure} people dead, according to official figures from both sides.",
        "Diplomats said on {date} that the dispute over {topic} remained the main obstacle to a peace treaty.",
        "Satellite images showed new checkpoints on the road between {place} and {place2}.",
        "The European Union said it was ready to support border delimitation near {place}.",
        "The foreign ministers of the two countries met on {date} to discuss {topic}, officials said.",
        "Independent analysts said the {event} had changed the balance of power in the region.",
        "Humanitarian groups warned of shortages of food and fuel in {place} as of {date}.",
    ),
}
QUERIES = (
    ("timeline", "timeline", "build_timeline", lambda f, store, pack: f(store)),
    ("timeline[907]", "timeline", "build_timeline", lambda f, store, pack: f(store, topic="Section 907")),
    ("entities", "entities", "entity_table", lambda f, store, pack: f(store)),
    ("dossier[907]", "compare", "build_dossier", lambda f, store, pack: f(store, "Section 907", pack)),
    ("dossier[Lachin]", "compare", "build_dossier", lambda f, store, pack: f(store, "Lachin corridor", pack)),
    # what the web UI's overview page (`/`) asks for, besides Store.stats()
    ("naming", "overview", "naming_profile", lambda f, store, pack: f(store, pack)),
    ("alignment", "overview", "alignment_distribution", lambda f, store, pack: f(store)),
    ("topics", "overview", "top_topics", lambda f, store, pack: f(store, pack)),
)


def bench_pipeline():
    """The default pipeline; if `parallax.events` exists but is not registered yet, with it appended.

    The stand-in is versioned "bench" so a store built with it is not reused once the real
    registration (whose version differs) lands.
    """
    pipeline, ctx = PipelineConfig().build()
    if "events" in (layer for a in pipeline.analysers for layer in a.writes):
        return pipeline, ctx
    try:
        from parallax.events import analyse_events
    except ImportError:
        return pipeline, ctx
    stand_in = Analyser("events", "bench", reads=("text", "mentions", "dates", "alignment"), writes=("events",),
                        run=analyse_events, doc="bench stand-in until events is in the default registry")
    return Pipeline([*pipeline.analysers, stand_in]), ctx


# -- the synthetic corpus --------------------------------------------------------------------

def latin(form: str) -> bool:
    """Forms in Latin script only: the synthetic documents are English text."""
    return all(ord(c) < 0x250 or c in "–‘’" for c in form)


def forms_by_voice(item: dict, voices: list[str]) -> dict[str, list[str]]:
    """Each voice's ways of writing a pack item; a voice without its own names uses the common ones."""
    names = item.get("names") or {}
    usable = lambda forms: [f for f in forms if latin(f) and "(" not in f and not f.endswith(("'s", "’s"))]  # noqa: E731
    common = usable([item["name"], *item.get("aliases", [])]) or usable(sum(names.values(), [])) or [item["name"]]
    return {v: usable(names.get(v, [])) or common for v in voices}


class Vocabulary:
    """The pack's names as slot fillers, per voice; earlier pack items are drawn more often."""

    def __init__(self, pack: Pack):
        self.voices = [*pack.side_ids, NEUTRAL]
        self.forms = {i["id"]: forms_by_voice(i, self.voices) for i in pack.entities + pack.events}
        self.kind = {**{i["id"]: i.get("kind") for i in pack.entities}, **{i["id"]: "event" for i in pack.events}}
        self.pools: dict[str, list[str]] = {"topic": list(pack.stance_targets)}
        for item_id, kind in self.kind.items():
            self.pools.setdefault(kind, []).append(item_id)
        self.outlets = {v: [o["name"] for o in pack.outlets if o["side"] == v] for v in self.voices}

    def pick(self, rng: random.Random, pool: str) -> str:
        """An item of `pool`; places and events lean to the pack's first (major) items, like real news."""
        ids = self.pools[pool]
        if pool in ("place", "event") and rng.random() < 0.6:
            return ids[min(int(rng.paretovariate(1.0)) - 1, len(ids) - 1)]
        return rng.choice(ids)

    def name(self, rng: random.Random, item_id: str, voice: str) -> str:
        forms = self.forms.get(item_id, {}).get(voice)
        return rng.choice(forms) if forms else ""


def random_date(rng: random.Random, first: int = 1988, last: int = 2025) -> str:
    day = dt.date(first, 1, 1) + dt.timedelta(days=rng.randrange((dt.date(last, 12, 31) - dt.date(first, 1, 1)).days))
    return rng.choice((f"{day.day} {day:%B %Y}", f"{day:%B} {day.day}, {day.year}", f"{day:%B %Y}", day.isoformat()))


def random_figure(rng: random.Random) -> str:
    n = int(rng.lognormvariate(6, 2)) + 2
    return rng.choice((f"{n:,}", f"{n:,}", f"about {n:,}", f"nearly {n:,}", f"{rng.randint(2, 95)} percent of the"))


def fill_template(rng: random.Random, template: str, voice: str, vocab: Vocabulary) -> str:
    slots = {"place": vocab.name(rng, vocab.pick(rng, "place"), voice),
             "place2": vocab.name(rng, vocab.pick(rng, "place"), voice),
             "event": vocab.name(rng, vocab.pick(rng, "event"), voice),
             "topic": vocab.name(rng, vocab.pick(rng, "topic"), voice),
             "outlet": rng.choice(vocab.outlets[voice]), "date": random_date(rng), "figure": random_figure(rng)}
    text = template.format(**slots)
    return text[0].upper() + text[1:]


def revoice(rng: random.Random, sentence: str, mentions: list[dict], voice: str, vocab: Vocabulary) -> str:
    """A sample sentence with each pack mention renamed in `voice`, half swapped for a same-kind item."""
    for m in reversed(mentions):
        target = m["entity"]
        kind = vocab.kind.get(target)
        if kind in vocab.pools and rng.random() < 0.5:
            target = vocab.pick(rng, kind)
        if rng.random() < 0.7:
            sentence = sentence[:m["start"]] + (vocab.name(rng, target, voice) or m["text"]) + sentence[m["end"]:]
    return sentence


def sample_sentences(pipeline, ctx) -> dict[str, list[tuple[str, list[dict]]]]:
    """The samples' sentences with their pack mentions, grouped by the side each sample is aligned with."""
    matcher = MentionMatcher(ctx.pack)
    by_voice: dict[str, list] = {}
    for record in iter_records(sorted(str(p) for p in SAMPLES.glob("*.txt"))):
        doc = analyze_record(record, pipeline, ctx)
        if isinstance(doc, IngestError):
            continue
        side = (doc.layer("alignment") or [{}])[0].get("side") or NEUTRAL
        for start, end in sentence_spans(doc.text):
            sentence = doc.text[start:end]
            if 6 <= len(sentence.split()) and len(sentence) <= 400:
                by_voice.setdefault(side, []).append((sentence, matcher.find(sentence)))
    return by_voice


def synthetic_source(seed: int, index: int) -> str:
    return f"synthetic/s{seed}/{index:06d}.txt"


def synthetic_record(index: int, seed: int, vocab: Vocabulary, samples: dict) -> Record:
    """Document `index` of the corpus: the same index and seed always give the same text."""
    rng = random.Random(f"{seed}:{index}")
    voice = rng.choices(list(VOICE_WEIGHTS), weights=list(VOICE_WEIGHTS.values()))[0]
    own = samples.get(voice, [])
    sentences = []
    for _ in range(rng.randint(6, 15)):
        if own and rng.random() < SAMPLE_SHARE:
            sentences.append(revoice(rng, *rng.choice(own), voice, vocab))
        else:
            sentences.append(fill_template(rng, rng.choice(TEMPLATES[voice]), voice, vocab))
    published = (dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(2555))).isoformat()
    paragraphs, i = [], 0
    while i < len(sentences):
        step = rng.randint(1, 3)
        paragraphs.append(" ".join(sentences[i:i + step]))
        i += step
    title = " ".join(sentences[0].split()[:rng.randint(6, 11)]).rstrip(",.;:")
    # a dated first line, as scraped pages have: it also keeps two short documents from sharing a text (and an id)
    paragraphs.insert(0, f"Published {dt.date.fromisoformat(published):%d %B %Y}")
    return Record(synthetic_source(seed, index), "\n".join(paragraphs), "text",
                  {"title": title, "published": published, "outlet": rng.choice(vocab.outlets[voice])})


# -- building a store ------------------------------------------------------------------------

_WORKER: dict = {}


def _init_worker() -> None:
    pipeline, ctx = bench_pipeline()
    _WORKER.update(pipeline=pipeline, ctx=ctx, vocab=Vocabulary(ctx.pack), samples=sample_sentences(pipeline, ctx))


def _analyse_range(task: tuple[int, int, int]) -> list:
    start, end, seed = task
    w = _WORKER
    return [analyze_record(synthetic_record(i, seed, w["vocab"], w["samples"]), w["pipeline"], w["ctx"])
            for i in range(start, end)]


def reusable(path: Path, size: int, seed: int, signature: dict) -> bool:
    """True when `path` already holds this corpus (same size and seed); warns if its analysers differ."""
    if not path.exists():
        return False
    with Store(path) as store:
        # Sized by its last synthetic index, not its count: a rare id collision stores one row fewer.
        row = store.conn.execute("SELECT max(source) AS last, analysers FROM documents").fetchone()
        if row["last"] != synthetic_source(seed, size - 1):
            return False
    built = json.loads(row["analysers"])
    if built != signature:
        changed = sorted(k for k in {*built, *signature} if built.get(k) != signature.get(k))
        print(f"    warning: {path.name} was built by other analyser versions ({', '.join(changed)}: "
              f"{[built.get(k) for k in changed]} → {[signature.get(k) for k in changed]}); --rebuild to refresh")
    return True


def remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def build_store(path: Path, size: int, seed: int, workers: int) -> int:
    """Write the synthetic corpus of `size` documents to `path`; return how many were stored."""
    remove_db(path)
    pipeline, _ = bench_pipeline()
    owners, tasks = layer_owners(pipeline), deque((s, min(s + TASK_DOCS, size), seed) for s in range(0, size, TASK_DOCS))
    stored, pending, window, t0, next_report = 0, [], deque(), time.perf_counter(), size // 10
    with Store(path) as store, ProcessPoolExecutor(workers, initializer=_init_worker) as pool:
        while tasks or window:
            while tasks and len(window) < workers * 3:
                window.append(pool.submit(_analyse_range, tasks.popleft()))
            pending += [d for d in window.popleft().result() if not isinstance(d, IngestError)]
            if len(pending) >= WRITE_CHUNK or not (tasks or window):
                stored += store.put_documents(pending, owners)
                pending = []
            if stored >= next_report or not (tasks or window):
                rate = stored / (time.perf_counter() - t0)
                print(f"    {stored:>7,}/{size:,} documents  {rate:,.0f} docs/s  "
                      f"eta {(size - stored) / max(rate, 1e-9):,.0f} s", flush=True)
                next_report = stored + max(size // 10, WRITE_CHUNK)
    return stored


def db_megabytes(path: Path) -> float:
    return sum(Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists()) / 1e6


# -- timing the views ------------------------------------------------------------------------

def view_function(module: str, name: str):
    """The view function, or the reason it cannot be used yet."""
    try:
        return getattr(importlib.import_module(f"parallax.views.{module}"), name)
    except (ImportError, AttributeError) as exc:
        return f"missing: {exc}"


def shape(result) -> str:
    """A short summary of a view's result, to show the query found something."""
    if isinstance(result, list):
        return f"items={len(result)}"
    if not isinstance(result, dict):
        return type(result).__name__
    parts = [f"{k}={len(v)}" for k, v in result.items() if isinstance(v, (list, dict))]
    return " ".join(parts[:4]) or ",".join(list(result)[:4])


def time_queries(path: Path, pack: Pack, repeat: int, skip: dict[str, str]) -> dict[str, dict]:
    """Best-of-`repeat` seconds per query; a run slower than SLOW_SECONDS is not repeated."""
    out = {}
    with Store(path) as store:
        for label, module, name, call in QUERIES:
            fn = view_function(module, name) if label not in skip else skip[label]
            if isinstance(fn, str):
                out[label] = {"error": fn}
                print(f"    {label:<16} {'n/a':>8}     {fn}", flush=True)
                continue
            best, result, runs = float("inf"), None, 0
            try:
                while runs < repeat and (runs == 0 or best <= SLOW_SECONDS):
                    t0 = time.perf_counter()
                    result = call(fn, store, pack)
                    best, runs = min(best, time.perf_counter() - t0), runs + 1
            except Exception as exc:  # a broken view is a figure to report, not a reason to stop the bench
                out[label] = {"error": f"{type(exc).__name__}: {exc}"}
                print(f"    {label:<16} {'error':>8}     {out[label]['error']}", flush=True)
                continue
            out[label] = {"seconds": round(best, 4), "runs": runs, "shape": shape(result)}
            print(f"    {label:<16} {best:8.3f} s   best of {runs}   {shape(result)}", flush=True)
    return out


def projected_seconds(rows: list[dict], label: str, size: int) -> tuple[float, str] | None:
    """Seconds `label` would take at `size`, from the growth seen so far (never assumed below linear)."""
    timed = [(r["size"], r["queries"][label]["seconds"]) for r in rows if "seconds" in r["queries"].get(label, {})]
    if not timed:
        return None
    (n1, t1), (n2, t2) = timed[0], timed[-1]
    exponent = max(1.0, math.log(t2 / t1) / math.log(n2 / n1)) if n2 > n1 and t1 > 0 and t2 > 0 else 1.0
    how = f"n^{exponent:.2f} from {n1:,}–{n2:,}" if n2 > n1 else f"linearly from {n2:,}"
    return t2 * (size / n2) ** exponent, how


def too_slow(rows: list[dict], size: int, limit: float) -> dict[str, str]:
    """Queries whose projected time at `size` exceeds `limit`: skipped so the bench stays bounded."""
    skip = {}
    for label, *_ in QUERIES:
        guess = projected_seconds(rows, label, size)
        if guess and guess[0] > limit:
            skip[label] = f"skipped: projected {guess[0]:,.0f} s ({guess[1]}) > --max-query-seconds {limit:g}"
    return skip


# -- reporting -------------------------------------------------------------------------------

def print_table(rows: list[dict]) -> None:
    labels = [q[0] for q in QUERIES]
    print("\n" + f"{'size':>8} {'build s':>9} {'db MB':>8} " + " ".join(f"{lb:>15}" for lb in labels))
    for row in rows:
        cells = [f"{row['queries'][lb]['seconds']:>15.3f}" if "seconds" in row["queries"][lb] else f"{'n/a':>15}"
                 for lb in labels]
        build = f"{row['build_seconds']:>9.1f}" if row["build_seconds"] is not None else f"{'reused':>9}"
        print(f"{row['size']:>8,} {build} {row['db_mb']:>8.1f} " + " ".join(cells))
    if len(rows) > 1:
        small, big = rows[0], rows[-1]
        print(f"{'growth':>8} {'':>9} {big['db_mb'] / small['db_mb']:>7.1f}x " + " ".join(
            f"{ratio(small, big, lb):>15}" for lb in labels)
              + f"   ({big['size']:,} / {small['size']:,} = {big['size'] / small['size']:.0f}x documents)")


def ratio(small: dict, big: dict, label: str) -> str:
    a, b = small["queries"][label].get("seconds"), big["queries"][label].get("seconds")
    return f"{b / a:.1f}x" if a and b is not None else "n/a"


def time_report(path: Path, pack: Pack) -> str:
    """`parallax report` on the largest store, once: a batch job, so a figure but no target."""
    from parallax.report import build_report, render_report

    with Store(path, readonly=True) as store:
        t0 = time.perf_counter()
        html = render_report(build_report(store, pack))
        seconds = time.perf_counter() - t0
    return f"  report           {seconds:,.2f} s for {path.name} ({len(html.encode()) / 1e6:.1f} MB of HTML; one run, no target)"


def verdicts(rows: list[dict]) -> list[str]:
    """Pass/fail against ≤ 2 s at 100k: measured if 100k ran, else projected from the growth measured."""
    largest, lines = rows[-1], []
    for label, *_ in QUERIES:
        q = largest["queries"][label]
        guess = projected_seconds(rows, label, TARGET_SIZE)
        if guess is None:
            lines.append(f"  {label:<16} NOT RUN  ({q['error']})")
            continue
        if "seconds" in q and largest["size"] == TARGET_SIZE:
            seconds, how = q["seconds"], "measured"
        else:
            seconds, how = guess[0], f"projected {guess[1]}"
        verdict = "PASS" if seconds <= TARGET_SECONDS else "FAIL"
        lines.append(f"  {label:<16} {verdict}  {seconds:,.3f} s at {TARGET_SIZE:,} ({how}; target ≤ {TARGET_SECONDS:g} s)")
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes (add 100000 for the target)")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "scale", help="folder for the .db files")
    ap.add_argument("--rebuild", action="store_true", help="rebuild stores even when a matching one exists")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=907)
    ap.add_argument("--repeat", type=int, default=3, help="time each query this many times and keep the best")
    ap.add_argument("--max-query-seconds", type=float, default=120.0,
                    help="skip a query at a size where its measured growth projects it beyond this")
    args = ap.parse_args()
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip())
    args.out.mkdir(parents=True, exist_ok=True)

    pipeline, _ = bench_pipeline()
    pack = load_pack(PipelineConfig().pack)
    print(f"pipeline: {', '.join(f'{a.name} {a.version}' for a in pipeline.analysers)}")
    print("views: " + ", ".join(f"{m}.{n}: {'ok' if not isinstance(view_function(m, n), str) else 'missing'}"
                                 for m, n in dict.fromkeys((q[1], q[2]) for q in QUERIES)), flush=True)
    rows = []
    for size in sizes:
        path = args.out / f"corpus-{size}.db"
        build_seconds = None
        if args.rebuild or not reusable(path, size, args.seed, pipeline.signature()):
            print(f"\n{size:,} documents: building {path} with {args.workers} workers", flush=True)
            t0 = time.perf_counter()
            stored = build_store(path, size, args.seed, args.workers)
            build_seconds = time.perf_counter() - t0
            if stored != size:
                print(f"    note: {size - stored} synthetic documents were rejected or shared an id", flush=True)
        else:
            print(f"\n{size:,} documents: reusing {path}", flush=True)
        print(f"    timing views (best of {args.repeat})", flush=True)
        rows.append({"size": size, "build_seconds": build_seconds, "db_mb": db_megabytes(path),
                     "queries": time_queries(path, pack, args.repeat, too_slow(rows, size, args.max_query_seconds))})
    print_table(rows)
    print(f"\ntarget: each query ≤ {TARGET_SECONDS:g} s at {TARGET_SIZE:,} documents")
    lines = verdicts(rows)
    print("\n".join(lines))
    lines.append(time_report(path, pack))
    print(lines[-1])
    (args.out / "results.json").write_text(json.dumps({"rows": rows, "verdicts": lines}, indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

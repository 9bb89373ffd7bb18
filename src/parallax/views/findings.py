"""Findings of a dossier: what the sides share, where they contest, what one side leaves out.

Each finding function reads the blocks of near-topic spans (see topic.py) and yields
(section, item) pairs, every item with its evidence from each side.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

from ..sentences import sentence_spans
from ..similarity import LexicalSimilarity, Similarity
from .topic import (
    FIGURE_TOLERANCE,
    MAX_EVIDENCE,
    MAX_LISTED,
    MENTIONED_BY,
    Topic,
    block_count,
    evidence,
)


def stance_item(r: dict) -> dict:
    return {"polarity": r["polarity"], "text": r["text"], "document": r["doc_id"], "start": r["start"], "end": r["end"],
            "cue": r["cue"], "holder": r["holder_text"], "own_voice": r["own"]}


def demand_item(r: dict) -> dict:
    return {"actor": r["actor"], "addressee": r["addressee"], "action": r["key"], "text": r["text"],
            "document": r["doc_id"], "start": r["start"], "end": r["end"]}


def claim_item(r: dict) -> dict:
    return {"text": r["text"], "figure": {"value": r["value"], "unit": r["unit"], "hedge": r["hedge"]},
            "subject": {"text": r["subject_text"], "entity": r["subject"]} if r["subject_text"] else None,
            "document": r["doc_id"], "start": r["start"], "end": r["end"]}


# -- findings: each yields (section, item) ------------------------------------------------------

def _readings(by_side: dict[str, list[dict]], **extra) -> dict:
    return {side: {**{k: v[side] for k, v in extra.items()}, "evidence": [evidence(r) for r in rows[:MAX_EVIDENCE]]}
            for side, rows in by_side.items()}


def _flat(by_side: dict[str, list[dict]]) -> list[dict]:
    return [evidence(r) for rows in by_side.values() for r in rows[:MAX_EVIDENCE]]


def stance_findings(ctx: Topic, stances: list[dict], sides: dict):
    polar = {s: sides[s]["stance"] for s in ctx.sides if sides.get(s, {}).get("stance") is not None}
    if any(p > 0 for p in polar.values()) and any(p < 0 for p in polar.values()):
        by_side = defaultdict(list)
        for r in stances:
            if r["polarity"] and r["own"] and r["side"] in polar:
                by_side[r["side"]].append(r)
        yield "contested", {"kind": "stance", "target": ctx.entity, "value": ctx.pack.by_id[ctx.entity]["name"],
                            "readings": _readings(ctx.pack_sides(by_side), polarity=polar)}


def date_findings(ctx: Topic, blocks: dict):
    """Shared: one year near the topic in two sides' documents. Contested: one event, differing dates."""
    for year, by_side in sorted(blocks["dates"].items()):
        sides = ctx.pack_sides(by_side)
        if len(sides) >= 2:
            yield "shared", {"kind": "date", "value": _common_date([r["key"] for rows in sides.values() for r in rows]),
                             "evidence": _flat(sides)}
    for event, by_side in sorted(blocks["events"].items()):
        sides = ctx.pack_sides(by_side)
        values = {s: sorted({r["value"] for r in rows}) for s, rows in sides.items()}
        if len(values) >= 2 and not _dates_compatible(values):
            yield "contested", {"kind": "date", "value": event, "name": ctx.pack.by_id.get(event, {}).get("name"),
                                "readings": _readings(sides, values=values)}


def _common_date(values: list[str]) -> str:
    """The most precise date every value falls in: ['1992', '1992-03-24'] -> '1992'."""
    common = values[0]
    for v in values[1:]:
        while not v.startswith(common):
            common = common[:-3] if len(common) > 4 else common
            if len(common) == 4:
                break
    return common


def _dates_compatible(values: dict[str, list[str]]) -> bool:
    """Whether some date of every side fits some date of every other ('2020' fits '2020-11-10')."""
    sets = list(values.values())
    return all(any(a.startswith(b) or b.startswith(a) for a in x for b in y)
               for i, x in enumerate(sets) for y in sets[i + 1:])


def figure_findings(ctx: Topic, blocks: dict):
    """Claims blocked by (subject, unit): agreeing figures are shared, differing ones contested,
    figures only one side gives are one-sided."""
    for block, by_side in sorted(blocks["claims"].items()):
        sides = ctx.pack_sides(by_side)
        subject, unit = block.split(" | ", 1)
        value = {"subject": subject, "unit": unit or None}
        if len(sides) == 1:
            side, rows = next(iter(sides.items()))
            for r in (r for r in rows if r["rn"] == 1):
                yield "one_sided", {"side": side, "kind": "claim", "item": {**claim_item(r), "count": r["n"]},
                                    "evidence": [evidence(r)]}
            continue
        if not sides:
            continue
        values = {s: sorted({float(r["value"]) for r in rows}) for s, rows in sides.items()}
        flat = [v for vs in values.values() for v in vs]
        if _within(min(flat), max(flat)):
            yield "shared", {"kind": "figure", "value": {**value, "figure": flat[0]}, "evidence": _flat(sides)}
        else:
            yield "contested", {"kind": "figure", "value": value, "readings": _readings(sides, values=values)}


def _within(lo: float, hi: float) -> bool:
    return hi - lo <= FIGURE_TOLERANCE * max(abs(hi), abs(lo), 1e-9)


def term_findings(ctx: Topic, blocks: dict):
    """Shared: one term used by two sides. Contested: terms the pack links (contested_with) or that
    frame this topic (about) from different sides, each used by a different side's documents."""
    used = {term: ctx.pack_sides(by_side) for term, by_side in blocks["terms"].items()}
    used = {term: sides for term, sides in used.items() if sides}
    for term, sides in sorted(used.items()):
        if len(sides) >= 2:
            yield "shared", {"kind": "term", "value": term, "evidence": _flat(sides)}
    for t1, t2 in _contested_pairs(ctx, sorted(used)):
        pairs = [(a, b) for a in used[t1] for b in used[t2] if a != b and a not in used[t2] and b not in used[t1]]
        if pairs:
            a, b = pairs[0]
            yield "contested", {"kind": "framing", "value": [t1, t2], "readings": {
                a: {"term": t1, "text": used[t1][a][0]["text"], "count": block_count(used[t1][a]),
                    "evidence": [evidence(r) for r in used[t1][a]]},
                b: {"term": t2, "text": used[t2][b][0]["text"], "count": block_count(used[t2][b]),
                    "evidence": [evidence(r) for r in used[t2][b]]}}}


def _contested_pairs(ctx: Topic, terms: list[str]):
    """Pairs of used terms the pack opposes. Quadratic in the distinct terms near the topic only."""
    entries = {t: ctx.pack.by_id.get(t, {}) for t in terms}
    for i, t1 in enumerate(terms):
        for t2 in terms[i + 1:]:
            linked = t2 in entries[t1].get("contested_with", []) or t1 in entries[t2].get("contested_with", [])
            framing = (ctx.entity and ctx.entity in entries[t1].get("about", []) and ctx.entity in entries[t2].get("about", [])
                       and entries[t1].get("side") != entries[t2].get("side"))
            if linked or framing:
                yield t1, t2


def entity_findings(ctx: Topic, blocks: dict):
    """Entities named beside the topic by one side's documents and nowhere in the other sides' ones;
    and the topic itself when only one side's documents raise it."""
    topic_sides = {d["side"] for d in ctx.docs.values()} & set(ctx.sides)
    if len(topic_sides) == 1 and ctx.entity and _other_side_exists(ctx, topic_sides):
        side = next(iter(topic_sides))
        anchors = ctx.query(f"SELECT doc_id, 'mentions' AS layer, start, \"end\", '{side}' AS side"
                            f" FROM ({ctx.anchors_sql}) LIMIT {MAX_EVIDENCE}")
        yield "one_sided", {"side": side, "kind": "entity", "item": {"entity": ctx.entity, "name": ctx.pack.by_id[ctx.entity]["name"],
                                                                     "count": len(ctx.docs)},
                            "evidence": [evidence(r) for r in anchors]}
    candidates = {key: ctx.pack_sides(by_side) for key, by_side in blocks["mentions"].items()}
    candidates = {key: sides for key, sides in candidates.items() if len(sides) == 1}
    if not candidates or len(ctx.sides) < 2:
        return
    sql = f"WITH docs AS (SELECT doc_id FROM temp.{ctx.tables}_topic)" + MENTIONED_BY
    mentioned = defaultdict(set)
    for row in ctx.query(sql, keys=json.dumps(sorted(candidates))):
        mentioned[row["key"]].add(row["side"])
    found = []
    for key, sides in candidates.items():
        side, rows = next(iter(sides.items()))
        if not (mentioned[key] & set(ctx.sides)) - {side}:
            name = ctx.pack.by_id.get(key, {}).get("name", key)
            found.append((-block_count(rows), key, {"side": side, "kind": "entity", "item": {"entity": key, "name": name, "count": block_count(rows)},
                                               "evidence": [evidence(r) for r in rows]}))
    for _, _, item in sorted(found, key=lambda f: f[:2]):
        yield "one_sided", item


def _other_side_exists(ctx: Topic, sides: set[str]) -> bool:
    others = [s for s in ctx.sides if s not in sides]
    return bool(others) and ctx.store.conn.execute(
        "SELECT 1 FROM documents WHERE side IN (SELECT value FROM json_each(?)) LIMIT 1", (json.dumps(others),)).fetchone() is not None


def demand_findings(ctx: Topic, blocks: dict):
    """Demands about the topic made by one side's documents when no other side makes any."""
    by_side = defaultdict(list)
    for block in blocks["demands"].values():
        for side, rows in block.items():
            by_side[side] += [r for r in rows if r["rn"] == 1]
    sides = ctx.pack_sides(by_side)
    if len(sides) == 1:
        side, rows = next(iter(sides.items()))
        for r in sorted(rows, key=lambda r: -r["n"])[:MAX_LISTED]:
            yield "one_sided", {"side": side, "kind": "demand", "item": {**demand_item(r), "count": r["n"]},
                                "evidence": [evidence(r)]}




# -- statements both sides make -----------------------------------------------------------------

STATEMENT_LAYERS = ("mentions", "dates", "events", "claims", "demands")   # entity, year, event, figure subject, demand
MAX_CANDIDATES = 20        # sentences compared per block and side
_REACH = 600               # characters read either side of a short span to find its sentence
_NUMBER = re.compile(r"\d(?:[\d,.]*\d)?")
_SENTENCE_OF = "SELECT substr(text, :lo + 1, :hi - :lo) FROM documents WHERE id = :doc"


def statement_findings(ctx: Topic, blocks: dict, similarity: Similarity | None = None,
                       threshold: float | None = None):
    """Shared: a sentence one side's documents state and another side's state in other words.

    Only sentences in one block (entity, year, event, figure subject, demand) and from different
    pack sides are compared, at most MAX_CANDIDATES per block and side, so the work grows with the
    blocks near the topic, never with pairs of documents in the corpus. `threshold` defaults to the
    backend's own (lexical unless another backend is given).
    """
    similarity = similarity or LexicalSimilarity()
    threshold = similarity.threshold if threshold is None else threshold
    sentences: dict[tuple, tuple[str, dict]] = {}   # (doc, lo, hi) -> (text, a row in it)
    scored: dict[tuple, float] = {}
    for layer in STATEMENT_LAYERS:
        for _, by_side in sorted(blocks.get(layer, {}).items()):
            sides = ctx.pack_sides(by_side)
            if len(sides) < 2:   # nothing to compare: its sentences are not even read
                continue
            sides = {side: _candidates(ctx, rows, sentences) for side, rows in sides.items()}
            names = sorted(sides)
            for i, a in enumerate(names):
                for b in names[i + 1:]:
                    _score(similarity, sides[a], sides[b], sentences, scored)
    matched = sorted(((s, pair) for pair, s in scored.items() if s >= threshold), key=lambda m: (-m[0], m[1]))
    order = {side: i for i, side in enumerate(ctx.sides)}
    for s, group in _grouped(matched, {key: row["side"] for key, (_, row) in sentences.items()})[:MAX_LISTED]:
        group = sorted(group, key=lambda k: (order[sentences[k][1]["side"]], k))
        text = min((sentences[k][0] for k in group), key=lambda t: (len(t), t))
        yield "shared", {"kind": "statement", "value": text, "item": {"text": text, "similarity": round(s, 3)},
                         "evidence": [evidence(sentences[k][1]) for k in group]}


def _candidates(ctx: Topic, rows: list[dict], sentences: dict) -> list[tuple]:
    """The distinct sentences holding `rows`, at most MAX_CANDIDATES, each read once."""
    keys: list[tuple] = []
    for row in rows:
        key = _sentence(ctx, row, sentences)
        if key and key not in keys:
            keys.append(key)
            if len(keys) == MAX_CANDIDATES:
                break
    return keys


def _sentence(ctx: Topic, row: dict, sentences: dict) -> tuple | None:
    """The sentence a row's evidence will quote (see evidence()): its lo/hi, a stance or demand
    itself, else the sentence holding the span, found in a bounded read around it."""
    if row.get("lo") is not None or row["layer"] in ("stances", "demands"):
        lo, hi = (row["lo"], row["hi"]) if row.get("lo") is not None else (row["start"], row["end"])
        key = (row["doc_id"], lo, hi)
        if key not in sentences:
            text = ctx.store.conn.execute(_SENTENCE_OF, {"lo": lo, "hi": hi, "doc": row["doc_id"]}).fetchone()
            sentences[key] = (" ".join((text[0] if text else "").split()), row)
        return key
    known = next((k for k in sentences if k[0] == row["doc_id"] and k[1] <= row["start"] < k[2]), None)
    if known:
        return known
    lo = max(row["start"] - _REACH, 0)
    text = ctx.store.conn.execute(_SENTENCE_OF, {"lo": lo, "hi": row["end"] + _REACH, "doc": row["doc_id"]}).fetchone()
    text = text[0] if text else ""
    at = row["start"] - lo
    a, b = next(((a, b) for a, b in sentence_spans(text) if a <= at < b), (at, row["end"] - lo))
    key = (row["doc_id"], lo + a, lo + b)
    sentences.setdefault(key, (" ".join(text[a:b].split()), row))
    return key


def _score(similarity: Similarity, a: list[tuple], b: list[tuple], sentences: dict, scored: dict) -> None:
    """Score the pairs of sentences `a` x `b` not scored yet (one block may repeat another's)."""
    a = [k for k in a if any(_pair(k, j) not in scored for j in b)]
    if not a or not b:
        return
    matrix = similarity.matrix([sentences[k][0] for k in a], [sentences[k][0] for k in b])
    for k, row in zip(a, matrix):
        for j, s in zip(b, row):
            differ = _numbers_differ(sentences[k][0], sentences[j][0])
            scored.setdefault(_pair(k, j), 0.0 if differ else s)


def _numbers_differ(a: str, b: str) -> bool:
    """Each sentence gives a number the other does not ("killed 613" / "killed 161"): however
    alike their words, they do not state the same thing (the figure findings contest them)."""
    x, y = ({n.replace(",", "") for n in _NUMBER.findall(t)} for t in (a, b))
    return bool(x - y) and bool(y - x)


def _pair(k: tuple, j: tuple) -> tuple:
    return (k, j) if k <= j else (j, k)


def _grouped(matched: list[tuple], side_of: dict) -> list[tuple[float, list[tuple]]]:
    """Best match first, each sentence in one statement at most, one sentence per side in each."""
    groups: list[tuple[float, list[tuple]]] = []
    group_of: dict[tuple, list[tuple]] = {}
    for s, (k, j) in matched:
        if k in group_of and j in group_of:
            continue
        if k in group_of or j in group_of:
            group, new = (group_of[k], j) if k in group_of else (group_of[j], k)
            if side_of[new] not in {side_of[m] for m in group}:
                group.append(new)
                group_of[new] = group
            continue
        group = [k, j]
        groups.append((s, group))
        group_of[k] = group_of[j] = group
    return groups

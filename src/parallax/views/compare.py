"""Compare one topic across sides: what each side says, what they share, contest, and leave out.

Everything is computed with SQL over the `spans` table, restricted to the documents on the topic.
The topic's mentions are its anchors; each anchor's window is the stance, demand or claim sentence
that holds it, else ±200 characters. Spans starting inside a window are "near the topic". Near
spans are blocked by key (entity id, year, term id, event id, figure unit and subject, demanded
action) with window functions that count each block per side and keep a few rows as evidence,
so Python only ever sees a bounded sample: the cost grows with the documents on the topic, read
through the (doc_id, layer) and (layer, key) indexes, never with the corpus or pairs of documents.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

from ..errors import QueryError
from ..pack import Pack, fold_form
from ..sentences import sentence_spans
from ..store import Store
from .findings import (
    claim_item,
    date_findings,
    demand_findings,
    demand_item,
    entity_findings,
    figure_findings,
    stance_findings,
    stance_item,
    statement_findings,
    term_findings,
)
from .topic import (
    CLAIM_BLOCK,
    CLAIM_COLS,
    CLAIMS_ABOUT,
    CONCRETE_SQL,
    HOLDERS,
    MAX_LISTED,
    NAMES_OF_ENTITY,
    STANCES,
    Topic,
)

_SNIPPET = 160             # characters of a long sentence kept either side of the cited span


def resolve_topic(query: str, pack: Pack) -> tuple[str | None, str]:
    """The pack entity or event a topic names (by id or any surface form), with its display name."""
    query = query.strip()
    if query in pack.by_id and query.split(":", 1)[0] not in ("term", "outlet"):
        return query, pack.by_id[query]["name"]
    forms = {fold_form(sf.form): sf.target for sf in pack.surface_forms}
    folded = fold_form(query)
    target = forms.get(folded) or forms.get(re.sub(r"^the ", "", folded))
    return (target, pack.by_id[target]["name"]) if target else (None, query)


def build_dossier(store: Store, topic: str, pack: Pack) -> dict:
    """Each side's stance, names, framing, demands and claims on a topic; shared, contested, one-sided."""
    if not topic or not topic.strip():
        raise QueryError("empty topic; give an entity name ('Section 907') or words to search for")
    entity, name = resolve_topic(topic, pack)
    topic_info = {"query": topic.strip(), "entity": entity, "name": name}
    ctx = Topic.find(store, pack, topic.strip(), entity)
    result = {"topic": topic_info, "sides": {}, "shared": [], "contested": [], "one_sided": []}
    if ctx is None:
        return result
    try:
        _compare(ctx, result)
    finally:
        ctx.close()
    return result


def _compare(ctx: Topic, result: dict) -> None:
    stances = _stances(ctx)
    blocks = {"mentions": ctx.blocks("mentions", where="key IS NOT NULL AND key IS NOT :entity"),
              "dates": ctx.blocks("dates", block="substr(key, 1, 4)", where=CONCRETE_SQL),
              "terms": ctx.blocks("terms", where="key IS NOT NULL AND quoted IS NULL", cols=", s.value AS quoted",
                                  union=ctx.about_terms_sql()),
              "events": ctx.blocks("events", partition="block, side, value", cols=", s.value AS value",
                                   where="key IS NOT NULL AND " + CONCRETE_SQL.replace("key", "value")),
              "demands": ctx.blocks("demands", held=True, cols=", s.name AS actor, s.naming AS addressee"),
              "claims": ctx.blocks("claims", held=True, partition="block, side, value", block=CLAIM_BLOCK, where="value IS NOT NULL",
                                   cols=CLAIM_COLS, union=CLAIMS_ABOUT)}
    result["sides"] = _sides(ctx, stances, blocks)
    for finding in (stance_findings(ctx, stances, result["sides"]), date_findings(ctx, blocks),
                    figure_findings(ctx, blocks), term_findings(ctx, blocks), entity_findings(ctx, blocks),
                    demand_findings(ctx, blocks), statement_findings(ctx, blocks)):
        for section, item in finding:
            result[section].append(item)
    _fill_snippets(ctx.store, result)



# -- per side ---------------------------------------------------------------------------------

def _stances(ctx: Topic) -> list[dict]:
    """Stances on the topic, each marked whether it is its document's own voice.

    A press release reports "the Assembly urged …": the holder of most of a document's stances
    (first named wins a tie) is the document speaking, while a stance it attributes to someone
    else ("Erdoğan seeks to circumvent …") is not its own. No holder means the author's voice.
    """
    if not ctx.entity:
        return []
    rows = ctx.query(STANCES.format(t=ctx.tables))
    held = sorted({r["doc_id"] for r in rows if r["holder"]})
    principal: dict[str, tuple] = {}
    for h in ctx.query(HOLDERS, docs=json.dumps(held)) if held else []:
        best = principal.get(h["doc_id"])
        if best is None or (h["n"], -h["first"]) > best[1:]:
            principal[h["doc_id"]] = (h["holder"], h["n"], -h["first"])
    for r in rows:
        r["polarity"] = int(r["polarity"]) if r["polarity"] is not None else None
        r["own"] = not r["holder"] or r["holder"] == principal.get(r["doc_id"], (None,))[0]
    return rows


def _side_stance(rows: list[dict]) -> float | None:
    """Mean over documents of each document's own-voice, non-neutral polarity."""
    by_doc = defaultdict(list)
    for r in rows:
        if r["polarity"] and r["own"]:
            by_doc[r["doc_id"]].append(r["polarity"])
    if not by_doc:
        return None
    return round(sum(sum(p) / len(p) for p in by_doc.values()) / len(by_doc), 3)


def _sides(ctx: Topic, stances: list[dict], blocks: dict) -> dict:
    present = {d["side"] for d in ctx.docs.values()}
    order = [s for s in ctx.sides if s in present] + sorted(present - set(ctx.sides))
    sides = {s: {"documents": [], "document_count": 0, "documents_read": 0, "stance": None, "stances": [], "names": {}, "terms": [],
                 "demands": [], "claims": []} for s in order}
    for doc_id in ctx.read:   # near-topic evidence (terms, demands, claims, findings) comes from these
        sides[ctx.docs[doc_id]["side"]]["documents_read"] += 1
    for d in ctx.docs.values():
        entry = sides[d["side"]]
        entry["document_count"] += 1
        if len(entry["documents"]) < MAX_LISTED:
            entry["documents"].append({"id": d["id"], "source": d["source"], "title": d["title"]})
    if ctx.entity:   # every mention in the corpus, from the entity aggregates
        for row in ctx.query(NAMES_OF_ENTITY):
            if row["side"] in sides:
                names = sides[row["side"]]["names"]
                names[row["text"]] = names.get(row["text"], 0) + row["n"]
    else:            # the phrase as written in the documents read
        for row in ctx.query(ctx.anchors_sql):
            names = sides[ctx.docs[row["doc_id"]]["side"]]["names"]
            names[row["text"]] = names.get(row["text"], 0) + 1
    for side, entry in sides.items():
        own = [r for r in stances if r["side"] == side]
        entry["stance"] = _side_stance(own)
        entry["stances"] = [stance_item(r) for r in own[:MAX_LISTED]]
    for row in ctx.vocabulary():
        if len(sides[row["side"]]["terms"]) < MAX_LISTED:
            neutral = ctx.pack.by_id.get(row["key"], {}).get("neutral")
            sides[row["side"]]["terms"].append({"term": row["key"], "text": row["text"], "count": row["n"], "neutral": neutral})
    for layer, item in (("demands", demand_item), ("claims", claim_item)):
        for block in blocks[layer].values():
            for side, rows in block.items():
                sides[side][layer] += [{**item(r), "count": r["n"]} for r in rows if r["rn"] == 1]
    for entry in sides.values():
        for layer in ("demands", "claims"):
            entry[layer] = sorted(entry[layer], key=lambda i: -i["count"])[:MAX_LISTED]
    return sides


# -- evidence text ----------------------------------------------------------------------------

def _fill_snippets(store: Store, result: dict) -> None:
    """Give each evidence item the text of its sentence, one small SQL read per item.

    Stances, demands and claims carry their sentence; a short span (a mention, a date, a term)
    gets the sentence of its document that holds it, clipped at word boundaries around the span
    when that sentence is very long.
    """
    for item in _evidence_items(result):
        context = item.pop("_context", None)
        row = store.conn.execute("SELECT text FROM documents WHERE id = ?", (item["document"],)).fetchone()
        text = row[0] if row else ""
        if context is None:
            context = next(((a, b) for a, b in sentence_spans(text) if a <= item["start"] < b),
                           (item["start"], item["end"]))
        item["text"] = _clipped(text, *context, item["start"], item["end"])


def _clipped(text: str, lo: int, hi: int, start: int, end: int) -> str:
    """text[lo:hi] with its spaces normalised; past _SNIPPET characters either side of the span it is
    cut at a word boundary and marked with an ellipsis."""
    cut_lo, cut_hi = max(lo, start - _SNIPPET), min(hi, end + _SNIPPET)
    if cut_lo > lo:
        cut_lo = next((i + 1 for i in range(cut_lo, start) if text[i].isspace()), cut_lo)
    if cut_hi < hi:
        cut_hi = next((i for i in range(cut_hi, end - 1, -1) if text[i].isspace()), cut_hi)
    snippet = " ".join(text[cut_lo:cut_hi].split())
    return ("… " if cut_lo > lo else "") + snippet + (" …" if cut_hi < hi else "")


def _evidence_items(node):
    if isinstance(node, dict):
        if "_context" in node:
            yield node
        for value in list(node.values()):
            yield from _evidence_items(value)
    elif isinstance(node, list):
        for value in node:
            yield from _evidence_items(value)


# -- text rendering ---------------------------------------------------------------------------

def render_dossier(result: dict, width: int = 38) -> str:
    """The dossier as plain text: one column per side, then shared, contested and one-sided points."""
    topic = result["topic"]
    lines = [f"topic: {topic['name']}" + (f" ({topic['entity']})" if topic["entity"] else " (full-text)")]
    sides = result["sides"]
    if not sides:
        return lines[0] + "\nno documents on this topic"
    columns = {side: _side_lines(entry, width) for side, entry in sides.items()}
    height = max(len(c) for c in columns.values())
    lines.append("  ".join(f"{side:<{width}}" for side in columns))
    lines.append("  ".join("-" * width for _ in columns))
    for i in range(height):
        lines.append("  ".join(f"{(c[i] if i < len(c) else ''):<{width}}" for c in columns.values()).rstrip())
    for section in ("shared", "contested", "one_sided"):
        lines += ["", section.replace("_", "-") + ":"] + [f"  - {_finding_line(f)}" for f in result[section]]
        if not result[section]:
            lines.append("  (none)")
    return "\n".join(lines)


def _side_lines(entry: dict, width: int) -> list[str]:
    stance = entry["stance"]
    out = [f"documents: {entry['document_count']}",
           "stance: " + ("—" if stance is None else f"{stance:+.2f}")]
    out += [f"  {_clip(s['cue'] or '', width - 6)} {s['polarity']:+d}" for s in entry["stances"][:3] if s["polarity"]]
    out += ["names:"] + [f"  {_clip(n, width - 8)} ×{c}" for n, c in sorted(entry["names"].items(), key=lambda x: -x[1])[:4]]
    out += ["terms:"] + [f"  {_clip(t['text'], width - 8)} ×{t['count']}" for t in entry["terms"][:5]]
    out += ["demands:"] + [f"  {_clip(d['action'] or '', width - 2)}" for d in entry["demands"][:3]]
    return out


def _finding_line(f: dict) -> str:
    if "readings" in f:
        parts = []
        for side, reading in f["readings"].items():
            what = reading.get("polarity", reading.get("text", reading.get("values")))
            quote = reading["evidence"][0]["text"] if reading["evidence"] else ""
            parts.append(f"{side}: {what} «{_clip(quote or '', 70)}»")
        return f"[{f['kind']}] {f['value']}: " + " | ".join(parts)
    if "side" in f:
        name = f["item"].get("name") or f["item"].get("action") or f["item"].get("text")
        return f"[{f['kind']}] {f['side']}: {name}"
    sides = sorted({e["side"] for e in f["evidence"]})
    return f"[{f['kind']}] {f['value']} — {', '.join(sides)}"


def _clip(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[:max(width - 1, 0)] + "…"

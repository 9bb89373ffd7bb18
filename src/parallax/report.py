"""The offline HTML report: one self-contained file, no script, no external URL, every point cited.

`build_report` gathers bounded data from the store (stats, naming, alignment, timeline, one dossier
per top topic, demands) and the sentences every shown item cites; `render_report` turns it into
HTML through the shared autoescaping Jinja environment. Document text only ever reaches the page as
template data, so Jinja escapes it; Python builds no HTML.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path

from markupsafe import Markup

from .pack import NEUTRAL, Pack, load_pack
from .sentences import sentence_spans
from .store import Store
from .views.compare import build_dossier
from .views.overview import (alignment_distribution, count_demands, demands_table, naming_profile, top_topics)
from .views.timeline import build_timeline
from .web.present import readable_date, side_classes
from .web.templating import environment, static_text

MAX_OUTLETS = 20           # outlets charted; the rest are counted
MAX_EVENT_SOURCES = 6      # sources listed per timeline event
MAX_DEMANDS = 200          # rows of the demands table
MAX_SIDE_ITEMS = 5         # stances, demands, claims listed per side in a dossier
MAX_SIDE_DOCUMENTS = 10    # documents listed per side in a dossier
MAX_SIDE_WORDS = 8         # names and framing terms listed per side in a dossier
MAX_FINDINGS = 15          # shared, contested and one-sided points listed per dossier
MAX_READING_LINKS = 3      # evidence links per timeline reading
_CONTEXT = 300             # characters read either side of a cited span to find its sentence
_CLIP = 280                # characters kept of a sentence either side of the cited span


def build_report(store: Store, pack: Pack, *, max_topics: int = 5, timeline_events: int = 60) -> dict:
    """Everything the report shows, as plain JSON-ready data, each list capped with its full size."""
    stats = store.stats()
    labels = {s["id"]: s.get("label") or s["id"] for s in pack.data["sides"]}
    data = {"pack": {"id": pack.id, "name": pack.data.get("name", pack.id)},
            "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "stats": stats, "overview": _overview(stats, labels),
            "naming": naming_profile(store, pack),
            "alignment": alignment_distribution(store),
            "timeline": _trim_timeline(build_timeline(store, max_sources=MAX_EVENT_SOURCES), timeline_events),
            "dossiers": [_dossier(store, pack, topic) for topic in top_topics(store, pack, limit=max_topics)],
            "demands": {"rows": demands_table(store, limit=MAX_DEMANDS), "total": count_demands(store)}}
    data["sources"] = cited_sources(store, _citations(data))
    sides = set(stats["by_side"]) | set(pack.side_ids) | {NEUTRAL, "mixed", "unknown", "(unknown)"} \
        | set(data["alignment"]["sides"]) | set(_sides_named(data))
    data["sides"] = {"order": pack.side_ids, "labels": labels, "classes": side_classes(sorted(sides), pack.side_ids)}
    for entity in data["naming"]:
        entity["chart"] = _naming_chart(entity, pack.side_ids, labels, data["sides"]["classes"])
    return data


def render_report(data: dict) -> str:
    """The report as one HTML page."""
    # report.css is parallax's own static file, never data: it goes in verbatim (escaping would break '>')
    return environment().get_template("report.html").render(report=data, css=Markup(static_text("report.css")))


def write_report(db_path: str | Path, out_path: str | Path, pack: str | Pack = "south-caucasus") -> Path:
    """Build the report of the store at `db_path` (opened read-only) and write it to `out_path`."""
    pack = pack if isinstance(pack, Pack) else load_pack(pack)
    with Store(db_path, readonly=True) as store:
        html = render_report(build_report(store, pack))
    out = Path(out_path)
    out.write_text(html, encoding="utf-8")
    return out


# -- sections ---------------------------------------------------------------------------------

def _overview(stats: dict, labels: dict) -> dict:
    outlets = _rows(stats["by_outlet"])
    by_side = [{"label": labels.get(side, str(side)), "n": n, "side": side} for side, n in stats["by_side"].items()]
    return {"by_side": by_side, "by_genre": _rows(stats["by_genre"]),
            "by_outlet": outlets[:MAX_OUTLETS], "more_outlets": max(0, len(outlets) - MAX_OUTLETS),
            "by_month": _rows(stats["by_month"])}


def _rows(counts: dict) -> list[dict]:
    return [{"label": str(label), "n": n} for label, n in counts.items()]


def _naming_chart(entity: dict, order: list[str], labels: dict, classes: dict) -> list[dict]:
    """One bar per document side, split by the name used, each segment coloured by whose name it is."""
    doc_sides = {side for v in entity["variants"] for side in v["by_doc_side"]}
    ranked = [s for s in order if s in doc_sides] + sorted(doc_sides - set(order))
    return [{"label": labels.get(side, side),
             "segments": [{"label": f"{v['form']} ({labels.get(v['naming_side'], v['naming_side'])})",
                           "value": v["by_doc_side"][side], "class": classes.get(v["naming_side"], "side-pal-other")}
                          for v in entity["variants"] if side in v["by_doc_side"]]}
            for side in ranked]


def _trim_timeline(timeline: dict, limit: int) -> dict:
    """Every event with a disagreement, then the most cited others, up to `limit`, in date order."""
    events = timeline["events"]
    disputed = [i for i, e in enumerate(events) if e["disagreements"]]
    others = sorted((i for i, e in enumerate(events) if not e["disagreements"]),
                    key=lambda i: (-events[i]["source_count"], i))
    keep = sorted((disputed + others)[:max(limit, len(disputed))])
    kept = [_with_reading_links(events[i]) for i in keep]
    return {"events": kept, "total": len(events), "more": len(events) - len(kept)}


def _with_reading_links(event: dict) -> dict:
    """Each disagreement reading gets the listed sources that say it, as evidence to link to; dates get
    the wording a reader expects (`when`, `shown`) beside their stored values."""
    event["when"] = readable_date(event["date"])
    for source in event["sources"]:
        source["when"] = readable_date(source["value"]) if source.get("value") else ""
    for d in event["disagreements"]:
        if d["kind"] == "figure":   # figures come from claims beside the event, not from its listed sources
            for reading in d["readings"]:
                reading["shown"] = f"{reading['value']:g} {reading['unit'] or ''}".strip()
                reading["evidence"] = []
            continue
        field, attr = ("value", "value") if d["kind"] == "date" else ("name", "name_used")
        for reading in d["readings"]:
            if d["kind"] == "date":
                reading["shown"] = readable_date(reading["value"])
            reading["evidence"] = [{"document": s["document"], "start": s["start"], "end": s["end"]}
                                   for s in event["sources"]
                                   if s["side"] == reading["side"] and s[attr] == reading[field]][:MAX_READING_LINKS]
    return event


def _dossier(store: Store, pack: Pack, topic: dict) -> dict:
    dossier = build_dossier(store, topic["topic"], pack)
    for entry in dossier["sides"].values():
        entry["documents"] = entry["documents"][:MAX_SIDE_DOCUMENTS]
        entry["names"] = [{"name": n, "count": c} for n, c in
                          sorted(entry["names"].items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_SIDE_WORDS]]
        entry["terms"] = entry["terms"][:MAX_SIDE_WORDS]
        entry["stance_label"] = _polarity(entry["stance"])
        for layer in ("stances", "demands", "claims"):
            entry[f"more_{layer}"] = max(0, len(entry[layer]) - MAX_SIDE_ITEMS)
            entry[layer] = entry[layer][:MAX_SIDE_ITEMS]
    for section in ("shared", "contested", "one_sided"):
        items = dossier[section]
        dossier[f"more_{section}"] = max(0, len(items) - MAX_FINDINGS)
        dossier[section] = [_labelled(f, pack) for f in items[:MAX_FINDINGS]]
    return {**topic, "dossier": dossier}


def _polarity(value) -> str:
    if value is None:
        return "no stance found"
    word = "for" if value > 0 else "against" if value < 0 else "divided"
    return f"{word} ({value:+.2f})"


def _labelled(finding: dict, pack: Pack) -> dict:
    """A finding with a readable `label`, and each side's reading with one too (plain text)."""
    name = lambda key: pack.by_id.get(key, {}).get("name") or _term_text(pack, key)  # noqa: E731
    kind, value = finding["kind"], finding.get("value")
    if "item" in finding:
        item = finding["item"]
        label = item.get("name") or item.get("action") or item.get("text") or ""
    elif kind == "figure":
        label = " ".join(str(p) for p in (value.get("figure", ""), value.get("unit") or "",
                                          f"({name(value['subject'])})" if value.get("subject") else "") if p != "")
    elif kind == "framing":
        label = " vs ".join(name(t) for t in value)
    elif kind == "date" and finding.get("name"):
        label = finding["name"]
    else:
        label = name(value) if isinstance(value, str) and ":" in value else str(value)
    for side, reading in (finding.get("readings") or {}).items():
        reading["label"] = _reading_label(reading, side)
    return {**finding, "label": label}


def _reading_label(reading: dict, side: str) -> str:
    if "polarity" in reading:
        return _polarity(reading["polarity"])
    if "values" in reading:
        return ", ".join(str(v) for v in reading["values"])
    if "text" in reading:
        return f"“{reading['text']}” ×{reading.get('count', 1)}"
    return side


def _term_text(pack: Pack, key: str) -> str:
    term = pack.by_id.get(key) or {}
    return (term.get("forms") or [key])[0]


def _sides_named(node):
    """Every side value the data carries (so each gets a colour class)."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("side", "doc_side", "naming_side") and isinstance(v, str):
                yield v
            elif k in ("sides", "by_doc_side", "readings", "polarity") and isinstance(v, dict):
                yield from (s for s in v if isinstance(s, str))
            yield from _sides_named(v)
    elif isinstance(node, list):
        for v in node:
            yield from _sides_named(v)


# -- cited sentences ----------------------------------------------------------------------------

def _citations(node, found: dict | None = None) -> dict[tuple[str, int], int]:
    """(document, start) -> end of every item the report links to its source."""
    found = {} if found is None else found
    if isinstance(node, dict):
        if isinstance(node.get("document"), str) and isinstance(node.get("start"), int) \
                and isinstance(node.get("end"), int):
            key = (node["document"], node["start"])
            found[key] = max(found.get(key, node["end"]), node["end"])
        for value in node.values():
            _citations(value, found)
    elif isinstance(node, list):
        for value in node:
            _citations(value, found)
    return found


def cited_sources(store: Store, citations: dict[tuple[str, int], int]) -> list[dict]:
    """Per cited document its metadata and each cited sentence once, with every span it cites marked."""
    ids = sorted({doc for doc, _ in citations})
    docs = {r["id"]: dict(r) for r in store.conn.execute(
        "SELECT id, source, title, outlet, author, published, genre, coalesce(side, 'unknown') AS side FROM documents"
        " WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(ids),))}
    by_doc: dict[str, list[tuple[int, int]]] = {}
    for (doc, start), end in sorted(citations.items()):
        if doc in docs:
            by_doc.setdefault(doc, []).append((start, end))
    for doc_id, doc in docs.items():
        groups = _sentence_groups([(_sentence_bounds(store, doc_id, s, e), (s, e)) for s, e in by_doc.get(doc_id, [])])
        doc["sentences"] = [_sentence(store, doc_id, bounds, spans) for bounds, spans in groups]
        doc["name"] = doc["title"] or Path(doc["source"] or "").name or doc["source"]
    return sorted(docs.values(), key=lambda d: (d["side"], d["source"], d["id"]))


def _sentence_bounds(store: Store, doc: str, start: int, end: int) -> tuple[int, int]:
    """Document offsets of the sentence(s) holding text[start:end] (read from a window around it)."""
    lo = max(0, start - _CONTEXT)
    window = _text(store, doc, lo, end + _CONTEXT)
    s, e = start - lo, end - lo
    holders = [(a, b) for a, b in sentence_spans(window) if a < max(e, s + 1) and b > s]
    a, b = (min(h[0] for h in holders), max(h[1] for h in holders)) if holders else (s, e)
    return lo + min(a, s), lo + max(b, e)


def _sentence_groups(found: list[tuple[tuple[int, int], tuple[int, int]]]) -> list[tuple[tuple[int, int], list]]:
    """Cited spans gathered by sentence: spans whose sentences overlap are shown in one passage."""
    groups: list[tuple[tuple[int, int], list]] = []
    for (a, b), span in sorted(found):
        if groups and a < groups[-1][0][1]:
            (ga, gb), spans = groups[-1]
            groups[-1] = ((ga, max(gb, b)), spans + [span])
        else:
            groups.append(((a, b), [span]))
    return groups


def _sentence(store: Store, doc: str, bounds: tuple[int, int], spans: list[tuple[int, int]]) -> dict:
    """One passage as pieces of plain and cited text; a piece starting a cited span carries its `anchor`.

    Every span boundary cuts the passage, so overlapping citations stay well nested; the text before
    the first and after the last cited span is clipped when long.
    """
    a, b = bounds
    text = _text(store, doc, a, b)
    cuts = sorted({a, b, *(s for s, _ in spans), *(e for _, e in spans)})
    starts = {s for s, _ in spans}
    first, last = min(s for s, _ in spans), max(e for _, e in spans)
    pieces = []
    for lo, hi in zip(cuts, cuts[1:]):
        covering = [(s, e) for s, e in spans if s <= lo and e >= hi and s < e]
        keep = "end" if hi <= first else "start" if lo >= last else ""
        pieces.append({"text": _squash(text[lo - a:hi - a], keep=keep), "cited": bool(covering),
                       "nested": len(covering) > 1,
                       "anchor": lo if lo in starts else None,
                       "span": f"characters {min(s for s, _ in covering)}–{max(e for _, e in covering)}"
                       if covering else ""})
        starts.discard(lo)
    pieces += [{"text": "", "cited": True, "nested": False, "anchor": s, "span": f"character {s}"}
               for s in sorted(starts)]
    return {"start": first, "end": last, "pieces": pieces}


def _text(store: Store, doc: str, lo: int, hi: int) -> str:
    row = store.conn.execute("SELECT substr(text, ?, ?) FROM documents WHERE id = ?", (lo + 1, hi - lo, doc)).fetchone()
    return (row[0] if row else "") or ""
def _squash(text: str, keep: str = "") -> str:
    """Whitespace runs as one space; with `keep`, a long piece clipped at a word to its kept end."""
    text = re.sub(r"\s+", " ", text)
    if len(text) <= _CLIP or not keep:
        return text
    if keep == "end":
        tail = text[-_CLIP:]
        return "…" + tail[tail.find(" ") + 1:] if " " in tail else "…" + tail
    head = text[:_CLIP]
    return (head[:head.rfind(" ")] if " " in head else head) + "…"

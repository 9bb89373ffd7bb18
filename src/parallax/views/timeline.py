"""The timeline: dated event references merged across documents, each side's date and name shown.

Answered from the typed columns of the `spans` table (layer 'events'; `grp` = the event id, or
'~' + the folded label of an unlinked reference; `value`, `name`, `naming`, `doc_side`), never from
JSON, so it stays fast on large corpora: readings are counted with one GROUP BY over a covering
index, and only the first `max_sources` sources of each event are read as rows.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict

from ..errors import QueryError
from ..events import is_day, value_interval
from ..store import Store, _as_plain_words

FIGURE_TOLERANCE = 0.10   # figures further apart than this (relative) disagree, as in the dossier
READING_SOURCES = 10   # documents listed per reading of a disagreement (`documents` gives how many in all)
_EVENTS = "layer = 'events' AND grp IS NOT NULL {where}"
_READINGS = f"""
SELECT grp, coalesce(doc_side, 'unknown') AS side, value, name, naming, count(*) AS n, count(DISTINCT doc_id) AS docs,
       min(doc_id) AS example
FROM spans WHERE {_EVENTS} GROUP BY grp, doc_side, value, name, naming"""
_GROUPS = f"""
WITH g AS (SELECT grp, min(rowid) AS first, count(DISTINCT doc_id) AS docs FROM spans WHERE {_EVENTS} GROUP BY grp)
SELECT g.grp, g.docs, s.data ->> '$.event', s.data ->> '$.label', s.data ->> '$.event_start', s.data ->> '$.event_end'
FROM g JOIN spans s ON s.rowid = g.first"""
_FIGURES = """
SELECT grp, coalesce(doc_side, 'unknown') AS side, unit, value, count(DISTINCT doc_id) AS docs,
       min(doc_id) AS example, min(rowid) AS first
FROM event_figures WHERE 1 {where}
GROUP BY grp, doc_side, unit, value"""
_SOURCES = f"""
WITH picked AS (SELECT rid FROM (SELECT rowid AS rid, row_number() OVER (PARTITION BY grp ORDER BY rowid) AS rn
                                 FROM spans WHERE {_EVENTS}) WHERE rn <= :cap)
SELECT s.grp, s.doc_id, d.source, coalesce(s.doc_side, 'unknown') AS side, s.start, s."end", s.text,
       s.value, s.name AS name_used
FROM picked JOIN spans s ON s.rowid = picked.rid JOIN documents d ON d.id = s.doc_id ORDER BY s.rowid"""
def build_timeline(store: Store, *, topic: str | None = None, date_from: str | None = None,
                   date_to: str | None = None, max_sources: int = 50) -> dict:
    """Events ordered by date, each with its sources and the cross-side disagreements on date and name.

    `topic`: an event id (that event), another entity id (events in documents mentioning it), or
    free text (events whose label or a name used contains it; if none, events in documents
    matching it in full-text search). `date_from`/`date_to` ("2020", "2020-11", "2020-11-09")
    keep events whose interval overlaps; undated events are then left out. `max_sources` caps
    the sources listed per event (`source_count` gives the full number); a disagreement's readings
    list up to READING_SOURCES documents each, with `documents` the full count.
    """
    lo, hi = _bound(date_from, 0), _bound(date_to, 1)
    where, params = _topic_filter(store, topic)
    params = {**params, "cap": max_sources}
    cursor = store.conn.cursor()
    cursor.row_factory = None          # plain tuples: tens of thousands of rows on a large store
    q = lambda sql: cursor.execute(sql.format(where=where), params)  # noqa: E731
    groups: dict[str, dict] = {}
    for grp, docs, event, label, event_start, event_end in q(_GROUPS):
        groups[grp] = {"id": event, "label": label, "event_start": event_start, "event_end": event_end,
                       "readings": [], "sources": [], "documents": docs}
    for grp, side, value, name, naming, n, docs, example in q(_READINGS):
        groups[grp]["readings"].append({"side": side, "value": value, "name": name, "naming": naming, "n": n,
                                        "docs": docs, "example": example})
    for grp, doc_id, source, side, start, end, text, value, name_used in q(_SOURCES):
        groups[grp]["sources"].append({"source": source, "document": doc_id, "side": side, "value": value, "text": text,
                                       "start": start, "end": end, "name_used": name_used})
    figures: dict[str, list[tuple]] = defaultdict(list)
    for grp, *reading in q(_FIGURES):
        if grp in groups:
            figures[grp].append(tuple(reading))
    events = []
    for grp, g in groups.items():
        interval, date = _best_date(g)
        if (lo or hi) and not (interval and (not lo or interval[1] >= lo) and (not hi or interval[0] <= hi)):
            continue
        readings = g["readings"]
        disagreements = [d for d in (_date_disagreement(readings), _name_disagreement(readings)) if d] \
            if len(readings) > 1 else []
        for d in disagreements:
            _reading_sources(d, readings, g["sources"])
        disagreements += _figure_disagreements(figures.get(grp, ()))
        events.append({"id": g["id"], "label": g["label"], "date": date,
                       "source_count": sum(r["n"] for r in readings), "documents": g["documents"],
                       "sources": g["sources"], "disagreements": disagreements, "_interval": interval, "_grp": grp})
    events.sort(key=lambda e: (e["_interval"] is None, e["_interval"] or ("", ""), e["label"] or ""))
    for e in events:
        del e["_interval"], e["_grp"]
    return {"events": events}


def _figure_disagreements(rows) -> list[dict]:
    """Figures claimed beside the event (same sentence) in one unit, where each side's most common
    value (a tie goes to the figure met first) differs from another side's by more than FIGURE_TOLERANCE."""
    by_unit: dict[str | None, dict[str, dict]] = defaultdict(dict)
    for side, unit, value, docs, example, first in rows:
        best = by_unit[unit].get(side)
        if best is None or (docs, -first) > (best["documents"], -best["_first"]):
            by_unit[unit][side] = {"side": side, "value": value, "unit": unit, "documents": docs, "sources": [example],
                                   "_first": first}
    for sides in by_unit.values():
        for reading in sides.values():
            del reading["_first"]
    out = []
    for unit, sides in sorted(by_unit.items(), key=lambda u: u[0] or ""):
        readings = sorted(sides.values(), key=lambda r: r["side"])
        if any(a["side"] != b["side"] and not _close(a["value"], b["value"]) for a in readings for b in readings):
            out.append({"kind": "figure", "unit": unit, "readings": readings})
    return out


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= FIGURE_TOLERANCE * max(abs(a), abs(b))


def _reading_sources(disagreement: dict, readings: list[dict], sources: list[dict]) -> None:
    """The documents behind each reading of a disagreement: those among the event's listed sources
    that give it, else one example from the store, at most READING_SOURCES (`documents` counts all)."""
    out = "value" if disagreement["kind"] == "date" else "name"
    column = "value" if out == "value" else "name_used"
    for reading in disagreement["readings"]:
        docs = [s["document"] for s in sources if s["side"] == reading["side"] and s[column] == reading[out]]
        if not docs:
            docs = [r["example"] for r in readings if r["side"] == reading["side"] and r[out if out == "value" else "name"] == reading[out]]
        reading["sources"] = list(dict.fromkeys(docs))[:READING_SOURCES]


def _bound(value: str | None, side: int) -> str | None:
    if not value:
        return None
    interval = value_interval(str(value))
    if interval is None:
        raise QueryError(f"cannot read date {value!r}; use YYYY, YYYY-MM or YYYY-MM-DD")
    return interval[side]


def _topic_filter(store: Store, topic: str | None) -> tuple[str, dict]:
    """The SQL condition (on `spans` rows of layer 'events') selecting a topic's events, and its parameters."""
    if not topic or not topic.strip():
        return "", {}
    topic = topic.strip()
    if ":" in topic and " " not in topic:
        if topic.startswith("event:"):
            return "AND grp = :topic", {"topic": topic}
        return ("AND doc_id IN (SELECT doc_id FROM spans WHERE layer = 'mentions' AND key = :topic)", {"topic": topic})
    like = f"%{topic.lower()}%"
    named = [r[0] for r in store.conn.execute(
        "SELECT DISTINCT grp FROM spans WHERE layer = 'events' AND grp IS NOT NULL AND (grp LIKE :like OR lower(name) LIKE :like)"
        " UNION SELECT grp FROM spans WHERE rowid IN (SELECT min(rowid) FROM spans WHERE layer = 'events'"
        " AND grp IS NOT NULL GROUP BY grp) AND lower(data ->> '$.label') LIKE :like", {"like": like})]
    if named:
        return "AND grp IN (SELECT value FROM json_each(:groups))", {"groups": json.dumps(named)}
    try:  # the matching documents first, then their event spans through the (doc_id, layer) index
        ids = [r[0] for r in store.conn.execute(
            "SELECT d.id FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid"
            " WHERE documents_fts MATCH ?", (_as_plain_words(topic),))]
    except sqlite3.OperationalError as exc:
        raise QueryError(f"cannot search for topic {topic!r}: {exc}") from exc
    return "AND doc_id IN (SELECT value FROM json_each(:docs))", {"docs": json.dumps(ids)}


def _best_date(g: dict) -> tuple[tuple[str, str] | None, str | dict | None]:
    """The pack's date for a known event (a day, or an interval for a range); else the sources' best.

    Without a pack date: the most common day-precise value, else the narrowest interval given.
    """
    if g["event_start"]:
        iv = (g["event_start"], g["event_end"] or g["event_start"])
        return iv, iv[0] if iv[0] == iv[1] else {"start": iv[0], "end": iv[1]}
    days = Counter()
    for r in g["readings"]:
        if is_day(r["value"]):
            days[r["value"]] += r["n"]
    if days:
        day = min(days, key=lambda v: (-days[v], v))
        return (day, day), day
    intervals = [iv for iv in (value_interval(r["value"]) for r in g["readings"] if r["value"]) if iv]
    if not intervals:
        return None, None
    iv = min(intervals, key=lambda i: (i[1] > i[0], i[1], i[0]))
    return iv, {"start": iv[0], "end": iv[1]}


def _disagreement(readings: list[dict], column: str, out: str) -> dict | None:
    """Readings (side, value of `column`) of one event; a disagreement where two sides differ."""
    by_reading: dict[tuple, int] = defaultdict(int)
    for r in readings:
        by_reading[(r["side"], r[column])] += r["docs"]
    if not any(a[0] != b[0] and a[1] != b[1] for a in by_reading for b in by_reading):
        return None
    return {"kind": "date" if out == "value" else "name",
            "readings": [{"side": side, out: value, "documents": n, "sources": []}
                         for (side, value), n in sorted(by_reading.items())]}


def _date_disagreement(readings: list[dict]) -> dict | None:
    """Sources of different sides giving different days for the same event."""
    return _disagreement([r for r in readings if is_day(r["value"])], "value", "value")


def _name_disagreement(readings: list[dict]) -> dict | None:
    """Sources of different sides naming the event differently, at least one with a side's name."""
    named = [r for r in readings if r["name"]]
    if not any(r["naming"] for r in named):
        return None
    return _disagreement(named, "name", "name")


def render_timeline(result: dict) -> str:
    """The timeline as plain text: one block per event, its sources and disagreements indented."""
    lines = []
    for e in result["events"]:
        date = e["date"] if isinstance(e["date"], str) or e["date"] is None else f"{e['date']['start']}..{e['date']['end']}"
        lines.append(f"{date or 'undated':<23}  {e['label'] or e['id']}  [{e['id'] or 'unlinked'}]"
                     f"  {e['source_count']} source(s)")
        for s in e["sources"]:
            lines.append(f"    {s['side']:<12} {s['value'] or '-':<12} {_clip(s['text'], 60):<60}  {s['source']}")
        for d in e["disagreements"]:
            readings = "; ".join(f"{r['side']}: {_reading(d, r)} ({r['documents']})" for r in d["readings"])
            lines.append(f"    ! {d['kind']} disagreement — {readings}")
    return "\n".join(lines) if lines else "no dated events found"


def _reading(disagreement: dict, reading: dict) -> str:
    if disagreement["kind"] == "figure":
        return f"{reading['value']:g} {reading['unit'] or ''}".strip()
    return str(reading["value" if disagreement["kind"] == "date" else "name"])


def _clip(text: str, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[:width - 1] + "…"

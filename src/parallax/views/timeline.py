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

_EVENTS = "layer = 'events' AND grp IS NOT NULL {where}"
_READINGS = f"""
SELECT grp, coalesce(doc_side, 'unknown') AS side, value, name, naming, count(*) AS n, count(DISTINCT doc_id) AS docs
FROM spans WHERE {_EVENTS} GROUP BY grp, doc_side, value, name, naming"""
_DOCUMENTS = f"SELECT grp, count(DISTINCT doc_id) FROM spans WHERE {_EVENTS} GROUP BY grp"
_FIRST = f"""
SELECT grp, data ->> '$.event' AS event, data ->> '$.label' AS label, data ->> '$.event_start' AS event_start,
       data ->> '$.event_end' AS event_end
FROM spans WHERE rowid IN (SELECT min(rowid) FROM spans WHERE {_EVENTS} GROUP BY grp)"""
_SOURCES = f"""
WITH picked AS (SELECT rid FROM (SELECT rowid AS rid, row_number() OVER (PARTITION BY grp ORDER BY rowid) AS rn
                                 FROM spans WHERE {_EVENTS}) WHERE rn <= :cap)
SELECT s.grp, s.doc_id, d.source, coalesce(s.doc_side, 'unknown') AS side, s.start, s."end", s.text,
       s.value, s.name AS name_used
FROM picked JOIN spans s ON s.rowid = picked.rid JOIN documents d ON d.id = s.doc_id ORDER BY s.rowid"""
_READING_DOCS = f"""
SELECT grp, side, reading, doc_id FROM (
  SELECT grp, side, reading, doc_id, row_number() OVER (PARTITION BY grp, side, reading ORDER BY doc_id) AS rn
  FROM (SELECT DISTINCT grp, coalesce(doc_side, 'unknown') AS side, {{column}} AS reading, doc_id FROM spans
        WHERE {_EVENTS} AND grp IN (SELECT value FROM json_each(:disagreeing))))
WHERE rn <= :cap"""


def build_timeline(store: Store, *, topic: str | None = None, date_from: str | None = None,
                   date_to: str | None = None, max_sources: int = 50) -> dict:
    """Events ordered by date, each with its sources and the cross-side disagreements on date and name.

    `topic`: an event id (that event), another entity id (events in documents mentioning it), or
    free text (events whose label or a name used contains it; if none, events in documents
    matching it in full-text search). `date_from`/`date_to` ("2020", "2020-11", "2020-11-09")
    keep events whose interval overlaps; undated events are then left out. `max_sources` caps
    the sources listed per event and per disagreement reading (`source_count` gives the full number).
    """
    lo, hi = _bound(date_from, 0), _bound(date_to, 1)
    where, params = _topic_filter(store, topic)
    params = {**params, "cap": max_sources}
    q = lambda sql: store.conn.execute(sql.format(where=where), params)  # noqa: E731
    groups: dict[str, dict] = {}
    for r in q(_FIRST):
        groups[r["grp"]] = {"id": r["event"], "label": r["label"], "event_start": r["event_start"],
                            "event_end": r["event_end"], "readings": [], "sources": [], "documents": 0}
    for r in q(_READINGS):
        groups[r["grp"]]["readings"].append(dict(r))
    for grp, docs in q(_DOCUMENTS):
        groups[grp]["documents"] = docs
    for r in q(_SOURCES):
        groups[r["grp"]]["sources"].append(dict(r))
    events = []
    for grp, g in groups.items():
        interval, date = _best_date(g)
        if (lo or hi) and not (interval and (not lo or interval[1] >= lo) and (not hi or interval[0] <= hi)):
            continue
        sources = [{k: s[k] for k in ("source", "doc_id", "side", "value", "text", "start", "end", "name_used")}
                   for s in g["sources"]]
        for s in sources:
            s["document"] = s.pop("doc_id")
        disagreements = [d for d in (_date_disagreement(g["readings"]), _name_disagreement(g["readings"])) if d]
        events.append({"id": g["id"], "label": g["label"], "date": date,
                       "source_count": sum(r["n"] for r in g["readings"]), "documents": g["documents"],
                       "sources": sources, "disagreements": disagreements, "_interval": interval, "_grp": grp})
    _fill_reading_sources(store, events, where, params)
    events.sort(key=lambda e: (e["_interval"] is None, e["_interval"] or ("", ""), e["label"] or ""))
    for e in events:
        del e["_interval"], e["_grp"]
    return {"events": events}


def _fill_reading_sources(store: Store, events: list[dict], where: str, params: dict) -> None:
    """The documents behind each disagreement reading (up to the cap), in one query per kind."""
    for kind, column, out in (("date", "value", "value"), ("name", "name", "name")):
        wanted = {e["_grp"]: d for e in events for d in e["disagreements"] if d["kind"] == kind}
        if not wanted:
            continue
        found: dict[tuple, list[str]] = defaultdict(list)
        for grp, side, reading, doc_id in store.conn.execute(
                _READING_DOCS.format(column=column, where=where), {**params, "disagreeing": json.dumps(sorted(wanted))}):
            found[(grp, side, reading)].append(doc_id)
        for grp, d in wanted.items():
            for r in d["readings"]:
                r["sources"] = found.get((grp, r["side"], r[out]), [])


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
            readings = "; ".join(f"{r['side']}: {r['value' if d['kind'] == 'date' else 'name']} ({len(r['sources'])})"
                                 for r in d["readings"])
            lines.append(f"    ! {d['kind']} disagreement — {readings}")
    return "\n".join(lines) if lines else "no dated events found"


def _clip(text: str, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[:width - 1] + "…"

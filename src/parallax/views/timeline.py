"""The timeline: dated event references merged across documents, each side's date and name shown.

Answered from the `spans` table (layer 'events', key = event id) joined with `documents` for
source and side, never from documents' JSON, so it stays fast on large corpora. Unlinked
references (event null) are grouped by their folded label.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter

from ..errors import QueryError
from ..events import is_day, value_interval
from ..store import Store, _as_plain_words

_ROWS = """
SELECT coalesce(s.key, '~' || lower(s.data ->> '$.label')) AS gid, s.key, s.doc_id, d.source,
       coalesce(d.side, 'unknown') AS side, s.start, s."end", s.text,
       s.data ->> '$.value' AS value, s.data ->> '$.name_used' AS name_used,
       s.data ->> '$.naming_side' AS naming_side, s.data ->> '$.label' AS label,
       s.data ->> '$.event_start' AS event_start, s.data ->> '$.event_end' AS event_end
FROM spans s JOIN documents d ON d.id = s.doc_id
WHERE s.layer = 'events' {where}
ORDER BY d.rowid, s.start
"""


def build_timeline(store: Store, *, topic: str | None = None, date_from: str | None = None,
                   date_to: str | None = None, max_sources: int = 50) -> dict:
    """Events ordered by date, each with its sources and the cross-side disagreements on date and name.

    `topic`: an event id (that event), another entity id (events in documents mentioning it), or
    free text (events whose label or a name used contains it; if none, events in documents
    matching it in full-text search). `date_from`/`date_to` ("2020", "2020-11", "2020-11-09")
    keep events whose interval overlaps; undated events are then left out. `max_sources` caps
    the sources listed per event (`source_count` gives the full number).
    """
    lo, hi = _bound(date_from, 0), _bound(date_to, 1)
    groups: dict[str, dict] = {}
    for row in _rows(store, topic):
        group = groups.setdefault(row["gid"], {"id": row["key"], "label": row["label"], "rows": []})
        group["rows"].append(row)
    events = [_event(g, max_sources) for g in groups.values()]
    if lo or hi:
        events = [e for e in events if e["_interval"] and (not lo or e["_interval"][1] >= lo)
                  and (not hi or e["_interval"][0] <= hi)]
    events.sort(key=lambda e: (e["_interval"] is None, e["_interval"] or ("", ""), e["label"] or ""))
    for e in events:
        del e["_interval"]
    return {"events": events}


def _bound(value: str | None, side: int) -> str | None:
    if not value:
        return None
    interval = value_interval(str(value))
    if interval is None:
        raise QueryError(f"cannot read date {value!r}; use YYYY, YYYY-MM or YYYY-MM-DD")
    return interval[side]


def _rows(store: Store, topic: str | None) -> list[sqlite3.Row]:
    if not topic:
        return store.conn.execute(_ROWS.format(where="")).fetchall()
    topic = topic.strip()
    if ":" in topic and " " not in topic:
        if topic.startswith("event:"):
            return store.conn.execute(_ROWS.format(where="AND s.key = ?"), (topic,)).fetchall()
        return store.conn.execute(_ROWS.format(
            where="AND s.doc_id IN (SELECT doc_id FROM spans WHERE layer = 'mentions' AND key = ?)"), (topic,)).fetchall()
    like = f"%{topic.lower()}%"
    named = store.conn.execute(_ROWS.format(where="AND s.key IN (SELECT DISTINCT key FROM spans WHERE layer = 'events'"
                                            " AND (lower(data ->> '$.label') LIKE ? OR lower(data ->> '$.name_used') LIKE ?))"),
                               (like, like)).fetchall()
    if named:
        return named
    unlinked = store.conn.execute(_ROWS.format(where="AND s.key IS NULL AND lower(s.data ->> '$.label') LIKE ?"),
                                  (like,)).fetchall()
    if unlinked:
        return unlinked
    try:  # the matching documents first, then their event spans through the (doc_id, layer) index
        ids = [r[0] for r in store.conn.execute(
            "SELECT d.id FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid"
            " WHERE documents_fts MATCH ?", (_as_plain_words(topic),))]
    except sqlite3.OperationalError as exc:
        raise QueryError(f"cannot search for topic {topic!r}: {exc}") from exc
    return store.conn.execute(_ROWS.format(where="AND s.doc_id IN (SELECT value FROM json_each(?))"),
                              (json.dumps(ids),)).fetchall()


def _event(group: dict, max_sources: int) -> dict:
    rows = group["rows"]
    interval, date = _best_date(rows)
    sources = [{"source": r["source"], "document": r["doc_id"], "side": r["side"], "value": r["value"],
                "text": r["text"], "start": r["start"], "end": r["end"], "name_used": r["name_used"]}
               for r in rows[:max_sources]]
    return {"id": group["id"], "label": group["label"], "date": date, "source_count": len(rows),
            "documents": len({r["doc_id"] for r in rows}), "sources": sources,
            "disagreements": [d for d in (_date_disagreement(rows, max_sources),
                                          _name_disagreement(rows, max_sources)) if d],
            "_interval": interval}


def _best_date(rows: list) -> tuple[tuple[str, str] | None, str | dict | None]:
    """The pack's date for a known event (a day, or an interval for a range); else the sources' best.

    Without a pack date: the most common day-precise value, else the narrowest interval given.
    """
    first = rows[0]
    if first["event_start"]:
        iv = (first["event_start"], first["event_end"] or first["event_start"])
        return iv, iv[0] if iv[0] == iv[1] else {"start": iv[0], "end": iv[1]}
    days = Counter(r["value"] for r in rows if is_day(r["value"]))
    if days:
        day = min(days, key=lambda v: (-days[v], v))
        return (day, day), day
    intervals = [iv for iv in (value_interval(r["value"]) for r in rows) if iv]
    if not intervals:
        return None, None
    iv = min(intervals, key=lambda i: (i[1] > i[0], i[1], i[0]))
    return iv, {"start": iv[0], "end": iv[1]}


def _readings(rows: list, attr: str, out: str, cap: int) -> list[dict]:
    readings: dict[tuple, list[str]] = {}
    for r in rows:
        docs = readings.setdefault((r["side"], r[attr]), [])
        if r["doc_id"] not in docs and len(docs) < cap:
            docs.append(r["doc_id"])
    return [{"side": side, out: value, "sources": docs} for (side, value), docs in sorted(readings.items())]


def _disagree(readings: list[dict], out: str) -> bool:
    return any(a["side"] != b["side"] and a[out] != b[out] for a in readings for b in readings)


def _date_disagreement(rows: list, cap: int) -> dict | None:
    """Sources of different sides giving different days for the same event."""
    readings = _readings([r for r in rows if is_day(r["value"])], "value", "value", cap)
    return {"kind": "date", "readings": readings} if _disagree(readings, "value") else None


def _name_disagreement(rows: list, cap: int) -> dict | None:
    """Sources of different sides naming the event differently, at least one with a side's name."""
    named = [r for r in rows if r["name_used"]]
    if not any(r["naming_side"] for r in named):
        return None
    readings = _readings(named, "name_used", "name", cap)
    return {"kind": "name", "readings": readings} if _disagree(readings, "name") else None


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

"""The documents on one topic, where in them it is mentioned, and the SQL that reads near it.

The topic's mentions are its anchors; each anchor's window is the stance, demand or claim sentence
that holds it, else ±200 characters. Spans starting inside a window are "near the topic". Near
spans are blocked by key (entity id, year, term id, event id, figure unit and subject, demanded
action) with window functions that count each block per side and keep a few rows as evidence,
so Python only ever sees a bounded sample. The spans are read through the (doc_id, layer) index
for the documents read (at most MAX_READ per side, newest first), never across pairs of documents.
"""

from __future__ import annotations

import json
import re
import uuid
from collections import defaultdict

from ..errors import QueryError
from ..pack import Pack
from ..store import Store

WINDOW = 200               # characters either side of a topic mention when no sentence span holds it
FIGURE_TOLERANCE = 0.10    # figures further apart than this (relative) disagree
MAX_EVIDENCE = 3           # evidence rows kept per block and side
MAX_LISTED = 25            # items listed per side (documents, stances, demands, claims, terms)
MAX_READ = 1_000           # documents per side read for near-topic evidence (newest first); counts use all

_NEWEST = "ORDER BY d.published IS NULL, d.published DESC, d.rowid DESC"
_DOCS_BY_ENTITY = f"""
SELECT d.id, d.source, d.title, coalesce(d.side, 'unknown') AS side FROM documents d
WHERE d.id IN (SELECT doc_id FROM spans WHERE layer = 'mentions' AND key = :entity) {_NEWEST}"""
_DOCS_BY_TEXT = f"""
SELECT d.id, d.source, d.title, coalesce(d.side, 'unknown') AS side
FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid
WHERE documents_fts MATCH :phrase {_NEWEST}"""
_ANCHORS_OF_ENTITY = """SELECT s.doc_id, s.start, s."end", s.text FROM temp.{t}_docs x
JOIN spans s ON s.doc_id = x.doc_id AND s.layer = 'mentions' AND s.key = :entity"""
NAMES_OF_ENTITY = "SELECT doc_side AS side, surface AS text, mentions AS n FROM entity_counts WHERE entity = :entity"
_ANCHORS_OF_TEXT = """SELECT value ->> 0 AS doc_id, value ->> 1 AS start, value ->> 2 AS "end", value ->> 3 AS text
                      FROM json_each(:anchors)"""
# each anchor's window: the sentence span holding it, else ±WINDOW characters
_WINDOWS = f"""
SELECT a.doc_id, coalesce(w.lo, max(a.start - {WINDOW}, 0)) AS lo,
       coalesce(w.hi, a."end" + {WINDOW}) AS hi
FROM {{anchors}} a LEFT JOIN spans w ON w.doc_id = a.doc_id AND w.layer IN ('stances', 'demands', 'claims')
     AND a.start >= w.lo AND a.start < w.hi
ORDER BY a.doc_id, lo"""
_NEAR = """
near AS (
  SELECT s.rowid AS rid, s.doc_id, s.layer, s.start, s."end", s.key, s.text, coalesce(s.doc_side, 'unknown') AS side{cols}
  FROM windows w CROSS JOIN spans s INDEXED BY spans_doc_layer ON s.doc_id = w.doc_id AND s.layer = :layer AND s.start >= w.lo AND s.start < w.hi {union})"""
_HELD = """
near AS (
  SELECT DISTINCT s.rowid AS rid, s.doc_id, s.layer, s.start, s."end", s.key, s.text, coalesce(s.doc_side, 'unknown') AS side{cols}
  FROM anchors a CROSS JOIN spans s INDEXED BY spans_doc_layer ON s.doc_id = a.doc_id AND s.layer = :layer
       AND a.start >= s.lo AND a.start < s.hi {union})"""
_RANKED = """
ranked AS (
  SELECT *, count(*) OVER (PARTITION BY {partition}) AS n,
         row_number() OVER (PARTITION BY {partition} ORDER BY doc_id, start) AS rn
  FROM (SELECT *, {block} AS block FROM near WHERE {where}))
SELECT * FROM ranked WHERE rn <= :max_rows ORDER BY block, side, rn"""
_VOCABULARY = """
SELECT side, key, text, count(*) AS n FROM near GROUP BY side, key, text ORDER BY side, n DESC, key, text"""
STANCES = """
SELECT s.doc_id, 'stances' AS layer, s.start, s."end", s.text, coalesce(s.doc_side, 'unknown') AS side,
       s.value AS polarity, s.data ->> '$.cue' AS cue, s.data ->> '$.holder.text' AS holder_text, s.name AS holder
FROM spans s WHERE s.layer = 'stances' AND s.key = :entity AND s.doc_id IN (SELECT doc_id FROM temp.{t}_topic)
ORDER BY s.rowid"""
HOLDERS = """
SELECT doc_id, name AS holder, count(*) AS n, min(start) AS first
FROM spans WHERE layer = 'stances' AND doc_id IN (SELECT value FROM json_each(:docs)) AND holder IS NOT NULL
GROUP BY doc_id, holder"""
MENTIONED_BY = """
SELECT s.key, coalesce(s.doc_side, 'unknown') AS side FROM spans s
WHERE s.layer = 'mentions' AND s.key IN (SELECT value FROM json_each(:keys))
  AND s.doc_id IN (SELECT doc_id FROM docs) GROUP BY s.key, s.doc_side"""

CONCRETE_SQL = ("(key GLOB '[0-9][0-9][0-9][0-9]' OR key GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'"
                 " OR key GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')")
CLAIM_BLOCK = "coalesce(subject, :entity, '(topic)') || ' | ' || coalesce(unit, '')"
CLAIM_COLS = (", CAST(s.value AS REAL) AS value, s.naming AS unit,"
               " s.data ->> '$.figure.hedge' AS hedge, s.name AS subject,"
               " s.data ->> '$.subject.text' AS subject_text, s.lo AS lo, s.hi AS hi")
CLAIMS_ABOUT = ("UNION SELECT s.rowid, s.doc_id, s.layer, s.start, s.\"end\", s.key, s.text, coalesce(s.doc_side, 'unknown'){cols}"
                 " FROM spans s WHERE s.layer = 'claims' AND s.name = :entity AND s.doc_id IN (SELECT doc_id FROM docs)")



class Topic:
    """The documents on one topic and where in them it is mentioned."""

    def __init__(self, store: Store, pack: Pack, entity: str | None, docs: dict, read: list[str],
                 anchors_sql: str, params: dict):
        """`docs`: every document on the topic, newest first; `read`: those read for evidence."""
        self.store, self.pack, self.entity, self.docs, self.read = store, pack, entity, docs, read
        self._started_transaction = not store.conn.in_transaction
        self.sides = pack.side_ids
        self.params = {**params, "entity": entity, "max_rows": MAX_EVIDENCE}
        self.tables = f"compare_{uuid.uuid4().hex[:12]}"
        self._materialize(anchors_sql)
        self.anchors_sql = f"SELECT * FROM temp.{self.tables}_anchors"

    def _materialize(self, anchors_sql: str) -> None:
        """All topic documents, the documents read, their anchors and merged windows as TEMP tables
        (a read-only store allows them), so each near-topic query joins them instead of recomputing."""
        conn, t = self.store.conn, self.tables
        for table, ids in (("topic", self.docs), ("docs", self.read)):
            conn.execute(f"CREATE TEMP TABLE {t}_{table}(doc_id TEXT PRIMARY KEY) WITHOUT ROWID")
            conn.executemany(f"INSERT INTO temp.{t}_{table} VALUES (?)", [(d,) for d in ids])
        conn.execute(f'CREATE TEMP TABLE {t}_anchors AS {anchors_sql.format(t=t)}', self.params)
        conn.execute(f"CREATE TEMP TABLE {t}_windows(doc_id TEXT, lo INTEGER, hi INTEGER)")
        rows = conn.execute(_WINDOWS.format(anchors=f"temp.{t}_anchors"))
        conn.executemany(f"INSERT INTO temp.{t}_windows VALUES (?,?,?)", _merged(rows))
        conn.execute(f"CREATE INDEX temp.{t}_windows_doc ON {t}_windows(doc_id)")

    def close(self) -> None:
        for table in ("anchors", "docs", "topic", "windows"):
            self.store.conn.execute(f"DROP TABLE IF EXISTS temp.{self.tables}_{table}")
        if self._started_transaction and self.store.conn.in_transaction:
            self.store.conn.commit()   # only temp tables were written

    @classmethod
    def find(cls, store: Store, pack: Pack, query: str, entity: str | None) -> Topic | None:
        """An entity is found through its mentions; free text (or an entity no document names
        through the pack) through the full-text index, its occurrences located in the matches."""
        if entity:
            docs = {r["id"]: dict(r) for r in store.conn.execute(_DOCS_BY_ENTITY, {"entity": entity})}
            if docs:
                return cls(store, pack, entity, docs, _newest_per_side(docs), _ANCHORS_OF_ENTITY, {})
        words = re.findall(r"\w+", query)
        if not words:
            raise QueryError(f"topic {query!r} has no words to search for")
        phrase = '"' + " ".join(words) + '"'   # one FTS5 phrase: nothing the user typed reaches the engine as syntax
        pattern = re.compile(r"\b" + r"\W+".join(map(re.escape, words)) + r"\b", re.IGNORECASE)
        docs = {r["id"]: dict(r) for r in store.conn.execute(_DOCS_BY_TEXT, {"phrase": phrase})}
        if not docs:
            return None
        read, anchors = _newest_per_side(docs), []
        for doc_id in read:
            text = store.conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
            anchors += [(doc_id, m.start(), m.end(), m.group()) for m in pattern.finditer(text)]
        return cls(store, pack, entity, docs, read, _ANCHORS_OF_TEXT, {"anchors": json.dumps(anchors)})

    def query(self, sql: str, **params) -> list[dict]:
        return [dict(r) for r in self.store.conn.execute(sql, {**self.params, **params})]

    def with_near(self, layer: str, *, held: bool = False, cols: str = "", union: str = "") -> str:
        """The WITH clause defining `anchors`, `windows` and `near` (spans of `layer` near the topic,
        or, with `held`, spans of `layer` whose sentence holds a topic mention)."""
        near = (_HELD.format(cols=cols, union=union.format(cols=cols)) if held
                else _NEAR.format(cols=cols, union=union.format(cols=cols)))
        t = self.tables
        return (f"WITH anchors AS (SELECT * FROM temp.{t}_anchors), docs AS (SELECT doc_id FROM temp.{t}_docs),"
                f" windows AS (SELECT * FROM temp.{t}_windows)," + near)

    def blocks(self, layer: str, *, block: str = "key", partition: str = "block, side", where: str = "1",
               held: bool = False, cols: str = "", union: str = "") -> dict[str, dict[str, list[dict]]]:
        """Near spans grouped by block then side; each row keeps `n`, the size of its partition."""
        sql = self.with_near(layer, held=held, cols=cols, union=union) + "," + _RANKED.format(
            block=block, partition=partition, where=where)
        grouped: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        for row in self.query(sql, layer=layer):
            grouped[row["block"]][row["side"]].append(row)
        return grouped

    def vocabulary(self) -> list[dict]:
        sql = self.with_near("terms", cols=", s.value AS quoted", union=self.about_terms_sql())
        return self.query(sql + _VOCABULARY, layer="terms")

    def about_terms_sql(self) -> str:
        """Terms the pack says are about the topic count wherever they occur in its documents."""
        about = [t["id"] for t in self.pack.terms if self.entity and self.entity in t.get("about", [])]
        if not about:
            return ""
        self.params["about"] = json.dumps(about)
        return ("UNION SELECT s.rowid, s.doc_id, s.layer, s.start, s.\"end\", s.key, s.text, coalesce(s.doc_side, 'unknown'){cols}"
                " FROM spans s WHERE s.layer = 'terms'"
                " AND s.key IN (SELECT value FROM json_each(:about)) AND s.doc_id IN (SELECT doc_id FROM docs)")

    def pack_sides(self, by_side: dict[str, list]) -> dict[str, list]:
        """Only the pack's sides, in pack order: neutral, mixed and unknown documents take no part."""
        return {side: by_side[side] for side in self.sides if by_side.get(side)}


def _newest_per_side(docs: dict) -> list[str]:
    """The documents read for evidence: the first MAX_READ of each side in `docs` order (newest first)."""
    taken: dict[str, int] = defaultdict(int)
    read = []
    for doc_id, d in docs.items():
        if taken[d["side"]] < MAX_READ:
            taken[d["side"]] += 1
            read.append(doc_id)
    return read


def _merged(windows) -> list[tuple]:
    """Overlapping windows of one document merged, so a span falls in one window at most."""
    merged: list[list] = []
    for doc_id, lo, hi in windows:          # ordered by document, then start
        if merged and merged[-1][0] == doc_id and lo <= merged[-1][2]:
            merged[-1][2] = max(merged[-1][2], hi)
        else:
            merged.append([doc_id, lo, hi])
    return [tuple(w) for w in merged]


def evidence(row: dict) -> dict:
    """Where a finding comes from; the text around it is read at the end (see _fill_snippets)."""
    context = (row["lo"], row["hi"]) if row.get("lo") is not None else (
        (row["start"], row["end"]) if row["layer"] in ("stances", "demands") else None)
    return {"side": row["side"], "document": row["doc_id"], "text": None, "start": row["start"], "end": row["end"],
            "_context": context}


def block_count(rows: list[dict]) -> int:
    """Rows of one (block, side) may come from several partitions (one per value): add them up once."""
    return sum(r["n"] for r in rows if r["rn"] == 1)


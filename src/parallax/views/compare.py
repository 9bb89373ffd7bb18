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
import uuid
from collections import defaultdict
from statistics import mean

from ..errors import QueryError
from ..pack import Pack, fold_form
from ..sentences import sentence_spans
from ..store import Store

WINDOW = 200               # characters either side of a topic mention when no sentence span holds it
FIGURE_TOLERANCE = 0.10    # figures further apart than this (relative) disagree
MAX_EVIDENCE = 3           # evidence rows kept per block and side
MAX_LISTED = 25            # items listed per side (documents, stances, demands, claims, terms)
_SNIPPET = 160             # characters read either side of a short span to find its sentence
_CONCRETE_DATE = re.compile(r"^\d{4}(-\d\d(-\d\d)?)?$")

_DOCS_BY_ENTITY = """
SELECT d.id, d.source, d.title, coalesce(d.side, 'unknown') AS side FROM documents d
WHERE d.id IN (SELECT doc_id FROM spans WHERE layer = 'mentions' AND key = :entity) ORDER BY d.rowid"""
_DOCS_BY_TEXT = """
SELECT d.id, d.source, d.title, coalesce(d.side, 'unknown') AS side, d.text
FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid
WHERE documents_fts MATCH :phrase ORDER BY d.rowid"""
_ANCHORS_OF_ENTITY = """SELECT doc_id, start, "end", text FROM spans WHERE layer = 'mentions' AND key = :entity"""
_ANCHORS_OF_TEXT = """SELECT value ->> 0 AS doc_id, value ->> 1 AS start, value ->> 2 AS "end", value ->> 3 AS text
                      FROM json_each(:anchors)"""
_SENTENCE_LO = "coalesce({t}.data ->> '$.sentence[0]', {t}.start)"
_SENTENCE_HI = "coalesce({t}.data ->> '$.sentence[1]', {t}.\"end\")"
# each anchor's window: the sentence span holding it, else ±WINDOW characters
_WINDOWS = f"""
SELECT a.doc_id, coalesce({_SENTENCE_LO.format(t="w")}, max(a.start - {WINDOW}, 0)) AS lo,
       coalesce({_SENTENCE_HI.format(t="w")}, a."end" + {WINDOW}) AS hi
FROM {{anchors}} a LEFT JOIN spans w ON w.doc_id = a.doc_id AND w.layer IN ('stances', 'demands', 'claims')
     AND a.start >= {_SENTENCE_LO.format(t="w")} AND a.start < {_SENTENCE_HI.format(t="w")}
ORDER BY a.doc_id, lo"""
_NEAR = """
near AS (
  SELECT s.rowid AS rid, s.doc_id, s.layer, s.start, s."end", s.key, s.text, coalesce(d.side, 'unknown') AS side{cols}
  FROM windows w JOIN spans s ON s.doc_id = w.doc_id AND s.layer = :layer AND s.start >= w.lo AND s.start < w.hi
  JOIN documents d ON d.id = s.doc_id {union})"""
_HELD = """
near AS (
  SELECT DISTINCT s.rowid AS rid, s.doc_id, s.layer, s.start, s."end", s.key, s.text, coalesce(d.side, 'unknown') AS side{cols}
  FROM anchors a JOIN spans s ON s.doc_id = a.doc_id AND s.layer = :layer
       AND a.start >= {lo} AND a.start < {hi} JOIN documents d ON d.id = s.doc_id {union})"""
_RANKED = """
ranked AS (
  SELECT *, count(*) OVER (PARTITION BY {partition}) AS n,
         row_number() OVER (PARTITION BY {partition} ORDER BY doc_id, start) AS rn
  FROM (SELECT *, {block} AS block FROM near WHERE {where}))
SELECT * FROM ranked WHERE rn <= :max_rows ORDER BY block, side, rn"""
_VOCABULARY = """
SELECT side, key, text, count(*) AS n FROM near GROUP BY side, key, text ORDER BY side, n DESC, key, text"""
_STANCES = """
SELECT s.doc_id, 'stances' AS layer, s.start, s."end", s.text, coalesce(d.side, 'unknown') AS side,
       s.data ->> '$.polarity' AS polarity, s.data ->> '$.cue' AS cue, s.data ->> '$.holder.text' AS holder_text,
       coalesce(s.data ->> '$.holder.entity', s.data ->> '$.holder.text') AS holder
FROM spans s JOIN documents d ON d.id = s.doc_id
WHERE s.layer = 'stances' AND s.key = :entity ORDER BY d.rowid, s.start"""
_HOLDERS = """
SELECT doc_id, coalesce(data ->> '$.holder.entity', data ->> '$.holder.text') AS holder, count(*) AS n, min(start) AS first
FROM spans WHERE layer = 'stances' AND doc_id IN (SELECT value FROM json_each(:docs)) AND holder IS NOT NULL
GROUP BY doc_id, holder"""
_MENTIONED_BY = """
SELECT s.key, coalesce(d.side, 'unknown') AS side FROM spans s JOIN documents d ON d.id = s.doc_id
WHERE s.layer = 'mentions' AND s.key IN (SELECT value FROM json_each(:keys))
  AND s.doc_id IN (SELECT doc_id FROM docs) GROUP BY s.key, d.side"""


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
    ctx = _Topic.find(store, pack, topic.strip(), entity)
    result = {"topic": topic_info, "sides": {}, "shared": [], "contested": [], "one_sided": []}
    if ctx is None:
        return result
    try:
        _compare(ctx, result)
    finally:
        ctx.close()
    return result


def _compare(ctx: _Topic, result: dict) -> None:
    stances = _stances(ctx)
    blocks = {"mentions": ctx.blocks("mentions", where="key IS NOT NULL AND key IS NOT :entity"),
              "dates": ctx.blocks("dates", block="substr(key, 1, 4)", where=_CONCRETE_SQL),
              "terms": ctx.blocks("terms", where="key IS NOT NULL AND NOT coalesce(quoted, 0)", cols=", s.data ->> '$.quoted' AS quoted",
                                  union=ctx.about_terms_sql()),
              "events": ctx.blocks("events", partition="block, side, value", cols=", s.data ->> '$.value' AS value",
                                   where="key IS NOT NULL AND " + _CONCRETE_SQL.replace("key", "value")),
              "demands": ctx.blocks("demands", held=True, cols=", s.data ->> '$.actor.name' AS actor, s.data ->> '$.addressee.name' AS addressee"),
              "claims": ctx.blocks("claims", held=True, partition="block, side, value", block=_CLAIM_BLOCK, where="value IS NOT NULL",
                                   cols=_CLAIM_COLS, union=_CLAIMS_ABOUT)}
    result["sides"] = _sides(ctx, stances, blocks)
    for finding in (_stance_findings(ctx, stances, result["sides"]), _date_findings(ctx, blocks),
                    _figure_findings(ctx, blocks), _term_findings(ctx, blocks), _entity_findings(ctx, blocks),
                    _demand_findings(ctx, blocks)):
        for section, item in finding:
            result[section].append(item)
    _fill_snippets(ctx.store, result)


_CONCRETE_SQL = ("(key GLOB '[0-9][0-9][0-9][0-9]' OR key GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'"
                 " OR key GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')")
_CLAIM_BLOCK = "coalesce(subject, :entity, '(topic)') || ' | ' || coalesce(unit, '')"
_CLAIM_COLS = (", s.data ->> '$.figure.value' AS value, s.data ->> '$.figure.unit' AS unit,"
               " s.data ->> '$.figure.hedge' AS hedge, s.data ->> '$.subject.entity' AS subject,"
               " s.data ->> '$.subject.text' AS subject_text, " + _SENTENCE_LO.format(t="s") + " AS lo, "
               + _SENTENCE_HI.format(t="s") + " AS hi")
_CLAIMS_ABOUT = ("UNION SELECT s.rowid, s.doc_id, s.layer, s.start, s.\"end\", s.key, s.text, coalesce(d.side, 'unknown'){cols}"
                 " FROM spans s JOIN documents d ON d.id = s.doc_id WHERE s.layer = 'claims'"
                 " AND s.doc_id IN (SELECT doc_id FROM docs) AND s.data ->> '$.subject.entity' = :entity")


# -- the topic's documents and the SQL that reads near it -----------------------------------------

class _Topic:
    """The documents on one topic and where in them it is mentioned."""

    def __init__(self, store: Store, pack: Pack, entity: str | None, docs: dict, anchors_sql: str, params: dict):
        self.store, self.pack, self.entity, self.docs = store, pack, entity, docs
        self._started_transaction = not store.conn.in_transaction
        self.sides = pack.side_ids
        self.params = {**params, "entity": entity, "max_rows": MAX_EVIDENCE}
        self.tables = f"compare_{uuid.uuid4().hex[:12]}"
        self._materialize(anchors_sql)
        self.anchors_sql = f"SELECT * FROM temp.{self.tables}_anchors"

    def _materialize(self, anchors_sql: str) -> None:
        """Anchors, documents and merged windows as TEMP tables (a read-only store allows them),
        so each near-topic query joins them instead of recomputing them."""
        conn, t = self.store.conn, self.tables
        conn.execute(f'CREATE TEMP TABLE {t}_anchors AS {anchors_sql}', self.params)
        conn.execute(f"CREATE TEMP TABLE {t}_docs(doc_id TEXT PRIMARY KEY) WITHOUT ROWID")
        conn.executemany(f"INSERT INTO temp.{t}_docs VALUES (?)", [(d,) for d in self.docs])
        conn.execute(f"CREATE TEMP TABLE {t}_windows(doc_id TEXT, lo INTEGER, hi INTEGER)")
        rows = conn.execute(_WINDOWS.format(anchors=f"temp.{t}_anchors"))
        conn.executemany(f"INSERT INTO temp.{t}_windows VALUES (?,?,?)", _merged(rows))
        conn.execute(f"CREATE INDEX temp.{t}_windows_doc ON {t}_windows(doc_id)")

    def close(self) -> None:
        for table in ("anchors", "docs", "windows"):
            self.store.conn.execute(f"DROP TABLE IF EXISTS temp.{self.tables}_{table}")
        if self._started_transaction and self.store.conn.in_transaction:
            self.store.conn.commit()   # only temp tables were written

    @classmethod
    def find(cls, store: Store, pack: Pack, query: str, entity: str | None) -> _Topic | None:
        """An entity is found through its mentions; free text (or an entity no document names
        through the pack) through the full-text index, its occurrences located in the matches."""
        if entity:
            docs = {r["id"]: dict(r) for r in store.conn.execute(_DOCS_BY_ENTITY, {"entity": entity})}
            if docs:
                return cls(store, pack, entity, docs, _ANCHORS_OF_ENTITY, {})
        words = re.findall(r"\w+", query)
        if not words:
            raise QueryError(f"topic {query!r} has no words to search for")
        phrase = '"' + " ".join(words) + '"'   # one FTS5 phrase: nothing the user typed reaches the engine as syntax
        pattern = re.compile(r"\b" + r"\W+".join(map(re.escape, words)) + r"\b", re.IGNORECASE)
        docs, anchors = {}, []
        for row in store.conn.execute(_DOCS_BY_TEXT, {"phrase": phrase}):
            docs[row["id"]] = {k: row[k] for k in ("id", "source", "title", "side")}
            anchors += [(row["id"], m.start(), m.end(), m.group()) for m in pattern.finditer(row["text"])]
        if not docs:
            return None
        return cls(store, pack, entity, docs, _ANCHORS_OF_TEXT, {"anchors": json.dumps(anchors)})

    def query(self, sql: str, **params) -> list[dict]:
        return [dict(r) for r in self.store.conn.execute(sql, {**self.params, **params})]

    def with_near(self, layer: str, *, held: bool = False, cols: str = "", union: str = "") -> str:
        """The WITH clause defining `anchors`, `windows` and `near` (spans of `layer` near the topic,
        or, with `held`, spans of `layer` whose sentence holds a topic mention)."""
        near = (_HELD.format(cols=cols, union=union.format(cols=cols), lo=_SENTENCE_LO.format(t="s"),
                             hi=_SENTENCE_HI.format(t="s")) if held
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
        sql = self.with_near("terms", cols=", s.data ->> '$.quoted' AS quoted", union=self.about_terms_sql())
        return self.query(sql + _VOCABULARY, layer="terms")

    def about_terms_sql(self) -> str:
        """Terms the pack says are about the topic count wherever they occur in its documents."""
        about = [t["id"] for t in self.pack.terms if self.entity and self.entity in t.get("about", [])]
        if not about:
            return ""
        self.params["about"] = json.dumps(about)
        return ("UNION SELECT s.rowid, s.doc_id, s.layer, s.start, s.\"end\", s.key, s.text, coalesce(d.side, 'unknown'){cols}"
                " FROM spans s JOIN documents d ON d.id = s.doc_id WHERE s.layer = 'terms'"
                " AND s.key IN (SELECT value FROM json_each(:about)) AND s.doc_id IN (SELECT doc_id FROM docs)")

    def pack_sides(self, by_side: dict[str, list]) -> dict[str, list]:
        """Only the pack's sides, in pack order: neutral, mixed and unknown documents take no part."""
        return {side: by_side[side] for side in self.sides if by_side.get(side)}


def _merged(windows) -> list[tuple]:
    """Overlapping windows of one document merged, so a span falls in one window at most."""
    merged: list[list] = []
    for doc_id, lo, hi in windows:          # ordered by document, then start
        if merged and merged[-1][0] == doc_id and lo <= merged[-1][2]:
            merged[-1][2] = max(merged[-1][2], hi)
        else:
            merged.append([doc_id, lo, hi])
    return [tuple(w) for w in merged]


def _evidence(row: dict) -> dict:
    """Where a finding comes from; the text around it is read at the end (see _fill_snippets)."""
    context = (row["lo"], row["hi"]) if row.get("lo") is not None else (
        (row["start"], row["end"]) if row["layer"] in ("stances", "demands") else None)
    return {"side": row["side"], "document": row["doc_id"], "text": None, "start": row["start"], "end": row["end"],
            "_context": context}


def _count(rows: list[dict]) -> int:
    """Rows of one (block, side) may come from several partitions (one per value): add them up once."""
    return sum(r["n"] for r in rows if r["rn"] == 1)


# -- per side ---------------------------------------------------------------------------------

def _stances(ctx: _Topic) -> list[dict]:
    """Stances on the topic, each marked whether it is its document's own voice.

    A press release reports "the Assembly urged …": the holder of most of a document's stances
    (first named wins a tie) is the document speaking, while a stance it attributes to someone
    else ("Erdoğan seeks to circumvent …") is not its own. No holder means the author's voice.
    """
    if not ctx.entity:
        return []
    rows = [r for r in ctx.query(_STANCES) if r["doc_id"] in ctx.docs]
    held = sorted({r["doc_id"] for r in rows if r["holder"]})
    principal: dict[str, tuple] = {}
    for h in ctx.query(_HOLDERS, docs=json.dumps(held)) if held else []:
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
    return round(mean(mean(p) for p in by_doc.values()), 3) if by_doc else None


def _sides(ctx: _Topic, stances: list[dict], blocks: dict) -> dict:
    present = {d["side"] for d in ctx.docs.values()}
    order = [s for s in ctx.sides if s in present] + sorted(present - set(ctx.sides))
    sides = {s: {"documents": [], "document_count": 0, "stance": None, "stances": [], "names": {}, "terms": [],
                 "demands": [], "claims": []} for s in order}
    for d in ctx.docs.values():
        entry = sides[d["side"]]
        entry["document_count"] += 1
        if len(entry["documents"]) < MAX_LISTED:
            entry["documents"].append({"id": d["id"], "source": d["source"], "title": d["title"]})
    for row in ctx.query(ctx.anchors_sql):
        names = sides[ctx.docs[row["doc_id"]]["side"]]["names"]
        names[row["text"]] = names.get(row["text"], 0) + 1
    for side, entry in sides.items():
        own = [r for r in stances if r["side"] == side]
        entry["stance"] = _side_stance(own)
        entry["stances"] = [_stance_item(r) for r in own[:MAX_LISTED]]
    for row in ctx.vocabulary():
        if len(sides[row["side"]]["terms"]) < MAX_LISTED:
            neutral = ctx.pack.by_id.get(row["key"], {}).get("neutral")
            sides[row["side"]]["terms"].append({"term": row["key"], "text": row["text"], "count": row["n"], "neutral": neutral})
    for layer, item in (("demands", _demand_item), ("claims", _claim_item)):
        for block in blocks[layer].values():
            for side, rows in block.items():
                sides[side][layer] += [{**item(r), "count": r["n"]} for r in rows if r["rn"] == 1]
    for entry in sides.values():
        for layer in ("demands", "claims"):
            entry[layer] = sorted(entry[layer], key=lambda i: -i["count"])[:MAX_LISTED]
    return sides


def _stance_item(r: dict) -> dict:
    return {"polarity": r["polarity"], "text": r["text"], "document": r["doc_id"], "start": r["start"], "end": r["end"],
            "cue": r["cue"], "holder": r["holder_text"], "own_voice": r["own"]}


def _demand_item(r: dict) -> dict:
    return {"actor": r["actor"], "addressee": r["addressee"], "action": r["key"], "text": r["text"],
            "document": r["doc_id"], "start": r["start"], "end": r["end"]}


def _claim_item(r: dict) -> dict:
    return {"text": r["text"], "figure": {"value": r["value"], "unit": r["unit"], "hedge": r["hedge"]},
            "subject": {"text": r["subject_text"], "entity": r["subject"]} if r["subject_text"] else None,
            "document": r["doc_id"], "start": r["start"], "end": r["end"]}


# -- findings: each yields (section, item) ------------------------------------------------------

def _readings(by_side: dict[str, list[dict]], **extra) -> dict:
    return {side: {**{k: v[side] for k, v in extra.items()}, "evidence": [_evidence(r) for r in rows[:MAX_EVIDENCE]]}
            for side, rows in by_side.items()}


def _flat(by_side: dict[str, list[dict]]) -> list[dict]:
    return [_evidence(r) for rows in by_side.values() for r in rows[:MAX_EVIDENCE]]


def _stance_findings(ctx: _Topic, stances: list[dict], sides: dict):
    polar = {s: sides[s]["stance"] for s in ctx.sides if sides.get(s, {}).get("stance") is not None}
    if any(p > 0 for p in polar.values()) and any(p < 0 for p in polar.values()):
        by_side = defaultdict(list)
        for r in stances:
            if r["polarity"] and r["own"] and r["side"] in polar:
                by_side[r["side"]].append(r)
        yield "contested", {"kind": "stance", "target": ctx.entity, "value": ctx.pack.by_id[ctx.entity]["name"],
                            "readings": _readings(ctx.pack_sides(by_side), polarity=polar)}


def _date_findings(ctx: _Topic, blocks: dict):
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


def _figure_findings(ctx: _Topic, blocks: dict):
    """Claims blocked by (subject, unit): agreeing figures are shared, differing ones contested,
    figures only one side gives are one-sided."""
    for block, by_side in sorted(blocks["claims"].items()):
        sides = ctx.pack_sides(by_side)
        subject, unit = block.split(" | ", 1)
        value = {"subject": subject, "unit": unit or None}
        if len(sides) == 1:
            side, rows = next(iter(sides.items()))
            for r in (r for r in rows if r["rn"] == 1):
                yield "one_sided", {"side": side, "kind": "claim", "item": {**_claim_item(r), "count": r["n"]},
                                    "evidence": [_evidence(r)]}
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


def _term_findings(ctx: _Topic, blocks: dict):
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
                a: {"term": t1, "text": used[t1][a][0]["text"], "count": _count(used[t1][a]),
                    "evidence": [_evidence(r) for r in used[t1][a]]},
                b: {"term": t2, "text": used[t2][b][0]["text"], "count": _count(used[t2][b]),
                    "evidence": [_evidence(r) for r in used[t2][b]]}}}


def _contested_pairs(ctx: _Topic, terms: list[str]):
    """Pairs of used terms the pack opposes. Quadratic in the distinct terms near the topic only."""
    entries = {t: ctx.pack.by_id.get(t, {}) for t in terms}
    for i, t1 in enumerate(terms):
        for t2 in terms[i + 1:]:
            linked = t2 in entries[t1].get("contested_with", []) or t1 in entries[t2].get("contested_with", [])
            framing = (ctx.entity and ctx.entity in entries[t1].get("about", []) and ctx.entity in entries[t2].get("about", [])
                       and entries[t1].get("side") != entries[t2].get("side"))
            if linked or framing:
                yield t1, t2


def _entity_findings(ctx: _Topic, blocks: dict):
    """Entities named beside the topic by one side's documents and nowhere in the other sides' ones;
    and the topic itself when only one side's documents raise it."""
    topic_sides = {d["side"] for d in ctx.docs.values()} & set(ctx.sides)
    if len(topic_sides) == 1 and ctx.entity and _other_side_exists(ctx, topic_sides):
        side = next(iter(topic_sides))
        anchors = ctx.query(f"SELECT doc_id, 'mentions' AS layer, start, \"end\", '{side}' AS side"
                            f" FROM ({ctx.anchors_sql}) LIMIT {MAX_EVIDENCE}")
        yield "one_sided", {"side": side, "kind": "entity", "item": {"entity": ctx.entity, "name": ctx.pack.by_id[ctx.entity]["name"],
                                                                     "count": len(ctx.docs)},
                            "evidence": [_evidence(r) for r in anchors]}
    candidates = {key: ctx.pack_sides(by_side) for key, by_side in blocks["mentions"].items()}
    candidates = {key: sides for key, sides in candidates.items() if len(sides) == 1}
    if not candidates or len(ctx.sides) < 2:
        return
    sql = f"WITH docs AS (SELECT doc_id FROM temp.{ctx.tables}_docs)" + _MENTIONED_BY
    mentioned = defaultdict(set)
    for row in ctx.query(sql, keys=json.dumps(sorted(candidates))):
        mentioned[row["key"]].add(row["side"])
    found = []
    for key, sides in candidates.items():
        side, rows = next(iter(sides.items()))
        if not (mentioned[key] & set(ctx.sides)) - {side}:
            name = ctx.pack.by_id.get(key, {}).get("name", key)
            found.append((-_count(rows), key, {"side": side, "kind": "entity", "item": {"entity": key, "name": name, "count": _count(rows)},
                                               "evidence": [_evidence(r) for r in rows]}))
    for _, _, item in sorted(found, key=lambda f: f[:2]):
        yield "one_sided", item


def _other_side_exists(ctx: _Topic, sides: set[str]) -> bool:
    others = [s for s in ctx.sides if s not in sides]
    return bool(others) and ctx.store.conn.execute(
        "SELECT 1 FROM documents WHERE side IN (SELECT value FROM json_each(?)) LIMIT 1", (json.dumps(others),)).fetchone() is not None


def _demand_findings(ctx: _Topic, blocks: dict):
    """Demands about the topic made by one side's documents when no other side makes any."""
    by_side = defaultdict(list)
    for block in blocks["demands"].values():
        for side, rows in block.items():
            by_side[side] += [r for r in rows if r["rn"] == 1]
    sides = ctx.pack_sides(by_side)
    if len(sides) == 1:
        side, rows = next(iter(sides.items()))
        for r in sorted(rows, key=lambda r: -r["n"])[:MAX_LISTED]:
            yield "one_sided", {"side": side, "kind": "demand", "item": {**_demand_item(r), "count": r["n"]},
                                "evidence": [_evidence(r)]}


# -- evidence text ----------------------------------------------------------------------------

def _fill_snippets(store: Store, result: dict) -> None:
    """Give each evidence item the text of its sentence, one small SQL read per item.

    Stances, demands and claims carry their sentence; for a short span (a mention, a date, a
    term) a stretch of text around it is read and cut to the sentence that holds it.
    """
    for item in _evidence_items(result):
        context = item.pop("_context", None)
        lo, hi = context or (max(0, item["start"] - _SNIPPET), item["end"] + _SNIPPET)
        row = store.conn.execute("SELECT substr(text, ?, ?) FROM documents WHERE id = ?",
                                 (lo + 1, hi - lo, item["document"])).fetchone()
        text = row[0] if row else ""
        if context is None:
            at = item["start"] - lo
            holder = [(a, b) for a, b in sentence_spans(text) if a <= at < b]
            if holder and holder[0][1] >= item["end"] - lo:
                text = text[holder[0][0]:holder[0][1]]
        item["text"] = " ".join(text.split())


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

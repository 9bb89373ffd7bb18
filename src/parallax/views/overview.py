"""Corpus-wide aggregates for the report and the web UI: naming, alignment, demands, topics.

Naming and topics read the entity aggregates the store keeps at write time; terms and demands
group the typed columns of one layer of `spans`. Every result is bounded, and no function loops
over documents in Python: they stay usable on stores of 100k documents.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

from ..pack import NEUTRAL, Pack, fold_form
from ..store import Store

_POSSESSIVE = re.compile(r"['’`´]s$")
TOP_TERMS = 10            # framing terms listed per side in the alignment distribution
TOPIC_KIND_TIER = {"law": 0, "event": 0, "org": 1, "group": 1, "person": 2, "place": 3}

_NAMING = """
SELECT entity, naming_side, surface, doc_side, mentions AS n FROM entity_counts
WHERE entity IN (SELECT value FROM json_each(:keys))"""
_HISTOGRAM = """
SELECT coalesce(side, 'unknown') AS side, min(max(CAST(coalesce(side_score, 0) * :bins AS INTEGER), 0), :bins - 1) AS bin,
       count(*) AS n
FROM documents GROUP BY 1, 2"""
_SIDE_TERMS = """
WITH used AS (
  SELECT coalesce(doc_side, 'unknown') AS side, key, text, count(*) AS n
  FROM spans INDEXED BY spans_terms WHERE layer = 'terms' AND key IS NOT NULL AND value IS NULL   -- 'quoted': held at a distance
  GROUP BY doc_side, key, text),
per_term AS (SELECT side, key, text, max(n) AS top, sum(n) AS total FROM used GROUP BY side, key),
ranked AS (SELECT *, row_number() OVER (PARTITION BY side ORDER BY total DESC, key) AS rn FROM per_term)
SELECT side, key, text, total FROM ranked WHERE rn <= :top ORDER BY side, rn"""
# The first demands of each document side (read through the (layer, doc_side) index, in ingest order).
_DEMAND_SIDES = "SELECT DISTINCT doc_side FROM spans WHERE layer = 'demands'"
_DEMANDS = """
SELECT s.doc_id, d.source, coalesce(s.doc_side, 'unknown') AS doc_side, s.name AS actor, s.naming AS addressee,
       s.key AS action, s.text, s.start, s."end", s.rowid AS span_row
FROM spans s JOIN documents d ON d.id = s.doc_id
WHERE s.layer = 'demands' AND s.doc_side IS :side ORDER BY s.rowid LIMIT :limit"""
_TOPIC_SIDES = "SELECT entity, doc_side, documents FROM entity_documents"
_TOPIC_DOCS = """
SELECT entity, sum(documents) FROM entity_documents WHERE entity IN (SELECT value FROM json_each(:keys)) GROUP BY entity"""
_STANCE_TARGETS = "SELECT key, count(*) FROM spans WHERE layer = 'stances' AND key IS NOT NULL GROUP BY key"


def naming_profile(store: Store, pack: Pack, limit: int = 12) -> list[dict]:
    """The pack's contested names the corpus uses: per entity, each form's naming side and uses by document side."""
    contested = _contested_targets(pack)
    if not contested:
        return []
    forms: dict[tuple[str, str], str] = {}
    for sf in pack.surface_forms:        # the first spelling of a folded form wins: the name, then aliases
        forms.setdefault((sf.target, fold_form(sf.form)), sf.form)
    profile: dict[str, dict] = {}
    for row in store.conn.execute(_NAMING, {"keys": json.dumps(sorted(contested))}):
        entity = profile.setdefault(row["entity"], {"entity": row["entity"], "name": pack.by_id[row["entity"]]["name"],
                                                     "total": 0, "variants": {}})
        form = _pack_form(forms, row["entity"], row["surface"] or "")
        variant = entity["variants"].setdefault((form, row["naming_side"]), {
            "form": form, "naming_side": row["naming_side"], "count": 0, "by_doc_side": {}})
        variant["count"] += row["n"]
        variant["by_doc_side"][row["doc_side"]] = variant["by_doc_side"].get(row["doc_side"], 0) + row["n"]
        entity["total"] += row["n"]
    for entity in profile.values():
        entity["variants"] = sorted(entity["variants"].values(), key=lambda v: (-v["count"], v["form"]))
    used = [e for e in profile.values() if any(v["naming_side"] != NEUTRAL for v in e["variants"])]
    return sorted(used, key=lambda e: (-e["total"], e["entity"]))[:limit]


def _pack_form(forms: dict, entity: str, surface: str) -> str:
    """The pack's spelling of a surface form (possessive dropped), else the surface as written."""
    for candidate in (surface, _POSSESSIVE.sub("", surface)):
        form = forms.get((entity, fold_form(candidate)))
        if form:
            return form
    return surface


def _contested_targets(pack: Pack) -> set[str]:
    """Entities and events whose pack names belong to at least two different sides."""
    sides: dict[str, set] = defaultdict(set)
    for sf in pack.surface_forms:
        if sf.side:
            sides[sf.target].add(sf.side)
    return {target for target, named in sides.items() if len(named) >= 2}


def alignment_distribution(store: Store, bins: int = 10) -> dict:
    """Per aligned side: documents, a histogram of alignment scores in [0, 1], and its top framing terms."""
    bins = max(1, int(bins))
    sides: dict[str, dict] = {}
    for row in store.conn.execute(_HISTOGRAM, {"bins": bins}):
        entry = sides.setdefault(row["side"], {"documents": 0, "top_terms": [],
                                               "histogram": [{"lo": round(i / bins, 4), "hi": round((i + 1) / bins, 4), "n": 0}
                                                             for i in range(bins)]})
        entry["histogram"][row["bin"]]["n"] += row["n"]
        entry["documents"] += row["n"]
    for row in store.conn.execute(_SIDE_TERMS, {"top": TOP_TERMS}):
        if row["side"] in sides:
            sides[row["side"]]["top_terms"].append({"term": row["key"], "text": row["text"], "count": row["total"]})
    ordered = sorted(sides, key=lambda s: (-sides[s]["documents"], s))
    return {"sides": {side: sides[side] for side in ordered}}


def demands_table(store: Store, limit: int = 200) -> list[dict]:
    """Calls to action (actor → addressee → action) with their sentence, by side; a capped table
    shares its rows out between the sides, so every side is represented."""
    sides = [r[0] for r in store.conn.execute(_DEMAND_SIDES)]
    rows: list[dict] = []
    for i, side in enumerate(sorted(sides, key=lambda s: s or "")):
        share = (int(limit) - len(rows)) // (len(sides) - i)
        rows += [dict(r) for r in store.conn.execute(_DEMANDS, {"side": side, "limit": max(share, 0)})]
    rows.sort(key=lambda r: (r["doc_side"], r["span_row"]))
    return [{"document": r["doc_id"], "source": r["source"], "doc_side": r["doc_side"], "actor": r["actor"],
             "addressee": r["addressee"], "action": r["action"], "text": r["text"], "start": r["start"],
             "end": r["end"]} for r in rows]


def count_demands(store: Store) -> int:
    """All demands in the store (to say how many a capped table left out)."""
    return store.conn.execute("SELECT count(*) FROM spans WHERE layer = 'demands'").fetchone()[0]


def top_topics(store: Store, pack: Pack, limit: int = 5) -> list[dict]:
    """Pack entities worth a dossier: mentioned by documents of two sides or more, laws, events and
    organisations (stance targets first) before people and places, then by documents."""
    by_side: dict[str, dict[str, int]] = defaultdict(dict)
    for key, side, docs in store.conn.execute(_TOPIC_SIDES):
        if key in pack.by_id and key.split(":", 1)[0] not in ("term", "outlet"):
            by_side[key][side] = docs
    candidates = {key: sides for key, sides in by_side.items() if len(set(sides) - {"unknown"}) >= 2}
    if not candidates:
        return []
    docs = dict(store.conn.execute(_TOPIC_DOCS, {"keys": json.dumps(sorted(candidates))}).fetchall())
    stanced = {key for key, _ in store.conn.execute(_STANCE_TARGETS)} | set(pack.stance_targets)
    pack_sides = set(pack.side_ids)

    def rank(key: str) -> tuple:
        tier = TOPIC_KIND_TIER.get(pack.kind_of(key), 2) - (key in stanced)
        return (-len(set(candidates[key]) & pack_sides), tier, -docs.get(key, 0), key)

    chosen = sorted(candidates, key=rank)[:limit]
    return [{"topic": key, "name": pack.by_id[key]["name"], "documents": docs.get(key, 0),
             "sides": dict(sorted(candidates[key].items(), key=lambda kv: (-kv[1], kv[0])))} for key in chosen]

"""The entity table: every pack entity and event mentioned, by document side and by naming side.

Answered with one GROUP BY over the `spans` table (layer 'mentions') joined with `documents`
for the document's side; the canonical name and kind come from one span per entity.
"""

from __future__ import annotations

from ..store import Store

_COUNTS = """
SELECT s.key AS entity, coalesce(d.side, 'unknown') AS doc_side, coalesce(s.side, 'neutral') AS naming_side,
       s.text AS surface, count(*) AS n, count(DISTINCT s.doc_id) AS docs
FROM spans s JOIN documents d ON d.id = s.doc_id
WHERE s.layer = 'mentions' AND s.key IS NOT NULL
GROUP BY s.key, d.side, s.side, s.text
"""
_DOCS = "SELECT key, count(DISTINCT doc_id) FROM spans WHERE layer = 'mentions' AND key IS NOT NULL GROUP BY key"
_NAMES = ("SELECT key, data ->> '$.name', data ->> '$.kind' FROM spans WHERE rowid IN "
          "(SELECT min(rowid) FROM spans WHERE layer = 'mentions' AND key IS NOT NULL GROUP BY key)")


def entity_table(store: Store) -> dict:
    """Entities sorted by mentions: documents, mentions, variants per document side, forms per naming side."""
    table: dict[str, dict] = {}
    for row in store.conn.execute(_COUNTS):
        e = table.setdefault(row["entity"], {"entity": row["entity"], "name": None, "kind": None,
                                             "documents": 0, "mentions": 0, "by_side": {}, "naming": {}})
        e["mentions"] += row["n"]
        side = e["by_side"].setdefault(row["doc_side"], {"mentions": 0, "variants": {}})
        side["mentions"] += row["n"]
        side["variants"][row["surface"]] = side["variants"].get(row["surface"], 0) + row["n"]
        naming = e["naming"].setdefault(row["naming_side"], {})
        naming[row["surface"]] = naming.get(row["surface"], 0) + row["n"]
    for key, docs in store.conn.execute(_DOCS):
        table[key]["documents"] = docs
    for key, name, kind in store.conn.execute(_NAMES):
        table[key]["name"], table[key]["kind"] = name, kind
    entities = sorted(table.values(), key=lambda e: (-e["mentions"], e["entity"]))
    return {"entities": entities}


def render_entities(result: dict, limit: int = 40) -> str:
    """The entity table as plain text: the `limit` most mentioned, with each side's commonest forms."""
    rows = result["entities"][:limit]
    if not rows:
        return "no entities found"
    lines = [f"{'entity':<40} {'kind':<7} {'docs':>5} {'ment.':>6}  forms by document side"]
    for e in rows:
        forms = "; ".join(f"{side}: " + ", ".join(f"{form} ×{n}" for form, n in
                                                  sorted(s["variants"].items(), key=lambda v: -v[1])[:3])
                          for side, s in sorted(e["by_side"].items()))
        lines.append(f"{_clip(e['name'] or e['entity'], 40):<40} {e['kind'] or '':<7} {e['documents']:>5} "
                     f"{e['mentions']:>6}  {forms}")
    more = len(result["entities"]) - len(rows)
    return "\n".join(lines + ([f"… and {more} more"] if more > 0 else []))


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"

"""The entity table: every pack entity and event mentioned, by document side and by naming side.

Read from the aggregates the store keeps up to date at every write (`entity_counts`: mentions and
documents per entity, document side, naming side and surface form; `entity_documents`: documents
per entity and document side), so the cost grows with the number of distinct names, not with the corpus.
"""

from __future__ import annotations

from ..store import Store

_COUNTS = """SELECT entity, doc_side, naming_side, surface, mentions FROM entity_counts
             ORDER BY entity, doc_side, naming_side, surface"""
_DOCS = "SELECT entity, min(name), min(kind), sum(documents) FROM entity_documents GROUP BY entity"


def entity_table(store: Store) -> dict:
    """Entities sorted by mentions: documents, mentions, variants per document side, forms per naming side."""
    table: dict[str, dict] = {}
    for entity, name, kind, docs in store.conn.execute(_DOCS):
        table[entity] = {"entity": entity, "name": name, "kind": kind, "documents": docs, "mentions": 0,
                         "by_side": {}, "naming": {}}
    for entity, doc_side, naming_side, surface, n in store.conn.execute(_COUNTS):
        e = table.get(entity)
        if e is None:
            continue
        e["mentions"] += n
        side = e["by_side"].setdefault(doc_side, {"mentions": 0, "variants": {}})
        side["mentions"] += n
        side["variants"][surface] = side["variants"].get(surface, 0) + n
        naming = e["naming"].setdefault(naming_side, {})
        naming[surface] = naming.get(surface, 0) + n
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

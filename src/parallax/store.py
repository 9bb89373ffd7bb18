"""The corpus store: one SQLite file (WAL, FTS5), behind this one module.

Documents are keyed by the hash of their content, so ingesting the same file again updates
its row instead of adding a duplicate, and a file whose content changed replaces its old row.
Every row carries its provenance: document hash, pack hash, analyser name and version.

A document's layers live once, as rows of `spans` (the full span as JSON in `data`); the
`documents.json` column holds the rest of the document. The views read typed columns, never JSON:

| column   | meaning |
|----------|---------|
| key      | the span's lookup key (`SPAN_KEYS`: entity, date value, term, target, event…) |
| side     | the span's own side (the naming side of a mention, the side of a term) |
| doc_side | the side the document aligns with (copied from the document) |
| lo, hi   | the sentence holding the span (stances, demands, claims), else start and end |
| value    | events, dates: date value; claims: figure value; stances: polarity; terms: 'quoted' |
| name     | events: the name used; claims: subject entity; stances: holder; demands: actor |
| naming   | events: naming side of the name; claims: figure unit; demands: addressee |
| grp      | events: the event id, or '~' + lower-cased label for an unlinked reference |

`event_figures` holds the figures claimed in the sentence of an event reference (the claims layer's
figure value and unit, per event group), for the timeline's figure disagreements.

`entity_counts` (mentions and documents per entity, document side, naming side and surface form) and
`entity_documents` (documents per entity and document side; a document has one side, so these add up)
are kept up to date on every write, the old contribution of a replaced document taken back first:
the entity table and the corpus overview read them instead of counting mentions. A direct
`UPDATE documents SET side = …` is followed by a trigger that moves the document's spans and
aggregate counts to the new side.
"""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from .document import DOCUMENT_LAYERS, Document
from .errors import QueryError, StoreError
from .migrations import MIGRATIONS, apply_migrations

# Which attribute of a span is its lookup key in the spans table, per layer.
SPAN_KEYS = {"mentions": "entity", "dates": "value", "metadata": "field", "terms": "term",
             "stances": "target", "quotes": "speaker", "demands": "action", "claims": "subject",
             "events": "event"}
_FTS_OPERATORS = re.compile(r'["()*:^]|\b(AND|OR|NOT|NEAR)\b')


class Store:
    """A parallax corpus database."""

    def __init__(self, path: str | Path, *, readonly: bool = False):
        self.path = str(path)
        try:
            if readonly:
                if not Path(self.path).exists():
                    raise StoreError(f"no database at {self.path}; create it with 'parallax ingest PATH --db {self.path}'")
                _upgrade(self.path)
                self.conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            else:
                self.conn = sqlite3.connect(self.path, check_same_thread=False)
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.row_factory = sqlite3.Row
            if not readonly:
                apply_migrations(self.conn)
            elif not self._has_table("documents"):
                raise StoreError(f"{self.path} is not a parallax database (no documents table)")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open {self.path} as a parallax database: {exc}") from exc

    def _has_table(self, name: str) -> bool:
        return self.conn.execute("SELECT 1 FROM sqlite_master WHERE name=?", (name,)).fetchone() is not None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------------

    def put_documents(self, docs: Iterable[Document], layer_owners: dict[str, tuple[str, str]]) -> int:
        """Upsert documents and their spans in one transaction; return how many were written."""
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        count = 0
        with self.conn:
            for doc in docs:
                self._put(doc, layer_owners, now)
                count += 1
        return count

    def _put(self, doc: Document, owners: dict[str, tuple[str, str]], now: str) -> None:
        data = doc.to_json()
        alignment = data.get("alignment") or {}
        side = alignment.get("side")
        body = {k: v for k, v in data.items() if k not in doc.layers and k != "text"}
        body["layers"] = list(doc.layers)
        row = (doc.source, data["title"], data["outlet"], data["author"], data["published"], data["genre"],
               doc.text, json.dumps(body, ensure_ascii=False), doc.provenance.get("pack"),
               doc.provenance.get("pack_sha256"), json.dumps(_analysers(doc)), now, side, alignment.get("score"))
        replaced = [r[0] for r in self.conn.execute("SELECT id FROM documents WHERE source = ? OR id = ?",
                                                    (doc.source, doc.id))]
        for old in replaced:
            self._count_entities(_stored_entity_rows(self.conn, old), -1)
        self.conn.execute("DELETE FROM documents WHERE source = ? AND id != ?", (doc.source, doc.id))
        self.conn.execute("DELETE FROM spans WHERE doc_id = ?", (doc.id,))   # before the row's side changes
        updated = self.conn.execute(
            "UPDATE documents SET source=?, title=?, outlet=?, author=?, published=?, genre=?, text=?, json=?,"
            " pack=?, pack_sha256=?, analysers=?, ingested_at=?, side=?, side_score=? WHERE id=?", (*row, doc.id)).rowcount
        if not updated:
            self.conn.execute(
                "INSERT INTO documents(source, title, outlet, author, published, genre, text, json, pack,"
                " pack_sha256, analysers, ingested_at, side, side_score, id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", (*row, doc.id))
        self.conn.executemany(
            'INSERT INTO spans(doc_id, layer, start, "end", key, side, text, data, analyser, analyser_version,'
            " doc_side, lo, hi, value, name, naming, grp) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            _span_rows(doc, owners, side))
        self._count_entities(_entity_rows(doc, side), +1)
        self.conn.execute("DELETE FROM event_figures WHERE doc_id = ?", (doc.id,))
        self.conn.executemany('INSERT INTO event_figures(doc_id, doc_side, grp, unit, value, start, "end", text)'
                              " VALUES (?,?,?,?,?,?,?,?)", _event_figure_rows(doc, side))

    def _count_entities(self, rows: list[tuple], sign: int) -> None:
        """Add (sign +1) or take back (-1) one document's contribution to the entity aggregates.

        `rows`: (entity, name, kind, doc side, naming side, surface, mentions) for one document."""
        if not rows:
            return
        self.conn.executemany(
            "INSERT INTO entity_counts VALUES (?,?,?,?,?,?) ON CONFLICT DO UPDATE SET"
            " mentions = mentions + excluded.mentions, documents = documents + excluded.documents",
            [(e, ds, ns, surface, sign * n, sign) for e, _, _, ds, ns, surface, n in rows])
        entities = {(e, ds): (name, kind) for e, name, kind, ds, *_ in rows}
        self.conn.executemany(
            "INSERT INTO entity_documents VALUES (?,?,?,?,?) ON CONFLICT DO UPDATE SET documents = documents + excluded.documents",
            [(e, ds, name, kind, sign) for (e, ds), (name, kind) in entities.items()])
        if sign < 0:
            self.conn.execute("DELETE FROM entity_counts WHERE documents <= 0")
            self.conn.execute("DELETE FROM entity_documents WHERE documents <= 0")

    def record_errors(self, errors: Iterable[tuple[str, str]]) -> None:
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self.conn:
            self.conn.executemany("INSERT INTO ingest_errors(source, reason, at) VALUES (?,?,?)",
                                  [(s, r, now) for s, r in errors])

    # -- reading -----------------------------------------------------------------------------

    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM documents").fetchone()[0]

    def documents(self) -> Iterator[Document]:
        for row in self.conn.execute("SELECT id, text, json FROM documents ORDER BY rowid").fetchall():
            yield self._document(row)

    def document_rows(self) -> Iterator[sqlite3.Row]:
        yield from self.conn.execute(
            "SELECT id, source, title, outlet, author, published, genre, side, side_score, pack, pack_sha256,"
            " analysers, ingested_at, length(text) AS chars FROM documents ORDER BY rowid")

    def get(self, doc_id: str) -> Document | None:
        row = self.conn.execute("SELECT id, text, json FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return self._document(row) if row else None

    def _document(self, row: sqlite3.Row) -> Document:
        """A stored document rebuilt from its row and its spans (rows written before migration 0003
        still hold their layers and text in the JSON, which then wins)."""
        data = json.loads(row["json"])
        names = data.pop("layers", None)
        if names is not None:
            layers: dict[str, list] = {name: [] for name in names}
            for layer, span in self.conn.execute(
                    "SELECT layer, data FROM spans WHERE doc_id = ? ORDER BY rowid", (row["id"],)):
                layers.setdefault(layer, []).append(json.loads(span))
            for name, spans in layers.items():
                data[name] = (spans[0] if spans else None) if name in DOCUMENT_LAYERS else spans
        data.setdefault("text", row["text"])
        return Document.from_json(data)

    def search(self, query: str, *, limit: int = 20, offset: int = 0, side: str | None = None,
               outlet: str | None = None, genre: str | None = None, date_from: str | None = None,
               date_to: str | None = None) -> list[dict]:
        """Full-text search ranked by bm25, with highlighted snippets (marked with [ and ]).

        Filters are exact matches on the document's side, outlet and genre; `date_from`/`date_to`
        compare with the publication date as text ("2020" keeps 2020-01-01 onwards; "2020-12"
        as `date_to` keeps everything up to the end of December 2020). Undated documents are left out
        by a date filter.
        """
        query = query.strip()
        if not query:
            raise QueryError("empty search query")
        where, params = [], []
        for column, value in (("side", side), ("outlet", outlet), ("genre", genre)):
            if value:
                where.append(f"d.{column} = ?")
                params.append(value)
        if date_from:
            where.append("d.published >= ?")
            params.append(str(date_from))
        if date_to:
            where.append("d.published < ?")
            params.append(str(date_to) + "\uffff")
        filters = "".join(f" AND {w}" for w in where)
        try:
            return self._search(query, limit, offset, filters, params)
        except sqlite3.OperationalError as exc:
            if _FTS_OPERATORS.search(query):
                raise QueryError(f"cannot parse search query {query!r}: {exc}. Use plain words, "
                                 f"\"exact phrases\", AND/OR/NOT with balanced parentheses, or prefix*") from exc
            return self._search(_as_plain_words(query), limit, offset, filters, params)

    def _search(self, match: str, limit: int, offset: int, filters: str, params: list) -> list[dict]:
        rows = self.conn.execute(
            "SELECT d.id, d.source, d.title, d.outlet, d.published, d.genre, d.side,"
            " snippet(documents_fts, 1, '[', ']', ' … ', 16) AS snippet, bm25(documents_fts) AS score"
            " FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid"
            f" WHERE documents_fts MATCH ?{filters} ORDER BY score LIMIT ? OFFSET ?",
            (match, *params, int(limit), int(offset)))
        return [dict(r) for r in rows]

    def errors(self) -> list[dict]:
        return [dict(r) for r in self.conn.execute("SELECT source, reason, at FROM ingest_errors ORDER BY rowid")]

    def stats(self) -> dict:
        """Documents by side, genre, outlet and month (YYYY-MM of the publication date), plus totals."""
        by = lambda expr: dict(self.conn.execute(  # noqa: E731
            f"SELECT coalesce({expr}, '(unknown)'), count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC").fetchall())
        by_month = dict(self.conn.execute(
            "SELECT coalesce(substr(published, 1, 7), '(unknown)'), count(*) FROM documents GROUP BY 1 ORDER BY 1"))
        return {"documents": self.count(), "by_side": by("side"), "by_genre": by("genre"), "by_outlet": by("outlet"),
                "by_month": by_month,
                "mentions": self.conn.execute("SELECT coalesce(sum(mentions), 0) FROM entity_counts").fetchone()[0],
                "errors": self.conn.execute("SELECT count(*) FROM ingest_errors").fetchone()[0]}


def _upgrade(path: str) -> None:
    """Apply pending migrations to a database about to be opened read-only (views need the current schema)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        done = {r[0] for r in conn.execute("SELECT name FROM migrations")} if "migrations" in tables else set()
    finally:
        conn.close()
    if "documents" not in tables or {name for name, _ in MIGRATIONS} <= done:
        return
    try:
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA journal_mode=WAL")
        apply_migrations(conn)
        conn.close()
    except sqlite3.OperationalError as exc:
        raise StoreError(f"{path} was written by an older parallax and needs upgrading, which failed: {exc}") from exc


def _as_plain_words(query: str) -> str:
    """A query the user typed as words ("Nagorno-Karabakh war") as an FTS5 AND of quoted tokens."""
    words = re.findall(r"\w+", query)
    if not words:
        raise QueryError(f"search query {query!r} has no words to search for")
    return " ".join(f'"{w}"' for w in words)


def _analysers(doc: Document) -> dict[str, str]:
    return {k.split(":", 1)[1]: v for k, v in doc.provenance.items() if k.startswith("analyser:")}


def _span_rows(doc: Document, owners: dict[str, tuple[str, str]], doc_side: str | None) -> Iterator[tuple]:
    for layer, spans in doc.layers.items():
        name, version = owners.get(layer, ("unknown", "0"))
        key_attr = SPAN_KEYS.get(layer)
        typed = _TYPED.get(layer, _untyped)
        for span in spans:
            key = span.get(key_attr) if key_attr else None
            sentence = span.get("sentence") or (span.get("start"), span.get("end"))
            yield (doc.id, layer, span.get("start"), span.get("end"),
                   key if isinstance(key, str) else json.dumps(key) if key is not None else None,
                   span.get("side"), span.get("text"), json.dumps(span, ensure_ascii=False), name, version,
                   doc_side, sentence[0], sentence[1], *typed(span))


def _get(span: dict, *path: str):
    for step in path:
        span = span.get(step) if isinstance(span, dict) else None
    return span


def _text(value) -> str | None:
    return None if value is None else value if isinstance(value, str) else json.dumps(value)


def _untyped(span: dict) -> tuple:
    return None, None, None, None


# (value, name, naming, grp) per layer, as listed in the module docstring; migration 0003 does the same in SQL
_TYPED = {
    "events": lambda s: (s.get("value"), s.get("name_used"), s.get("naming_side"),
                         s.get("event") or "~" + (s.get("label") or "").lower()),
    "dates": lambda s: (s.get("value"), None, None, None),
    "claims": lambda s: (_text(_get(s, "figure", "value")), _get(s, "subject", "entity"), _get(s, "figure", "unit"), None),
    "stances": lambda s: (_text(s.get("polarity")), _get(s, "holder", "entity") or _get(s, "holder", "text"), None, None),
    "terms": lambda s: ("quoted" if s.get("quoted") else None, None, None, None),
    "demands": lambda s: (None, _get(s, "actor", "name"), _get(s, "addressee", "name"), None),
}


def _entity_rows(doc: Document, doc_side: str | None) -> list[tuple]:
    counts: dict[tuple, int] = {}
    for m in doc.layers.get("mentions", ()):
        if m.get("entity"):
            k = (m["entity"], m.get("name"), m.get("kind"), doc_side or "unknown", m.get("side") or "neutral", m.get("text"))
            counts[k] = counts.get(k, 0) + 1
    return [(*k, n) for k, n in counts.items()]


def _event_figure_rows(doc: Document, doc_side: str | None) -> list[tuple]:
    """Figures claimed in the sentence of an event reference: (doc, side, event group, unit, value, claim span),
    in the order of the text."""
    claims = [c for c in doc.layers.get("claims", ()) if _get(c, "figure", "value") is not None]
    rows = set()
    for event in doc.layers.get("events", ()) if claims else ():
        grp = _TYPED["events"](event)[3]
        for c in claims:
            lo, hi = c.get("sentence") or (c["start"], c["end"])
            if lo <= event["start"] < hi:
                rows.add((c["start"], grp, _get(c, "figure", "unit"), float(c["figure"]["value"]), c["end"], c.get("text")))
    return [(doc.id, doc_side, grp, unit, value, start, end, text) for start, grp, unit, value, end, text in sorted(rows)]


def _stored_entity_rows(conn: sqlite3.Connection, doc_id: str) -> list[tuple]:
    return conn.execute(
        "SELECT key, data ->> '$.name', data ->> '$.kind', coalesce(doc_side, 'unknown'), coalesce(side, 'neutral'),"
        " text, count(*) FROM spans WHERE doc_id = ? AND layer = 'mentions' AND key IS NOT NULL"
        " GROUP BY key, doc_side, side, text", (doc_id,)).fetchall()

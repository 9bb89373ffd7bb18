"""Schema changes of the corpus store, as named migrations applied once each, in order."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

MIGRATIONS: list[tuple[str, str]] = [
    ("0001_documents_spans_fts", """
        CREATE TABLE documents (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL,
            title TEXT, outlet TEXT, author TEXT, published TEXT, genre TEXT,
            text TEXT NOT NULL,
            json TEXT NOT NULL,
            pack TEXT, pack_sha256 TEXT, analysers TEXT,
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX documents_source ON documents(source);
        CREATE TABLE spans (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            layer TEXT NOT NULL,
            start INTEGER, "end" INTEGER,
            key TEXT, side TEXT, text TEXT,
            data TEXT NOT NULL,
            analyser TEXT NOT NULL, analyser_version TEXT NOT NULL
        );
        CREATE INDEX spans_layer_key ON spans(layer, key);
        CREATE INDEX spans_doc ON spans(doc_id);
        CREATE TABLE ingest_errors (
            source TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL
        );
        CREATE VIRTUAL TABLE documents_fts USING fts5(
            title, text, content='documents', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
        END;
        CREATE TRIGGER documents_au AFTER UPDATE ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
    """),
    ("0002_document_alignment", """
        ALTER TABLE documents ADD COLUMN side TEXT;
        ALTER TABLE documents ADD COLUMN side_score REAL;
        CREATE INDEX documents_side ON documents(side);
        CREATE INDEX spans_doc_layer ON spans(doc_id, layer);
    """),
    ("0003_typed_spans_and_entity_counts", """
        ALTER TABLE spans ADD COLUMN doc_side TEXT;
        ALTER TABLE spans ADD COLUMN lo INTEGER;
        ALTER TABLE spans ADD COLUMN hi INTEGER;
        ALTER TABLE spans ADD COLUMN value TEXT;
        ALTER TABLE spans ADD COLUMN name TEXT;
        ALTER TABLE spans ADD COLUMN naming TEXT;
        ALTER TABLE spans ADD COLUMN grp TEXT;
        UPDATE spans SET
            doc_side = (SELECT side FROM documents WHERE documents.id = spans.doc_id),
            lo = coalesce(data ->> '$.sentence[0]', start),
            hi = coalesce(data ->> '$.sentence[1]', "end"),
            value = CASE layer WHEN 'events' THEN data ->> '$.value' WHEN 'dates' THEN data ->> '$.value'
                               WHEN 'claims' THEN data ->> '$.figure.value' WHEN 'stances' THEN data ->> '$.polarity'
                               WHEN 'terms' THEN CASE WHEN data ->> '$.quoted' THEN 'quoted' END END,
            name = CASE layer WHEN 'events' THEN data ->> '$.name_used'
                              WHEN 'claims' THEN data ->> '$.subject.entity'
                              WHEN 'stances' THEN coalesce(data ->> '$.holder.entity', data ->> '$.holder.text')
                              WHEN 'demands' THEN data ->> '$.actor.name' END,
            naming = CASE layer WHEN 'events' THEN data ->> '$.naming_side'
                                WHEN 'claims' THEN data ->> '$.figure.unit'
                                WHEN 'demands' THEN data ->> '$.addressee.name' END,
            grp = CASE layer WHEN 'events' THEN coalesce(data ->> '$.event', '~' || lower(data ->> '$.label')) END;
        CREATE INDEX spans_events ON spans(layer, grp, doc_side, value, name, naming, doc_id) WHERE grp IS NOT NULL;
        CREATE INDEX spans_event_order ON spans(layer, grp) WHERE grp IS NOT NULL;
        CREATE INDEX spans_claim_subject ON spans(layer, name) WHERE layer = 'claims';
        DROP INDEX spans_layer_key;
        CREATE INDEX spans_layer_key_side ON spans(layer, key, doc_side, doc_id);
        CREATE TABLE entity_counts (
            entity TEXT NOT NULL, doc_side TEXT NOT NULL, naming_side TEXT NOT NULL, surface TEXT NOT NULL,
            mentions INTEGER NOT NULL, documents INTEGER NOT NULL,
            PRIMARY KEY (entity, doc_side, naming_side, surface)
        ) WITHOUT ROWID;
        CREATE TABLE entity_documents (
            entity TEXT PRIMARY KEY, name TEXT, kind TEXT, documents INTEGER NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO entity_counts
            SELECT key, coalesce(doc_side, 'unknown'), coalesce(side, 'neutral'), text, count(*), count(DISTINCT doc_id)
            FROM spans WHERE layer = 'mentions' AND key IS NOT NULL GROUP BY 1, 2, 3, 4;
        INSERT INTO entity_documents
            SELECT key, data ->> '$.name', data ->> '$.kind', count(DISTINCT doc_id)
            FROM spans WHERE layer = 'mentions' AND key IS NOT NULL GROUP BY key;
    """),
    ("0004_entity_documents_by_side", """
        DROP INDEX IF EXISTS spans_doc;
        DROP TABLE entity_documents;
        CREATE TABLE entity_documents (
            entity TEXT NOT NULL, doc_side TEXT NOT NULL, name TEXT, kind TEXT, documents INTEGER NOT NULL,
            PRIMARY KEY (entity, doc_side)
        ) WITHOUT ROWID;
        INSERT INTO entity_documents
            SELECT key, coalesce(doc_side, 'unknown'), data ->> '$.name', data ->> '$.kind', count(DISTINCT doc_id)
            FROM spans WHERE layer = 'mentions' AND key IS NOT NULL GROUP BY key, doc_side;
        CREATE TRIGGER documents_side AFTER UPDATE OF side ON documents WHEN old.side IS NOT new.side BEGIN
            INSERT INTO entity_counts
                SELECT key, coalesce(old.side, 'unknown'), coalesce(side, 'neutral'), text, -count(*), -1 FROM spans
                WHERE doc_id = new.id AND layer = 'mentions' AND key IS NOT NULL GROUP BY key, side, text
                ON CONFLICT DO UPDATE SET mentions = mentions + excluded.mentions, documents = documents + excluded.documents;
            INSERT INTO entity_counts
                SELECT key, coalesce(new.side, 'unknown'), coalesce(side, 'neutral'), text, count(*), 1 FROM spans
                WHERE doc_id = new.id AND layer = 'mentions' AND key IS NOT NULL GROUP BY key, side, text
                ON CONFLICT DO UPDATE SET mentions = mentions + excluded.mentions, documents = documents + excluded.documents;
            INSERT INTO entity_documents
                SELECT key, coalesce(old.side, 'unknown'), data ->> '$.name', data ->> '$.kind', -1 FROM spans
                WHERE doc_id = new.id AND layer = 'mentions' AND key IS NOT NULL GROUP BY key
                ON CONFLICT DO UPDATE SET documents = documents + excluded.documents;
            INSERT INTO entity_documents
                SELECT key, coalesce(new.side, 'unknown'), data ->> '$.name', data ->> '$.kind', 1 FROM spans
                WHERE doc_id = new.id AND layer = 'mentions' AND key IS NOT NULL GROUP BY key
                ON CONFLICT DO UPDATE SET documents = documents + excluded.documents;
            DELETE FROM entity_counts WHERE documents <= 0;
            DELETE FROM entity_documents WHERE documents <= 0;
            UPDATE spans SET doc_side = new.side WHERE doc_id = new.id;
        END;
    """),
    ("0005_spans_by_document_layer_start", """
        DROP INDEX spans_doc_layer;
        CREATE INDEX spans_doc_layer ON spans(doc_id, layer, start);
    """),
    ("0006_overview_indexes", """
        DROP INDEX documents_side;
        CREATE INDEX documents_side ON documents(side, side_score);
        CREATE INDEX documents_genre ON documents(genre);
        CREATE INDEX documents_outlet ON documents(outlet);
        CREATE INDEX documents_published ON documents(published);
        CREATE INDEX spans_layer_side ON spans(layer, doc_side);
        CREATE INDEX spans_terms ON spans(doc_side, key, value, text) WHERE layer = 'terms';
    """),
    ("0007_event_figures", """
        CREATE TABLE event_figures (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, doc_side TEXT,
            grp TEXT NOT NULL, unit TEXT, value REAL NOT NULL,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT
        );
        CREATE INDEX event_figures_grp ON event_figures(grp, doc_side, unit, value, doc_id);
        CREATE INDEX event_figures_doc ON event_figures(doc_id);
        INSERT INTO event_figures
            SELECT DISTINCT e.doc_id, e.doc_side, e.grp, c.naming, CAST(c.value AS REAL), c.start, c."end", c.text
            FROM spans e JOIN spans c ON c.doc_id = e.doc_id AND c.layer = 'claims' AND c.lo <= e.start AND e.start < c.hi
            WHERE e.layer = 'events' AND e.grp IS NOT NULL AND c.value IS NOT NULL
            ORDER BY e.doc_id, c.start;
        CREATE TRIGGER documents_side_figures AFTER UPDATE OF side ON documents WHEN old.side IS NOT new.side BEGIN
            UPDATE event_figures SET doc_side = new.side WHERE doc_id = new.id;
        END;
    """),
]


def apply_migrations(conn: sqlite3.Connection) -> list[str]:
    """Apply the migrations this database has not seen, each in its own transaction; return their names."""
    conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {row[0] for row in conn.execute("SELECT name FROM migrations")}
    applied = []
    for name, sql in MIGRATIONS:
        if name in done:
            continue
        with conn:
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute("INSERT INTO migrations(name, applied_at) VALUES (?, ?)",
                         (name, datetime.now(timezone.utc).isoformat(timespec="seconds")))
        applied.append(name)
    return applied


def _statements(sql: str) -> list[str]:
    """Split a migration into whole statements (trigger bodies included) with SQLite's own test."""
    out, buf = [], ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out

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

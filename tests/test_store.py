import json
import sqlite3

import pytest

from parallax.document import Document, content_id
from parallax.errors import QueryError, StoreError
from parallax.migrations import MIGRATIONS
from parallax.store import Store

OWNERS = {"mentions": ("mentions", "1"), "metadata": ("metadata", "1")}


def make_doc(text, source="a.txt", title="A title"):
    return Document(
        id=content_id(text), source=source, text=text, raw=text,
        layers={"metadata": [{"field": "title", "value": title, "why": "test", "evidence": []}],
                "mentions": [{"start": 0, "end": 9, "text": text[:9], "entity": "place:rivertown",
                              "name": "Rivertown", "kind": "place", "side": "north"}]},
        provenance={"pack": "tiny", "pack_sha256": "f" * 64, "analyser:mentions": "1"})


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "c.db") as s:
        yield s


def test_reingest_updates_instead_of_duplicating(store):
    doc = make_doc("Rivertown talks on the Lachin corridor resumed.")
    store.put_documents([doc], OWNERS)
    store.put_documents([doc], OWNERS)
    assert store.count() == 1
    assert store.conn.execute("SELECT count(*) FROM spans").fetchone()[0] == 2


def test_changed_file_replaces_its_old_row(store):
    store.put_documents([make_doc("Rivertown first version of the text.")], OWNERS)
    store.put_documents([make_doc("Rivertown second version of the text.")], OWNERS)
    (row,) = store.document_rows()
    assert row["source"] == "a.txt" and store.get(row["id"]).text.endswith("second version of the text.")
    assert store.search("first") == []


def test_search_ranks_and_snippets(store):
    store.put_documents([make_doc("Rivertown: the corridor was closed in December.", "one.txt", "One"),
                         make_doc("Rivertown mayor spoke about schools and the corridor corridor.", "two.txt", "Two")],
                        OWNERS)
    results = store.search("corridor")
    assert {r["source"] for r in results} == {"one.txt", "two.txt"}
    assert all("[corridor]" in r["snippet"] for r in results)
    assert results[0]["score"] <= results[1]["score"]  # bm25: lower is better
    assert [r["source"] for r in store.search('"closed in December"')] == ["one.txt"]


def test_hyphenated_words_search_as_plain_words(store):
    store.put_documents([make_doc("Rivertown lies in Nagorno-Karabakh, officials said.")], OWNERS)
    assert len(store.search("Nagorno-Karabakh")) == 1


def test_malformed_query_is_a_query_error(store):
    store.put_documents([make_doc("Rivertown text")], OWNERS)
    with pytest.raises(QueryError, match="balanced parentheses"):
        store.search('"unbalanced AND (')
    with pytest.raises(QueryError):
        store.search("   ")


def test_provenance_on_spans(store):
    store.put_documents([make_doc("Rivertown again and again.")], OWNERS)
    row = store.conn.execute("SELECT analyser, analyser_version, key, side FROM spans WHERE layer='mentions'").fetchone()
    assert tuple(row) == ("mentions", "1", "place:rivertown", "north")
    doc_row = store.conn.execute("SELECT pack, pack_sha256, analysers FROM documents").fetchone()
    assert doc_row["pack"] == "tiny" and doc_row["analysers"] == '{"mentions": "1"}'


def test_migrations_run_once(tmp_path):
    path = tmp_path / "m.db"
    Store(path).close()
    Store(path).close()
    names = [r[0] for r in sqlite3.connect(path).execute("SELECT name FROM migrations")]
    assert names == [name for name, _ in MIGRATIONS]


def test_wal_mode(tmp_path):
    with Store(tmp_path / "w.db") as s:
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_readonly_refuses_missing_and_foreign_files(tmp_path):
    with pytest.raises(StoreError, match="no database"):
        Store(tmp_path / "missing.db", readonly=True)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        Store(junk)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t(x)")
    with pytest.raises(StoreError, match="not a parallax database"):
        Store(other, readonly=True)


def test_errors_are_recorded(store):
    store.record_errors([("bad.bin", "binary content")])
    assert store.errors()[0]["reason"] == "binary content"
    assert store.stats()["errors"] == 1


def test_old_database_is_migrated_forward(tmp_path):
    from parallax import migrations

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    first = migrations.MIGRATIONS[:1]
    original = migrations.MIGRATIONS
    migrations.MIGRATIONS = first
    try:
        migrations.apply_migrations(conn)
    finally:
        migrations.MIGRATIONS = original
    conn.close()
    with Store(path) as s:
        columns = {r[1] for r in s.conn.execute("PRAGMA table_info(documents)")}
        assert {"side", "side_score"} <= columns
        applied = [r[0] for r in s.conn.execute("SELECT name FROM migrations ORDER BY rowid")]
        assert applied == [name for name, _ in original]


def test_document_round_trips_through_spans(tmp_path):
    """Layers are stored once (as spans); the document read back is the document written."""
    from test_timeline import ARMENIAN, store_of

    path = tmp_path / "arm.txt"
    path.write_text(ARMENIAN, "utf-8")
    with store_of([path], tmp_path / "r.db") as store:
        (row,) = store.document_rows()
        doc = store.get(row["id"])
        stored = json.loads(store.conn.execute("SELECT json FROM documents").fetchone()[0])
    assert "text" not in stored and "mentions" not in stored and stored["layers"]
    assert doc.layer("mentions") and doc.layer("alignment")
    fresh = next(iter(_analysed([path])))
    assert doc.to_json() == fresh.to_json()


def _analysed(paths):
    from parallax.analysers import BUILTIN_ANALYSERS
    from parallax.api import analyze_record
    from parallax.ingest import iter_records
    from parallax.pack import load_pack
    from parallax.pipeline import Context, Pipeline

    pipe, ctx = Pipeline(BUILTIN_ANALYSERS), Context(pack=load_pack("south-caucasus"))
    return [analyze_record(r, pipe, ctx) for r in iter_records([str(p) for p in paths])]


def test_a_store_from_before_typed_spans_is_migrated(tmp_path):
    """A database written by migrations 0001–0002 (layers in the JSON) opens, reads and counts entities."""
    from parallax.migrations import _statements
    from parallax.views.entities import entity_table

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, sql in MIGRATIONS[:2]:
        for statement in _statements(sql):
            conn.execute(statement)
        conn.execute("INSERT INTO migrations VALUES (?, 'then')", (name,))
    doc = make_doc("Rivertown talks on the Lachin corridor resumed.")
    data = doc.to_json()
    conn.execute("INSERT INTO documents(id, source, title, text, json, ingested_at, side) VALUES (?,?,?,?,?,?,?)",
                 (doc.id, doc.source, "A title", doc.text, json.dumps(data), "then", "north"))
    conn.execute('INSERT INTO spans(doc_id, layer, start, "end", key, side, text, data, analyser, analyser_version)'
                 " VALUES (?, 'mentions', 0, 9, 'place:rivertown', 'north', 'Rivertown', ?, 'mentions', '1')",
                 (doc.id, json.dumps(doc.layers["mentions"][0])))
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.get(doc.id).to_json() == data
        [e] = entity_table(store)["entities"]
        assert (e["entity"], e["documents"], e["by_side"]["north"]["variants"]) == ("place:rivertown", 1, {"Rivertown": 1})
        assert tuple(store.conn.execute("SELECT doc_side, lo, hi FROM spans").fetchone()) == ("north", 0, 9)


def test_search_filters_by_side_outlet_genre_and_date(tmp_path):
    """Filters narrow the full-text hits; a bare year or month as the upper bound covers all of it."""
    from test_timeline import ARMENIAN, AZERBAIJANI, store_of

    paths = []
    for name, text in (("arm.txt", ARMENIAN), ("aze.txt", AZERBAIJANI)):
        paths.append(tmp_path / name)
        paths[-1].write_text(text, "utf-8")
    with store_of(paths, tmp_path / "s.db") as store:
        store.conn.execute("UPDATE documents SET published = '2021-03-05', outlet = 'Wire', genre = 'news'"
                           " WHERE source LIKE '%aze.txt'")
        hits = lambda **f: sorted(r["source"].rsplit("/", 1)[-1] for r in store.search("2020", **f))  # noqa: E731
        assert hits() == ["arm.txt", "aze.txt"]
        assert hits(side="armenian") == ["arm.txt"]
        assert hits(outlet="Wire") == hits(genre="news") == ["aze.txt"]
        assert hits(date_from="2021", date_to="2021") == hits(date_to="2021-03") == ["aze.txt"]
        assert hits(date_to="2021-02") == [] and hits(date_from="2021-04") == []

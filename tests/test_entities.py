"""The entity table: mentions and surface-form variants counted by document side and naming side."""

from __future__ import annotations

from parallax.views.entities import entity_table, render_entities

from test_timeline import two_sides  # noqa: F401  (fixture)


def test_variants_by_side(two_sides):  # noqa: F811
    table = {e["entity"]: e for e in entity_table(two_sides)["entities"]}
    karabakh = next(e for e in table.values() if "Artsakh" in str(e["by_side"]) or "Garabagh" in str(e["by_side"]))
    assert karabakh["by_side"]["armenian"]["variants"].get("Artsakh") == 3
    assert karabakh["by_side"]["azerbaijani"]["variants"].get("Garabagh") == 3
    assert karabakh["naming"]["armenian"]["Artsakh"] == 3
    assert karabakh["documents"] == 2 and karabakh["mentions"] == 6
    war = table["event:second-karabakh-war"]
    assert war["kind"] == "event" and war["by_side"]["azerbaijani"]["variants"] == {"Patriotic War": 1}


def test_sorted_by_mentions_and_rendered(two_sides):  # noqa: F811
    result = entity_table(two_sides)
    counts = [e["mentions"] for e in result["entities"]]
    assert counts == sorted(counts, reverse=True)
    text = render_entities(result, limit=2)
    assert text.splitlines()[1].startswith(result["entities"][0]["name"][:20]) and "more" in text


def _recount(store):
    """The entity aggregates recomputed from scratch from the mention spans."""
    rows = store.conn.execute(
        "SELECT s.key, coalesce(d.side, 'unknown'), coalesce(s.side, 'neutral'), s.text, count(*), count(DISTINCT s.doc_id)"
        " FROM spans s JOIN documents d ON d.id = s.doc_id WHERE s.layer = 'mentions' AND s.key IS NOT NULL"
        " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4").fetchall()
    return [tuple(r) for r in rows]


def _kept(store):
    return [tuple(r) for r in store.conn.execute("SELECT * FROM entity_counts ORDER BY 1, 2, 3, 4")]


def test_aggregates_follow_reingest_and_replacement(tmp_path):
    from test_timeline import AZERBAIJANI, store_of

    arm, aze = tmp_path / "arm.txt", tmp_path / "aze.txt"
    arm.write_text("Artsakh Committee\n\nArtsakh and Stepanakert remember the 44-day war. Artsakh will endure.\n", "utf-8")
    aze.write_text(AZERBAIJANI, "utf-8")
    with store_of([arm, aze], tmp_path / "a.db") as store:
        assert _kept(store) == _recount(store) and _kept(store)
        first = entity_table(store)
    with store_of([arm, aze], tmp_path / "a.db") as store:           # the same files again: nothing changes
        assert _kept(store) == _recount(store) and entity_table(store) == first
    arm.write_text("Artsakh Committee\n\nStepanakert is cold tonight.\n", "utf-8")
    with store_of([arm], tmp_path / "a.db") as store:                 # changed content replaces the old row
        assert store.count() == 2 and _kept(store) == _recount(store)
        table = {e["entity"]: e for e in entity_table(store)["entities"]}
        assert "event:second-karabakh-war" in table                   # still named by the Azerbaijani text
        assert "armenian" not in table["event:second-karabakh-war"]["by_side"]


def test_editing_a_documents_side_moves_its_spans_and_counts(two_sides):  # noqa: F811
    two_sides.conn.execute("UPDATE documents SET side = 'azerbaijani' WHERE side = 'armenian'")
    two_sides.conn.commit()
    assert _kept(two_sides) == _recount(two_sides)
    assert two_sides.conn.execute("SELECT count(*) FROM spans s JOIN documents d ON d.id = s.doc_id"
                                  " WHERE s.doc_side IS NOT d.side").fetchone()[0] == 0
    table = {e["entity"]: e for e in entity_table(two_sides)["entities"]}
    assert set(table["event:second-karabakh-war"]["by_side"]) == {"azerbaijani"}

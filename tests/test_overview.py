"""The corpus overview aggregates: contested names, alignment scores, demands, dossier topics."""

from __future__ import annotations

import pytest

from parallax.api import PipelineConfig, analyze, layer_owners
from parallax.store import Store
from parallax.views.overview import alignment_distribution, count_demands, demands_table, naming_profile, top_topics
from parallax.web.present import side_classes, side_slug

NORTH = ("North Bulletin\n\nThe siege of Rivertown goes on. Rivertown and Upper Vale remember the Rivertown Accord. "
         "The siege must end. Northland urges Ana Sor to lift the siege of Rivertown.\n")
SOUTH = ("South Herald\n\nVadograd is calm. Vadograd and Gorna Dolina welcome the Vadograd Agreement. "
         "Vadohrad thrives and Gorna Dolina grows. Northland should leave Vadograd.\n")
OBSERVER = "Observer Notes\n\nDelegates met in High Valley on a quiet day.\n"


@pytest.fixture
def store(tmp_path, tiny_pack_path):
    paths = []
    for name, text in (("north.txt", NORTH), ("south.txt", SOUTH), ("observer.txt", OBSERVER)):
        paths.append(tmp_path / name)
        paths[-1].write_text(text, "utf-8")
    config = PipelineConfig(pack=str(tiny_pack_path))
    docs = list(analyze([str(p) for p in paths], config))
    with Store(tmp_path / "overview.db") as store:
        store.put_documents(docs, layer_owners(config.build()[0]))
        sides = {row[0].rsplit("/", 1)[-1]: row[1] for row in store.conn.execute("SELECT source, side FROM documents")}
        assert sides == {"north.txt": "north", "south.txt": "south", "observer.txt": "neutral"}
        yield store


def test_naming_profile_counts_each_sides_name_by_document_side(store, tiny_pack):
    profile = naming_profile(store, tiny_pack)
    assert [e["entity"] for e in profile] == ["place:rivertown", "place:high-valley", "event:river-accord"]
    rivertown = profile[0]
    assert rivertown["total"] == 7 and rivertown["name"] == "Rivertown (Vadograd)"
    assert rivertown["variants"] == [
        {"form": "Rivertown", "naming_side": "north", "count": 3, "by_doc_side": {"north": 3}},
        {"form": "Vadograd", "naming_side": "south", "count": 3, "by_doc_side": {"south": 3}},
        {"form": "Vadohrad", "naming_side": "south", "count": 1, "by_doc_side": {"south": 1}}]
    valley = {v["form"]: v for v in profile[1]["variants"]}
    assert valley["Gorna Dolina"]["count"] == 2 and valley["Upper Vale"]["count"] == 1
    assert valley["High Valley"] == {"form": "High Valley", "naming_side": "neutral", "count": 1,
                                     "by_doc_side": {"neutral": 1}}
    assert naming_profile(store, tiny_pack, limit=1) == profile[:1]


def test_naming_profile_leaves_out_uncontested_entities(store, tiny_pack):
    entities = {e["entity"] for e in naming_profile(store, tiny_pack)}
    assert "place:north" not in entities and "person:ana-sor" not in entities


def test_alignment_distribution(store):
    result = alignment_distribution(store, bins=4)["sides"]
    assert set(result) == {"north", "south", "neutral"}
    assert all(entry["documents"] == 1 for entry in result.values())
    north = result["north"]
    assert [(b["lo"], b["hi"]) for b in north["histogram"]] == [(0.0, 0.25), (0.25, 0.5), (0.5, 0.75), (0.75, 1.0)]
    assert sum(b["n"] for b in north["histogram"]) == 1
    score = store.conn.execute("SELECT side_score FROM documents WHERE side = 'north'").fetchone()[0]
    assert north["histogram"][min(int(score * 4), 3)]["n"] == 1
    assert north["top_terms"] == [{"term": "term:siege", "text": "siege", "count": 3}]
    assert result["south"]["top_terms"] == []


def test_alignment_histogram_keeps_a_perfect_score_in_the_last_bin(store):
    store.conn.execute("UPDATE documents SET side_score = 1.0 WHERE side = 'south'")
    assert alignment_distribution(store, bins=5)["sides"]["south"]["histogram"][-1]["n"] == 1


def test_demands_table(store):
    rows = demands_table(store)
    assert count_demands(store) == len(rows) == 2
    north, south = rows
    assert (north["doc_side"], north["actor"], north["addressee"], north["action"]) == \
        ("north", "Northland", "Ana Şor", "lift the siege of Rivertown")
    assert north["text"] == "Northland urges Ana Sor to lift the siege of Rivertown."
    document = store.get(north["document"])
    assert document.text[north["start"]:north["end"]] == north["text"]
    assert (south["doc_side"], south["addressee"], south["action"]) == ("south", "Northland", "leave Vadograd")
    assert set(north) == {"document", "source", "doc_side", "actor", "addressee", "action", "text", "start", "end"}


def test_demands_table_cap_keeps_every_side(store):
    assert {r["doc_side"] for r in demands_table(store, limit=2)} == {"north", "south"}
    assert len(demands_table(store, limit=1)) == 1


def test_top_topics_need_two_sides_and_rank_events_before_places(store, tiny_pack):
    topics = top_topics(store, tiny_pack)
    assert topics[0] == {"topic": "event:river-accord", "name": "River Accord", "documents": 2,
                         "sides": {"north": 1, "south": 1}}
    ids = [t["topic"] for t in topics]
    assert "person:ana-sor" not in ids          # only the north document names her
    # the stance target ranks before the other places; it is also the one the observer mentions
    assert ids[1] == "place:high-valley" and topics[1]["sides"] == {"neutral": 1, "north": 1, "south": 1}
    assert topics[1]["documents"] == 3
    assert len(top_topics(store, tiny_pack, limit=2)) == 2


def test_empty_store(tmp_path, tiny_pack):
    with Store(tmp_path / "empty.db") as store:
        assert naming_profile(store, tiny_pack) == []
        assert alignment_distribution(store) == {"sides": {}}
        assert demands_table(store) == [] and top_topics(store, tiny_pack) == []


def test_side_classes_are_sanitised():
    assert side_slug('x" onmouseover="a <b>') == "x-onmouseover-a-b"
    assert side_slug("<>") == "unknown"
    classes = side_classes(["south", "north", "neutral", "Other Side!"], ["north", "south"])
    assert classes == {"south": "side-south side-pal-1", "north": "side-north side-pal-0",
                       "neutral": "side-neutral side-pal-neutral", "Other Side!": "side-other-side side-pal-other"}

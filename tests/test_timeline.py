"""The timeline view: one event, each side's source, date and name disagreements, filters."""

from __future__ import annotations

import pytest

from parallax.analysers import BUILTIN_ANALYSERS
from parallax.api import analyze_record, layer_owners
from parallax.ingest import iter_records
from parallax.pack import load_pack
from parallax.pipeline import Context, Pipeline
from parallax.store import Store
from parallax.views.timeline import build_timeline, render_timeline

from conftest import EXAMPLES

ARMENIAN = ("Statement of the Artsakh Committee\n\nAzerbaijan has broken the November 9, 2020 ceasefire statement "
            "again. Artsakh remembers the 44-day war and the victims in Stepanakert. Artsakh will endure.\n")
AZERBAIJANI = ("Garabagh Community Statement\n\nThe trilateral statement of 10 November 2020 ended the Patriotic War. "
               "Garabagh is Azerbaijan. Khankendi and Shusha are Azerbaijani cities of Garabagh.\n")


def store_of(paths, db) -> Store:
    pipe = Pipeline(BUILTIN_ANALYSERS)
    ctx = Context(pack=load_pack("south-caucasus"))
    docs = [analyze_record(r, pipe, ctx) for r in iter_records([str(p) for p in paths])]
    store = Store(db)
    store.put_documents(docs, layer_owners(pipe))
    return store


@pytest.fixture
def two_sides(tmp_path):
    paths = []
    for name, text in (("arm.txt", ARMENIAN), ("aze.txt", AZERBAIJANI)):
        paths.append(tmp_path / name)
        paths[-1].write_text(text, "utf-8")
    with store_of(paths, tmp_path / "t.db") as store:
        sides = dict(store.conn.execute("SELECT source, side FROM documents").fetchall())
        assert sorted(sides.values()) == ["armenian", "azerbaijani"]
        yield store


def event(result, event_id):
    [e] = [e for e in result["events"] if e["id"] == event_id]
    return e


def test_one_event_two_sources_date_disagreement(two_sides):
    e = event(build_timeline(two_sides), "event:trilateral-statement-2020")
    assert {(s["side"], s["value"]) for s in e["sources"]} == {("armenian", "2020-11-09"), ("azerbaijani", "2020-11-10")}
    assert e["date"] == {"start": "2020-11-09", "end": "2020-11-10"}
    [d] = [d for d in e["disagreements"] if d["kind"] == "date"]
    assert {(r["side"], r["value"]) for r in d["readings"]} == {("armenian", "2020-11-09"), ("azerbaijani", "2020-11-10")}
    assert all(len(r["sources"]) == 1 for r in d["readings"])


def test_name_disagreement(two_sides):
    e = event(build_timeline(two_sides), "event:second-karabakh-war")
    [d] = [d for d in e["disagreements"] if d["kind"] == "name"]
    assert {(r["side"], r["name"]) for r in d["readings"]} == {("armenian", "44-day war"), ("azerbaijani", "Patriotic War")}


def test_events_ordered_by_date(two_sides):
    ids = [e["id"] for e in build_timeline(two_sides)["events"]]
    assert ids.index("event:second-karabakh-war") < ids.index("event:trilateral-statement-2020")


def test_topic_filters(two_sides):
    assert [e["id"] for e in build_timeline(two_sides, topic="event:second-karabakh-war")["events"]] == \
        ["event:second-karabakh-war"]
    assert "event:trilateral-statement-2020" in [e["id"] for e in build_timeline(two_sides, topic="trilateral")["events"]]
    assert "event:second-karabakh-war" not in [e["id"] for e in build_timeline(two_sides, topic="trilateral")["events"]]
    by_fts = build_timeline(two_sides, topic="Khankendi")
    assert {s["side"] for e in by_fts["events"] for s in e["sources"]} == {"azerbaijani"}


def test_date_filters(two_sides):
    assert build_timeline(two_sides, date_from="2021")["events"] == []
    ids = {e["id"] for e in build_timeline(two_sides, date_from="2020-11", date_to="2020-11")["events"]}
    assert ids == {"event:second-karabakh-war", "event:trilateral-statement-2020"}
    assert build_timeline(two_sides, date_to="2020-10-01")["events"][0]["id"] == "event:second-karabakh-war"


def test_render_timeline(two_sides):
    text = render_timeline(build_timeline(two_sides))
    assert "date disagreement" in text and "2020-11-09" in text and "2020-11-10" in text
    assert render_timeline({"events": []}) == "no dated events found"


def test_samples_flag_the_trilateral_statement(tmp_path):
    with store_of(sorted(EXAMPLES.glob("*.txt")), tmp_path / "s.db") as store:
        e = event(build_timeline(store), "event:trilateral-statement-2020")
    sources = {s["source"].rsplit("/", 1)[-1]: s["value"] for s in e["sources"]}
    assert sources["asa-minsk-group-closure.txt"] == "2020-11-10"
    assert sources["assembly-state-dept-pow-release.txt"] == "2020-11-09"
    assert [d["kind"] for d in e["disagreements"]] == ["date"]


FIGURES_ARM = ("Statement of the Artsakh Committee\n\nThe Khojaly events of February 1992 left {n} people dead, "
               "the committee said. Artsakh remembers.\n")
FIGURES_AZE = ("Garabagh Community Statement\n\nThe Khojaly genocide of 26 February 1992 killed 613 people, "
               "including 106 women. Garabagh is Azerbaijan.\n")


def _figure_store(tmp_path, n):
    paths = []
    for name, text in (("arm.txt", FIGURES_ARM.format(n=n)), ("aze.txt", FIGURES_AZE)):
        paths.append(tmp_path / name)
        paths[-1].write_text(text, "utf-8")
    return store_of(paths, tmp_path / "f.db")


def test_figures_for_one_event_that_differ_across_sides_are_a_disagreement(tmp_path):
    with _figure_store(tmp_path, 161) as store:
        e = event(build_timeline(store), "event:khojaly-massacre")
        [d] = [d for d in e["disagreements"] if d["kind"] == "figure"]
        assert d["unit"] == "people"
        # the Azerbaijani text's first figure is its reading (613), not the 106 that follows it
        assert {(r["side"], r["value"]) for r in d["readings"]} == {("armenian", 161.0), ("azerbaijani", 613.0)}
        assert all(len(r["sources"]) == 1 and r["documents"] == 1 for r in d["readings"])
        assert "figure disagreement — armenian: 161 people (1); azerbaijani: 613 people (1)" in render_timeline(
            build_timeline(store))


def test_the_same_figure_on_both_sides_is_no_disagreement(tmp_path):
    with _figure_store(tmp_path, 613) as store:
        e = event(build_timeline(store), "event:khojaly-massacre")
        assert not [d for d in e["disagreements"] if d["kind"] == "figure"]
        assert store.conn.execute("SELECT count(*) FROM event_figures").fetchone()[0] == 3
        store.conn.execute("DELETE FROM documents WHERE source LIKE '%aze.txt'")
        assert store.conn.execute("SELECT count(*) FROM event_figures").fetchone()[0] == 1

"""The events analyser: dated references linked to pack events, checked on hand-made texts."""

from __future__ import annotations

import pytest

from parallax.analysers import BUILTIN_ANALYSERS
from parallax.api import analyze_record
from parallax.events import value_interval
from parallax.ingest import iter_records
from parallax.pack import load_pack
from parallax.pipeline import Context, Pipeline



@pytest.fixture(scope="module")
def run_text(tmp_path_factory):
    pipe, ctx = Pipeline(BUILTIN_ANALYSERS), Context(pack=load_pack("south-caucasus"))

    def run(text: str):
        path = tmp_path_factory.mktemp("ev") / "doc.txt"
        path.write_text(text, "utf-8")
        return analyze_record(next(iter(iter_records([str(path)]))), pipe, ctx)
    return run


def test_mention_with_date_links_the_event(run_text):
    doc = run_text("Azerbaijan has violated the November 9, 2020 ceasefire statement many times in Artsakh.\n")
    [item] = [i for i in doc.layer("events") if i["event"] == "event:trilateral-statement-2020"]
    assert item["value"] == "2020-11-09"
    assert item["name_used"] == "ceasefire statement"
    assert doc.text[item["start"]:item["end"]] == item["text"] == "November 9, 2020 ceasefire statement"
    assert doc.text[item["date_start"]:item["date_end"]] == "November 9, 2020"


def test_date_after_mention_and_year_before_war(run_text):
    doc = run_text("The 2020 Second Karabakh War changed everything. The trilateral ceasefire agreement of "
                   "November 10, 2020, ended it.\n")
    by_event = {i["event"]: i for i in doc.layer("events")}
    assert by_event["event:second-karabakh-war"]["value"] == "2020"
    assert by_event["event:trilateral-statement-2020"]["value"] == "2020-11-10"


def test_incompatible_date_is_not_attached(run_text):
    doc = run_text("The 44-day war was discussed again in March 2015 by nobody.\n")
    [item] = [i for i in doc.layer("events") if i["event"] == "event:second-karabakh-war"]
    assert item["value"] is None and item["date_start"] is None


def test_event_mention_without_date_still_counts(run_text):
    doc = run_text("Veterans of the Patriotic War gathered in Garabagh.\n")
    [item] = doc.layer("events")
    assert item["event"] == "event:second-karabakh-war" and item["value"] is None
    assert item["name_used"] == "Patriotic War" and item["naming_side"] == "azerbaijani"


def test_cue_near_date_links_without_mention(run_text):
    doc = run_text("The ceasefire signed on 10 November 2020 froze the front lines.\n")
    [item] = doc.layer("events")
    assert item["event"] == "event:trilateral-statement-2020" and item["value"] == "2020-11-10"
    assert item["name_used"] is None and "cue" in item["why"]


def test_unlinked_date_with_event_noun_gets_a_label(run_text):
    doc = run_text("Nothing changed after the adoption of the budget in 1957 by the council.\n")
    [item] = doc.layer("events")
    assert item["event"] is None and item["value"] == "1957"
    assert item["label"].startswith("the adoption of the budget")


def test_plain_dates_yield_nothing(run_text):
    assert run_text("We met friends on 3 May 2011 and ate well.\n").layer("events") == []


@pytest.mark.parametrize("value, interval", [
    ("2023-FA", ("2023-09-01", "2023-11-30")), ("199X", ("1990-01-01", "1999-12-31")),
    ("2020", ("2020-01-01", "2020-12-31")), ("2020-02", ("2020-02-01", "2020-02-29")),
    ("2020-11-09", ("2020-11-09", "2020-11-09")), ("2021-WI", ("2021-12-01", "2022-02-28")),
    ("XXXX-FA", None), (None, None)])
def test_value_interval(value, interval):
    assert value_interval(value) == interval

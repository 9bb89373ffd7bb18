"""Claims: figures with value, unit, hedge and subject; labels, dates and codes are not claims."""

import pytest

from parallax.claims import analyse_claims, find_claims
from parallax.testing import assert_spans_in_text

GROUP = [{"start": 13, "end": 22, "text": "Armenians", "entity": "group:armenians", "name": "Armenians",
          "kind": "group", "side": None}]


def claims(text, mentions=(), dates=()):
    found = find_claims(text, list(mentions), list(dates))
    assert_spans_in_text(text, found)
    return found


def test_percent_with_hedge_and_subject():
    text = "It held nearly 20% of Northland’s territory, including two towns."
    mention = {"start": 22, "end": 33, "text": "Northland’s", "entity": "place:north", "kind": "place"}
    (c,) = claims(text, [mention])
    assert c["text"] == "nearly 20% of Northland’s territory"
    assert c["figure"] == {"value": 20.0, "text": "20%", "unit": "percent", "hedge": "nearly", "approx": True}
    assert c["subject"] == {"text": "Northland’s", "entity": "place:north"}


def test_two_figures_two_claims():
    found = claims("The town had a 120,000 population, including 30,000 children.")
    assert [(c["figure"]["value"], c["figure"]["unit"]) for c in found] == [(120000.0, "people"), (30000.0, "people")]


@pytest.mark.parametrize("text, value, approx", [
    ("the displacement of nearly one million refugees", 1e6, True),
    ("two thousand residents left", 2000.0, False),
    ("a dozen people were hurt", 12.0, False),
    ("hundreds of thousands of refugees", 1e5, True),
])
def test_number_words(text, value, approx):
    (c,) = claims(text)
    assert c["figure"]["value"] == value and c["figure"]["approx"] is approx


def test_group_noun_counts_people_and_is_subject():
    (c,) = claims("Over 100,000 Armenians fled.", GROUP)
    assert c["figure"]["unit"] == "people" and c["figure"]["hedge"] == "over"
    assert c["subject"]["entity"] == "group:armenians"


def test_money_and_troops():
    found = claims("The US gave $2.5 billion in aid. The army killed 3,000 soldiers.")
    assert [(c["figure"]["text"], c["figure"]["value"], c["figure"]["unit"]) for c in found] == [
        ("$2.5 billion", 2.5e9, "usd"), ("3,000", 3000.0, "troops")]


def test_hedges_are_canonical():
    found = claims("at least 40 civilians, up to 5 percent and more than 12 km")
    assert [c["figure"]["hedge"] for c in found] == ["at least", "up to", "more than"]


@pytest.mark.parametrize("text", [
    "Section 907 and Resolutions 822, 853, 874, and 884 were cited.",
    "See Article 5 on page 12.",
    "It was the 3rd attempt.",
    "Call +1 (202) 555-0143 at 10:30 or 5 pm.",
    "8 Min Read",
    "The 44-day war, COP29 and 9/11 in the 1990s.",
    "It was founded in 1992.",
    "Two countries signed and seven districts were returned.",
    "“friends” and “others”",
])
def test_labels_and_small_words_are_not_claims(text):
    assert claims(text) == []


def test_figure_inside_a_date_is_not_a_claim():
    text = "Signed on 10 November 2020."
    assert claims(text, dates=[{"start": 10, "end": 26, "text": "10 November 2020", "value": "2020-11-10"}]) == []


def test_sentence_span_is_given():
    text = "Calm returned. Some 500 families came back."
    (c,) = claims(text)
    assert text[slice(*c["sentence"])] == "Some 500 families came back."


def test_corpus_checks(gold, shared_corpus):
    from parallax.api import analyze
    from parallax.pack import load_pack
    from parallax.pipeline import Context
    ctx = Context(pack=load_pack("south-caucasus"))
    for doc in analyze([str(shared_corpus / name) for name, item in gold.items() if item.get("quantities")]):
        texts = [c["text"] for c in analyse_claims(doc, ctx)["claims"]]
        for expected in gold[doc.source.rsplit("/", 1)[-1]]["quantities"]:
            assert expected["text"] in texts
